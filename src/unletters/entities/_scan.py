"""Shared machinery: candidates, the token trie of every gazetteer, and text helpers.

The gazetteers (States, organizations, places, non-entities) are merged into one trie keyed by
tokens (``Republic`` ``of`` ``Azerbaijan``). A letter is scanned only at the capitalized word
starts that one regular expression finds; from each start the trie is walked token by token,
so the cost per letter is linear in its length and independent of the gazetteer's size (a
hash lookup per capitalized word; 70,000 place forms cost nothing at scan time).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

# Latin capital letters (A-Z and the accented capitals of Latin-1 and Latin Extended-A/B).
UPPER = "[" + "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha()) + "]"
LOWER_WORD_RE = re.compile(r"[^\W\d_]+")
# a capitalized word start: an uppercase letter not preceded by a letter, digit or apostrophe
CAP_WORD = re.compile(rf"(?<![\w'’]){UPPER}[^\W\d_]*")
# one token at a position: a run of letters, a run of digits, or one other visible character
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
FIRST_TOKEN = _TOKEN
# the next token after at most one space or one line break
_NEXT = re.compile(r"[ \n]?([^\W\d_]+|\d+|[^\w\s])")
_TERM = ""  # trie key of the payload list (no token is empty)


class Entry(NamedTuple):
    """A gazetteer form's meaning: what a match of it becomes."""

    type: str | None  # STATE, ORGANIZATION, PLACE; None for a non-entity (it only suppresses)
    subtype: str | None
    canonical: str
    iso3: str | None
    source: str  # state, adjective, organization, place, city, block
    word: bool = False  # a city form that is also an English word (not at a sentence start)


class Candidate(NamedTuple):
    """A proposed entity span before overlaps are resolved."""

    start: int
    end: int
    type: str | None
    subtype: str | None
    canonical: str
    iso3: str | None
    method: str
    rank: int  # lower wins between spans of equal length


# rank of each kind of evidence, lower wins when two candidates have the same length
RANK = {
    "block": 0,
    "person": 1,
    "organization": 2,
    "state": 3,
    "adjective": 4,
    "place": 5,
    "pattern": 6,
    "surname": 7,
    "city": 8,
}


def tokens(form: str) -> tuple[str, ...]:
    """Tokens of a written form, apostrophes unified (``’`` -> ``'``)."""
    return tuple(t.replace("’", "'") for t in _TOKEN.findall(form))


@cache
def load_json(name: str) -> Any:
    """The parsed JSON knowledge file ``unletters/data/<name>`` (read once per process).

    Parsed from the file's bytes (UTF-8): reading it as text would translate line ends first,
    a pass over the whole file that JSON (where a line end is white space) does not need.
    """
    return json.loads(resources.files("unletters.data").joinpath(name).read_bytes())


class Trie:
    """A token trie mapping written forms to entries; case-sensitive, with all-capitals copies."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}

    def add(self, form: str, entry: Entry, upper_copy: bool = True) -> None:
        """Add ``form`` (and, when it has four letters or more, its all-capitals copy)."""
        toks = tokens(form)
        if not toks:
            return
        self._add(toks, entry)
        if upper_copy and sum(map(len, LOWER_WORD_RE.findall(form))) >= 4:
            up = tuple(t.upper() for t in toks)
            if up != toks:
                self._add(up, entry)

    def _add(self, toks: tuple[str, ...], entry: Entry) -> None:
        node = self.root
        for t in toks:
            node = node.setdefault(t, {})
        payload = node.setdefault(_TERM, [])
        if entry not in payload:
            payload.append(entry)

    def walk(self, text: str, first: str, pos: int) -> Iterator[tuple[int, list[Entry]]]:
        """Yield ``(end, entries)`` for every form matching ``text`` from the token ``first`` ending at ``pos``.

        Shortest match first. ``first`` is the letter-run the scan found there.
        """
        node = self.root.get(first)
        end = pos
        while node is not None:
            payload = node.get(_TERM)
            if payload:
                yield end, payload
            if len(node) == (1 if payload else 0):
                return  # no longer form continues from here
            m = _NEXT.match(text, end)
            if m is None:
                return
            tok = m.group(1)
            node = node.get("'" if tok == "’" else tok)
            end = m.end()


def previous_word(text: str, start: int) -> str:
    """The word just before ``start`` when only one space or line break separates them, else ``""``."""
    i = start - 1
    if i < 1 or text[i] not in " \n":
        return ""
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] in "'’.-"):
        j -= 1
        if i - j > 40:
            break
    return text[j:i]


def next_word(text: str, end: int) -> str:
    """The word just after ``end`` when only one space or line break separates them, else ``""``."""
    if end + 1 >= len(text) or text[end] not in " \n":
        return ""
    m = LOWER_WORD_RE.match(text, end + 1)
    return m.group() if m else ""


def sentence_initial(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence, a line or a quotation (after spaces)."""
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\"“(‘'"
