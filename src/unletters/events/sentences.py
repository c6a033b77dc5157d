"""Sentence spans in a letter's normalized text.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) before a space
and a capital, digit or opening quote, unless the word before the stop is an abbreviation
(``Mr.``, ``No.``, ``a.m.``, a single initial); at a blank line; and at a line break after a
short line that does not end mid-phrase (a heading such as ``Annex``, a place-and-date line such
as ``Baku, 2 September 2021``). Page text from PDFs keeps single line breaks inside paragraphs;
those do not end a sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# abbreviations after which a full stop does not end a sentence (lowercase, without the final stop)
ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "art",
        "arts",
        "para",
        "paras",
        "paragraph",
        "p",
        "pp",
        "vol",
        "chap",
        "ch",
        "sect",
        "e.g",
        "i.e",
        "cf",
        "etc",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "rev",
        "add",
        "corr",
        "amb",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "hon",
        "h.e",
        "u.s",
        "u.n",
        "approx",
        "fig",
        "op",
        "cit",
        "ibid",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "viz",
        "vs",
        "al",
        "est",
    }
)
HEADING_LINE_MAX = 60

_STOP = re.compile(r"[.!?][\"”’')\]]*(?=[ \n]+[\"“‘(\[]?[A-Z0-9])")
_BLANK = re.compile(r"\n[ ]*\n")
_NEWLINE = re.compile(r"\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\Z")
_CONTINUES = re.compile(r"[,;:(\-–—/]\Z|\b(?:and|or|of|the|to|in|on|by|for|with|a|an)\Z")


@dataclass(frozen=True)
class Sentences:
    """Sentence spans ``(start, end)`` in reading order, with a lookup by offset."""

    spans: tuple[tuple[int, int], ...]
    starts: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(s for s, _ in self.spans))

    def containing(self, offset: int) -> tuple[int, int] | None:
        """The span of the sentence containing ``offset``, else None (between sentences)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None


def _is_abbreviation(text: str, stop: int) -> bool:
    if text[stop] != ".":
        return False
    m = _WORD_BEFORE.search(text[max(0, stop - 12) : stop])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    return word.lower().rstrip(".") in ABBREVIATIONS


def boundaries(text: str) -> list[int]:
    """Sorted offsets at which a sentence ends (exclusive ends; text length included)."""
    cuts: set[int] = {len(text)}
    for m in _STOP.finditer(text):
        if not _is_abbreviation(text, m.start()):
            cuts.add(m.end())
    for m in _BLANK.finditer(text):
        cuts.add(m.start())
    line_start = 0
    for m in _NEWLINE.finditer(text):
        line = text[line_start : m.start()].strip()
        nxt = text[m.end() : m.end() + 1]
        if line and len(line) < HEADING_LINE_MAX and not _CONTINUES.search(line) and not nxt.islower():
            cuts.add(m.start())
        line_start = m.end()
    return sorted(cuts)


def split_sentences(text: str) -> Sentences:
    """Return the sentences of ``text`` as spans, whitespace trimmed, none empty."""
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in boundaries(text):
        s, e = prev, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = cut
    return Sentences(tuple(spans))
