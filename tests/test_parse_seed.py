"""Golden test: the seed letter, normalized, gives every field of its gold `document` exactly."""

from __future__ import annotations

import json

import pytest
from conftest import GOLD, SEED, need

from unletters.ingest import decode
from unletters.normalize import normalize
from unletters.parsing import not_a_letter, parse_letter


@pytest.fixture(scope="module")
def parsed() -> tuple[str, dict]:
    text = normalize(decode(need(SEED).read_bytes()).text).text
    return text, parse_letter(text)


def _gold() -> dict:
    return json.loads((need(GOLD) / "000_f1155e9dab17b9d4.json").read_text(encoding="utf-8"))["document"]


def test_seed_is_a_letter(parsed: tuple[str, dict]) -> None:
    assert not_a_letter(parsed[0]) is None


@pytest.mark.parametrize(
    "field",
    list(json.loads((GOLD / "000_f1155e9dab17b9d4.json").read_text(encoding="utf-8"))["document"])
    if GOLD.exists()
    else [],
)
def test_seed_field(parsed: tuple[str, dict], field: str) -> None:
    want = _gold()[field]
    got = parsed[1][field]
    if field == "signatories":
        got = [{"name": s["name"], "titles": s["titles"]} for s in got]
    if field == "annexes":
        got = [{"title": a["title"]} for a in got]
    assert got == want


def test_seed_spans(parsed: tuple[str, dict]) -> None:
    text, row = parsed
    for s in row["signatories"]:
        assert text[s["start"] : s["end"]] == s["name"]
        assert s["part"] == "body"
    circ = row["circulation"]
    assert circ == {**circ, "organs": ["General Assembly"], "agenda_items": ["40"]}
    assert text[circ["start"] : circ["end"]].startswith("I should be grateful")
    assert text[circ["start"] : circ["end"]].endswith("agenda item 40.")
