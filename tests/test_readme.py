"""The README's quick tour runs, as written, against a fresh build of corpus/raw."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from unletters.build import build


def tour_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = text.split("## Quick tour", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", tour, re.S)


def test_readme_tour_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("duckdb")
    blocks = tour_blocks()
    assert len(blocks) >= 3, "the tour loads configs, filters in pandas and queries with DuckDB"
    build(CORPUS, tmp_path / "dist" / "un-letters", jobs=1, use_cache=False, progress=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    os.environ.setdefault("UNLETTERS_TOUR", "1")
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    (tmp_path / "corpus" / "raw" / "000_f1155e9dab17b9d4.txt").write_bytes((CORPUS / "000_f1155e9dab17b9d4.txt").read_bytes())
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
