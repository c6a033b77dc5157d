"""Shared fixtures: paths to the repository, the corpus and ../shared (skipped where absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus" / "raw"
SEED = SHARED / "letters" / "seed" / "000_f1155e9dab17b9d4.txt"
GOLD = SHARED / "gold"
SCORE = SHARED / "tools" / "score.py"
DOCUMENTS = SHARED / "documents"


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when a ../shared input is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (tests read ../shared by path; it is not copied into the repo)")
    return path


@pytest.fixture
def seed_bytes() -> bytes:
    """The seed letter's raw bytes (from corpus/raw, which always holds it)."""
    return (CORPUS / "000_f1155e9dab17b9d4.txt").read_bytes()


@pytest.fixture(scope="session")
def corpus_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cold build of corpus/raw, shared by every test that only reads it (never modify it)."""
    from unletters.build import build

    out = tmp_path_factory.mktemp("corpus-build") / "ds"
    build(CORPUS, out, jobs=1, use_cache=False, progress=False)
    return out
