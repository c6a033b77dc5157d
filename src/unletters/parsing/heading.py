"""The heading: `Letter dated ... from ... addressed to ...` and what it says.

A heading starts a line with a doc-type opening followed by `dated` (vocabulary `doc_types`),
sits near the top of the text, right after the header block, and runs over one to a few lines
until a blank line, a body opening (`I have the honour ...`) or the end of its addressee list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from unletters.parsing.annexes import is_annex_heading
from unletters.parsing.common import (
    Line,
    all_lines,
    collapse,
    parse_date,
    search_end,
    title_case_name,
    vocabulary,
)
from unletters.parsing.header import tokenize_line
from unletters.spans import recent_texts

MAX_HEADING_LINES = 8
# patterns compiled once (the `re` module's own cache costs a lookup per call); `\s\s*` rather
# than `\s+` at the start lets a search skip ahead to the next space in C
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_ADDRESSED_TO = re.compile(r"\baddressed\s+to\b", re.IGNORECASE)
_MISSION = re.compile(r"^(?:of\s+)?(?:the\s+)?Permanent\s+(?:Observer\s+)?Mission\s+", re.IGNORECASE)
_OF_SPACE = re.compile(r"of\s", re.IGNORECASE)
_SPACED_OF = re.compile(r"\s\s*of\s+")
_DATED = re.compile(r"\bdated\b", re.IGNORECASE)
_SPACED_FROM = re.compile(r"\s\s*from\s+", re.IGNORECASE)
_SPACED_ADDRESSED_TO = re.compile(r"\s\s*addressed\s+to\s+", re.IGNORECASE)
_SPACED_BY_THE = re.compile(r"\s\s*by\s+(?=the\s)", re.IGNORECASE)
# the heading must start within this many lines of the top of the text
MAX_HEADER_LINES = 90



def _without_the(text: str) -> str:
    """``text`` without a leading `the ` (any case, any whitespace after): ``_THE.sub("", text)``.

    ``_THE`` is anchored at the start, so one ``match`` there replaces a ``sub`` that tries every
    position.
    """
    m = _THE.match(text)
    return text[m.end() :] if m else text


@cache
def _opening_re() -> re.Pattern[str]:
    ops = sorted(vocabulary()["doc_types"]["values"], key=lambda o: -len(o["opening"]))
    alt = "|".join(re.escape(o["opening"]).replace(r"\ ", r"\s+") for o in ops)
    return re.compile(rf"(?P<opening>{alt})\s+dated\b", re.IGNORECASE)


@cache
def _body_open_re() -> re.Pattern[str]:
    alt = "|".join(re.escape(b) for b in vocabulary()["body_openings"]["values"])
    return re.compile(rf"(?:{alt})")


@cache
def _addressee_head_re() -> str:
    heads = sorted(vocabulary()["addressees"]["heads"], key=len, reverse=True)
    return "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in heads)


@cache
def _known_addressees() -> dict[str, str]:
    out: dict[str, str] = {}
    for a in vocabulary()["addressees"]["values"]:
        out[a["canonical"].lower()] = a["canonical"]
        for ex in a["examples"]:
            out[re.sub(r"^the\s+", "", collapse(ex), flags=re.IGNORECASE).lower()] = a["canonical"]
    return out


@cache
def _roles() -> list[tuple[re.Pattern[str], str, str]]:
    return [
        (re.compile(rf"(?:{r['pattern']})(?=[\s,]|$)", re.IGNORECASE), r["canonical"], r["state_after"])
        for r in vocabulary()["sender_roles"]["values"]
    ]


def doc_type_of(heading: str) -> str | None:
    """`letter`, `identical_letters` or `note_verbale` from the heading's opening, else None."""
    m = _opening_re().match(heading)
    if not m:
        return None
    opening = collapse(m.group("opening")).lower()
    for o in vocabulary()["doc_types"]["values"]:
        if o["opening"].lower() == opening:
            return str(o["doc_type"])
    return None


@cache
def _never_opening() -> frozenset[str]:
    """The ASCII characters that no doc-type opening starts with, in either case.

    A line that starts with one cannot match :func:`_opening_re` (case-insensitive matching pairs
    an ASCII letter only with its other case and with non-ASCII letters), so the regex need not
    be tried; empty when an opening does not start with an ASCII letter.
    """
    firsts = {o["opening"][:1] for o in vocabulary()["doc_types"]["values"]}
    if not all(f.isascii() and f.isalpha() for f in firsts):
        return frozenset()
    return frozenset(map(chr, range(128))).difference(*({f.lower(), f.upper()} for f in firsts))


def is_heading_start(line: str) -> bool:
    """True when ``line`` opens a heading (`Letter dated`, `Note verbale dated`, ...)."""
    s = line.strip()
    return s[:1] not in _never_opening() and _opening_re().match(s) is not None


_ADDR_SPLIT_CACHE: dict[str, re.Pattern[str]] = {}


@cache
def _more_addressees_re() -> re.Pattern[str]:
    """A line that goes on with another addressee (`and to the President of ...`)."""
    return re.compile(rf"(?:and|,)\s*(?:to\s+)?(?:the\s+)?(?:{_addressee_head_re()})\b", re.IGNORECASE)


def _addr_split() -> re.Pattern[str]:
    if "r" not in _ADDR_SPLIT_CACHE:
        heads = _addressee_head_re()
        _ADDR_SPLIT_CACHE["r"] = re.compile(
            rf"\s*,\s*(?:and\s+)?(?:to\s+)?(?:the\s+)?(?=(?:{heads})\b)|\s+and\s+(?:to\s+)?(?:the\s+)?(?=(?:{heads})\b)",
            re.IGNORECASE,
        )
    return _ADDR_SPLIT_CACHE["r"]


def parse_addressees(text: str) -> tuple[list[str], bool]:
    """Addressees of ``text`` (what follows `addressed to`), without article.

    Returns the list and whether every addressee is a known one from the vocabulary.
    """
    text = collapse(text).rstrip(" .;:")
    text = _without_the(text)
    parts = [p for p in _addr_split().split(text) if p.strip()]
    known = _known_addressees()
    out: list[str] = []
    all_known = True
    for p in parts:
        p = _without_the(p.strip()).rstrip(" ,.;")
        canon = known.get(p.lower())
        if canon is None:
            all_known = False
            canon = p
        out.append(canon)
    return out, all_known and bool(out)


@dataclass
class Heading:
    """The heading's span and text, and what it says."""

    start: int
    end: int
    title: str
    doc_type: str | None = None
    letter_date: str | None = None
    sender_role: str | None = None
    sender_states: list[Any] = field(default_factory=list)  # unletters.states.State
    sender_group: str | None = None
    addressees: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_CONNECT_END = re.compile(r"\b(?:of|the|to|and|from|dated|addressed|by|on|for|in)$|[,(]$", re.IGNORECASE)
# a match of `_CONNECT_END` is at most 9 characters and a final newline: searched in the tail only
_CONNECT_END_WIDTH = 12
_ONLY_MARKS = re.compile(r"^[\W_]+$")


def collect_heading_lines(lines: Sequence[Line], i: int) -> list[Line]:
    """The lines of a heading (or annex heading) that starts at ``lines[i]``."""
    body_open = _body_open_re()
    out = [lines[i]]
    j = i + 1
    while j < len(lines) and len(out) < MAX_HEADING_LINES:
        nxt = lines[j].text.strip()
        if (
            not nxt
            or _ONLY_MARKS.match(nxt)
            or body_open.match(nxt)
            or is_heading_start(nxt)
            or _starts_new_part(nxt)
        ):
            break
        so_far = collapse(" ".join(ln.text for ln in out))
        tail = _ADDRESSED_TO.split(so_far)
        if len(tail) > 1:
            _addressees, complete = parse_addressees(tail[-1])
            continues = bool(search_end(_CONNECT_END, so_far, _CONNECT_END_WIDTH)) or nxt[:1].islower() or nxt[:1] in "(,"
            more_addressees = _more_addressees_re().match(nxt)
            if complete and not continues and not more_addressees:
                break
            if not complete and not continues and _looks_like_sentence(nxt):
                break
        out.append(lines[j])
        j += 1
    return out


def _starts_new_part(line: str) -> bool:
    """True for an annex or enclosure heading or a `(Signed)` line."""
    return line.startswith("(Signed)") or is_annex_heading(line)


def _looks_like_sentence(line: str) -> bool:
    return len(line.split()) > 12 and line.rstrip().endswith((".", ":"))


def _after_agenda_line(lines: Sequence[Line], i: int) -> bool:
    """True when the nearest non-blank line above ``lines[i]`` is an agenda-item line."""
    for k in range(i - 1, -1, -1):
        if lines[k].blank:
            continue
        toks = tokenize_line(collapse(lines[k].text))
        return toks is not None and toks[-1].kind in ("agenda", "agenda2")
    return False


def find_heading(text: str) -> Heading | None:
    """The heading near the top of ``text`` (its first line opens with `Letter dated` or the like).

    An agenda item's title can itself read `Letter dated ...` (emergency special sessions); a
    heading-like line right under an agenda-item line is taken for the heading only when no other
    heading follows before the body. Returns None when no heading starts near the top, else a new
    :class:`Heading` (the caller may fill it in).
    """
    span = _heading_span(text)
    return None if span is None else Heading(*span)


@recent_texts(4)
def _heading_span(text: str) -> tuple[int, int, str] | None:
    """Start, end and collapsed title of :func:`find_heading`'s heading; kept for the last few
    texts, since both :func:`~unletters.parsing.classify.not_a_letter` and the parser ask."""
    lines = all_lines(text)
    body_open = _body_open_re()
    opening = _opening_re().match  # is_heading_start(), inlined below
    never = _never_opening()
    seen = 0
    chosen: list[Line] | None = None
    chosen_at = 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        stripped = ln.text.strip()
        if not stripped:  # a blank line
            i += 1
            continue
        seen += 1
        if seen > MAX_HEADER_LINES or (
            chosen is not None and (body_open.match(stripped) or seen > chosen_at + 12)
        ):
            break
        if stripped[0] not in never and opening(stripped) is not None:
            block = collect_heading_lines(lines, i)
            chosen = block
            chosen_at = seen
            if not _after_agenda_line(lines, i):
                break
            i += len(block)
            continue
        i += 1
    if chosen is None:
        return None
    start = chosen[0].start + (len(chosen[0].text) - len(chosen[0].text.lstrip()))
    end = chosen[-1].start + len(chosen[-1].text.rstrip())
    return start, end, collapse(text[start:end])


# --- the sender -----------------------------------------------------------------------------

# `,?\s+` written to open with a character class, so that a search skips in C to a comma or a space
# instead of trying every offset; the look-behinds pick what the first character was
_COMMA_OR_SPACES = r"[,\s](?:(?<=,)\s+|(?<=\s)\s*)"
# (each alternative opened with `,?\s+`; after it comes a letter, so the whitespace run is read
# whole whichever alternative follows, and the shared opening can stand before them)
_TO_UN = re.compile(
    _COMMA_OR_SPACES + r"(?:(?:to|at)\s+the\s+United\s+Nations\b.*$|in\s+(?:New\s+York|Geneva|Vienna)\b.*$"
    r"|on\s+the\s+(?:Security\s+Council|Trusteeship\s+Council|Economic\s+and\s+Social\s+Council)\b.*$)",
    re.IGNORECASE,
)
_CAPACITY = re.compile(
    _COMMA_OR_SPACES + r"in\s+(?:its|his|her|their)\s+capacity\s+as\s+(?:the\s+)?(?P<role>Chair(?:man|person|woman)?|President|Coordinator)\s+of\s+(?P<group>.+)$",
    re.IGNORECASE,
)


@cache
def _states_api() -> Any:
    """The :mod:`unletters.states` module, imported on first use (a cached call is cheaper than
    an ``import`` statement per name resolved)."""
    from unletters import states

    return states


def resolve_state(name: str) -> Any:
    """The State ``name`` names (article, capitals and curly apostrophes tolerated), else None."""
    states = _states_api()
    name = collapse(name).replace("\u2019", "'").strip(" ,.;")
    candidates = [name]
    bare = _without_the(name)
    candidates.append(bare)
    if name.isupper():
        candidates += [title_case_name(name), title_case_name(bare)]
    for c in candidates:
        st = states.resolve(c)
        if st is not None:
            return st
    return None


def resolve_state_list(text: str) -> list[Any] | None:
    """The States of a list (`Armenia, France and Ghana`), or None when one is unknown."""
    states = _states_api()
    text = collapse(text).replace("\u2019", "'").strip(" ,.;")
    one = resolve_state(text)
    if one is not None:
        return [one]
    for cand in (text, title_case_name(text) if text.isupper() else None):
        if cand is None:
            continue
        got = states.split_state_list(cand)
        if got:
            return list(got)
    return None


def _group_name(text: str) -> str:
    text = _TO_UN.sub("", collapse(text))
    text = _without_the(text).strip(" ,.;")
    return title_case_name(text) if text.isupper() else text


@cache
def _sender_split() -> re.Pattern[str]:
    """Where a heading's `from ...` part goes on with another sender (`and the <role>`)."""
    roles = "|".join(r[0].pattern.split("(?=")[0] for r in _roles())
    return re.compile(rf"{_COMMA_OR_SPACES}and\s+(?=the\s+(?:{roles}))", re.IGNORECASE)


def _split_senders(segment: str) -> list[str]:
    """Sender phrases of a heading's `from ...` part (`the PR of X and the Chargé ... of Y`)."""
    parts = _sender_split().split(segment)
    return [p.strip() for p in parts if p.strip()]


def parse_sender(segment: str, h: Heading) -> None:
    """Fill ``h``'s sender fields from the `from ...` part of the heading."""
    segment = collapse(segment)
    cap = _CAPACITY.search(segment)
    if cap:
        h.sender_group = _group_name(cap.group("group"))
        segment = segment[: cap.start()]
    roles_seen: list[str] = []
    states: list[Any] = []
    for phrase in _split_senders(segment):
        phrase = _without_the(phrase)
        for rx, canonical, state_after in _roles():
            m = rx.match(phrase)
            if not m:
                continue
            roles_seen.append(canonical)
            rest = phrase[m.end() :].strip()
            if state_after == "none":
                break
            rest = _MISSION.sub("", rest) if state_after == "mission" else rest
            if not _OF_SPACE.match(rest):
                h.warnings.append(f"the sender '{phrase}' names no State or group after the role")
                break
            rest = rest[3:]
            if state_after == "group":
                st_one = resolve_state(_TO_UN.sub("", rest))
                if st_one is not None:
                    states.append(st_one)
                else:
                    h.sender_group = _group_name(rest)
                break
            place = _TO_UN.sub("", rest)
            got = resolve_state_list(place)
            if got is None:
                h.warnings.append(f"sender State not recognized in '{collapse(place)}'")
            else:
                states.extend(got)
            break
        else:
            # no known role: `the <role> of <State>` with a State after some `of`
            found = False
            for m in _SPACED_OF.finditer(phrase):
                st = resolve_state_list(_TO_UN.sub("", phrase[m.end() :]))
                if st:
                    roles_seen.append(phrase[: m.start()].strip())
                    states.extend(st)
                    found = True
                    break
            if not found:
                h.warnings.append(f"sender not recognized in '{phrase}'")
    distinct_roles = list(dict.fromkeys(roles_seen))
    if len(distinct_roles) == 1:
        h.sender_role = distinct_roles[0]
    elif len(distinct_roles) > 1:
        h.warnings.append(
            f"the senders have different roles ({', '.join(distinct_roles)}); sender_role left null"
        )
    seen: set[str] = set()
    for st in states:
        if st.iso3 not in seen:
            seen.add(st.iso3)
            h.sender_states.append(st)


def parse_heading_text(h: Heading) -> Heading:
    """Fill the fields of ``h`` from its title; returns ``h``."""
    title = h.title
    h.doc_type = doc_type_of(title)
    m_dated = _DATED.search(title)
    m_from = _SPACED_FROM.search(title[m_dated.end() :] if m_dated else title)
    m_addr = _SPACED_ADDRESSED_TO.search(title)
    date_zone = (
        title[m_dated.end() : m_dated.end() + m_from.start()]
        if m_dated and m_from
        else title[: m_addr.start()]
        if m_addr
        else title
    )
    h.letter_date = parse_date(date_zone)
    if h.letter_date is None:
        h.warnings.append("no date could be read in the heading")
    sender = None
    addressee = None
    if m_dated and m_from:
        from_start = m_dated.end() + m_from.end()
        if m_addr and m_addr.start() > from_start:
            sender = title[from_start : m_addr.start()]
            addressee = title[m_addr.end() :]
        elif m_addr:
            addressee = title[m_addr.end() :]
        else:
            sender = title[from_start:]
    elif m_addr:
        # older form: `Letter dated ... addressed to the Secretary-General by the representative of X`
        rest = title[m_addr.end() :]
        by = _SPACED_BY_THE.search(rest)
        if by:
            addressee, sender = rest[: by.start()], rest[by.end() :]
        else:
            addressee = rest
    if sender is not None:
        parse_sender(sender, h)
    else:
        h.warnings.append("the heading names no sender ('from ...')")
    if addressee is not None:
        h.addressees, _ = parse_addressees(addressee)
    else:
        h.warnings.append("the heading names no addressee ('addressed to ...')")
    return h
