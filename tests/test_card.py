"""The dataset card, the committed DATACARD.md statistics, plots and `unletters publish`."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from unletters.cli import publish
from unletters.cli.card import regenerate


@pytest.fixture
def built(corpus_dataset: Path) -> Path:
    return corpus_dataset


def test_committed_datacard_statistics_equal_a_regeneration_from_corpus_raw(built: Path) -> None:
    card = (ROOT / "DATACARD.md").read_text(encoding="utf-8")
    assert regenerate(card, built) == card, "DATACARD.md is out of date: run `unletters build && unletters card`"


def test_built_card_has_front_matter_with_configs_and_features(built: Path) -> None:
    text = (built / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    names = [c["config_name"] for c in meta["configs"]]
    assert names[0] == "documents" and meta["configs"][0]["default"] is True
    assert {"license", "language", "task_categories", "pretty_name", "size_categories", "dataset_info"} <= set(meta)
    assert [i["config_name"] for i in meta["dataset_info"]] == names
    assert "## Provenance" in text and "pipeline version" in text
    for plot in ("letters_per_year.png", "most_cited_resolutions.png"):
        assert (built / plot).read_bytes().startswith(b"\x89PNG")


def _args(**kw: object) -> argparse.Namespace:
    base = {"repo_id": "org/un-letters", "dataset": None, "revision": None, "private": False, "dry_run": False}
    base.update(kw)
    return argparse.Namespace(**base)


def test_publish_dry_run_lists_files_and_uploads_nothing(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert publish.run(_args(dataset=built, dry_run=True)) == 0
    out = capsys.readouterr().out
    assert "README.md" in out and "data/documents/" in out and "would upload" in out


def test_publish_refuses_an_incomplete_folder(built: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(built, broken)
    for f in (broken / "data" / "documents").glob("*.parquet"):
        f.write_bytes(b"not parquet")
    assert publish.validate_folder(broken)
    assert publish.run(_args(dataset=broken, dry_run=True)) == 2


class FakeApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def create_repo(self, repo_id: str, **kw: object) -> None:
        self.calls.append(("create_repo", {"repo_id": repo_id, **kw}))

    def upload_folder(self, **kw: object) -> str:
        self.calls.append(("upload_folder", dict(kw)))
        return "https://example.invalid/commit/1"

    def create_tag(self, repo_id: str, **kw: object) -> None:
        self.calls.append(("create_tag", {"repo_id": repo_id, **kw}))


def test_publish_uploads_the_folder_and_tags_without_printing_a_token(
        built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_secret_token_value")
    api = FakeApi()
    assert publish.run(_args(dataset=built, revision="v0.1.0"), api=api) == 0
    kinds = [c[0] for c in api.calls]
    assert kinds == ["create_repo", "upload_folder", "create_tag"]
    assert api.calls[1][1]["folder_path"] == str(built) and api.calls[1][1]["repo_type"] == "dataset"
    out = capsys.readouterr()
    assert "hf_secret_token_value" not in out.out + out.err


def test_plots_are_drawn_once_per_content_and_then_come_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import unletters.card as card
    from unletters.build import build

    raw = tmp_path / "raw"
    raw.mkdir()
    seed = (ROOT / "corpus" / "raw" / "000_f1155e9dab17b9d4.txt").read_bytes()
    (raw / "a.txt").write_bytes(seed)
    drawn: list[str] = []
    real = card.render_plot
    monkeypatch.setattr(card, "render_plot", lambda spec: drawn.append(spec["title"]) or real(spec))
    kw = {"jobs": 1, "cache_dir": tmp_path / "cache", "progress": False}
    build(raw, tmp_path / "out1", **kw)
    assert sorted(drawn) == ["Letters per year", "Most-cited resolutions"]
    first = {p: (tmp_path / "out1" / p).read_bytes() for p in card.PLOTS}
    assert all(png.startswith(b"\x89PNG") for png in first.values())
    # same numbers: nothing is drawn, the bytes are the same
    (raw / "a.txt").write_bytes(seed + b"\nOne more sentence.\n")
    build(raw, tmp_path / "out2", **kw)
    assert len(drawn) == 2
    assert {p: (tmp_path / "out2" / p).read_bytes() for p in card.PLOTS} == first
    # other numbers: the plot that shows them is drawn again
    (raw / "b.txt").write_bytes(seed.replace(b"2021", b"1999"))
    build(raw, tmp_path / "out3", **kw)
    assert "Letters per year" in drawn[2:]
    # another Pillow could draw other bytes: both plots are drawn again
    import PIL

    before = len(drawn)
    build(raw, tmp_path / "out3a", **kw)
    assert len(drawn) == before  # the same numbers again: nothing drawn
    monkeypatch.setattr(PIL, "__version__", "0.0.0")
    build(raw, tmp_path / "out3b", **kw)
    assert sorted(drawn[before:]) == ["Letters per year", "Most-cited resolutions"]
    monkeypatch.undo()
    monkeypatch.setattr(card, "render_plot", lambda spec: drawn.append(spec["title"]) or real(spec))
    # without a cache every plot is drawn, and the bytes do not depend on the cache
    build(raw, tmp_path / "out4", jobs=1, use_cache=False, progress=False)
    assert {p: (tmp_path / "out4" / p).read_bytes() for p in card.PLOTS} == {
        p: (tmp_path / "out3" / p).read_bytes() for p in card.PLOTS}


def test_card_statistics_read_only_the_documents_fields_the_build_hands_them(seed_bytes: bytes) -> None:
    # the build passes CardStats.add a summary with DOC_FIELDS only (not the documents row):
    # a statistic that reads another field must add it to DOC_FIELDS
    from collections.abc import Iterator, Mapping
    from typing import Any

    from unletters.card import DOC_FIELDS, CardStats
    from unletters.pipeline import process

    doc = process(seed_bytes, "seed.txt").document
    assert doc is not None
    read: set[str] = set()

    class Watched(Mapping[str, Any]):
        def __getitem__(self, key: str) -> Any:
            read.add(key)
            return doc[key]

        def __iter__(self) -> Iterator[str]:
            return iter(doc)

        def __len__(self) -> int:
            return len(doc)

    full, summary = CardStats(), CardStats()
    full.add(Watched(), [("sc_resolution", "S/RES/822 (1993)")])
    summary.add({k: doc[k] for k in DOC_FIELDS}, [("sc_resolution", "S/RES/822 (1993)")])
    assert read and read <= set(DOC_FIELDS)
    assert full == summary
