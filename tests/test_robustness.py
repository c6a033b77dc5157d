"""Bad input never crashes the build, never disappears, and reads as the letter it is (issue 8).

The catalogue of input classes is tests/bad_inputs.py. Builds that could block (a named pipe) or
that must finish within a time limit run in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from bad_inputs import (
    BIG_BYTES,
    Expect,
    comparable,
    distinct_letters,
    encoding_variants,
    expected_counts,
    truncated_in_header,
    truncated_mid_body,
    write_catalogue,
)
from conftest import CORPUS, DOCUMENTS, ROOT

import unletters.build
from unletters.build import DEFAULT_MAX_BYTES, build
from unletters.cli import main as cli_main

DRIVER = [sys.executable, str(Path(__file__).with_name("bad_inputs.py"))]
CLI = [sys.executable, "-c", "import sys; from unletters.cli import main; sys.exit(main())"]
SEED = CORPUS / "000_f1155e9dab17b9d4.txt"
MINUTE = 60


def _rows(out: Path, table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for f in sorted((out / "data" / table).glob("*.parquet")):
        rows.extend(pq.read_table(f).to_pylist())
    return rows


def _by_source(out: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Documents and rejects of a built dataset folder, each keyed by ``source_file``."""
    docs = {d["source_file"]: d for d in _rows(out, "documents")}
    rejects = {r["source_file"]: r for r in _rows(out, "rejects")}
    assert not set(docs) & set(rejects), "a file is both a document and a reject"
    return docs, rejects


def _build_alone(tmp: Path, name: str, data: bytes) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Build a corpus holding only ``data`` (as ``name``); return its documents row or its reject row."""
    raw = tmp / f"raw-{len(list(tmp.iterdir()))}"
    raw.mkdir()
    (raw / name).write_bytes(data)
    out = raw.with_name(raw.name + "-out")
    report = build(raw, out, jobs=1, use_cache=False, progress=False)
    assert report.files == 1
    docs, rejects = _by_source(out)
    return docs.get(name), rejects.get(name)


def _document(row: dict[str, Any] | None, reject: dict[str, Any] | None) -> dict[str, Any]:
    assert row is not None, f"not a document: {reject}"
    return row


@pytest.fixture(scope="module")
def seed() -> bytes:
    """The one real letter of the corpus, raw."""
    return SEED.read_bytes()


@pytest.fixture(scope="module")
def clean_seed_doc(seed: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seed letter's documents row from a build of the clean file alone."""
    return _document(*_build_alone(tmp_path_factory.mktemp("clean"), "letter.txt", seed))


# ---------------------------------------------------------------- variants, each in a corpus of its own

VARIANT_ENCODING = {
    "UTF-8 with BOM": "utf-8-sig", "UTF-16 LE with BOM": "utf-16", "UTF-16 BE with BOM": "utf-16",
    "UTF-16 LE without BOM": "utf-16", "CRLF line endings": "utf-8", "CR line endings": "utf-8",
    "NUL bytes inside the text": "utf-8", "invalid UTF-8 (one broken sequence)": "utf-8",
    "cp1252 (Windows-1252)": "cp1252",
}
# variants that are read only after a repair, which the document must carry as a parse warning
REPAIRED = {"UTF-16 LE without BOM", "NUL bytes inside the text", "invalid UTF-8 (one broken sequence)",
            "cp1252 (Windows-1252)"}


def test_the_catalogue_makes_every_variant_of_the_seed(seed: bytes) -> None:
    assert set(encoding_variants(seed)) == set(VARIANT_ENCODING)


@pytest.mark.parametrize("cls", sorted(VARIANT_ENCODING))
def test_a_variant_in_a_corpus_of_its_own_reads_as_the_clean_letter(cls: str, seed: bytes, tmp_path: Path,
                                                                    clean_seed_doc: dict[str, Any]) -> None:
    data, fields = encoding_variants(seed)[cls]
    assert data != seed
    doc = _document(*_build_alone(tmp_path, "letter.txt", data))
    assert comparable(doc, fields) == comparable(clean_seed_doc, fields)
    assert doc["encoding"] == VARIANT_ENCODING[cls]
    if fields == "all-but-one-char":
        a, b = doc["text"], clean_seed_doc["text"]
        assert len(a) == len(b)
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        assert len(diff) == 1 and a[diff[0]] == "\ufffd", diff
    if cls in REPAIRED:
        assert len(doc["parse_warnings"]) > len(clean_seed_doc["parse_warnings"]), doc["parse_warnings"]
    else:
        assert doc["parse_warnings"] == clean_seed_doc["parse_warnings"]


def test_a_letter_cut_mid_body_is_a_document_with_its_header_and_heading(seed: bytes, tmp_path: Path,
                                                                        clean_seed_doc: dict[str, Any]) -> None:
    """A cut download keeps a readable header and heading: the letter is kept (rejecting it would
    lose real metadata); what was cut off (signature, circulation request) is missing and the
    document says so in ``parse_warnings``."""
    doc = _document(*_build_alone(tmp_path, "cut.txt", truncated_mid_body(seed)))
    assert comparable(doc, "heading") == comparable(clean_seed_doc, "heading")
    assert clean_seed_doc["signatories"] and doc["signatories"] == []
    assert len(doc["text"]) < len(clean_seed_doc["text"])
    head = doc["text"].rsplit("\n", 1)[0]  # the last line may end inside a word, a link or a character
    assert clean_seed_doc["text"].startswith(head)
    assert len(doc["parse_warnings"]) > len(clean_seed_doc["parse_warnings"])


def test_a_letter_cut_before_its_heading_is_not_a_letter(seed: bytes, tmp_path: Path) -> None:
    """Without its heading nothing says the text is a letter, or who wrote it to whom."""
    doc, reject = _build_alone(tmp_path, "cut.txt", truncated_in_header(seed))
    assert doc is None and reject is not None
    assert reject["reason"] == "not-a-letter"


# ---------------------------------------------------------------- the mixed corpus

@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, seed: bytes) -> dict[str, Any]:
    """The whole catalogue plus good letters in one corpus, built by the driver in a subprocess."""
    tmp = tmp_path_factory.mktemp("mixed")
    non_letters = sorted(DOCUMENTS.glob("*.txt")) if DOCUMENTS.is_dir() else []
    expected, clean = write_catalogue(tmp / "raw", seed, non_letters=non_letters)
    failing = [rel for rel, e in expected.items() if e.read_fails]
    args = [*DRIVER, "--corpus", str(tmp / "raw"), "--out", str(tmp / "out"), "--jobs", "4"]
    for rel in failing:
        args += ["--fail-read", rel]
    try:
        proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=MINUTE)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the mixed corpus did not build within {MINUTE} s (a blocked read on the named pipe?)")
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # the reference: every clean letter, built together (they are distinct) without any bad input
    ref_raw = tmp / "clean-raw"
    ref_raw.mkdir()
    for name, data in clean.items():
        (ref_raw / f"{name}.txt").write_bytes(data)
    build(ref_raw, tmp / "clean-out", jobs=1, use_cache=False, progress=False)
    ref_docs, ref_rejects = _by_source(tmp / "clean-out")
    assert not ref_rejects, f"a clean letter is not a document: {ref_rejects}"
    return {"expected": expected, "report": report, "out": tmp / "out", "non_letters": non_letters,
            "reference": {name.removesuffix(".txt"): d for name, d in ref_docs.items()}}


def test_mixed_corpus_counts_add_up_and_rejects_are_the_expected_reasons(mixed: dict[str, Any]) -> None:
    expected: dict[str, Expect] = mixed["expected"]
    report = mixed["report"]
    assert report["files"] == len(expected)
    assert report["documents"] + sum(report["rejects"].values()) == report["files"]
    counts = expected_counts(expected)
    assert report["documents"] == counts.pop("document")
    assert report["rejects"] == counts
    assert report["rows"]["documents"] == report["documents"]
    assert report["rows"]["rejects"] == sum(report["rejects"].values())
    assert report["seconds"] < MINUTE


def test_mixed_corpus_every_file_and_link_ends_as_its_expected_row(mixed: dict[str, Any]) -> None:
    expected: dict[str, Expect] = mixed["expected"]
    docs, rejects = _by_source(mixed["out"])
    got = {rel: "document" for rel in docs} | {rel: r["reason"] for rel, r in rejects.items()}
    assert got == {rel: e.outcome for rel, e in expected.items()}
    for rel, r in rejects.items():
        assert r["detail"].startswith(rel + ": ") and len(r["detail"]) > len(rel) + 10, r
        never_read = r["reason"] in {"outside-corpus", "dangling-link", "not-a-regular-file", "too-large", "unreadable"}
        assert (r["sha256"] is None) == never_read, r
    dup = rejects["letters/z-exact-copy-of-clean.txt"]
    assert "letters/clean.txt" in dup["detail"]
    assert "letters/clean.txt" in rejects["links/inside-to-letter.txt"]["detail"]
    assert "--max-bytes" in rejects["big-30mb.txt"]["detail"]
    assert rejects["big-30mb.txt"]["bytes"] == BIG_BYTES


def test_mixed_corpus_every_good_letter_has_the_fields_of_its_clean_build(mixed: dict[str, Any]) -> None:
    expected: dict[str, Expect] = mixed["expected"]
    docs, _ = _by_source(mixed["out"])
    reference = mixed["reference"]
    good = {rel: e for rel, e in expected.items() if e.outcome == "document"}
    assert len(good) >= 10
    for rel, e in good.items():
        assert e.same_as is not None
        assert comparable(docs[rel], e.fields) == comparable(reference[e.same_as], e.fields), (rel, e.input_class)


def test_mixed_corpus_real_non_letters_are_rejected_as_not_a_letter(mixed: dict[str, Any]) -> None:
    if not mixed["non_letters"]:
        pytest.skip(f"{DOCUMENTS} is absent: the real non-letters are left out of the mixed corpus")
    _, rejects = _by_source(mixed["out"])
    for p in mixed["non_letters"]:
        assert rejects[f"non-letters/{p.name}"]["reason"] == "not-a-letter"


def test_the_cli_builds_the_catalogue_then_finds_nothing_changed_and_strict_fails(
        tmp_path: Path, seed: bytes) -> None:
    """``unletters build`` itself (its walk and no-op fingerprint see every link and the pipe)."""
    expected, _ = write_catalogue(tmp_path / "raw", seed, big=False)
    env = {**os.environ, "UNLETTERS_CACHE": str(tmp_path / "cache")}
    args = [*CLI, "build", "--corpus", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--jobs", "2"]
    runs = []
    for extra in ([], [], ["--strict"]):
        try:
            runs.append(subprocess.run(args + extra, cwd=ROOT, env=env, capture_output=True, text=True, timeout=MINUTE))
        except subprocess.TimeoutExpired:
            pytest.fail(f"unletters build {' '.join(extra)} did not finish within {MINUTE} s")
    first, again, strict = runs
    assert first.returncode == 0, first.stderr[-3000:]
    # no read fails here, so the 'unreadable' letter is a document
    n_docs = sum(e.outcome == "document" or e.read_fails for e in expected.values())
    assert f"files: {len(expected)}  documents: {n_docs}  rejects: {len(expected) - n_docs}" in first.stdout
    assert again.returncode == 0 and again.stdout.startswith("nothing changed"), again.stdout + again.stderr[-2000:]
    assert strict.returncode == 1


def test_the_good_letters_of_the_catalogue_are_distinct(seed: bytes) -> None:
    letters = distinct_letters(seed, 4)
    assert len(set(letters)) == 4
    assert all(x.startswith(seed[:200]) and x.endswith(seed[-200:]) for x in letters)


# ---------------------------------------------------------------- limits

def test_a_30mb_file_is_too_large_and_is_never_read(tmp_path: Path, seed: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "letter.txt").write_bytes(seed)
    with open(raw / "big.txt", "wb") as f:
        f.write(seed * (BIG_BYTES // len(seed) + 1))
    assert (raw / "big.txt").stat().st_size > DEFAULT_MAX_BYTES
    read: list[str] = []
    real = unletters.build.read_bytes

    def spy(path: str) -> bytes:
        read.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(unletters.build, "read_bytes", spy)
    report = build(raw, tmp_path / "out", jobs=1, use_cache=False, progress=False)
    assert read == ["letter.txt"]
    assert report.documents == 1 and report.rejects == {"too-large": 1}


def _peak_rss_kb(tmp: Path, name: str, size: int, max_bytes: int) -> int:
    raw = tmp / f"raw-{name}"
    raw.mkdir()
    with open(raw / "file.txt", "wb") as f:
        f.write(b"x" * size)
    proc = subprocess.run([*DRIVER, "--corpus", str(raw), "--out", str(tmp / f"out-{name}"), "--jobs", "1",
                           "--max-bytes", str(max_bytes)], cwd=ROOT, capture_output=True, text=True, timeout=MINUTE,
                          check=True)
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["rejects"] == {"too-large": 1}
    return int(report["maxrss_kb"])


def test_a_too_large_file_costs_no_memory(tmp_path: Path) -> None:
    """The same build with a 30 MB and a 2 kB too-large file peaks at the same memory (within 12 MB)."""
    small = _peak_rss_kb(tmp_path, "small", 2048, 1024)
    big = _peak_rss_kb(tmp_path, "big", BIG_BYTES, DEFAULT_MAX_BYTES)
    assert big - small < 12 * 1024, (small, big)


def test_max_bytes_is_configurable_and_the_limit_itself_is_allowed(tmp_path: Path, seed: bytes) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "letter.txt").write_bytes(seed)
    out = tmp_path / "out"
    assert cli_main(["build", "--corpus", str(raw), "--out", str(out), "--no-cache", "--jobs", "1",
                     "--max-bytes", str(len(seed) - 1)]) == 0
    docs, rejects = _by_source(out)
    assert not docs and rejects["letter.txt"]["reason"] == "too-large"
    assert rejects["letter.txt"]["bytes"] == len(seed)
    assert cli_main(["build", "--corpus", str(raw), "--out", str(out), "--no-cache", "--jobs", "1",
                     "--max-bytes", str(len(seed))]) == 0
    docs, rejects = _by_source(out)
    assert set(docs) == {"letter.txt"} and not rejects


def test_max_bytes_zero_is_not_silently_the_default(tmp_path: Path, seed: bytes) -> None:
    """``--max-bytes 0`` is either refused as a usage error or rejects every non-empty file."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "letter.txt").write_bytes(seed)
    out = tmp_path / "out"
    try:
        code = cli_main(["build", "--corpus", str(raw), "--out", str(out), "--no-cache", "--jobs", "1",
                         "--max-bytes", "0"])
    except SystemExit as exc:  # argparse refused the value
        assert exc.code == 2
        return
    assert code == 0
    docs, rejects = _by_source(out)
    assert not docs and rejects["letter.txt"]["reason"] == "too-large"


# ---------------------------------------------------------------- files that cannot be read

def test_a_named_pipe_does_not_block_the_build(tmp_path: Path, seed: bytes) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "letter.txt").write_bytes(seed)
    os.mkfifo(raw / "pipe.txt")
    env = {**os.environ, "UNLETTERS_CACHE": str(tmp_path / "cache")}
    try:
        proc = subprocess.run([*CLI, "build", "--corpus", str(raw), "--out", str(tmp_path / "out"), "--jobs", "1"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=MINUTE)
    except subprocess.TimeoutExpired:
        pytest.fail("the build blocked on a named pipe")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "documents: 1  rejects: 1" in proc.stdout
    docs, rejects = _by_source(tmp_path / "out")
    assert set(docs) == {"letter.txt"} and rejects["pipe.txt"]["reason"] == "not-a-regular-file"


def test_a_file_whose_read_fails_is_an_unreadable_reject(tmp_path: Path, seed: bytes,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(seed)
    (raw / "b.txt").write_bytes(seed.replace(b"\n\n", b"\n\n\n", 1))
    real = unletters.build.read_bytes

    def failing(path: str) -> bytes:
        if path.endswith("a.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(unletters.build, "read_bytes", failing)
    report = build(raw, tmp_path / "out", jobs=1, use_cache=False, progress=False)
    assert report.documents == 1 and report.rejects == {"unreadable": 1}
    docs, rejects = _by_source(tmp_path / "out")
    assert set(docs) == {"b.txt"}
    r = rejects["a.txt"]
    assert r["sha256"] is None and r["bytes"] == len(seed) and "Permission denied" in r["detail"]


def test_a_read_that_failed_once_is_tried_again_by_the_next_build(tmp_path: Path, seed: bytes,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed read (permissions, a network share gone) is not a fact about the file's content:
    the incremental cache must not keep it, or the file stays rejected until its mtime changes."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(seed)
    real = unletters.build.read_bytes

    def failing(path: str) -> bytes:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(unletters.build, "read_bytes", failing)
    first = build(raw, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache", progress=False)
    assert first.rejects == {"unreadable": 1}
    monkeypatch.setattr(unletters.build, "read_bytes", real)
    second = build(raw, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache", progress=False)
    assert second.documents == 1 and not second.rejects


def test_a_file_name_that_is_not_utf8_does_not_fail_the_build(tmp_path: Path, seed: bytes) -> None:
    """Linux allows any bytes in a name; the build must still finish and account for the file."""
    raw = tmp_path / "raw"
    raw.mkdir()
    one, two = distinct_letters(seed, 2)
    (raw / "letter.txt").write_bytes(one)
    bad = os.fsencode(str(raw)) + b"/caf\xe9 \xff.txt"
    with open(bad, "wb") as f:
        f.write(two)
    out = tmp_path / "out"
    code = cli_main(["build", "--corpus", str(raw), "--out", str(out), "--no-cache", "--jobs", "1"])
    assert code == 0
    docs, rejects = _by_source(out)
    assert len(docs) + len(rejects) == 2 and "letter.txt" in docs
    (other,) = (set(docs) | set(rejects)) - {"letter.txt"}
    other.encode("utf-8")  # a name Parquet can store
    assert "caf" in other
