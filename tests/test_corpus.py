"""corpus/raw holds raw letters byte-for-byte: the manifest's hashes must still match."""

from __future__ import annotations

from conftest import CORPUS, ROOT

from unletters.manifest import COLUMNS, read_manifest, sha256_file


def test_manifest_lists_every_raw_file_with_its_hash() -> None:
    rows = read_manifest(ROOT / "corpus" / "MANIFEST.csv")
    assert rows, "corpus/MANIFEST.csv is missing or empty"
    listed = {r["file"]: r for r in rows}
    on_disk = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file())
    assert sorted(listed) == on_disk, "MANIFEST.csv and corpus/raw list different files"
    for name, row in listed.items():
        path = CORPUS / name
        assert sha256_file(path) == row["sha256"], f"{name} no longer matches its hash in MANIFEST.csv"
        assert path.stat().st_size == int(row["bytes"]), f"{name} changed size"
        assert row["source"], f"{name} has no source"


def test_manifest_header_is_the_fixed_column_order() -> None:
    header = (ROOT / "corpus" / "MANIFEST.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(COLUMNS)


def test_raw_folder_holds_nothing_but_letters() -> None:
    assert not [p for p in CORPUS.rglob("*") if p.name.startswith(".") or p.suffix in {".csv", ".py", ".md"}]
