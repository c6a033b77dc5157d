"""Shared pieces of the parse stage: the vocabulary file, lines with offsets, dates, ordinals."""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import json
import operator
import re
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from unletters.regex_tools import ASCII_FOLDS
from unletters.spans import recent_texts

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ALT = "|".join(MONTHS)
# `2 September 2021`, `2 SEPTEMBER 2021`, `2 September, 2021`
DATE_DMY = re.compile(
    rf"\b([0-3]?[0-9])\s+({_MONTH_ALT})\s*,?\s+(1[89][0-9]{{2}}|20[0-9]{{2}})\b", re.IGNORECASE
)
# `September 2, 2021` (some older documents)
DATE_MDY = re.compile(
    rf"\b({_MONTH_ALT})\s+([0-3]?[0-9]),?\s+(1[89][0-9]{{2}}|20[0-9]{{2}})\b", re.IGNORECASE
)


def opening_class(words: list[str]) -> str:
    """The characters ``words`` open with, case-insensitively, as the inside of a character class:
    both cases of each first letter and what else matches it (``ſ`` for `s`). The first letters
    must be ASCII letters (ValueError)."""
    if not all(w[:1].isascii() and w[:1].isalpha() for w in words):
        raise ValueError("every word must open with an ASCII letter")
    firsts = {c for w in words for c in (w[0].lower(), w[0].upper(), *ASCII_FOLDS.get(w[0].lower(), ""))}
    return "".join(sorted(firsts))


# DATE_DMY and DATE_MDY opening with a character class, so that a search skips ahead in C to where a
# date can start (a pattern that opens with `\b` is tried at every offset); the look-behinds stand
# for the `\b` and, in the month names, pick the alternative. `parse_date` uses these.
_MONTH_FIRSTS = opening_class(list(MONTHS))
_QUICK_MONTHS = "|".join(f"(?<={m[0]}){m[1:]}" for m in MONTHS)
_DATE_DMY_QUICK = re.compile(
    rf"([0-9](?<!\w[0-9])(?:(?<=[0-3])[0-9])?)\s+({_MONTH_ALT})\s*,?\s+(1[89][0-9]{{2}}|20[0-9]{{2}})\b",
    re.IGNORECASE,
)
_DATE_MDY_QUICK = re.compile(
    rf"([{_MONTH_FIRSTS}](?<!\w[{_MONTH_FIRSTS}])(?i:{_QUICK_MONTHS}))"
    rf"(?i:\s+([0-3]?[0-9]),?\s+(1[89][0-9]{{2}}|20[0-9]{{2}})\b)"
)
_WS = re.compile(r"\s+")


class Line(NamedTuple):
    """One line of the normalized text: its offsets (end excludes the newline) and its text.

    A named tuple rather than a frozen dataclass: a text's line index builds one per line and a
    tuple is several times quicker to make.
    """

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        """True when the line holds only whitespace."""
        return not self.text.strip()


@cache
def vocabulary() -> dict[str, Any]:
    """The header/heading vocabulary file, parsed (loaded once)."""
    raw = resources.files("unletters").joinpath("data/header_vocabulary.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def collapse(text: str) -> str:
    """``text`` with every whitespace run collapsed to one space, stripped."""
    # `str.split()` splits at what `\s` matches (both use str.isspace), and quicker than a regex
    return " ".join(text.split())


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with their offsets into ``text``.

    The lines come from one index of the whole text, built once per text and shared by every
    parser; a first or last line cut by ``start`` or ``end`` is cut the same way here.
    """
    stop = len(text) if end is None else end
    if not 0 <= start <= stop <= len(text):
        return _scan_lines(text, start, stop)
    starts, lines = _line_index(text)
    # the line holding `start`, and the last line starting at or before `stop`
    i = bisect.bisect_right(starts, start) - 1
    j = bisect.bisect_right(starts, stop)
    out = list(lines[i:j])
    first = out[0]
    if first.start < start:
        out[0] = first = _NEW_LINE((start, first.end, text[start : first.end]))
    last = out[-1]
    if last.end > stop:
        out[-1] = _NEW_LINE((last.start, stop, text[last.start : stop]))
    return out


def all_lines(text: str) -> tuple[Line, ...]:
    """Every line of ``text``: what ``lines_of(text)`` lists, as the shared index itself (no copy;
    read only)."""
    return _line_index(text)[1]


def candidate_lines(text: str, start: int, end: int | None, line_open: re.Pattern[str]) -> list[int] | None:
    """Which lines of ``lines_of(text, start, end)`` may open with a given thing, found in one search.

    ``line_open`` must start with ``\\n`` and match, at the newline before a line, whatever such a
    line opens with: a necessary condition only, the caller still checks each line it is given.
    Returns sorted indices into ``lines_of(text, start, end)``: its first line (cut by ``start``,
    so not found after a newline) and every line found; None when ``lines_of`` scans instead of
    using the line index (offsets out of range), and every line must be checked.
    """
    stop = len(text) if end is None else end
    if not 0 <= start <= stop <= len(text):
        return None
    starts, _ = _line_index(text)
    base = bisect.bisect_right(starts, start) - 1
    out = [0]
    for m in line_open.finditer(text, start, stop):
        # the match starts at the newline before a line, which starts one further
        out.append(bisect.bisect_left(starts, m.start() + 1) - base)
    return out


@functools.cache
def _joint_line_open(line_opens: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], tuple[int, ...]]:
    """One regex that matches at a newline where one of ``line_opens`` matches, and the number of
    the group that holds each one's match.

    Each pattern must open with ``\\n``; that newline is taken out of the branches
    (``\\n(?:(...)|(...))``) so that a search skips from newline to newline in C. A pattern compiled
    with ``re.IGNORECASE`` keeps it as an inline flag; other flags are refused (ValueError).
    """
    branches: list[str] = []
    for rx in line_opens:
        if not rx.pattern.startswith("\\n"):
            raise ValueError(f"a line-open pattern must start with a newline: {rx.pattern[:30]!r}")
        if rx.flags & ~(re.IGNORECASE | re.UNICODE):
            raise ValueError(f"a line-open pattern may only be case-insensitive: {rx.pattern[:30]!r}")
        rest = rx.pattern[2:]
        branches.append(f"((?i:{rest}))" if rx.flags & re.IGNORECASE else f"({rest})")
    joint = re.compile("\\n(?:" + "|".join(branches) + ")")
    groups: list[int] = []
    number = 1
    for rx in line_opens:  # each branch's own group, then the pattern's groups
        groups.append(number)
        number += 1 + rx.groups
    return joint, tuple(groups)


def candidate_lines_each(
    text: str, start: int, end: int | None, line_opens: tuple[re.Pattern[str], ...]
) -> list[list[int]] | None:
    """:func:`candidate_lines` of each of ``line_opens``, found in one search of the text.

    Returns one list per pattern, as :func:`candidate_lines` gives it for a pattern whose matches
    hold no newline but the one they open with (so that its ``finditer`` misses no line; a line
    that such a match would cover is listed here too, which only adds a line to check); None
    when :func:`candidate_lines` gives None.
    """
    stop = len(text) if end is None else end
    if not 0 <= start <= stop <= len(text):
        return None
    starts, _ = _line_index(text)
    base = bisect.bisect_right(starts, start) - 1
    joint, groups = _joint_line_open(line_opens)
    out: list[list[int]] = [[0] for _ in line_opens]
    search = joint.search
    m = search(text, start, stop)
    while m is not None:
        p = m.start()
        line = bisect.bisect_left(starts, p + 1) - base  # the line after the newline
        # the first pattern that matched has its group set; a later one may match here too
        k = next(k for k, g in enumerate(groups) if m.start(g) >= 0)
        out[k].append(line)
        for j in range(k + 1, len(line_opens)):
            if line_opens[j].match(text, p, stop) is not None:
                out[j].append(line)
        m = search(text, p + 1, stop)
    return out


def _scan_lines(text: str, start: int, stop: int) -> list[Line]:
    out: list[Line] = []
    pos = start
    while pos <= stop:
        nl = text.find("\n", pos, stop)
        line_end = stop if nl < 0 else nl
        out.append(Line(pos, line_end, text[pos:line_end]))
        if nl < 0:
            break
        pos = nl + 1
    return out


_PLUS_ONE = (1).__add__
# `Line` from a (start, end, text) tuple without calling its Python-level `__new__`
_NEW_LINE = functools.partial(tuple.__new__, Line)


@recent_texts(4)
def _line_index(text: str) -> tuple[list[int], tuple[Line, ...]]:
    """Line starts and lines of the whole ``text`` (what ``_scan_lines(text, 0, len(text))`` gives)."""
    # built by C-level maps rather than a Python loop: a line starts after the lines above it,
    # each with its newline, and ends its own length further
    pieces = text.split("\n")
    lengths = list(map(len, pieces))
    starts = [0, *itertools.accumulate(map(_PLUS_ONE, lengths))]
    starts.pop()  # the offset after the last line
    ends = list(map(operator.add, starts, lengths))
    return starts, tuple(map(_NEW_LINE, zip(starts, ends, pieces, strict=True)))


def search_end(regex: re.Pattern[str], text: str, width: int) -> re.Match[str] | None:
    """``regex.search(text)`` for a regex whose matches end at the end of ``text`` (``$``) and are
    shorter than ``width`` characters (a final newline included).

    Such a match starts in the last ``width`` characters, so only those are tried (a ``\\b`` or a
    look-behind still sees the character before). Returns the same match as the plain search.
    """
    return regex.search(text, max(0, len(text) - width))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """ISO date (``YYYY-MM-DD``) of the first full date written in ``text``, else None."""
    m = _DATE_DMY_QUICK.search(text)  # DATE_DMY.search(text), quicker
    m2 = _DATE_MDY_QUICK.search(text)  # DATE_MDY.search(text), quicker
    if m2 and (m is None or m2.start() < m.start()):
        return _iso(int(m2.group(3)), month_number(m2.group(1)), int(m2.group(2)))
    if m:
        return _iso(int(m.group(3)), month_number(m.group(2)), int(m.group(1)))
    return None


# the characters besides A-Z and a-z that a case-insensitive regex matches to an ASCII letter
_TO_ASCII = str.maketrans({extra: letter for letter, extras in ASCII_FOLDS.items() for extra in extras})


def month_number(name: str) -> int:
    """The number of a month name as a case-insensitive regex of :data:`MONTHS` matches it:
    any case, and ``ı``, ``İ``, ``ſ`` and the Kelvin sign for `i`, `s` and `k` (``Aprıl`` is 4).
    KeyError for anything else."""
    return MONTHS[name.translate(_TO_ASCII).lower()]


@cache
def ordinal_regex() -> str:
    """Regex source (no groups) of an ordinal number in words, `first` to `ninety-ninth`."""
    o = vocabulary()["ordinals"]
    units = "|".join(o["units"])
    compound = f"(?:{'|'.join(o['tens_cardinal'])})[-\u2010\u2011 ](?:{units})"
    return f"(?:{compound}|{'|'.join(o['teens'])}|{'|'.join(o['tens_ordinal'])}|{units})"


def ordinal_value(word: str) -> int | None:
    """The number an ordinal in words stands for (`Seventy-fifth` -> 75), else None."""
    o = vocabulary()["ordinals"]
    w = word.lower().replace("\u2010", "-").replace("\u2011", "-").replace(" ", "-")
    for table in ("units", "teens", "tens_ordinal"):
        if w in o[table]:
            return int(o[table][w])
    if "-" in w:
        tens, unit = w.split("-", 1)
        if tens in o["tens_cardinal"] and unit in o["units"]:
            return int(o["tens_cardinal"][tens]) + int(o["units"][unit])
    return None


def title_case_name(text: str) -> str:
    """`UNION OF SOVIET SOCIALIST REPUBLICS` -> `Union of Soviet Socialist Republics` (small words lower)."""
    small = {"of", "the", "and", "for", "on", "in", "to", "a", "an", "at", "by"}
    words = text.lower().split(" ")
    out = []
    for i, w in enumerate(words):
        if i > 0 and w in small:
            out.append(w)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


# a UN document symbol: organ prefix, slash-separated parts (one may be `ES-10` or `S-27`), an
# optional trailing `*`; every part is a bounded run of one class, so matching stays linear
SYMBOL = r"(?:[A-Z]{1,6}(?:\.[0-9]{1,4})?/)(?:[A-Za-z0-9.]{1,20}(?:-[0-9]{1,3})?/){0,7}[A-Za-z0-9.]{0,19}[A-Za-z0-9](?:-[0-9]{1,3})?"
SYMBOL_RE = re.compile(SYMBOL)
JOINT_DASH = r"\s{0,3}[\u2013\u2014\u2012-]\s{0,3}"


def clean_symbol(sym: str) -> str | None:
    """A symbol without its trailing marks, or None when it is not a symbol (no digit)."""
    sym = sym.rstrip("*.,;")
    if "/" not in sym or not any(c.isdigit() for c in sym):
        return None
    return sym
