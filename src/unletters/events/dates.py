"""Date expressions in a letter's text: found, completed and resolved, never invented.

:func:`find_dates` scans the normalized text once and returns :class:`DateMention` objects in
reading order. Forms understood (vocabulary in ``data/date_expressions.json``):

- full dates ``27 September 2020``, ``the 3rd of Dec. 2019``, ``September 27, 2020``, ISO
  ``2020-09-27`` and ``2020-09``, and day-first numeric dates ``27.09.2020`` (incident tables);
- month and year ``September 2020``, bare years ``in 2005`` (only after a temporal word, or
  before a noun: ``the 2020 elections``), bare months ``in March`` (after a temporal word);
- enumerations ``in 2005, 2006 and 2010``, ``on 3, 5 and 7 May 2021`` (one mention each, the
  month and year shared from the right), ranges ``from 2 to 5 May 2021``, ``between 1 and 3
  March 2020``, ``27 September–9 November 2020``, ``from 1990 to 1994`` (``date_end``);
- a day and month with no year (``on 28 September``): the year of the preceding explicit date
  nearby, else of the letter (the year before when that would put the date more than three
  months after the letter);
- relative expressions (``yesterday``, ``last week``, ``the following day``) resolved against
  the letter's date or the preceding date, reported at the finest precision the expression
  honestly gives (``last week`` is a month, or a year, or nothing).

Every regex here is a sequence of bounded alternatives; the one repetition (atoms joined by
separators) consumes distinct characters per round, so scanning is linear in the text.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from unletters.events.patterns import ASCII_CASE_FOLDS

__all__ = [
    "ASCII_CASE_FOLDS",
    "DateMention",
    "date_runs",
    "find_dates",
    "lead_word",
    "parse_iso",
    "relative_matches",
]

PRECISIONS = ("day", "month", "year")  # finest first


class DateMention(NamedTuple):
    """One date the text gives, with its span and how it was resolved.

    ``start``/``end`` span the date expression itself (one element of an enumeration, or the
    whole range); ``run_start``/``run_end`` the whole expression it belongs to. ``form`` is
    ``full_date``, ``day_month`` (no year written), ``month_year``, ``month``, ``year``, ``iso``,
    ``numeric`` (``27.09.2020``) or ``relative``; ``group`` is ``single``, ``range`` or ``enumeration``; ``basis`` is
    ``explicit``, ``year_from_context``, ``relative_to_letter`` or ``relative_to_previous``.
    ``attributive`` is true for a date standing before a noun (``the 2020 elections``).
    """

    start: int
    end: int
    date: str
    date_end: str | None
    precision: str
    form: str
    group: str
    basis: str
    run_start: int
    run_end: int
    attributive: bool = False


@cache
def vocabulary() -> dict[str, Any]:
    """The date vocabulary file ``data/date_expressions.json``, parsed (loaded once)."""
    raw = resources.files("unletters").joinpath("data/date_expressions.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_W = r"[ \n]"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9A-Za-z])"
# a year is not part of a symbol (S/2005/187), a decimal, a fiscal period (2024/25, 2019-20)
_YEAR_TAIL = r"(?![0-9A-Za-z/]|[.,][0-9]|[-–][0-9]{1,2}(?![0-9])|[ ]hours?\b)"


# every relative phrase holds one of these words (checked when the patterns are built), so a
# relative expression can only start shortly before one of them
RELATIVE_HEADS = ("day", "night", "morning", "afternoon", "week", "month", "year")


@dataclass(frozen=True)
class _Patterns:
    atom: re.Pattern[str]
    run: re.Pattern[str]  # atoms joined by separators; its groups are those of the first atom
    run_shape: bytes  # see _run_shape_table
    run_digit: re.Pattern[bytes]  # in that image, a space then a digit that may start an atom
    run_month: re.Pattern[bytes]  # a space then what may start a month name
    sep: re.Pattern[str]
    relative_source: str  # the regex of every relative phrase (see ``relative``)
    relative_start: re.Pattern[str]
    # the sources of the same regex for the phrases starting with each word (see relative_matches)
    relative_by_word: dict[str, str]
    relative_longest: int  # characters in the longest relative expression
    # each head (as ASCII bytes): the words of phrases holding it, lowercase, with its offsets in them
    relative_head_words: dict[bytes, tuple[tuple[bytes, int], ...]]
    relative_entries: tuple[dict[str, Any], ...]
    months: dict[str, int]
    temporal: frozenset[str]
    determiners: frozenset[str]
    numbers: dict[str, int]

    @property
    def relative(self) -> re.Pattern[str]:
        """The regex of every relative phrase, compiled (once) when first asked for."""
        return _relative_regex(self.relative_source)


@cache
def _relative_regex(src: str) -> re.Pattern[str]:
    """``src``, a relative-expression regex source, compiled ignoring case (once per source).

    The relative regexes are compiled when a letter first needs them, not with the other
    patterns: most letters hold no relative expression, and one that does needs one or two
    of them.
    """
    return re.compile(src, re.IGNORECASE)


def _date_sources(months: dict[str, int]) -> tuple[str, str, str]:
    """The sources of the atom, run and separator regexes."""
    year_raw = r"(?:1[6-9][0-9]{2}|20[0-9]{2})"
    year = year_raw + _YEAR_TAIL
    mon = f"(?:{_alternation(list(months))})(?![A-Za-z])"
    # alternatives led by a digit, then those led by a month name (in order of preference
    # within each; the two kinds never match at the same offset, so grouping them changes no
    # match and spares the month names at a digit)
    digit_led = [
        rf"(?P<iso_y>{year_raw})-(?P<iso_m>0[1-9]|1[0-2])(?:-(?P<iso_d>0[1-9]|[12][0-9]|3[01]))?(?![0-9A-Za-z/]|-[0-9])",
        rf"(?P<dot_d>3[01]|[12][0-9]|0?[1-9])\.(?P<dot_m>1[0-2]|0?[1-9])\.(?P<dot_y>{year_raw})(?![0-9A-Za-z/]|\.[0-9])",
        rf"(?<![0-9]{{4}}[-–])(?P<dmy_d>{_DAY}){_W}(?:of{_W})?(?P<dmy_m>{mon})(?:,?{_W}(?P<dmy_y>{year}))?",
        rf"(?P<y_y>{year})",
        rf"(?<![0-9]{{4}}[-–])(?P<d_d>{_DAY})",
    ]
    month_led = [
        rf"(?P<mdy_m>{mon}){_W}(?P<mdy_d>{_DAY})(?:,{_W}?(?P<mdy_y>{year}))?",
        rf"(?P<my_m>{mon}),?{_W}(?P<my_y>{year})",
        rf"(?P<m_m>{mon})",
    ]
    # not inside a word, symbol, decimal or number range ("2019-20" does not give a day 20)
    atom_src = rf"(?<![0-9A-Za-z/.,])(?:(?=[0-9])(?:{'|'.join(digit_led)})|{'|'.join(month_led)})"
    sep_src = rf"(?:,{_W}(?:and{_W}|or{_W})?|{_W}(?:and|or|to|through|until|till){_W}|{_W}?[-–—]{_W}?)"
    plain_atom = re.sub(r"\(\?P<[a-z_]+>", "(?:", atom_src)
    # every atom starts with a digit or a month name: the lookahead lets the regex engine skip
    # to those characters instead of trying every alternative at every offset. The first atom
    # keeps its groups (those of the atom regex, same numbers): each alternative ends with its
    # last group, so ``m.end(m.lastindex)`` is where the first atom ends
    first_chars = "".join(sorted({name[0] for name in months}))
    run_src = f"(?=[0-9{re.escape(first_chars)}]){atom_src}(?:{sep_src}{plain_atom})*"

    return atom_src, run_src, sep_src


@cache
def _patterns() -> _Patterns:
    voc = vocabulary()
    months: dict[str, int] = voc["months"]["names"]
    lo, hi = voc["year_range"]["min"], voc["year_range"]["max"]
    if (lo, hi) != (1600, 2099):  # the year fragment below encodes this range
        raise ValueError("year_range must be 1600-2099")
    atom_src, run_src, sep_src = _date_sources(months)

    numbers: dict[str, int] = voc["number_words"]
    number_src = r"[0-9]{1,2}|" + _alternation(list(numbers))
    entries = tuple(voc["relative"]["values"])
    rel_alts = []
    number_longest = max(2, *(len(w) for w in numbers))
    relative_longest = 0
    # the same alternatives (same order, same group names) grouped by the phrase's first word:
    # "0" for a number written in digits
    by_word: dict[str, list[str]] = {}
    first_letters: set[str] = set()
    for i, entry in sorted(enumerate(entries), key=lambda p: (-len(p[1]["phrase"]), p[0])):
        words = entry["phrase"].split()
        if not any(head in w.lower() for w in words for head in RELATIVE_HEADS):
            raise ValueError(f"relative phrase {entry['phrase']!r} holds none of {RELATIVE_HEADS}")
        relative_longest = max(
            relative_longest, sum(number_longest if w == "{n}" else len(w) for w in words) + len(words) - 1
        )
        parts = [f"(?P<n{i}>{number_src})" if w == "{n}" else re.escape(w) for w in words]
        rel_alts.append(f"(?P<r{i}>" + _W.join(parts) + ")")
        firsts = ["0", *(w.split()[0] for w in numbers)] if words[0] == "{n}" else [words[0]]
        for first in firsts:
            by_word.setdefault(first.lower(), []).append(rel_alts[-1])
            first_letters.add(first[0].lower())

    head_words: dict[bytes, set[tuple[bytes, int]]] = {head.encode("ascii"): set() for head in RELATIVE_HEADS}
    for entry in entries:
        for word in entry["phrase"].lower().split():
            for head, forms in head_words.items():
                k = word.find(head.decode("ascii"))
                while k != -1:
                    forms.add((word.encode("ascii"), k))
                    k = word.find(head.decode("ascii"), k + 1)

    def relative_re(alternatives: list[str]) -> str:
        return r"(?<![A-Za-z])(?:" + "|".join(alternatives) + r")(?![A-Za-z'’])"

    # where a relative expression may start: an ASCII word beginning with a phrase's first letter,
    # a digit, or any other character that matches such a letter only ignoring case
    initials = "".join(sorted(c for c in first_letters if not c.isdigit()))
    relative_start = re.compile(
        rf"(?<![A-Za-z])(?:[{initials}{initials.upper()}][A-Za-z]*|[0-9]|(?i:[{re.escape(initials)}]))"
    )
    shape = _run_shape_table(months)
    return _Patterns(
        atom=re.compile(atom_src),
        run=re.compile(run_src),
        run_shape=shape,
        # not before a run of three digits, or of five or more: an atom starts with a day (one
        # or two digits) or a year (four)
        run_digit=re.compile(rb" 0(?!00(?:[^0]|\Z)|0000)"),
        # a month name's first letter, then the next three characters of some month name (as
        # imaged; all of a shorter one): "Sep", not "Security" or "Secretary"
        run_month=re.compile(
            rb" 1(?:"
            + b"|".join(
                sorted(
                    {re.escape(name[1:4].encode("latin-1", "replace").translate(shape)) for name in months}
                )
            )
            + rb")"
        ),
        sep=re.compile(sep_src),
        relative_source=relative_re(rel_alts),
        relative_start=relative_start,
        relative_by_word={word: relative_re(alts) for word, alts in by_word.items()},
        relative_longest=relative_longest,
        relative_head_words={head: tuple(sorted(forms)) for head, forms in head_words.items()},
        relative_entries=entries,
        months=months,
        temporal=frozenset(voc["temporal_leads"]["values"]),
        determiners=frozenset(voc["attributive_determiners"]["values"]),
        numbers=numbers,
    )


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    kind: str  # iso, numeric, dmy, mdy, my, m, y, d
    year_written: bool = True  # the year is written in this atom
    year_carried: bool = False  # the year is written further right in the run ("3 and 5 May 2021")


# the named groups of each kind of atom (day, month, year), by the prefix of their names
_ATOM_GROUPS = {
    "iso": ("iso_d", "iso_m", "iso_y"),
    "dot": ("dot_d", "dot_m", "dot_y"),
    "dmy": ("dmy_d", "dmy_m", "dmy_y"),
    "mdy": ("mdy_d", "mdy_m", "mdy_y"),
    "my": (None, "my_m", "my_y"),
    "m": (None, "m_m", None),
    "y": (None, None, "y_y"),
    "d": ("d_d", None, None),
}
_ATOM_KINDS = {"dot": "numeric"}


@cache
def _atom_specs() -> dict[int, tuple[str, int | None, int | None, int | None, bool]]:
    """For each group of the atom regex: its alternative's kind, the indices in ``groups()`` of
    its day, month and year groups, and whether the month is a name."""
    groupindex = _patterns().atom.groupindex
    specs = {}
    for prefix, names in _ATOM_GROUPS.items():
        day, month, year = (groupindex[n] - 1 if n else None for n in names)
        spec = (_ATOM_KINDS.get(prefix, prefix), day, month, year, prefix not in ("iso", "dot"))
        for name in names:
            if name:
                specs[groupindex[name]] = spec
    return specs


def _parse_atom(m: re.Match[str], months: dict[str, int]) -> _Atom:
    """The first atom of ``m``, a match of the run regex (or of its atom regex, see :func:`_date_sources`)."""
    # the groups of one alternative are not nested, so the last one closed names the alternative;
    # it ends the alternative, so the atom ends where it does
    last = m.lastindex or 0
    kind, day_i, month_i, year_i, month_named = _atom_specs()[last]
    g = m.groups()
    day = g[day_i] if day_i is not None else None
    month = g[month_i] if month_i is not None else None
    year = g[year_i] if year_i is not None else None
    if month is None:
        month_number = None
    else:
        month_number = months[month] if month_named else int(month)
    return _Atom(
        m.start(),
        m.end(last),
        int(day.rstrip("abcdefghijklmnopqrstuvwxyz")) if day else None,  # "3rd" -> 3
        month_number,
        int(year) if year else None,
        kind,
        year is not None,
    )


_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_MATCH_START = re.Match.start
# a noun after a date used attributively, possibly after names: "the 2020 elections", "the 2008 Mumbai attacks"
_NEXT_WORD = re.compile(r"(?:[ \n][A-Z][A-Za-z'’-]*){0,2}[ \n]([a-z][a-z-]*)")
_LONE_DAY = re.compile(_DAY)
_MONTH_NAMED = frozenset({"dmy", "mdy", "my", "m", "d"})  # kinds whose month is a name, or none
_RANGE_SEPS = frozenset({"to", "through", "until", "till", "-", "–", "—"})


def lead_word(text: str, start: int) -> tuple[str, bool]:
    """Return the lowercase word right before ``start`` (``""`` if none) and whether a hyphen joins it.

    The word is the ASCII letters (at most 30 characters back) before an optional hyphen and
    any spaces, line breaks and opening parentheses before ``start``.
    """
    before = text[max(0, start - 30) : start].rstrip(" \n(")
    hyphen = before.endswith("-")
    if hyphen:
        before = before[:-1]
    word = before[len(before.rstrip(_ASCII_LETTERS)) :]
    return word.lower(), bool(word) and hyphen


def _sep_kind(sep: str) -> str:
    word = sep.strip(" \n,")
    return word or ","


_TWO_DIGITS = tuple(f"{i:02d}" for i in range(100))  # formatting each number costs more


def _iso(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{_TWO_DIGITS[month]}"
    return f"{year:04d}-{_TWO_DIGITS[month]}-{_TWO_DIGITS[day]}"


def _precision(a: _Atom) -> str:
    return "day" if a.day is not None else "month" if a.month is not None else "year"


_MDAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _MDAYS[month]


def _valid(a: _Atom) -> bool:
    """False when the atom's day is past the end of its month (of its year, when known)."""
    day = a.day
    if day is None or day <= 28 or a.month is None:
        return True  # every month has 28 days
    if a.year is not None:
        return day <= _days_in_month(a.year, a.month)
    return day <= (29 if a.month == 2 else _MDAYS[a.month])


def _key(a: _Atom) -> tuple[int, int, int]:
    return (a.year or 0, a.month or 0, a.day or 0)


def _form(a: _Atom) -> str:
    if a.kind in ("iso", "numeric"):
        return a.kind
    if a.day is not None:
        return "full_date" if a.year_written or a.year_carried else "day_month"
    if a.month is not None:
        return "month_year" if a.year_written or a.year_carried else "month"
    return "year"


def _coarser(p: str, q: str) -> str:
    return p if PRECISIONS.index(p) > PRECISIONS.index(q) else q


_ISO_LENGTH = {"day": 10, "month": 7, "year": 4}


def _truncate(iso: str, precision: str) -> str:
    return iso[: _ISO_LENGTH[precision]]


def parse_iso(value: str | None) -> dt.date | None:
    """The :class:`datetime.date` of a full ISO date string, else None (partial or invalid)."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class _Pending:
    """A mention being built: atoms (one, or two for a range) and its run."""

    atoms: list[_Atom]
    group: str
    run_start: int
    run_end: int
    attributive: bool


def _split_run(text: str, start: int, end: int, pats: _Patterns) -> tuple[list[_Atom], list[str]]:
    """The atoms of ``text[start:end]`` (matches of the atom regex up to ``end``, one after the
    other) and the kinds of the separators between them."""
    atoms: list[_Atom] = []
    seps: list[str] = []
    pos = start
    while pos < end:
        m = pats.atom.match(text, pos, end)
        if not m:
            break
        atoms.append(_parse_atom(m, pats.months))
        pos = m.end()
        if pos >= end:
            break  # the run ends with this atom (a separator is never empty)
        s = pats.sep.match(text, pos, end)
        if not s:
            break
        seps.append(_sep_kind(s.group()))
        pos = s.end()
    return atoms, seps[: max(0, len(atoms) - 1)]


def _run_atoms(text: str, run: re.Match[str], pats: _Patterns) -> tuple[list[_Atom], list[str]]:
    """The atoms of a run (a match of the run regex) and the kinds of the separators between them.

    What :func:`_split_run` gives; a run of one atom is read from the run's own groups (those
    of its first atom), without matching again. The atom regex matched up to the run's end
    then takes the same alternative: one that failed at the run's start failed on the
    characters of the atom, none of its lookaheads reaching past the atom's end and deciding.
    """
    rs, re_ = run.span()
    if run.end(run.lastindex or 0) == re_:
        return [_parse_atom(run, pats.months)], []
    return _split_run(text, rs, re_, pats)


def _run_mentions(text: str, run: re.Match[str], pats: _Patterns) -> list[_Pending]:
    """The mentions of one run of date atoms (before year resolution), ``run`` a match of the run regex."""
    rs, re_ = run.span()
    if re_ - rs <= 4 and _LONE_DAY.fullmatch(text, rs, re_):  # at most "31st"
        return []  # a bare number ("paragraph 5"): a day needs a month to its right
    lead, hyphen = lead_word(text, rs)
    if hyphen and lead != "mid":
        return []  # COVID-19, ES-10, a word joined to a number
    if (
        re_ - rs == 4
        and lead not in pats.temporal
        and lead not in pats.determiners
        and text[rs:re_].isdigit()
    ):
        return []  # a lone year with no temporal word, not attributive (below): "822 (1993)"
    atoms, seps = _run_atoms(text, run, pats)
    if len(atoms) == 1:
        return _one_atom_mentions(text, atoms[0], rs, re_, lead, pats)
    return _atom_mentions(text, atoms, seps, rs, re_, lead, pats)


def _one_atom_mentions(text: str, a: _Atom, rs: int, re_: int, lead: str, pats: _Patterns) -> list[_Pending]:
    """:func:`_atom_mentions` for a run of one atom (most runs): nothing to carry or pair."""
    if a.day is not None and a.month is None:
        return []  # a bare number with no month to its right: not a date
    attributive = lead in pats.determiners and bool(_NEXT_WORD.match(text, a.end))
    if not (a.day is not None or a.kind == "my" or lead in pats.temporal or attributive):
        return []  # a bare year or month with no temporal word: "the 2030 Agenda", "more than 2000"
    return [_Pending([a], "single", rs, re_, attributive)] if _valid(a) else []


def _atom_mentions(
    text: str, atoms: list[_Atom], seps: list[str], rs: int, re_: int, lead: str, pats: _Patterns
) -> list[_Pending]:
    """The mentions of the atoms of the run ``rs:re_`` (separator kinds ``seps``, ``lead`` the word
    before the run); fills in the atoms' months and years carried from the right."""
    # fill missing month and year from the right: "3, 5 and 7 May 2021", "27 September–9 November 2020"
    carry_month: int | None = None
    carry_year: int | None = None
    keep = [True] * len(atoms)
    has_day = has_month_year = False  # among the atoms kept
    end_of_run = rs  # of the atoms kept
    for i in range(len(atoms) - 1, -1, -1):
        a = atoms[i]
        if a.day is not None and a.month is None:
            if carry_month is None:
                keep[i] = False  # a bare number with no month to its right: not a date
                continue
            a.month = carry_month
        if a.year is None and carry_year is not None:
            a.year = carry_year
            a.year_carried = True
        # a day takes its month only from a written month name to its right
        carry_month = a.month if a.kind in _MONTH_NAMED else None
        if a.year is not None:
            carry_year = a.year
        has_day = has_day or a.day is not None
        has_month_year = has_month_year or a.kind == "my"
        end_of_run = max(end_of_run, a.end)
    attributive = lead in pats.determiners and bool(_NEXT_WORD.match(text, end_of_run))
    if not (has_day or has_month_year or lead in pats.temporal or attributive):
        return []  # a bare year or month with no temporal word: "the 2030 Agenda", "more than 2000"
    out: list[_Pending] = []
    i = 0
    n = len(atoms)
    while i < n:
        if not keep[i] or not _valid(atoms[i]):
            i += 1
            continue
        if i + 1 < n and keep[i + 1] and _valid(atoms[i + 1]):
            kind = seps[i]
            if kind in _RANGE_SEPS or (kind == "and" and lead == "between" and i == 0):
                out.append(_Pending([atoms[i], atoms[i + 1]], "range", rs, re_, attributive))
                i += 2
                continue
        out.append(_Pending([atoms[i]], "single", rs, re_, attributive))
        i += 1
    if len(out) > 1:
        for p in out:
            if p.group == "single":
                p.group = "enumeration"
    return out


def _context_year(
    month: int, day: int | None, anchor: tuple[int, int] | None, letter: dt.date | None
) -> tuple[int, str] | None:
    """Year for a date written without one, and the basis, or None when there is no context."""
    if anchor is not None:
        year, anchor_month = anchor
        return (year + 1 if anchor_month > month + 6 else year), "year_from_context"
    if letter is not None:
        year = letter.year
        probe = dt.date(year, month, min(day or 1, _days_in_month(year, month)))
        if probe > letter + dt.timedelta(days=92):
            year -= 1
        return year, "year_from_context"
    return None


def _window(lo: dt.date, hi: dt.date) -> tuple[str, str] | None:
    """The finest ISO value that covers the days lo..hi, and its precision; None across years."""
    if lo == hi:
        return lo.isoformat(), "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.year:04d}-{lo.month:02d}", "month"
    if lo.year == hi.year:
        return f"{lo.year:04d}", "year"
    return None


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + k
    return idx // 12, idx % 12 + 1


def _resolve_relative(
    entry: dict[str, Any], n: int | None, anchor: tuple[str, str] | None
) -> tuple[str, str] | None:
    """ISO value and precision of a relative expression given its anchor (ISO, precision)."""
    if anchor is None:
        return None
    value, precision = anchor
    unit = entry["unit"]
    if unit in ("day", "week"):
        base = parse_iso(value) if precision == "day" else None
        if base is None:
            return None
        if unit == "week":
            monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=entry["offset"])
            hi = (
                min(monday + dt.timedelta(days=6), base)
                if entry["offset"] == 0
                else monday + dt.timedelta(days=6)
            )
            return _window(monday, hi)

        def bound(v: int | str) -> int:
            if isinstance(v, int):
                return v
            return -(n or 0) if v == "-n" else (n or 0)

        return _window(
            base + dt.timedelta(days=bound(entry["lo"])), base + dt.timedelta(days=bound(entry["hi"]))
        )
    year = int(value[:4])
    if unit == "year":
        return f"{year + entry['offset']:04d}", "year"
    if precision == "year":
        return None
    y, m = _shift_month(year, int(value[5:7]), entry["offset"])
    return f"{y:04d}-{m:02d}", "month"


def _number(word: str | None, numbers: dict[str, int]) -> int | None:
    if word is None:
        return None
    w = " ".join(word.lower().split())
    return int(w) if w.isdigit() else numbers.get(w)


AnchorFilter = Callable[[int, int], bool]


def find_dates(
    text: str,
    letter_date: str | None = None,
    start: int = 0,
    anchor_ok: AnchorFilter | None = None,
    refer_ok: AnchorFilter | None = None,
    paragraph_breaks: Sequence[int] | None = None,
) -> list[DateMention]:
    """Return every date mention in ``text[start:]`` in reading order (by start, then end).

    ``letter_date`` (ISO day) resolves relative expressions and years left unwritten.
    ``anchor_ok(start, end)`` says whether an explicit date may give its year to a date written
    without one (a date that only identifies a document should not); every explicit date may
    when omitted; a date used attributively (``the 2030 Agenda``) never does. ``refer_ok(start,
    end)`` says whether ``the same day`` and its kin may refer back to an explicit date (a
    cited document's date should not); every explicit date may when omitted.
    Mentions whose year cannot be known, or that name no existing day, are left out.
    ``paragraph_breaks`` are the starts of the blank lines (``\n``, spaces, ``\n``) when the
    caller has them already.
    """
    pats = _patterns()
    letter = parse_iso(letter_date)
    pending: list[_Pending] = []
    latin = text.encode("latin-1", "replace")  # one byte per character (others become "?")
    for run in _run_matches(text, start, latin):
        pending.extend(_run_mentions(text, run, pats))
    relatives = relative_matches(text, start, latin)

    if not relatives and all(p.atoms[0].year is not None and p.atoms[-1].year is not None for p in pending):
        # every date has its year written (or carried): no year is taken from context, so the
        # anchors are never asked for. The mentions are in reading order already (runs in
        # order, atoms in order within a run), and with no relative expression the last date
        # resolved is of no use
        return [m for p in pending if (m := _finish(p, None, letter)) is not None]
    anchors = _anchors(text, pending, anchor_ok, paragraph_breaks)
    if not relatives:
        return _resolved(pending, anchors, letter)

    items: list[tuple[int, int, Any]] = [(p.atoms[0].start, 0, p) for p in pending]
    items += [(r.start(), 1, r) for r in relatives]
    items.sort(key=itemgetter(0, 1))
    # for each item, the start of the next explicit mention after it (None at the end)
    next_explicit: list[int | None] = [None] * len(items)
    upcoming: int | None = None
    for k in range(len(items) - 1, -1, -1):
        next_explicit[k] = upcoming
        if items[k][1] == 0:
            upcoming = items[k][0]

    out = []
    previous: tuple[str, str] | None = None  # last resolved date (ISO, precision)
    taken_until = -1
    for idx_item, (pos, _, item) in enumerate(items):
        if isinstance(item, _Pending):
            # (one or two atoms) a year from context only for an atom without one
            needs_year = item.atoms[0].year is None or item.atoms[-1].year is None
            mention = _finish(item, anchors.year_for(pos) if needs_year else None, letter)
            if mention is None:
                continue
            out.append(mention)
            taken_until = max(taken_until, item.run_end)
            if refer_ok is None or refer_ok(mention.run_start, mention.end):
                previous = (mention.date_end or mention.date, mention.precision)
            continue
        r: re.Match[str] = item
        if r.start() < taken_until or _apposition(text, r.end(), next_explicit[idx_item]):
            continue
        idx = int((r.lastgroup or "r0")[1:])
        entry = pats.relative_entries[idx]
        n = _number(r.group(f"n{idx}") if "{n}" in entry["phrase"] else None, pats.numbers)
        if entry["anchor"] == "letter":
            anchor = (letter.isoformat(), "day") if letter else None
            basis = "relative_to_letter"
        else:
            anchor = previous
            basis = "relative_to_previous"
        resolved = _resolve_relative(entry, n, anchor)
        if resolved is None:
            continue
        value, precision = resolved
        out.append(
            DateMention(
                r.start(), r.end(), value, None, precision, "relative", "single", basis, r.start(), r.end()
            )
        )
        previous = (value, precision)
    out.sort(key=attrgetter("start", "end"))
    return out


def _resolved(pending: list[_Pending], anchors: _Anchors, letter: dt.date | None) -> list[DateMention]:
    """The mentions of ``pending`` (in reading order, no relative expression among them), a
    date without its year taking one from ``anchors``."""
    out: list[DateMention] = []
    for p in pending:
        needs_year = p.atoms[0].year is None or p.atoms[-1].year is None
        mention = _finish(p, anchors.year_for(p.atoms[0].start) if needs_year else None, letter)
        if mention is not None:
            out.append(mention)
    return out


def _anchors(
    text: str, pending: list[_Pending], anchor_ok: AnchorFilter | None, paragraph_breaks: Sequence[int] | None
) -> _Anchors:
    """The explicit years of ``pending`` that may anchor a date written without one, and the
    paragraph breaks (see :func:`find_dates` for ``anchor_ok`` and ``paragraph_breaks``)."""
    # (start, end, year, month) of each
    written: list[tuple[int, int, int, int]] = []
    for p in pending:
        last = p.atoms[-1]
        if last.year is not None and (last.year_written or last.year_carried) and not p.attributive:
            if anchor_ok is None or anchor_ok(p.run_start, last.end):
                written.append((p.atoms[0].start, last.end, last.year, last.month or 1))
    written.sort()
    return _Anchors(
        written,
        [w[0] for w in written],
        [w[1] for w in written],
        [m.start() for m in _PARAGRAPH.finditer(text)] if paragraph_breaks is None else paragraph_breaks,
        len(text),
    )


def _run_shape_table(months: dict[str, int]) -> bytes:
    """The byte-for-byte translation of Latin-1 text that :func:`date_runs` searches.

    A digit becomes ``0``, a month name's first letter ``1``, another letter or ``/``, ``.``
    and ``,`` (which may not stand right before an atom) keeps a letter's value or becomes
    ``/``; any other character becomes a space.
    """
    table = bytearray(b" " * 256)
    for c in _ASCII_LETTERS:
        table[ord(c)] = ord(c)
    for c in "/.,":
        table[ord(c)] = ord("/")
    for c in {name[0] for name in months}:
        table[ord(c)] = ord("1")
    for c in "0123456789":
        table[ord(c)] = ord("0")
    return bytes(table)


def date_runs(text: str, start: int = 0, latin: bytes | None = None) -> list[tuple[int, int]]:
    """Return the spans of the runs of date atoms in ``text[start:]``: the matches of the run regex."""
    return [m.span() for m in _run_matches(text, start, latin)]


def _run_matches(text: str, start: int = 0, latin: bytes | None = None) -> list[re.Match[str]]:
    """Return the matches of the run regex in ``text[start:]``, as ``finditer`` gives them.

    The same matches as ``finditer`` of that regex, found faster: an atom starts with a digit (a
    run of one, two or four) or a month name, not after a letter, digit, ``/``, ``.`` or ``,``.
    Only those places are tried, found by two searches of a one-byte-per-character image of the
    text (each led by two literal bytes, which the regex engine skips to quickly). ``latin`` is
    ``text.encode("latin-1", "replace")`` when the caller has it already.
    """
    pats = _patterns()
    if latin is None:
        latin = text.encode("latin-1", "replace")
    # one byte per character (others than Latin-1 become "?", a space in the image)
    shape = latin.translate(pats.run_shape)
    # each match starts at the space before the place (one at the very start has none): the
    # offsets before the places, read without a Python step per match
    befores = [-1] if start == 0 and shape[:1] in (b"0", b"1") else []
    befores += map(_MATCH_START, pats.run_digit.finditer(shape, max(0, start - 1)))
    befores += map(_MATCH_START, pats.run_month.finditer(shape, max(0, start - 1)))
    befores.sort()
    out: list[re.Match[str]] = []
    taken = start - 1  # a place is tried when the one before it is at or after this
    match = pats.run.match
    for before in befores:
        if before >= taken and (m := match(text, before + 1)):
            out.append(m)
            taken = m.end() - 1
    return out


def relative_matches(text: str, start: int = 0, latin: bytes | None = None) -> list[re.Match[str]]:
    """Return the matches of the relative-expression regex in ``text[start:]``, in order.

    The same matches as ``finditer`` of the one regex of all phrases, found faster: only near a
    head word (:data:`RELATIVE_HEADS`), and at each place a phrase may start there, only the
    phrases beginning with the word written there are tried. ``latin`` is
    ``text.encode("latin-1", "replace")`` when the caller has it already.
    """
    pats = _patterns()
    out: list[re.Match[str]] = []
    taken = start
    for lo, hi in _relative_windows(text, start, pats, latin):
        for cand in pats.relative_start.finditer(text, max(lo, taken)):
            pos = cand.start()
            if pos > hi:
                break
            if pos < taken:
                continue
            word, end = cand.group(), cand.end()
            if word.isdigit():
                src: str | None = pats.relative_by_word["0"]
            elif word.isascii() and (end == len(text) or text[end].isascii()):
                # a whole ASCII word: only a phrase starting with that very word can match here
                src = pats.relative_by_word.get(word.lower())
            else:
                src = pats.relative_source  # a character that matches a letter only ignoring case: try all
            m = _relative_regex(src).match(text, pos) if src is not None else None
            if m:
                out.append(m)
                taken = m.end()
    return out


def _relative_windows(
    text: str, start: int, pats: _Patterns, latin: bytes | None = None
) -> list[tuple[int, int]]:
    """Sorted disjoint ``(lo, hi)`` ranges holding every offset where a relative expression may start.

    A match holds a word of its phrase that holds a head (:data:`RELATIVE_HEADS`), standing as
    a whole ASCII word (the phrase's words are ASCII letters joined by a space or line break,
    and no ASCII letter stands on either side of a match), and is at most
    ``pats.relative_longest`` characters long: it starts within that many characters before
    such a head (found case-insensitively). Text with a character that matches an ASCII letter
    only ignoring case is not narrowed down: the whole of it is one range.
    """
    if any(c in text for c in ASCII_CASE_FOLDS):
        return [(start, len(text))]
    longest = pats.relative_longest
    # one byte per character (others than Latin-1 become "?"), ASCII letters lowercased: the
    # offsets of the ASCII head words, whatever their case, and nothing else
    lower = (text.encode("latin-1", "replace") if latin is None else latin).lower()
    spans = []
    for needle, forms in pats.relative_head_words.items():
        i = lower.find(needle, start)
        while i != -1:
            # the head stands in a whole word of some phrase ("days", not "years" or "Monday")
            for word, k in forms:
                s = i - k
                e = s + len(word)
                if (
                    s >= 0
                    and lower.startswith(word, s)
                    and not lower[s - 1 : s].isalpha()  # b"" at the start: not alpha
                    and not lower[e : e + 1].isalpha()
                ):
                    spans.append((max(start, i - longest), i + len(needle)))
                    break
            i = lower.find(needle, i + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


_APPOSITION = re.compile(r"[ \n]*,?[ \n]*(?:on|in)?[ \n]*\Z")
ANCHOR_DISTANCE = 2000


def _apposition(text: str, end: int, next_explicit: int | None) -> bool:
    """True when an explicit date restates the relative one ending at ``end`` ("two days later, on 30 May")."""
    if next_explicit is None or next_explicit - end > 12:
        return False
    return bool(_APPOSITION.match(text, end, next_explicit))


_PARAGRAPH = re.compile(r"\n[ ]*\n")


@dataclass(frozen=True)
class _Anchors:
    """Explicit written years that may give a year to a date written without one, and paragraph breaks."""

    written: list[tuple[int, int, int, int]]  # (start, end, year, month), by start
    starts: list[int]
    ends: list[int]
    breaks: Sequence[int]
    length: int

    def year_for(self, pos: int) -> tuple[int, int] | None:
        """(year, month) for the date at ``pos``: the nearest written year before it in its paragraph,
        else after it in its paragraph, else before it within ``ANCHOR_DISTANCE``; None when none."""
        b = bisect.bisect_right(self.breaks, pos)
        para_start = self.breaks[b - 1] if b else -1
        para_end = self.breaks[b] if b < len(self.breaks) else self.length
        i = bisect.bisect_right(self.ends, pos) - 1  # ends are sorted too: mentions do not overlap
        before = self.written[i] if i >= 0 else None
        if before is not None and before[0] > para_start:
            return before[2], before[3]
        j = bisect.bisect_right(self.starts, pos)
        if j < len(self.written) and self.written[j][1] <= para_end:
            return self.written[j][2], self.written[j][3]
        if before is not None and pos - before[1] < ANCHOR_DISTANCE:
            return before[2], before[3]
        return None


def _finish(p: _Pending, near: tuple[int, int] | None, letter: dt.date | None) -> DateMention | None:
    """Resolve years from context, check the range, and build the mention."""
    atoms = p.atoms
    basis = "explicit"
    for a in atoms:
        if a.year is None:
            if a.month is None:
                return None
            got = _context_year(a.month, a.day, near, letter)
            if got is None:
                return None
            a.year, basis = got
            if not _valid(a):
                return None
    first = atoms[0]
    if len(atoms) == 1:
        # its ISO value (4, 7 or 10 characters) has the precision of what it gives
        precision = "day" if first.day is not None else "month" if first.month is not None else "year"
        date = _iso(first.year or 0, first.month, first.day)
        date_end = None
    else:
        precision, date, date_end = _range_dates(first, atoms[-1])
        if not precision:
            return None
    form = _form(first)
    if first.kind == "iso" and first.day is None and first.year and first.month == (first.year + 1) % 100:
        return None  # 2010-11 is a fiscal period, not November 2010
    return DateMention(
        first.start,
        atoms[-1].end,
        date,
        date_end,
        precision,
        form,
        p.group,
        basis,
        p.run_start,
        p.run_end,
        p.attributive,
    )


def _range_dates(first: _Atom, last: _Atom) -> tuple[str, str, str | None]:
    """Precision, ISO start and ISO end (None when the same) of a range; ``("", "", None)`` when
    it runs backwards or its first date does not exist."""
    if _key(first) > _key(last):
        if not first.year_written and first.year is not None:
            first.year -= 1  # "27 December to 3 January 2021"
        if _key(first) > _key(last) or not _valid(first):
            return "", "", None
    precision = _coarser(_precision(first), _precision(last))
    date = _truncate(_iso(first.year or 0, first.month, first.day), precision)
    date_end: str | None = _truncate(_iso(last.year or 0, last.month, last.day), precision)
    if date_end == date:
        date_end = None
    return precision, date, date_end
