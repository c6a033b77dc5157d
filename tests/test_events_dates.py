"""Date expressions: forms, completion, resolution, non-dates, relative dates, linear time."""

from __future__ import annotations

import pytest
from scaling import assert_linear

from unletters.events.dates import find_dates, vocabulary

LETTER = "2021-09-02"  # a Thursday


def found(text: str, letter_date: str | None = LETTER) -> list[tuple[str, str, str | None, str]]:
    """(surface, date, date_end, precision) of every mention, checking the span invariant."""
    out = []
    for m in find_dates(text, letter_date):
        assert 0 <= m.start < m.end <= len(text)
        assert m.run_start <= m.start and m.end <= m.run_end
        out.append((text[m.start : m.end], m.date, m.date_end, m.precision))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full dates
        ("on 27 September 2020, the", [("27 September 2020", "2020-09-27", None, "day")]),
        ("on September 27, 2020, the", [("September 27, 2020", "2020-09-27", None, "day")]),
        ("on the 3rd of Dec. 2019 the", [("3rd of Dec. 2019", "2019-12-03", None, "day")]),
        ("on Sunday, 1 March 2020,", [("1 March 2020", "2020-03-01", None, "day")]),
        ("On 2020-09-27 the", [("2020-09-27", "2020-09-27", None, "day")]),
        # month and year, years
        ("in September 2020 the", [("September 2020", "2020-09", None, "month")]),
        ("in Sept. 2020 the", [("Sept. 2020", "2020-09", None, "month")]),
        ("in 2020-09 the", [("2020-09", "2020-09", None, "month")]),
        ("were conducted in 2005 by", [("2005", "2005", None, "year")]),
        ("in mid-2020 the", [("2020", "2020", None, "year")]),
        ("in the summer of 2019 the", [("2019", "2019", None, "year")]),
        # enumerations
        (
            "in 2005, 2006 and 2010, the",
            [("2005", "2005", None, "year"), ("2006", "2006", None, "year"), ("2010", "2010", None, "year")],
        ),
        (
            "on 3, 5 and 7 May 2021 the",
            [
                ("3", "2021-05-03", None, "day"),
                ("5", "2021-05-05", None, "day"),
                ("7 May 2021", "2021-05-07", None, "day"),
            ],
        ),
        (
            "on 3 May and 5 June 2021",
            [("3 May", "2021-05-03", None, "day"), ("5 June 2021", "2021-06-05", None, "day")],
        ),
        (
            "in March and April 2021",
            [("March", "2021-03", None, "month"), ("April 2021", "2021-04", None, "month")],
        ),
        # ranges
        ("from 2 to 5 May 2021 the", [("2 to 5 May 2021", "2021-05-02", "2021-05-05", "day")]),
        ("between 1 and 3 March 2020 the", [("1 and 3 March 2020", "2020-03-01", "2020-03-03", "day")]),
        (
            "from 27 September–9 November 2020",
            [("27 September–9 November 2020", "2020-09-27", "2020-11-09", "day")],
        ),
        ("on 5-6 May 2021", [("5-6 May 2021", "2021-05-05", "2021-05-06", "day")]),
        ("from 1990 to 1994 the", [("1990 to 1994", "1990", "1994", "year")]),
        ("in 1992–1994 the", [("1992–1994", "1992", "1994", "year")]),
        (
            "from 27 December to 3 January 2021",
            [("27 December to 3 January 2021", "2020-12-27", "2021-01-03", "day")],
        ),
        ("between May 2019 and 3 June 2020", [("May 2019 and 3 June 2020", "2019-05", "2020-06", "month")]),
        # a day and month without a year: the letter's year, or the year before when far ahead
        ("on 28 August the", [("28 August", "2021-08-28", None, "day")]),
        ("on 15 October the", [("15 October", "2021-10-15", None, "day")]),
        ("on 27 December the", [("27 December", "2020-12-27", None, "day")]),
        # ... or the year of the nearest written date in the paragraph, before or after
        (
            "On 30 December 2020 the town was hit. On 2 January the village.",
            [("30 December 2020", "2020-12-30", None, "day"), ("2 January", "2021-01-02", None, "day")],
        ),
        (
            "On 28 September the X. Two days later, on 30 September 2020, Y.",
            [("28 September", "2020-09-28", None, "day"), ("30 September 2020", "2020-09-30", None, "day")],
        ),
    ],
)
def test_date_forms(text: str, expected: list[tuple[str, str, str | None, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the 2030 Agenda for Sustainable Development",
        "the budget for 2024/25 and 2019-20",
        "the fiscal period 2010-11",
        "the coronavirus disease (COVID-19) pandemic",
        "for more than 30 years, 44 days, 300 villages",
        "more than 2000 people were displaced",
        "resolutions 822 (1993) and 853 (1993)",
        "A/59/747–S/2005/187 and S/2021/770",
        "at 2045 hours the",
        "May I recall that",
        "since its fifty-ninth session",
        "paragraphs 3 and 4 of",
        "on 31 February 2020 the",
        "a 15-year-old boy aged 15",
        "Vision 2030 and Agenda 2063",
        "the 1980s and the 2010s",
    ],
)
def test_not_dates(text: str) -> None:
    # a year before a name ("the 2030 Agenda") is kept as attributive for classify.py to judge
    assert [m for m in find_dates(text, LETTER) if not m.attributive] == []


def test_attributive_year_is_marked() -> None:
    (m,) = find_dates("The 2018 elections were", LETTER)
    assert m.attributive and m.date == "2018"
    assert all(m.attributive for m in find_dates("The 2018 Agenda was", LETTER))
    assert find_dates("more than 2018 people", LETTER) == []


def test_no_year_no_context_no_date() -> None:
    assert found("on 28 August the", None) == []


@pytest.mark.parametrize("example", vocabulary()["relative"]["examples"], ids=lambda e: e["text"][:30])
def test_relative_examples(example: dict[str, str]) -> None:
    mentions = [m for m in find_dates(example["text"], example["letter_date"]) if m.form == "relative"]
    assert mentions, example
    assert (mentions[0].date, mentions[0].precision) == (example["date"], example["precision"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday, the", [("Yesterday", "2021-09-01", None, "day")]),
        ("Earlier today, the", [("Earlier today", "2021-09-02", None, "day")]),
        ("the day before yesterday", [("the day before yesterday", "2021-08-31", None, "day")]),
        ("Last month the", [("Last month", "2021-08", None, "month")]),
        ("last year the", [("last year", "2020", None, "year")]),
        ("three days ago the", [("three days ago", "2021-08-30", None, "day")]),
        ("a few days ago the", [("a few days ago", "2021-08", None, "month")]),
        (
            "On 5 May 2021 the X; the following day, Y; that day, Z.",
            [
                ("5 May 2021", "2021-05-05", None, "day"),
                ("the following day", "2021-05-06", None, "day"),
                ("that day", "2021-05-06", None, "day"),
            ],
        ),
        ("In May 2021 the X; on the same day Y", [("May 2021", "2021-05", None, "month")]),
        (
            "In May 2021 the X; later that year Y",
            [("May 2021", "2021-05", None, "month"), ("later that year", "2021", None, "year")],
        ),
        ("today's world", []),
    ],
)
def test_relative(text: str, expected: list[tuple[str, str, str | None, str]]) -> None:
    assert found(text) == expected


def test_relative_needs_letter_date() -> None:
    assert found("Yesterday, the village was shelled.", None) == []


def test_relative_restated_by_a_date_is_one_mention() -> None:
    text = "On 28 May 2021 X. Two days later, on 30 May 2021, Y."
    assert [s for s, *_ in found(text)] == ["28 May 2021", "30 May 2021"]


def test_months_in_vocabulary_examples() -> None:
    for example in vocabulary()["months"]["examples"]:
        assert find_dates(f"on {example} the", LETTER), example


def test_temporal_lead_examples() -> None:
    voc = vocabulary()["temporal_leads"]
    for ex in voc["examples"]:
        dates = [m.date for m in find_dates(ex["text"], LETTER)]
        assert ex["date"].replace("{year}", "2021") in dates, ex
    for text in voc["counter_examples"]:
        assert find_dates(text, LETTER) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "1 " * 5000,
        "1, " * 5000,
        "May " * 5000,
        "2020 and " * 2500,
        "1 May, " * 2500,
        "2020-" * 5000,
        "in " + "2020, " * 2500,
        "the same day " * 1500,
        "from 1 to " * 2500,
        "9" * 20000,
    ],
    ids=range(10),
)
def test_linear_time(text: str) -> None:
    assert_linear(lambda t: find_dates(t, LETTER), text, text * 4, label=text[:20])


def test_numeric_dates() -> None:
    voc = vocabulary()["numeric_dates"]
    for ex in voc["examples"]:
        (m,) = find_dates(f"on {ex['text']} the", LETTER)
        assert (m.date, m.precision, m.form) == (ex["date"], "day", "numeric")
    for text in voc["counter_examples"]:
        assert find_dates(text, LETTER) == [], text
