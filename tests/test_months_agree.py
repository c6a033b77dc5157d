"""The English month names are written in four places; they must agree.

Parsing reads letter dates (``parsing.common.MONTHS``, case-insensitive regexes), citations read a
cited date (``citations.find.MONTHS`` and the ``month`` fragment of ``citation_patterns.json``) and
events read every date (``date_expressions.json``). Each keeps the form its regexes need; this
test fails when one of them gains, loses or renumbers a month, or when one reads capitals
(``5 AUGUST 2021``) and another does not.
"""

from __future__ import annotations

import re

from unletters.citations.find import MONTHS as CITATION_MONTHS
from unletters.citations.patterns import load
from unletters.events.dates import vocabulary
from unletters.parsing.common import MONTHS as PARSING_MONTHS
from unletters.parsing.common import parse_date

FULL = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December"]


def test_parsing_and_citations_number_the_same_twelve_months() -> None:
    assert PARSING_MONTHS == {name.lower(): i for i, name in enumerate(FULL, start=1)}
    assert CITATION_MONTHS == {name: i for i, name in enumerate(FULL, start=1)}


def test_events_read_every_full_name_in_title_case_and_in_capitals() -> None:
    names = vocabulary()["months"]["names"]
    for i, name in enumerate(FULL, start=1):
        assert names[name] == i and names[name.upper()] == i, name
    # and nothing else that is a whole word of letters: the other forms are abbreviations
    assert {n for n in names if n.isalpha() and len(n) > 4} <= {*FULL, *(n.upper() for n in FULL)}


def test_the_citation_month_fragment_reads_the_same_names() -> None:
    month = re.compile(load().fragments["month"].source)
    for name in FULL:
        assert month.fullmatch(name) and month.fullmatch(name.upper()), name
        assert not month.fullmatch(name.lower()), name


def test_letter_dates_read_capitals_too() -> None:
    # parsing's patterns ignore case: the capitals events and citations list are read there as well
    for i, name in enumerate(FULL, start=1):
        assert parse_date(f"5 {name.upper()} 2021") == f"2021-{i:02d}-05", name
