"""Which catalogue records are letters.

The title decides: a record is a letter when its 245 title begins with one of the forms in
``titles.json`` ("Letter dated", "Identical letters dated", "Note verbale dated" and their French
and Spanish forms). The content code (089 ``$b B18``) and the collection (989 ``$b Letters and
Notes Verbales``) are unreliable (a real letter lacks them, a real report carries them), so they
never select a record; they only narrow: a record filed only outside "Documents and Publications"
(for instance "Voting Data") is not a document and is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DOCUMENT_COLLECTION = "Documents and Publications"
ORGAN_PREFIXES = {"GA": "A/", "SC": "S/"}


@dataclass(frozen=True)
class TitleForm:
    """What a title says about its document: ``kind`` (``letter``, ``identical_letters``,
    ``note_verbale``), ``lang`` of the title and the letter ``date`` (ISO, or ``None``)."""

    kind: str
    lang: str
    date: str | None


@cache
def _data() -> dict[str, Any]:
    """The parsed ``titles.json`` (loaded once)."""
    text = resources.files("unletters.acquire").joinpath("titles.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _prefixes() -> tuple[tuple[str, str, str], ...]:
    """(casefolded prefix, kind, lang), longest prefix first."""
    rows = [(p["prefix"].casefold(), p["kind"], p["lang"]) for p in _data()["prefixes"]]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def _date_pattern(lang: str) -> re.Pattern[str]:
    """The compiled date pattern of a language (anchored right after the prefix)."""
    return re.compile(_data()["date_patterns"][lang], re.IGNORECASE)


def _collapse(text: str) -> str:
    """Text with runs of whitespace collapsed to one space and ends stripped."""
    return " ".join(text.split())


def title_form(title: str | None) -> TitleForm | None:
    """The letter form of a catalogue title, ``None`` when the title is not a letter's."""
    if not title:
        return None
    text = _collapse(title)
    folded = text.casefold()
    for prefix, kind, lang in _prefixes():
        if folded.startswith(prefix) and (len(folded) == len(prefix) or not folded[len(prefix)].isalnum()):
            return TitleForm(kind, lang, _title_date(text[len(prefix) :], lang))
    return None


def _title_date(rest: str, lang: str) -> str | None:
    """The ISO date at the start of ``rest`` (the title after its prefix), else ``None``."""
    m = _date_pattern(lang).match(rest)
    if not m:
        return None
    day, month_name, year = m.groups()
    months = _data()["months"][lang]
    try:
        month = months.index(month_name.casefold()) + 1
    except ValueError:
        return None
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{month:02d}-{int(day):02d}"


def is_document(record: Mapping[str, Any]) -> bool:
    """False only when the record's 989 collections all lie outside "Documents and
    Publications" (a record with no 989 is given the benefit of the doubt)."""
    collections = record.get("collections") or []
    return not collections or any(c.startswith(DOCUMENT_COLLECTION) for c in collections)


def is_letter(record: Mapping[str, Any]) -> bool:
    """True when the record is a letter: its title has a letter form and it is a document."""
    return title_form(record.get("title")) is not None and is_document(record)


def _in_range(value: str | None, start: str | None, end: str | None) -> bool:
    """True when an ISO date (of any precision) may fall in [start, end]; an unknown date passes."""
    if value is None:
        return True
    if start and value < start[: len(value)]:
        return False
    return not (end and value[: len(end)] > end)


def selected(
    record: Mapping[str, Any],
    *,
    organ: str | None = None,
    issued_from: str | None = None,
    issued_to: str | None = None,
) -> bool:
    """True when a parsed record is a letter and matches the filters: ``organ`` (``GA``: a symbol
    starting ``A/``; ``SC``: ``S/``) and the issue date window (269; inclusive, any precision)."""
    if not is_letter(record):
        return False
    if organ is not None:
        prefix = ORGAN_PREFIXES[organ]
        if not any(s.startswith(prefix) for s in record.get("symbols") or []):
            return False
    return _in_range(record.get("issue_date"), issued_from, issued_to)


def examples() -> tuple[list[tuple[str, str, str]], list[str]]:
    """The data file's examples as (title, kind, date) and its non-examples (for tests)."""
    data = _data()
    pos = [(e["title"], p["kind"], e["date"]) for p in data["prefixes"] for e in p["examples"]]
    return pos, list(data["non_examples"])
