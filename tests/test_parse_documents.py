"""Every real non-letter document of ../shared/documents (meeting records, reports, drafts) is
judged not a letter, with a reason that names what it looks like."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DOCUMENTS

from unletters.ingest import decode
from unletters.normalize import normalize
from unletters.parsing import not_a_letter, parse_letter

FILES = sorted(DOCUMENTS.glob("*.txt")) if DOCUMENTS.exists() else []


@pytest.mark.skipif(not FILES, reason="../shared/documents is absent")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_document_is_not_a_letter(path: Path) -> None:
    text = normalize(decode(path.read_bytes()).text).text
    why = not_a_letter(text)
    assert why is not None
    assert "looks like" in why
    # parsing a non-letter never raises and says what it could not read
    row = parse_letter(text)
    assert row["title"] is None and row["parse_warnings"]
