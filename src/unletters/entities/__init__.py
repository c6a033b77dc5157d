"""Entities: STATE, PLACE, PERSON and ORGANIZATION mentions in a letter, canonical and exact.

``extract_entities(doc)`` returns the entity rows of one documents row (columns of
``schema/entities.schema.json``). How a letter is read:

1. Only the text from the heading on (the first occurrence of ``doc["title"]``) is read: the
   header block before it (organ line, agenda item titles, symbols) is not. Agenda titles
   repeat what the body says and the organ line would count the organ once more per letter;
   leaving the whole header out keeps every letter's counts comparable. Without a title found
   in the text the whole text is read.
2. Candidates: one scan over the capitalized word starts walks the gazetteer trie (States with
   their adjectives, organizations, regions and seas, non-entities such as ``United States
   dollars``) and the GeoNames cities; regular expressions add names after titles, signatories,
   later mentions of a found name, and places named by patterns (``the city of X``).
3. Overlaps: the longest span wins, then the stronger evidence (``_scan.RANK``); the result is a
   flat set of spans, so ``Republic of Azerbaijan`` is one STATE row, ``Lake Chad`` one PLACE
   row, ``Group of 77 and China`` one ORGANIZATION row, and ``United States dollars`` none.
4. Roles from the heading: the sending State(s) or group named there are ``sender``, the organ
   after ``addressed to`` ``addressee``; a signatory's name is ``signatory``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from unletters.entities._scan import RANK, UPPER, Candidate, Entry
from unletters.entities.gazetteer import cities
from unletters.entities.gazetteer import gazetteer as _gazetteer
from unletters.entities.persons import (
    repeat_candidates,
    signatory_candidates,
    title_candidates,
    title_first_words,
    unify_names,
)
from unletters.entities.places import (
    city_candidates,
    keyword_after,
    keyword_before,
    keyword_before_tails,
    keyword_prefixes,
    list_candidates,
    pattern_candidates,
)
from unletters.spans import heading_span, locate

__all__ = ["COLUMNS", "extract_entities", "find_candidates", "heading_span"]

COLUMNS = (
    "entity_id",
    "doc_id",
    "start",
    "end",
    "surface",
    "type",
    "subtype",
    "canonical",
    "iso3",
    "method",
    "role",
    "part",
    "annex_index",
    "page",
)
_TYPE_ORDER = {"STATE": 0, "ORGANIZATION": 1, "PERSON": 2, "PLACE": 3}


def _scan_words(text: str, begin: int) -> tuple[list[Candidate], list[int], list[tuple[int, int]]]:
    """Gazetteer and city candidates, where a person title may start, and the place keywords.

    One pass over the capitalized words of ``text[begin:]``: each is looked up as the first
    token of a gazetteer form, of a city name and of a title, and checked for a place keyword
    right after it (``Zangilan districts``); keywords before one (``districts of Aghdam``) are
    looked for at each ``of`` (:func:`_keywords_before`), fewer than the words.
    """
    walk = _gazetteer().walk
    singles = _single_forms()
    dispatch = _dispatch()
    out: list[Candidate] = []
    titles: list[int] = []
    keywords = _keywords_before(text, begin)
    for m in _cap_word_re().finditer(text, begin):
        word = m.group()
        end = m.end()
        if m.lastindex:  # a place keyword may follow
            k = keyword_after(text, end)
            if k is not None:
                keywords.add(k)
        flags = dispatch.get(word)
        if not flags:
            continue
        start = m.start()
        if flags & _IN_TRIE:
            single = singles.get(word)
            # a one-word form that starts no longer one (most State names) needs no walk
            matches = ((end, single),) if single is not None else walk(text, word, end)
            for stop, entries in matches:
                for e in entries:
                    if e.source == "adjective" and _language_use(text, start, stop):
                        continue
                    out.append(
                        Candidate(
                            start, stop, e.type, e.subtype, e.canonical, e.iso3, "gazetteer", RANK[e.source]
                        )
                    )
        if flags & _IN_CITIES:
            out.extend(city_candidates(text, start, word, end))
        if flags & _IN_TITLES:
            titles.append(start)
    for first in _lowercase_firsts():  # forms such as "former Yugoslav Republic of Macedonia"
        i = text.find(first, begin)
        while i >= 0:
            if i == 0 or not text[i - 1].isalnum():
                for stop, entries in walk(text, first, i + len(first)):
                    for e in entries:
                        out.append(
                            Candidate(
                                i, stop, e.type, e.subtype, e.canonical, e.iso3, "gazetteer", RANK[e.source]
                            )
                        )
            i = text.find(first, i + 1)
    return out, titles, sorted(keywords)


def _keywords_before(text: str, begin: int) -> set[tuple[int, int]]:
    """Spans of the place keywords written before ``of`` and a capitalized word at or after
    ``begin`` (``districts of Aghdam``): the capitalized words of the scan that follow ``of``."""
    tails = keyword_before_tails()
    out = set()
    # a capital after a space always starts a word of the scan
    for m in _OF_CAPITAL.finditer(text, max(0, begin - 4)):
        start = m.end()
        if tails is None or text[start - 8 : start] in tails:
            k = keyword_before(text, start)
            if k is not None:
                out.add(k)
    return out


_OF_CAPITAL = re.compile(rf" of (?={UPPER})")


@cache
def _single_forms() -> dict[str, list[Entry]]:
    """Root words of the trie that are a whole form and start no longer one (most State names)."""
    from unletters.entities._scan import _TERM

    return {w: node[_TERM] for w, node in _gazetteer().root.items() if set(node) == {_TERM}}


@cache
def _lowercase_firsts() -> tuple[str, ...]:
    """First tokens of gazetteer forms that do not start with a capital (the scan skips them)."""
    return tuple(sorted(k for k in _gazetteer().root if not k[:1].isupper()))


_IN_TRIE, _IN_CITIES, _IN_TITLES = 1, 2, 4
_LANGUAGE_BEFORE = re.compile(r"(?:\b(?:in|from|into|to|and|or)|Original:|\() ?$")


def _language_use(text: str, start: int, end: int) -> bool:
    """Whether an adjective at ``text[start:end]`` names a language (``spoke in French.``).

    True when nothing but punctuation follows it and ``in``, ``from``, ``into``, ``to`` or a
    list of languages comes right before: ``(spoke in French)``, ``translated from Russian,``.
    """
    if end < len(text) and (text[end] == " " and end + 1 < len(text) and text[end + 1].isalpha()):
        return False
    if end < len(text) and text[end].isalpha():
        return False
    return _LANGUAGE_BEFORE.search(text, max(0, start - 12), start) is not None


@cache
def _dispatch() -> dict[str, int]:
    """First token -> which of the trie, the cities and the titles it may start (bit flags)."""
    out: dict[str, int] = {}
    for flag, words in (
        (_IN_TRIE, _gazetteer().root),
        (_IN_CITIES, cities().first_tokens),
        (_IN_TITLES, title_first_words()),
    ):
        for w in words:
            out[w] = out.get(w, 0) | flag
    return out


# a capitalized word not preceded by a word character (``\b{UPPER}``), written capital first so
# that the regex engine skips ahead to capitals instead of trying every offset
_CAP_WORD = rf"{UPPER}(?<!\w.)[^\W\d_]*"


@cache
def _cap_word_re() -> re.Pattern[str]:
    """A capitalized word (``_CAP_WORD``); its empty group 1 matches when the first four letters
    of a place keyword follow after a space or line break (``Zangilan| districts``), the cheap
    test before ``keyword_after``. The group never changes what the word's match covers."""
    prefixes = "|".join(map(re.escape, sorted(keyword_prefixes())))
    return re.compile(rf"{_CAP_WORD}(?:(?=[ \n](?:{prefixes}))())?")


def find_candidates(doc: Mapping[str, Any], begin: int = 0) -> list[Candidate]:
    """Every non-overlapping entity span of ``doc["text"][begin:]`` (and the signatories), in text order.

    Longest span first; between equal spans the lower ``RANK`` wins. Non-entity spans
    (type ``None``) suppress what they cover and are not returned.
    """
    text = doc.get("text") or ""
    cands, titles, keywords = _scan_words(text, begin)
    cands += pattern_candidates(text, begin, keywords)
    signatories = signatory_candidates(doc, text)
    people = [c for c in title_candidates(text, titles) if not _overlaps(c, signatories)] + signatories
    cands += people
    cands += repeat_candidates(text, begin, people)
    kept = _resolve(cands, len(text))
    places = [c for c in kept if c.type == "PLACE"]
    if places:
        more = [c for c in list_candidates(text, begin, places) if not _overlaps(c, kept)]
        if more:
            kept = _resolve(kept + more, len(text))
    return unify_names(kept)


def _overlaps(c: Candidate, others: list[Candidate]) -> bool:
    return any(o.start < c.end and c.start < o.end for o in others)


def _resolve(cands: list[Candidate], size: int) -> list[Candidate]:
    """Non-overlapping candidates, longest first, then by rank; in text order."""
    cands.sort(key=lambda c: (c.start - c.end, c.rank, c.start, _TYPE_ORDER.get(c.type or "", 9)))
    taken = bytearray(size + 1)
    kept = []
    for c in cands:
        if c.end <= c.start or any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        if c.type is not None:
            kept.append(c)
    kept.sort(key=lambda c: (c.start, c.end, _TYPE_ORDER[c.type or ""]))
    return kept


def _roles(
    doc: Mapping[str, Any], kept: list[Candidate], heading: tuple[int, int] | None
) -> list[str | None]:
    text = doc.get("text") or ""
    senders = {str(c) for c in doc.get("sender_iso3s") or () if c}
    if doc.get("sender_iso3"):
        senders.add(str(doc["sender_iso3"]))
    group = str(doc.get("sender_group") or "")
    signatory_spans = {(c.start, c.end) for c in signatory_candidates(doc, text)}
    addressed = -1
    if heading is not None:
        m = re.search(r"\baddressed\s+to\b", text[heading[0] : heading[1]])
        addressed = heading[0] + m.start() if m else heading[1]
    roles: list[str | None] = []
    for c in kept:
        role = None
        if c.type == "PERSON" and (c.start, c.end) in signatory_spans:
            role = "signatory"
        elif heading is not None and heading[0] <= c.start < heading[1]:
            if c.start < addressed:
                if c.type == "STATE" and c.subtype is None and c.iso3 in senders:
                    role = "sender"
                elif c.type == "ORGANIZATION" and group and c.canonical == group:
                    role = "sender"
            elif c.type == "ORGANIZATION" and c.canonical != "United Nations":
                role = "addressee"
        roles.append(role)
    return roles


def extract_entities(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the entity rows of a documents row, in reading order, ids ``doc_id/e1``...

    Each row has exactly the columns of ``schema/entities.schema.json``; ``text[start:end] ==
    surface`` holds for every row.
    """
    text = doc.get("text") or ""
    if not text:
        return []
    heading = heading_span(doc)
    begin = heading[0] if heading else 0
    kept = find_candidates(doc, begin)
    roles = _roles(doc, kept, heading)
    doc_id = doc.get("doc_id")
    rows = []
    for i, (c, role) in enumerate(zip(kept, roles, strict=True), 1):
        part, annex_index, page = locate(doc, c.start)
        rows.append(
            {
                "entity_id": f"{doc_id}/e{i}",
                "doc_id": doc_id,
                "start": c.start,
                "end": c.end,
                "surface": text[c.start : c.end],
                "type": c.type,
                "subtype": c.subtype,
                "canonical": c.canonical,
                "iso3": c.iso3,
                "method": c.method,
                "role": role,
                "part": part,
                "annex_index": annex_index,
                "page": page,
            }
        )
    return rows
