"""The events stage: rows for dated events, none for the header, documents, deadlines, non-events."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from unletters.events import extract_events, header_end
from unletters.ingest import decode, doc_id_for, sha256_hex
from unletters.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "events.schema.json").read_text(encoding="utf-8"))
SEED = ROOT.parent / "shared" / "letters" / "seed" / "000_f1155e9dab17b9d4.txt"
SEED_GOLD = ROOT.parent / "shared" / "gold" / "000_f1155e9dab17b9d4.json"
DOC_ID = "sha256:0123456789abcdef"
TITLE = "Letter dated 2 September 2021 from the Permanent Representative of Azerbaijan to the United Nations addressed to the Secretary-General"


def make_doc(body: str, **fields: Any) -> dict[str, Any]:
    """A documents row around ``body``: a header with the issue date, the heading, then the body."""
    header = f"General Assembly\n\nDistr.: General\n2 September 2021\n\nOriginal: English\n\n{TITLE}\n\n"
    doc: dict[str, Any] = {
        "doc_id": DOC_ID,
        "text": header + body,
        "title": TITLE,
        "letter_date": "2021-09-02",
        "issue_date": "2021-09-02",
        "annexes": [],
        "footnotes": [],
        "page_offsets": [],
        "sender_iso3s": ["AZE"],
        "sender_group": None,
        "signatories": [],
    }
    doc.update(fields)
    return doc


def states_in(text: str) -> list[dict[str, Any]]:
    """Entity rows for the State names (not adjectives) in ``text``, via unletters.states."""
    from unletters.states import name_forms

    rows: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    forms = sorted((f for f in name_forms() if f[2] in ("name", "alias")), key=lambda f: (-len(f[0]), f[0]))
    for form, state, _ in forms:
        for m in re.finditer(rf"(?<![A-Za-z]){re.escape(form)}(?![A-Za-z])", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            rows.append(
                {
                    "start": m.start(),
                    "end": m.end(),
                    "surface": m.group(),
                    "type": "STATE",
                    "canonical": state.name,
                    "iso3": state.iso3,
                }
            )
    return sorted(rows, key=lambda r: r["start"])


def entity(
    text: str, surface: str, type_: str, canonical: str, iso3: str | None = None, nth: int = 0
) -> dict[str, Any]:
    """An entity row for the ``nth`` occurrence of ``surface`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {
        "start": start,
        "end": start + len(surface),
        "surface": surface,
        "type": type_,
        "canonical": canonical,
        "iso3": iso3,
    }


def dates(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r["date"], r["date_precision"]) for r in rows]


def check_rows(doc: Mapping[str, Any], rows: list[dict[str, Any]]) -> None:
    """Every row is valid against the schema, its span exact, ids in reading order."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for i, row in enumerate(rows, 1):
        validator.validate(row)
        assert doc["text"][row["start"] : row["end"]] == row["surface"]
        assert row["sentence_start"] <= row["start"] < row["end"] <= row["sentence_end"]
        assert row["event_id"] == f"{doc['doc_id']}/v{i}"
    assert [(r["start"], r["end"]) for r in rows] == sorted((r["start"], r["end"]) for r in rows)


def seed_doc() -> dict[str, Any]:
    raw = SEED.read_bytes()
    text = normalize(decode(raw).text).text
    title = next(line for line in text.splitlines() if line.startswith("Letter dated"))
    return {
        "doc_id": doc_id_for(sha256_hex(raw)),
        "text": text,
        "title": title,
        "letter_date": "2021-09-02",
        "issue_date": "2021-09-02",
        "annexes": [],
        "footnotes": [],
        "page_offsets": [],
        "sender_iso3s": ["AZE"],
        "sender_group": None,
        "signatories": [],
    }


@pytest.mark.skipif(not SEED.exists(), reason="../shared is absent")
def test_seed_gold_events() -> None:
    doc = seed_doc()
    rows = extract_events(doc, states_in(doc["text"]))
    check_rows(doc, rows)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert sorted(dates(rows)) == sorted((e["date"], e["date_precision"]) for e in gold["events"])
    by_date = {r["date"]: r for r in rows}
    for e in gold["events"]:
        if "actors" in e:
            assert sorted(by_date[e["date"]]["actors"]) == sorted(e["actors"]), e
        if "asserted_by" in e:
            assert by_date[e["date"]]["asserted_by"] == [e["asserted_by"]]
    assert by_date["2005"]["event_type"] == "MISSION"
    assert by_date["2020-09-27"]["event_type"] == "ASSAULT"


@pytest.mark.skipif(not SEED.exists(), reason="../shared is absent")
def test_seed_without_entities_or_citations() -> None:
    doc = seed_doc()
    rows = extract_events(doc, [])
    assert len(rows) == 6
    assert all(r["actors"] == [] for r in rows)


def test_header_heading_and_issue_date_are_not_events() -> None:
    doc = make_doc("The meeting was held on 2 September 2021 in Baku.")
    rows = extract_events(doc, [])
    check_rows(doc, rows)
    assert len(rows) == 1 and rows[0]["start"] > doc["text"].index("Baku") - 30
    assert header_end(doc) == doc["text"].index(TITLE) + len(TITLE)


def test_header_without_title_uses_the_heading_line() -> None:
    doc = make_doc("On 5 May 2021 the town was shelled.", title=None)
    assert header_end(doc) == doc["text"].index(TITLE) + len(TITLE)
    assert dates(extract_events(doc, [])) == [("2021-05-05", "day")]


@pytest.mark.parametrize(
    "body",
    [
        "The Assembly adopted resolution 60/285 of 7 September 2006 and resolution 62/243 of 14 March 2008.",
        "The findings were reported in A/59/747–S/2005/187 of 21 March 2005 and A/61/696 of 12 January 2007.",
        "The Council adopted resolution 822 (1993) of 30 April 1993.",
        "As stated in my letter dated 3 May 2021, the attack was condemned.",
        "The attacks were reported in my letters dated 29 September 2020 (A/75/357) and 1 October 2020 (A/75/362).",
        "Armenia violated the ceasefire agreement of 12 May 1994.",
        "The statement of the Ministry of Foreign Affairs of Georgia of 2 August 2019 condemned the attack.",
        "The 1949 Geneva Conventions were violated.",
        "The Goals must be achieved by 2030, and the mandate was extended until 31 December 2021.",
        "The territories have been occupied since 1993.",
        "Armenia enjoyed impunity for more than 30 years, and the 2030 Agenda was adopted.",
        "The budget for 2024/25 was approved.",
        "The COVID-19 pandemic killed thousands.",
        "The item has been included in the agenda since its fifty-ninth session.",
        "In 2020, the population was three million.",
        "The report (S/2021/79) of 25 January 2021 describes attacks.",
    ],
)
def test_not_events(body: str) -> None:
    doc = make_doc(body)
    assert extract_events(doc, []) == []


def test_citation_rows_mark_document_dates() -> None:
    body = "The Panel described the attack in its final report of 25 January 2021."
    doc = make_doc(body)
    # without the citations table, "report of" already identifies the document
    assert extract_events(doc, []) == []
    body = "The attack is described in Panel/2021/X, of 25 January 2021."
    doc = make_doc(body)
    text = doc["text"]
    start = text.index("Panel/2021/X")
    citation = {
        "start": start,
        "end": start + len("Panel/2021/X"),
        "target": "Panel/2021/X",
        "kind": "document",
    }
    assert extract_events(doc, [], [citation]) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Fact-finding missions were conducted in 2005, 2006 and 2010.",
            [("2005", "year"), ("2006", "year"), ("2010", "year")],
        ),
        ("Large-scale exercises were held from 2 to 5 May 2021.", [("2021-05-02", "day")]),
        ("Talks took place between 1 and 3 March 2020.", [("2020-03-01", "day")]),
        ("Yesterday, the village of Alkhanli was shelled.", [("2021-09-01", "day")]),
        ("Last week, a meeting was held in Geneva.", [("2021-08", "month")]),
        (
            "On 5 May 2021 the town was shelled; the following day, a school was hit.",
            [("2021-05-05", "day"), ("2021-05-06", "day")],
        ),
        ("Since 27 September 2020, the armed forces have been shelling Ganja.", [("2020-09-27", "day")]),
        ("The 2018 elections were boycotted.", [("2018", "year")]),
        ("A high-level meeting will be held in Geneva on 15 October 2021.", [("2021-10-15", "day")]),
        ("On 2020-09-27, the positions were attacked.", [("2020-09-27", "day")]),
        ("The war took place from 1990 to 1994.", [("1990", "year")]),
        # month names in capitals, as headings and reproduced statements write them
        ("On 5 AUGUST 2021, the positions were shelled.", [("2021-08-05", "day")]),
        ("ON 5 AUGUST 2021 THE POSITIONS WERE SHELLED.", [("2021-08-05", "day")]),
        ("ON 5 AUGUST 2021, THE ARMED FORCES OF X SHELLED THE TOWN OF Y.", [("2021-08-05", "day")]),
        ("In SEPTEMBER 2020, the war began.", [("2020-09", "month")]),
    ],
)
def test_events(body: str, expected: list[tuple[str, str]]) -> None:
    doc = make_doc(body)
    rows = extract_events(doc, [])
    check_rows(doc, rows)
    assert dates(rows) == expected


def test_range_row() -> None:
    doc = make_doc("From 27 September–9 November 2020, the armed forces fought the aggressor.")
    (row,) = extract_events(doc, [])
    assert (row["date"], row["date_end"], row["surface"]) == (
        "2020-09-27",
        "2020-11-09",
        "27 September–9 November 2020",
    )


def test_no_event_without_a_trigger() -> None:
    doc = make_doc("On 5 May 2021, the weather in the capital was mild.")
    assert extract_events(doc, []) == []


def test_nearest_trigger_gives_the_type() -> None:
    doc = make_doc("On 3 May 2021 the village was shelled, and on 5 May 2021 a meeting was convened in Baku.")
    rows = extract_events(doc, [])
    assert [(r["date"], r["event_type"], r["trigger"]) for r in rows] == [
        ("2021-05-03", "ASSAULT", "shelled"),
        ("2021-05-05", "MEETING", "meeting"),
    ]


def test_actors_location_and_anaphora() -> None:
    body = (
        "In a statement signed on 9 November 2020, the President of Azerbaijan, the Prime Minister of Armenia "
        "and the President of the Russian Federation announced a ceasefire in Shusha. On 11 January 2021, the "
        "leaders of the three countries signed another joint statement."
    )
    doc = make_doc(body)
    text = doc["text"]
    ents = [
        entity(text, "Azerbaijan", "STATE", "Azerbaijan", "AZE", nth=1),
        entity(text, "Armenia", "STATE", "Armenia", "ARM"),
        entity(text, "Russian Federation", "STATE", "Russian Federation", "RUS"),
        entity(text, "President of the Russian Federation", "PERSON", "President of the Russian Federation"),
        entity(text, "Shusha", "PLACE", "Shusha"),
    ]
    rows = extract_events(doc, ents)
    check_rows(doc, rows)
    assert rows[0]["actors"] == ["AZE", "ARM", "President of the Russian Federation", "RUS"]
    assert rows[0]["location"] == "Shusha"
    # "the three countries" refers back only when the number matches: here four actors, no match
    assert rows[1]["actors"] == []
    ents = [e for e in ents if e["type"] != "PERSON"]
    rows = extract_events(doc, ents)
    assert rows[1]["actors"] == ["AZE", "ARM", "RUS"]


def test_asserted_by_group_and_annex_part() -> None:
    body = "I transmit the annexed statement.\n\nAnnex\n\nOn 5 May 2021, the town was shelled.\n"
    doc = make_doc(body, sender_iso3s=[], sender_group="Group of 77 and China")
    text = doc["text"]
    annex_start = text.index("Annex\n")
    doc["annexes"] = [{"title": "Annex", "kind": "annex", "start": annex_start, "end": len(text)}]
    (row,) = extract_events(doc, [])
    assert row["asserted_by"] == ["Group of 77 and China"]
    assert (row["part"], row["annex_index"]) == ("annex", 0)


def test_page_from_page_offsets() -> None:
    doc = make_doc("Intro.\n\nOn 5 May 2021, the town was shelled.")
    doc["page_offsets"] = [0, doc["text"].index("On 5 May")]
    (row,) = extract_events(doc, [])
    assert row["page"] == 2


def test_empty_and_odd_documents() -> None:
    assert extract_events({"doc_id": DOC_ID, "text": ""}, []) == []
    doc = {"doc_id": DOC_ID, "text": "On 5 May 2021 the town was shelled.", "letter_date": None}
    (row,) = extract_events(doc, [])
    assert row["asserted_by"] == [] and row["part"] == "body" and row["page"] is None


def test_deterministic() -> None:
    doc = make_doc("Yesterday, on 3 and 5 May 2021, the towns were shelled; in 2005 missions were conducted.")
    assert extract_events(doc, []) == extract_events(dict(doc), [])


@pytest.mark.parametrize(
    "body",
    [
        "The budget for the period from 1 July 2024 to 30 June 2025 was approved.",
        "Expenditure for the period ended 30 June 2025 was reported.",
        "The mandate was extended with effect from 1 January 2022.",
        "The United Nations Disengagement Observer Force in 2023 had a budget.",
        "He was re-elected for the period 2019–2025.",
    ],
)
def test_periods_and_names_are_not_events(body: str) -> None:
    assert extract_events(make_doc(body), []) == []


def test_over_the_previous_year_is_a_duration() -> None:
    doc = make_doc(
        "On 5 May 2010 the Assembly met. It assessed the progress achieved over the previous year."
    )
    assert dates(extract_events(doc, [])) == [("2010-05-05", "day")]


def test_reporting_period_is_an_event() -> None:
    doc = make_doc(
        "During the period from 1 to 31 January 2021, aircraft committed 214 violations of the airspace."
    )
    assert [(r["date"], r["date_end"]) for r in extract_events(doc, [])] == [("2021-01-01", "2021-01-31")]


def test_same_day_refers_to_the_event_not_the_cited_document() -> None:
    body = (
        "On 11 July 1995 the army overran the safe area, established by resolution 819 (1993) of 16 April 1993. "
        "The battalion withdrew on the same day."
    )
    assert dates(extract_events(make_doc(body), [])) == [("1995-07-11", "day"), ("1995-07-11", "day")]
