"""MARC parsing and letter selection on the real recording (shared/undl/) and the title data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from oai_server import RECORDING
from scaling import assert_linear

from unletters.acquire import select
from unletters.acquire.catalog import catalog_entry
from unletters.acquire.marc import iso_date, iter_records, parse_record, record_to_xml

LETTERS = {"482580", "846241", "3989922"}


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    root = ET.parse(RECORDING).getroot()
    records = iter_records(root)
    assert len(records) == 200
    return {p["record_id"]: p for p in map(parse_record, records)}


def test_recording_parses_every_record(parsed: dict[str, dict]) -> None:
    assert len(parsed) == 200
    assert all(rid.isdigit() for rid in parsed)
    # 19 records repeat 191, but only 12 give two or more symbols in $a (the others are empty 191s).
    assert sum(1 for p in parsed.values() if len(p["symbols"]) >= 2) == 12
    assert sum(1 for p in parsed.values() if p["agenda"]) == 168


def test_exactly_the_three_letters_are_selected(parsed: dict[str, dict]) -> None:
    chosen = {rid for rid, p in parsed.items() if select.selected(p)}
    assert chosen == LETTERS


def test_codes_do_not_decide(parsed: dict[str, dict]) -> None:
    # The Gabon letter's 089 is mis-keyed "18" and its 989 lacks "Letters and Notes Verbales".
    gabon = parsed["3989922"]
    assert gabon["content_codes"] == ["18"]
    assert not any("Letters" in c for c in gabon["collections"])
    assert select.is_letter(gabon)
    # A report filed under "Letters and Notes Verbales" with code B18 is not a letter.
    report = parsed["226424"]
    assert "B18" in report["content_codes"]
    assert any("Letters and Notes Verbales" in c for c in report["collections"])
    assert not select.is_letter(report)


def test_voting_data_collection_narrows(parsed: dict[str, dict]) -> None:
    record = dict(parsed["3989922"])
    record["collections"] = ["Voting Data"]
    assert not select.is_letter(record)
    record["collections"] = []
    assert select.is_letter(record)


def test_joint_letter_fields(parsed: dict[str, dict]) -> None:
    p = parsed["482580"]
    assert p["symbols"] == ["A/57/685", "S/2002/1408"]
    assert p["issue_date"] == "2002-12-23"
    assert p["letter_date"] == "2002-12-09"
    assert p["job_number"] == "N0275564 E"
    assert p["agenda"][0] == {"symbol": "A/57/251", "item": "102", "title": "Advancement of women."}
    assert p["agenda"][2] == {"symbol": "S/57", "item": "[18]", "title": None}
    assert [a["name"] for a in p["authors"]] == ["Chile", "Denmark"]
    assert not any(a["member_state"] for a in p["authors"])
    english = [f for f in p["files"] if f["language"] == "English"]
    assert english[0]["url"].endswith("A_57_685--S_2002_1408-EN.pdf")


def test_catalog_entry_of_uk_letter(parsed: dict[str, dict]) -> None:
    entry = catalog_entry(parsed["846241"])
    assert entry == {
        "record_id": "846241",
        "symbols": ["A/71/555", "S/2016/872"],
        "title": parsed["846241"]["title"],
        "issue_date": "2016-10-20",
        "letter_date": "2016-10-06",  # no 992: read from the title
        "subjects": [
            "PEACEKEEPING OPERATIONS",
            "TROOP-CONTRIBUTING STATES",
            "ACCOUNTABILITY",
            "SEX CRIMES",
            "WOMEN",
        ],
        "agenda": [
            {
                "symbol": "A/71/251",
                "item": "51",
                "title": "Comprehensive review of the whole question of peacekeeping operations in all their aspects.",
            },
            {"symbol": "S/71", "item": "[18]", "title": None},
        ],
        "sending_states": ["United Kingdom"],
    }


def test_organ_and_issue_filters(parsed: dict[str, dict]) -> None:
    letters = {rid: p for rid, p in parsed.items() if rid in LETTERS}
    assert {r for r, p in letters.items() if select.selected(p, organ="GA")} == {"482580", "846241"}
    assert {r for r, p in letters.items() if select.selected(p, organ="SC")} == LETTERS
    assert {r for r, p in letters.items() if select.selected(p, issued_from="2016")} == {"846241", "3989922"}
    assert {r for r, p in letters.items() if select.selected(p, issued_to="2016-10-19")} == {"482580"}
    assert {
        r for r, p in letters.items() if select.selected(p, issued_from="2016-10", issued_to="2016-10")
    } == {"846241"}


def test_title_data_examples() -> None:
    positives, negatives = select.examples()
    assert len(positives) >= 9
    for title, kind, date in positives:
        form = select.title_form(title)
        assert form is not None, title
        assert (form.kind, form.date) == (kind, date), title
    for title in negatives:
        assert select.title_form(title) is None, title
    kinds = {select.title_form(t).kind for t, _k, _d in positives}  # type: ignore[union-attr]
    assert kinds == {"letter", "identical_letters", "note_verbale"}


@pytest.mark.parametrize(
    ("title", "date"),
    [
        ("LETTER DATED 31 JANUARY 2020 FROM ...", "2020-01-31"),
        ("Letter  dated\n2 May 1999 from", "1999-05-02"),
        ("Letter dated 32 May 1999 from", None),
        ("Letter dated 2 Mai 1999 from", None),
        ("Letter dated [undated] from", None),
    ],
)
def test_title_dates(title: str, date: str | None) -> None:
    form = select.title_form(title)
    assert form is not None and form.kind == "letter"
    assert form.date == date


def test_title_regex_is_linear() -> None:

    small, large = "Letter dated " + " 1" * 12_500 + "x", "Letter dated " + " 1" * 50_000 + "x"
    assert select.title_form(large) is not None
    assert_linear(select.title_form, small, large)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2002-12-23", "2002-12-23"),
        ("20021223", "2002-12-23"),
        ("2021-12", "2021-12"),
        ("2003", "2003"),
        ("2003-13", None),
        ("23 Dec. 2002", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(raw: str | None, iso: str | None) -> None:
    assert iso_date(raw) == iso


def test_record_xml_round_trip(parsed: dict[str, dict]) -> None:
    root = ET.parse(RECORDING).getroot()
    rec = next(r for r in iter_records(root) if parse_record(r)["record_id"] == "3989922")
    data = record_to_xml(rec)
    assert data == record_to_xml(rec)
    again = ET.fromstring(data)
    assert parse_record(again) == parsed["3989922"]
    assert record_to_xml(again) == data
