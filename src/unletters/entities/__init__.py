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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from functools import cache
from itertools import accumulate
from operator import itemgetter
from typing import Any

from unletters.entities._scan import _NEXT, _TERM, RANK, UPPER, Candidate
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
    city_is_the_word,
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
    right before it (``districts of Aghdam``) or right after it (``Zangilan districts``) where
    the scan's regular expression flags that one may be (:func:`_cap_word_re`).
    """
    dispatch = _dispatch()
    out: list[Candidate] = []
    titles: list[int] = []
    keywords = set()
    for m in _cap_word_re().finditer(text, begin):
        if m.lastindex:  # a place keyword may come before or after the word
            if m[1] is not None:
                k = keyword_before(text, m.start())
                if k is not None:
                    keywords.add(k)
            if m[2] is not None:
                k = keyword_after(text, m.end())
                if k is not None:
                    keywords.add(k)
        word = m[0]
        plan = dispatch.get(word)
        if plan is None:
            continue
        leaf, node, city, title = plan
        start, end = m.span()
        if leaf:  # most State names: whole forms that start no longer one
            for tail in leaf:
                out.append(_new_candidate(Candidate, (start, end, *tail)))
        elif node is not None:
            _walk(text, start, end, node, out)
        # a city spanning just a word that is a whole gazetteer form loses to it (lower rank)
        if city and not (leaf and city_is_the_word(text, word, end)):
            out.extend(city_candidates(text, start, word, end))
        if title:
            titles.append(start)
    root = _compiled_trie()
    for first in _lowercase_firsts():  # forms such as "former Yugoslav Republic of Macedonia"
        i = text.find(first, begin)
        while i >= 0:
            if i == 0 or not text[i - 1].isalnum():
                _walk(text, i, i + len(first), root[first], out)
            i = text.find(first, i + 1)
    return out, titles, sorted(keywords)


def _walk(text: str, start: int, end: int, node: _Node, out: list[Candidate]) -> None:
    """Append to ``out`` a candidate for every gazetteer form matching ``text`` from ``start``,
    whose first token (the one leading to ``node``) ends at ``end``; shortest match first.

    The same matches as ``Trie.walk``; the next token is read (``_NEXT``) only when its first
    character starts one of the node's continuations, and not at all when the node has a single
    continuation that is a word (``General`` -> ``Assembly``): then the text must hold that word
    there, not followed by a letter.
    """
    while True:
        tails, children, firsts, only = node
        for tail, adjective in tails:
            if adjective and _language_use(text, start, end):
                continue
            out.append(_new_candidate(Candidate, (start, end, *tail)))
        if not children:
            return
        c = text[end : end + 1]
        at = end
        if c == " " or c == "\n":
            at += 1
            c = text[at : at + 1]
        if not c or c not in firsts:
            return
        if only is not None:  # the one continuation, a run of letters: the token there must be it
            after = at + len(only)
            if not text.startswith(only, at) or _letter(text[after : after + 1]):
                return
            node, end = children[only], after
            continue
        m = _NEXT.match(text, end)
        if m is None:
            return
        tok = m[1]
        nxt = children.get("'" if tok == "’" else tok)
        if nxt is None:
            return
        node, end = nxt, m.end()


def _letter(c: str) -> bool:
    """Whether the character ``c`` continues a run of letters (``[^\\W\\d_]``); False for ``""``."""
    return c.isalnum() and not c.isdecimal()


_new_candidate = tuple.__new__  # Candidate from a ready tuple of its fields

# a compiled trie node: ((candidate fields after start and end, is-an-adjective) per entry,
# children by token, the first characters of the children's tokens as written in a text,
# the token of the only child when there is one and it is a word of letters, else None)
_Node = tuple[tuple[tuple[tuple[Any, ...], bool], ...], dict[str, Any], frozenset[str], str | None]


def _compile(node: dict[str, Any]) -> _Node:
    """The compiled form of a gazetteer trie node (see ``_Node``)."""
    tails = tuple(
        ((e.type, e.subtype, e.canonical, e.iso3, "gazetteer", RANK[e.source]), e.source == "adjective")
        for e in node.get(_TERM, ())
    )
    children = {tok: _compile(child) for tok, child in node.items() if tok != _TERM}
    if not children:
        return tails, _NO_CHILDREN, _NO_FIRSTS, None
    firsts = {tok[0] for tok in children}
    if "'" in firsts:
        firsts.add("’")  # a text's "’" is looked up as "'"
    only = next(iter(children)) if len(children) == 1 else None
    return tails, children, frozenset(firsts), only if only is not None and only.isalpha() else None


_NO_CHILDREN: dict[str, Any] = {}  # shared by the nodes that end every form through them (never changed)
_NO_FIRSTS: frozenset[str] = frozenset()


@cache
def _compiled_trie() -> dict[str, _Node]:
    """First token -> compiled node, for every form of the gazetteer trie."""
    return {tok: _compile(node) for tok, node in _gazetteer().root.items()}


@cache
def _lowercase_firsts() -> tuple[str, ...]:
    """First tokens of gazetteer forms that do not start with a capital (the scan skips them)."""
    return tuple(sorted(k for k in _gazetteer().root if not k[:1].isupper()))


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
def _dispatch() -> dict[str, tuple[tuple[tuple[Any, ...], ...], _Node | None, bool, bool]]:
    """First token -> what it may start: (the candidate fields after start and end of the
    gazetteer forms it is alone, when it starts no longer form and is no adjective, else
    empty; its compiled gazetteer trie node or None; whether it may start a city name;
    whether it may start a person title)."""
    trie = _compiled_trie()
    city_firsts = cities().first_tokens
    title_firsts = title_first_words()
    plans: dict[str, tuple[tuple[tuple[Any, ...], ...], _Node | None, bool, bool]]
    plans = dict.fromkeys(city_firsts, ((), None, True, False))  # most words start only a city
    for w in title_firsts | trie.keys():
        node = trie.get(w)
        leaf: tuple[tuple[Any, ...], ...] = ()
        if node is not None and not node[1] and not any(adjective for _, adjective in node[0]):
            leaf = tuple(tail for tail, _ in node[0])
        plans[w] = (leaf, node, w in city_firsts, w in title_firsts)
    return plans


# a capitalized word not preceded by a word character (``\b{UPPER}``), written capital first so
# that the regex engine skips ahead to capitals instead of trying every offset
_CAP_WORD = rf"{UPPER}(?<!\w.)[^\W\d_]*"


@cache
def _cap_word_re() -> re.Pattern[str]:
    """A capitalized word (``_CAP_WORD``) with two empty groups, the cheap tests before
    ``keyword_before`` and ``keyword_after``; neither changes what the word's match covers.

    Group 1 matches when `` of `` comes right before the word, after the last four characters
    of a place keyword when ``keyword_before_tails`` allows that test (``districts of |Aghdam``);
    group 2 when the first four letters of a place keyword follow after a space or line break
    (``Zangilan| districts``).
    """
    tails = keyword_before_tails()
    before = ""
    if tails is not None:
        ends = "|".join(sorted(re.escape(t[:4]) for t in tails))
        before = f"(?<=(?:{ends}) of .)"
    prefixes = "|".join(map(re.escape, sorted(keyword_prefixes())))
    # the plain `` of `` test first: it fails fast before most words; an alternative with an
    # empty branch (``(?:X()|)``) costs the regex engine less than an optional group (``(?:X())?``)
    word = _CAP_WORD.replace("(?<!\\w.)", rf"(?<!\w.)(?:(?<= of .){before}()|)", 1)
    # the letters after the capital: a run of ``a``-``z`` first, a range the engine tests
    # faster than the letter class, then the other letters (the same maximal run)
    word = word.replace(r"[^\W\d_]*", r"[a-z]*+[^\W\d_]*+")
    assert word.count("[a-z]*+") == 1
    return re.compile(rf"{word}(?:(?=[ \n](?:{prefixes}))()|)")


def find_candidates(doc: Mapping[str, Any], begin: int = 0) -> list[Candidate]:
    """Every non-overlapping entity span of ``doc["text"][begin:]`` (and the signatories), in text order.

    Longest span first; between equal spans the lower ``RANK`` wins. Non-entity spans
    (type ``None``) suppress what they cover and are not returned.
    """
    text = doc.get("text") or ""
    return _find(text, begin, signatory_candidates(doc, text))


def _find(text: str, begin: int, signatories: list[Candidate]) -> list[Candidate]:
    """:func:`find_candidates` of ``text`` from ``begin``, with the signatories' candidates given."""
    cands, titles, keywords = _scan_words(text, begin)
    cands += pattern_candidates(text, begin, keywords)
    taken = _overlap_test(signatories)
    people = [c for c in title_candidates(text, titles) if not taken(c)] + signatories
    cands += people
    cands += repeat_candidates(text, begin, people)
    kept = _resolve(cands)
    places = [c for c in kept if c.type == "PLACE"]
    listed = list_candidates(text, begin, places) if places else None
    if listed:  # most lists hold only places found already: then nothing is listed
        taken = _overlap_test(kept)
        more = [c for c in listed if not taken(c)]
        if more:
            kept = _resolve(kept + more)
    return unify_names(kept)


def _overlap_test(others: list[Candidate]) -> Callable[[Candidate], bool]:
    """A test ``c -> True`` when ``c`` overlaps one of ``others`` (``o.start < c.end and
    c.start < o.end``), in logarithmic time: a letter with thousands of signatures stays linear.

    Among the spans that start before ``c`` ends, one overlaps ``c`` exactly when the largest
    of their ends is past ``c``'s start.
    """
    spans = sorted((o.start, o.end) for o in others)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))

    def overlaps(c: Candidate) -> bool:
        k = bisect_left(starts, c.end)
        return k > 0 and reach[k - 1] > c.start

    return overlaps


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first, then by rank; in text order.

    Sorted by span, the candidates fall into runs that overlap nothing outside the run; a run
    of one is kept as it is, and only in a longer run are spans weighed against each other
    (:func:`_resolve_run`), which decides as one pass over all candidates would.
    """
    cands.sort(key=_SPAN)
    kept: list[Candidate] = []
    i, n = 0, len(cands)
    while i < n:
        c = cands[i]
        stop = c[1]  # indexing a tuple costs less than a field's name (``c.end``)
        j = i + 1
        while j < n and cands[j][0] < stop:
            if cands[j][1] > stop:
                stop = cands[j][1]
            j += 1
        if j == i + 1:
            if c[1] > c[0] and c[2] is not None:  # not empty, not a non-entity
                kept.append(c)
        elif j == i + 2:  # the common run: two spans (the first is not empty, or none would follow)
            d = cands[i + 1]
            if d[1] > d[0] and _priority(d) < _priority(c):
                c = d
            if c[2] is not None:
                kept.append(c)
        else:
            kept += _resolve_run(cands[i:j])
        i = j
    return kept


_SPAN = itemgetter(0, 1)  # (start, end) of a Candidate


def _resolve_run(run: list[Candidate]) -> list[Candidate]:
    """The candidates of ``run`` kept when each, longest first, then by rank (then by start and
    type, then in the given order), is kept unless it overlaps one kept before; in text order.
    Non-entity spans (type ``None``) are weighed too but not returned."""
    run.sort(key=_priority)
    taken: list[Candidate] = []
    for c in run:
        if c.end <= c.start:
            continue
        for t in taken:
            if t.start < c.end and c.start < t.end:
                break
        else:
            taken.append(c)
    kept = [c for c in taken if c.type is not None]
    if len(kept) > 1:
        kept.sort(key=_SPAN)
    return kept


def _priority(c: Candidate) -> tuple[int, int, int, int]:
    """Sort key of ``_resolve_run``: longest first, then by rank, start and type."""
    start, end, type_ = c[0], c[1], c[2]  # indexing a tuple costs less than a field's name
    return start - end, c[7], start, _TYPE_ORDER.get(type_ or "", 9)


_ADDRESSED = re.compile(r"\baddressed\s+to\b")


def role_rule(
    doc: Mapping[str, Any], heading: tuple[int, int] | None, signatories: list[Candidate]
) -> Callable[[Candidate], str | None]:
    """The role of a candidate of ``doc`` (``sender``, ``addressee``, ``signatory`` or None): a
    signatory's name is ``signatory``; in the heading, the sending State(s) or group before
    ``addressed to`` are ``sender``, an organization after it ``addressee``."""
    text = doc.get("text") or ""
    senders = {str(c) for c in doc.get("sender_iso3s") or () if c}
    if doc.get("sender_iso3"):
        senders.add(str(doc["sender_iso3"]))
    group = str(doc.get("sender_group") or "")
    signatory_spans = {(c.start, c.end) for c in signatories}
    addressed = -1
    if heading is not None:
        m = _ADDRESSED.search(text[heading[0] : heading[1]])
        addressed = heading[0] + m.start() if m else heading[1]

    def role(c: Candidate) -> str | None:
        if c.type == "PERSON" and (c.start, c.end) in signatory_spans:
            return "signatory"
        if heading is not None and heading[0] <= c.start < heading[1]:
            if c.start < addressed:
                if c.type == "STATE" and c.subtype is None and c.iso3 in senders:
                    return "sender"
                if c.type == "ORGANIZATION" and group and c.canonical == group:
                    return "sender"
            elif c.type == "ORGANIZATION" and c.canonical != "United Nations":
                return "addressee"
        return None

    return role


def _roles(
    doc: Mapping[str, Any],
    kept: list[Candidate],
    heading: tuple[int, int] | None,
    signatories: list[Candidate],
) -> list[str | None]:
    """The role of each of ``kept`` (:func:`role_rule`).

    Only a candidate on a signatory's span or starting in the heading can have one: with
    ``kept`` in text order (as ``_find`` returns it) those are found by bisection over the
    starts and every other role is None without a look at its candidate.
    """
    role = role_rule(doc, heading, signatories)
    starts = [c[0] for c in kept]
    if starts != sorted(starts):  # not in text order: every candidate is looked at
        return list(map(role, kept))
    roles: list[str | None] = [None] * len(kept)
    look = set()
    for a in {c.start for c in signatories}:
        i = bisect_left(starts, a)
        while i < len(starts) and starts[i] == a:
            look.add(i)
            i += 1
    if heading is not None:
        look.update(range(bisect_left(starts, heading[0]), bisect_left(starts, heading[1])))
    for i in look:
        roles[i] = role(kept[i])
    return roles


def _locations(doc: Mapping[str, Any], starts: list[int]) -> list[tuple[str, int | None, int | None]]:
    """``spans.locate(doc, start)`` for each of ``starts``.

    What ``locate`` returns cannot change between two consecutive boundaries (the starts and
    ends of footnotes and annexes, the page offsets), so it is called once per stretch of text
    that holds a start: with ``starts`` in order, the starts of each stretch are found by
    bisection at its boundaries (no step per start); else once per run of consecutive starts
    in one stretch.
    """
    try:
        found = set(doc.get("page_offsets") or ())
        for part in ("footnotes", "annexes"):
            for span in doc.get(part) or ():
                found.update((span["start"], span["end"]))
    except (KeyError, TypeError):
        found = {None}
    if not all(isinstance(b, int) for b in found):  # malformed: let ``locate`` answer (or fail)
        return [locate(doc, start) for start in starts]
    bounds = sorted(found)
    out: list[tuple[str, int | None, int | None]] = []
    if starts == sorted(starts):
        lo = 0
        # the first start at or after each boundary; the stretch's starts end there
        for hi in [*(bisect_left(starts, b) for b in bounds), len(starts)]:
            if hi > lo:
                out += [locate(doc, starts[lo])] * (hi - lo)
                lo = hi
        return out
    last = -1
    for start in starts:
        stretch = bisect_right(bounds, start)
        if stretch != last:
            here, last = locate(doc, start), stretch
        out.append(here)
    return out


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
    signatories = signatory_candidates(doc, text)
    kept = _find(text, begin, signatories)
    roles = _roles(doc, kept, heading, signatories)
    doc_id = doc.get("doc_id")
    where = _locations(doc, [c[0] for c in kept])
    prefix = f"{doc_id}/e"
    # one comprehension (no per-row method call); the rows' order and numbering are the entities'
    fields = zip(range(1, len(kept) + 1), kept, roles, where, strict=True)
    return [
        {
            "entity_id": f"{prefix}{i}",
            "doc_id": doc_id,
            "start": start,
            "end": end,
            "surface": text[start:end],
            "type": type_,
            "subtype": subtype,
            "canonical": canonical,
            "iso3": iso3,
            "method": method,
            "role": role,
            "part": part,
            "annex_index": annex_index,
            "page": page,
        }
        for i, (start, end, type_, subtype, canonical, iso3, method, _), role, (
            part,
            annex_index,
            page,
        ) in fields
    ]
