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
_CONTINUES = re.compile(r"[,;:(\-–—/]\Z|\b(?:and|or|of|the|to|in|on|by|for|with|a|an)\Z")
_LETTERS_AND_DOT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."


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
    # the letters and dots (starting with a letter) right before the stop, at most 12 characters back
    before = text[max(0, stop - 12) : stop]
    word = before[len(before.rstrip(_LETTERS_AND_DOT)) :].lstrip(".")
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    return word.lower().rstrip(".") in ABBREVIATIONS


def _find_all(text: str, char: str) -> list[int]:
    """Offsets of ``char`` in ``text``, in order."""
    out = []
    i = text.find(char)
    while i != -1:
        out.append(i)
        i = text.find(char, i + 1)
    return out


def boundaries(text: str) -> list[int]:
    """Sorted offsets at which a sentence ends (exclusive ends; text length included)."""
    cuts: set[int] = {len(text)}
    # a stop's match never holds another stop character, so each can be tried on its own
    for char in ".!?":
        for i in _find_all(text, char):
            m = _STOP.match(text, i)
            if m and not _is_abbreviation(text, i):
                cuts.add(m.end())
    line_start = 0
    blank_end = 0  # end of the last blank-line match: blank lines are matched without overlap
    for nl in _find_all(text, "\n"):
        if nl < blank_end:
            pass  # the line ending here is inside a blank-line match: only spaces
        elif blank := _BLANK.match(text, nl):
            cuts.add(nl)
            blank_end = blank.end()
        else:
            line = text[line_start:nl].strip()
            if (
                line
                and len(line) < HEADING_LINE_MAX
                and not _CONTINUES.search(line)
                and not text[nl + 1 : nl + 2].islower()
            ):
                cuts.add(nl)
        line_start = nl + 1
    return sorted(cuts)


def split_sentences(text: str) -> Sentences:
    """Return the sentences of ``text`` as spans, whitespace trimmed, none empty."""
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in boundaries(text):
        part = text[prev:cut].lstrip()
        if part:
            s = cut - len(part)
            spans.append((s, s + len(part.rstrip())))
        prev = cut
    return Sentences(tuple(spans))
