"""The header block: organs, symbols, distribution, issue date, languages, session, agenda items.

The header is every line above the heading. Each line is read as a run of known tokens
(masthead, organ, symbol, `Distr.`, date, `Original:`, session, year, agenda item list); a line
made only of tokens is a header line, whatever their order (PDF text often puts two columns on
one line). Lines that are not header lines and follow an agenda-item line are the item titles.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from unletters.parsing.common import (
    DATE_DMY,
    JOINT_DASH,
    SYMBOL,
    Line,
    clean_symbol,
    collapse,
    ordinal_regex,
    ordinal_value,
    parse_date,
    search_end,
    vocabulary,
)

_NUM = r"[0-9]{1,3}(?:\s?\([a-z]{1,3}\))?"
_NUM_LIST = rf"{_NUM}(?:\s{{0,3}}(?:,|,?\s+and|\s+to)\s+{_NUM}){{0,30}}"
_NUM_RE = re.compile(r"([0-9]{1,3})(?:\s?\(([a-z]{1,3})\))?")
_SEP = re.compile(r"[\s/,;\u2013\u2014\u2012-]+")
# what `_SEP` matches besides whitespace (`str.isspace` is what `\s` matches)
_SEP_MARKS = frozenset("/,;\u2013\u2014\u2012-")
_BARCODE = re.compile(r"\*[0-9]{7,10}\*$")
_JOINT_SYMBOLS = re.compile(JOINT_DASH + r"(?=[A-Z]{1,6}(?:\.[0-9]{1,4})?/)")
_AGENDA_PIECES = re.compile(r"\s*,\s*|\s+and\s+", re.IGNORECASE)
_AGENDA_RANGE = re.compile(r"([0-9]{1,3})\s+to\s+([0-9]{1,3})", re.IGNORECASE)
# the named group that wraps each alternative of the token regex: `_kind_<kind>`
_KIND_PREFIX = "_kind_"


def _initials(words: list[str]) -> str:
    """The first letters of ``words``, lowercased (what a case-insensitive match of one opens with)."""
    return "".join(sorted({w[0].lower() for w in words}))


_DIGIT_FIRSTS = "0123456789"
_LETTER_FIRSTS = "abcdefghijklmnopqrstuvwxyz"


@cache
def _token_parts() -> tuple[tuple[str, str], ...]:
    """The alternatives of the header token regex, in trial order: (what a match of the alternative
    can open with, as lowercase ASCII characters; its regex source, wrapped in its kind group).

    Each alternative is wrapped in a group ``_kind_<kind>``: it closes last, so a match's
    ``lastgroup`` names the alternative that matched (its first named group, ``<kind>``).
    """
    v = vocabulary()
    organ_names = [o["canonical"] for o in v["organs"]["values"]]
    organs = "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in organ_names)
    lang_names = v["languages"]["values"]
    langs = "|".join(lang_names)
    lang_list = rf"(?:{langs})(?:\s*(?:,|/|and)\s*(?:{langs})){{0,5}}"
    dist_names = v["distributions"]["values"]
    dists = "|".join(dist_names)
    months = DATE_DMY.pattern
    ordw = ordinal_regex()
    o = v["ordinals"]
    ord_firsts = _initials([w for table in ("units", "teens", "tens_ordinal", "tens_cardinal") for w in o[table]])
    parts = [
        ("un", r"(?P<masthead>United\s+Nations|Nations\s+Unies)"),
        (_initials(organ_names), rf"(?P<organ>{organs})"),
        (_LETTER_FIRSTS, rf"(?P<symbol>{SYMBOL}\*?(?:{JOINT_DASH}{SYMBOL}\*?)?)"),
        ("d", rf"(?P<distr>Distr\.?\s*:?)(?:\s*(?P<distr_value>{dists})\b)?"),
        ("o", rf"(?P<original>Original\s*:)(?:\s*(?P<original_value>{lang_list})\b)?"),
        (ord_firsts, rf"(?P<special>(?P<special_ord>{ordw})\s+(?P<special_kind>emergency\s+special|special)\s+session)"),
        ("r" + ord_firsts, rf"(?P<session>(?:resumed\s+)?(?P<session_ord>{ordw})\s+session)"),
        ("12", r"(?P<session_year>(?P<session_year_n>(?:19|20)[0-9]{2})\s+(?:substantive\s+|organizational\s+|regular\s+|resumed\s+){0,2}session)"),
        (_DIGIT_FIRSTS, r"(?P<session_num>(?P<session_num_n>[0-9]{1,3})(?:st|nd|rd|th)\s+session)"),
        (ord_firsts, rf"(?P<year>(?P<year_ord>{ordw})\s+year)"),
        ("pa", rf"(?P<agenda>(?:provisional\s+)?agenda\s+items?\s+(?P<agenda_list>{_NUM_LIST})\*?)"),
        ("i", rf"(?P<agenda2>items?\s+(?P<agenda2_list>{_NUM_LIST})\s+of\s+the\s+(?:provisional\s+agenda|preliminary\s+list|agenda)\*?)"),
        (_DIGIT_FIRSTS, rf"(?P<daterange>[0-9]{{1,2}}(?:\s+(?:{'|'.join(_months())}))?(?:\s+[0-9]{{4}})?\s*[\u2013\u2014-]\s*{months})"),
        (_DIGIT_FIRSTS, rf"(?P<date>{months})"),
        (_initials(dist_names), rf"(?P<distr_word>{dists})\b"),
        (_initials(lang_names), rf"(?P<language>{lang_list})\b"),
    ]
    wrapped = []
    for firsts, part in parts:
        kind = re.match(r"\(\?P<(\w+)>", part)
        assert kind is not None, "every alternative opens with its kind's named group"
        wrapped.append((firsts, f"(?P<{_KIND_PREFIX}{kind.group(1)}>{part})"))
    return tuple(wrapped)


@cache
def _token_re() -> re.Pattern[str]:
    """The header token regex: every alternative of :func:`_token_parts`, in trial order."""
    return re.compile("|".join(src for _, src in _token_parts()), re.IGNORECASE)


@cache
def _token_re_at(c: str) -> re.Pattern[str] | None:
    """The header token regex for a token that opens with the character ``c``.

    For an ASCII ``c``, only the alternatives that can open with it (in their trial order), or
    None when none can: it matches exactly what :func:`_token_re` matches at such a position,
    without trying the others. Any other character (a case-insensitive match of a non-ASCII
    character may fold to an ASCII letter) gets the whole regex.
    """
    if not c.isascii():
        return _token_re()
    key = c.lower()
    sources = [src for firsts, src in _token_parts() if key in firsts]
    return re.compile("|".join(sources), re.IGNORECASE) if sources else None


def _months() -> list[str]:
    from unletters.parsing.common import MONTHS

    return list(MONTHS)


class _Token(NamedTuple):
    """One header token: its kind (the alternative that matched) and its match."""

    kind: str
    match: re.Match[str]


# a `_Token` from a (kind, match) tuple without calling its Python-level `__new__`
_NEW_TOKEN = functools.partial(tuple.__new__, _Token)
_KIND_CUT = len(_KIND_PREFIX)


def _tokenize(line: str) -> tuple[list[_Token], int]:
    """The header tokens at the start of ``line`` and where they stop."""
    regex_at = _token_re_at
    sep_at = _SEP.match
    pos = 0
    n = len(line)
    toks: list[_Token] = []
    while True:
        # `_SEP.match(line, pos)`, or `pos` when it does not match; the regex is asked only when
        # the separators run on past a single space (tokens are mostly one space apart)
        c = line[pos : pos + 1]
        if c == " " and not (d := line[pos + 1 : pos + 2]).isspace() and d not in _SEP_MARKS:
            start = pos + 1
        elif c.isspace() or c in _SEP_MARKS:
            sep = sep_at(line, pos)
            start = sep.end() if sep else pos
        else:
            start = pos
        if start >= n:
            return toks, n
        rx = regex_at(line[start])
        m = rx.match(line, start) if rx is not None else None
        if m is None:
            return toks, pos
        end = m.end()
        if end == start:
            return toks, pos
        # a token must end at a word boundary
        if end < n and line[end - 1].isalnum() and line[end].isalnum():
            return toks, pos
        kind = m.lastgroup
        toks.append(_NEW_TOKEN((kind[_KIND_CUT:] if kind else "", m)))
        pos = end


def tokenize_line(line: str) -> list[_Token] | None:
    """The header tokens of ``line`` when the whole line is made of them, else None."""
    toks, stop = _tokenize(line)
    return toks if toks and stop >= len(line) else None


def split_agenda_line(line: str) -> tuple[list[_Token], str] | None:
    """`Agenda item 40 The situation in ...` (a title run onto the agenda line): the tokens up to
    the agenda list and the rest of the line, else None."""
    toks, _ = _tokenize(line)
    return _split_agenda(line, toks)


def _split_agenda(line: str, toks: list[_Token]) -> tuple[list[_Token], str] | None:
    """:func:`split_agenda_line` of ``line`` given its tokens."""
    last = max((k for k, t in enumerate(toks) if t.kind in ("agenda", "agenda2")), default=None)
    if last is None:
        return None
    rest = line[toks[last].match.end() :].strip()
    if rest[:1].isupper():
        return toks[: last + 1], rest
    return None


@dataclass
class Header:
    """What the header block says; fields are None (or empty) when it does not say them."""

    symbols: list[str] = field(default_factory=list)
    organs: list[str] = field(default_factory=list)
    distribution: str | None = None
    issue_date: str | None = None
    original_language: str | None = None
    session: int | None = None
    special_session: str | None = None
    sc_year: int | None = None
    agenda_items: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _canonical_organ(surface: str) -> str:
    s = collapse(surface).lower()
    for o in vocabulary()["organs"]["values"]:
        if o["canonical"].lower() == s:
            return str(o["canonical"])
    return collapse(surface)


_LANGUAGE_SEPARATOR = re.compile(r"(\s*(?:,|/|and)\s*)", re.IGNORECASE)


def _canonical_language(surface: str) -> str:
    words = _LANGUAGE_SEPARATOR.split(collapse(surface))
    return "".join(
        w.capitalize() if w.strip(" ,/").isalpha() and w.strip().lower() != "and" else w.lower()
        for w in words
    )


def agenda_numbers(listing: str) -> list[str]:
    """Item numbers of an agenda list (`20, 29 (a) and 73` -> ['20', '29 (a)', '73']); ranges expanded."""
    out: list[str] = []
    pieces = _AGENDA_PIECES.split(listing.strip().rstrip("*"))
    for piece in pieces:
        rng = _AGENDA_RANGE.fullmatch(piece.strip())
        if rng and 0 < int(rng.group(2)) - int(rng.group(1)) <= 20:
            out.extend(str(i) for i in range(int(rng.group(1)), int(rng.group(2)) + 1))
            continue
        m = _NUM_RE.fullmatch(piece.strip())
        if m:
            out.append(m.group(1) + (f" ({m.group(2).lower()})" if m.group(2) else ""))
    return out


_CONNECT_END = re.compile(
    r"(?:\b(?:of|the|and|in|on|for|to|at|with|by|from|its|their|a|an|or|including|between|against|concerning)|[,:;(\u2013-])$",
    re.IGNORECASE,
)
# a match of `_CONNECT_END` is at most 10 characters and a final newline: searched in the tail only
_CONNECT_END_WIDTH = 13
_CONNECT_START = re.compile(
    r"^(?:of|and|in|on|for|to|at|with|by|from|including|between|against|concerning)\b", re.IGNORECASE
)
_LOWER_START = re.compile(r"^[a-z(]")


@cache
def _title_openings() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["agenda_title_openings"]["values"])


def group_titles(paragraphs: list[list[str]], n: int) -> tuple[list[str], bool]:
    """Agenda titles from title lines: ``n`` titles when the numbers are known (``n`` > 0).

    ``paragraphs`` are runs of lines separated by blank lines. Returns the titles and whether
    the split into titles is certain (a blank-line layout, one title, or line counts that fit).
    """
    if n == 1:
        return [collapse(" ".join(ln for p in paragraphs for ln in p))], True
    if n > 0 and len(paragraphs) == n:
        return [collapse(" ".join(p)) for p in paragraphs], True
    lines = [ln for p in paragraphs for ln in p]
    if n > 0 and len(lines) == n:
        return [collapse(ln) for ln in lines], True
    # join wrapped lines: a line that starts lowercase or with a connecting word, or follows a
    # line that ends with one, continues the title above
    groups: list[list[str]] = []
    for ln in lines:
        caps = ln.isupper()
        cont = groups and (
            _LOWER_START.match(ln)
            or (caps and _CONNECT_START.match(ln))
            or search_end(_CONNECT_END, groups[-1][-1], _CONNECT_END_WIDTH)
        )
        if cont:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    if n > 0 and len(groups) > n:
        # merge where the next line's first word could not have fitted on the line above (a wrap
        # at the margin, the margin estimated as the longest line); most overflow first
        width = max(len(ln) for ln in lines)

        def slack(i: int) -> tuple[bool, int, int, int]:
            upper, lower = groups[i][-1], groups[i + 1][0]
            first = lower.split(" ", 1)[0]
            opens = first.lower() in _title_openings()
            return (opens, width - (len(upper) + 1 + len(first)), -len(upper), i)

        while len(groups) > n:
            best = min(range(len(groups) - 1), key=slack)
            groups[best] = groups[best] + groups.pop(best + 1)
        return [collapse(" ".join(g)) for g in groups], False
    return [collapse(" ".join(g)) for g in groups], n <= 0 or len(groups) == n


@cache
def _organ_names() -> frozenset[str]:
    return frozenset(o["canonical"].lower() for o in vocabulary()["organs"]["values"])


@cache
def _organ_heads() -> frozenset[str]:
    """The words of each organ name before one of its spaces, lowercased (`general`, `economic and`)."""
    return frozenset(name[:i] for name in _organ_names() for i, c in enumerate(name) if c == " ")


def _merge_split_organs(lines: list[Line]) -> list[tuple[str, Line]]:
    """Logical header lines: an organ broken over two lines (`GENERAL` / `ASSEMBLY`) is joined."""
    organs, heads = _organ_names(), _organ_heads()
    texts = [" ".join(ln.text.split()) for ln in lines]  # collapse(), inlined
    out: list[tuple[str, Line]] = []
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i]
        text = texts[i]
        # only a line that opens an organ name (its lowercase is one of `heads`) can be joined
        if i + 1 < n and text and text.lower() in heads:
            nxt = texts[i + 1]
            if nxt and f"{text} {nxt}".lower() in organs and text.lower() not in organs:
                out.append((f"{text} {nxt}", ln))
                i += 2
                continue
        out.append((text, ln))
        i += 1
    return out


def parse_header(lines: list[Line]) -> Header:
    """Read the header block (the lines above the heading); returns a :class:`Header`."""
    h = Header()
    expect_distribution = False
    expect_language = False
    in_agenda = False  # title lines now belong to the last agenda list
    agenda_groups: list[tuple[list[str], list[list[str]]]] = []  # (numbers, title paragraphs)
    seen_session = False
    untitled: list[list[str]] = []  # title lines after a session line when no agenda line exists
    for text, _ln in _merge_split_organs(lines):
        if not text:
            if in_agenda and agenda_groups and agenda_groups[-1][1] and agenda_groups[-1][1][-1]:
                agenda_groups[-1][1].append([])
            elif untitled and untitled[-1]:
                untitled.append([])
            continue
        if text.startswith("*") and not _BARCODE.match(text):
            continue  # a header footnote (`* A/75/150.`, `* Reissued for technical reasons`)
        all_toks, stop = _tokenize(text)
        toks = all_toks if all_toks and stop >= len(text) else None  # what tokenize_line gives
        run_on: str | None = None
        if toks is None:
            split = _split_agenda(text, all_toks)
            if split is not None:
                toks, run_on = split
        if toks is None:
            if in_agenda and agenda_groups:
                paras = agenda_groups[-1][1]
                if not paras:
                    paras.append([])
                paras[-1].append(text)
            elif seen_session:
                if not untitled:
                    untitled.append([])
                untitled[-1].append(text)
            continue
        for t in toks:
            m, k = t.match, t.kind
            if k == "masthead":
                continue
            if k == "organ":
                organ = _canonical_organ(m.group("organ"))
                if organ not in h.organs:
                    h.organs.append(organ)
                in_agenda = False
            elif k == "symbol":
                for part in _JOINT_SYMBOLS.split(m.group("symbol")):
                    sym = clean_symbol(part.strip())
                    if sym and sym not in h.symbols:
                        h.symbols.append(sym)
            elif k == "distr":
                if m.group("distr_value"):
                    h.distribution = m.group("distr_value").capitalize()
                else:
                    expect_distribution = True
            elif k == "distr_word":
                if expect_distribution:
                    h.distribution = m.group("distr_word").capitalize()
                expect_distribution = False
            elif k == "original":
                if m.group("original_value"):
                    h.original_language = _canonical_language(m.group("original_value"))
                else:
                    expect_language = True
            elif k == "language":
                if expect_language:
                    h.original_language = _canonical_language(m.group("language"))
                    expect_language = False
            elif k == "date":
                if h.issue_date is None:
                    h.issue_date = parse_date(m.group("date"))
            elif k == "daterange":
                pass
            elif k == "special":
                n = ordinal_value(collapse(m.group("special_ord")))
                kind = collapse(m.group("special_kind")).lower()
                if n:
                    h.special_session = ("ES-" if kind.startswith("emergency") else "S-") + str(n)
                seen_session = True
                in_agenda = False
            elif k in ("session", "session_num"):
                n = (
                    ordinal_value(collapse(m.group("session_ord")))
                    if k == "session"
                    else int(m.group("session_num_n"))
                )
                if h.session is None and n:
                    h.session = n
                seen_session = True
                in_agenda = False
            elif k == "session_year":
                seen_session = True
                in_agenda = False
            elif k == "year":
                n = ordinal_value(collapse(m.group("year_ord")))
                if h.sc_year is None and n:
                    h.sc_year = n
                seen_session = True
                in_agenda = False
            elif k in ("agenda", "agenda2"):
                listing = m.group("agenda_list") if k == "agenda" else m.group("agenda2_list")
                agenda_groups.append((agenda_numbers(listing), []))
                in_agenda = True
        if run_on is not None and agenda_groups:
            agenda_groups[-1][1].append([run_on])
    for numbers, paras in agenda_groups:
        paras = [p for p in paras if p]
        if not paras:
            h.agenda_items.extend({"number": num, "title": None} for num in numbers)
            h.warnings.append(f"no title printed under agenda item(s) {', '.join(numbers)}")
            continue
        titles, certain = group_titles(paras, len(numbers))
        if not certain:
            h.warnings.append(
                f"the titles of agenda items {', '.join(numbers)} wrap over several lines; "
                "their split into items is inferred from line layout"
            )
        for i, num in enumerate(numbers):
            h.agenda_items.append({"number": num, "title": titles[i] if i < len(titles) else None})
    if not agenda_groups and untitled:
        paras = [p for p in untitled if p]
        titles, _ = group_titles(paras, 0)
        h.agenda_items.extend({"number": None, "title": t} for t in titles)
    return h
