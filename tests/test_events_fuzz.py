"""Fuzz the events stage: any text, entities and citations give valid rows, exact spans, the same twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unletters.events import extract_events
from unletters.events.dates import find_dates
from unletters.events.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schema" / "events.schema.json").read_text(encoding="utf-8"))
)

FRAGMENTS = [
    "On ",
    "in ",
    "from ",
    " to ",
    "between ",
    " and ",
    ", ",
    "–",
    "-",
    "since ",
    "by ",
    "of ",
    "dated ",
    "27 September 2020",
    "September 27, 2020",
    "2020-09-27",
    "2020-09",
    "2019-20",
    "2024/25",
    "May",
    "June ",
    "2005",
    "1993",
    "(1993)",
    "31",
    "3rd",
    " of Dec. ",
    "Sept. ",
    "yesterday",
    "Yesterday",
    "last week",
    "the following day",
    "two days later",
    "that day",
    "today",
    "the 2030 Agenda",
    "COVID-19",
    "resolution ",
    "60/285",
    "A/61/696",
    "S/2005/187",
    " attacked ",
    " shelled ",
    " took place ",
    " meeting ",
    " signed ",
    "agreement",
    " elections ",
    ". ",
    "\n",
    "\n\n",
    "Mr. ",
    "a.m. ",
    "“",
    "”",
    "(",
    ")",
    ";",
    " the ",
    "Annex\n",
]

texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join),
    st.text(alphabet=st.sampled_from(list("0123456789 ,.-–/()\nMayJuneSeptmbrofand2019")), max_size=200),
    st.text(max_size=200),
)
letter_dates = st.one_of(
    st.none(), st.sampled_from(["2021-09-02", "2020-01-01", "2016-02-29", "bad", "2021-13-40"])
)


@st.composite
def documents(draw: Any) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    text = draw(texts)
    n = len(text)

    def span() -> tuple[int, int]:
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        return a, b

    ents = []
    for _ in range(draw(st.integers(0, 4))):
        a, b = span()
        ents.append(
            {
                "start": a,
                "end": b,
                "surface": text[a:b],
                "type": draw(st.sampled_from(["STATE", "PLACE", "PERSON", "ORGANIZATION"])),
                "canonical": draw(st.sampled_from(["Azerbaijan", "Baku", None])),
                "iso3": draw(st.sampled_from(["AZE", None])),
            }
        )
    cits = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = span()
        cits.append({"start": a, "end": b, "target": "A/61/696", "kind": "document"})
    annexes = []
    if draw(st.booleans()):
        a, b = span()
        annexes.append({"title": "Annex", "kind": "annex", "start": a, "end": b})
    doc = {
        "doc_id": "sha256:0123456789abcdef",
        "text": text,
        "title": draw(st.one_of(st.none(), st.just(text[: n // 2]), st.just("Letter dated"))),
        "letter_date": draw(letter_dates),
        "annexes": annexes,
        "footnotes": [],
        "page_offsets": sorted(draw(st.lists(st.integers(0, n), max_size=3))),
        "sender_iso3s": draw(st.sampled_from([["AZE"], [], ["ARM", "FRA"]])),
        "sender_group": draw(st.sampled_from([None, "Group of 77 and China"])),
    }
    return doc, ents, cits


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_extract_events_fuzz(case: tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]) -> None:
    doc, ents, cits = case
    rows = extract_events(doc, ents, cits)
    text = doc["text"]
    for i, row in enumerate(rows, 1):
        VALIDATOR.validate(row)
        assert text[row["start"] : row["end"]] == row["surface"]
        assert row["event_id"].endswith(f"/v{i}")
        assert row["date_end"] is None or row["date_end"] > row["date"]
    assert extract_events(doc, ents, cits) == rows


@settings(max_examples=300, deadline=None)
@given(texts, letter_dates)
def test_find_dates_fuzz(text: str, letter_date: str | None) -> None:
    mentions = find_dates(text, letter_date)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.precision in ("day", "month", "year")
        assert len(m.date) == {"day": 10, "month": 7, "year": 4}[m.precision]
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)
    assert find_dates(text, letter_date) == mentions


@settings(max_examples=300, deadline=None)
@given(texts)
def test_sentences_fuzz(text: str) -> None:
    spans = split_sentences(text).spans
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        prev = e
