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
import itertools
import operator
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

# what follows a stop character at the end of a sentence: closing quotes or brackets, then a
# space and a capital, digit or opening quote
_STOP_TAIL = r"[\"”’')\]]*(?=[ \n]+[\"“‘(\[]?[A-Z0-9])"
_STOP = re.compile(r"[.!?]" + _STOP_TAIL)
# the same, one regex per stop character: led by one literal character, a regex is searched
# for much faster than one led by a set of characters
_STOPS = tuple((char, re.compile(re.escape(char) + _STOP_TAIL)) for char in ".!?")
_BLANK = re.compile(r"\n[ ]*\n")
_SPAN = re.Match.span
_FIRST = operator.itemgetter(0)
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


def _paragraph_cuts(text: str, lo: int, hi: int) -> list[int]:
    """Offsets in ``lo:hi`` (a paragraph: no blank line inside) at which a sentence ends, unsorted.

    ``lo`` is the start of a line. A stop's cut never passes ``hi`` (a paragraph ends at a line
    break, which no stop's match holds), so each paragraph can be cut on its own.
    """
    # a stop's match never holds another stop character, so the matches found in turn are
    # those found at each stop character, and those of each stop character can be found on
    # their own (the cuts are returned unsorted). Its lookahead is cut at ``hi``: a stop with
    # only spaces and line breaks after it in the paragraph then gives no cut, but the cut at
    # ``hi`` (a blank line) gives the same sentence, whose spaces are trimmed
    cuts: list[int] = []
    for char, stop in _STOPS:
        if text.find(char, lo, hi) != -1:
            cuts += [m.end() for m in stop.finditer(text, lo, hi) if not _is_abbreviation(text, m.start())]
    line_start = lo
    nl = text.find("\n", lo, hi)
    while nl != -1:
        line = text[line_start:nl].strip()
        if (
            line
            and len(line) < HEADING_LINE_MAX
            and not _CONTINUES.search(line)
            and not text[nl + 1 : nl + 2].islower()
        ):
            cuts.append(nl)
        line_start = nl + 1
        nl = text.find("\n", line_start, hi)
    return cuts


def blank_lines(text: str) -> list[int]:
    """The start and end offsets of the text's blank lines (``\n``, spaces, ``\n``), flat: s0, e0, s1, e1..."""
    return list(itertools.chain.from_iterable(map(_SPAN, _BLANK.finditer(text))))


def _paragraphs(text: str, blanks: list[int] | None = None) -> tuple[list[int], list[int]]:
    """The starts and ends of the text's paragraphs: the stretches between blank lines.

    A blank line always ends a sentence, and nothing between two blank lines decides a cut in
    another stretch, so sentences can be found one paragraph at a time. ``blanks`` is
    ``blank_lines(text)`` when the caller has it already.
    """
    if blanks is None:
        blanks = blank_lines(text)
    return [0, *blanks[1::2]], [*blanks[::2], len(text)]


def _spans(text: str, lo: int, cuts: list[int]) -> list[tuple[int, int]]:
    """The whitespace-trimmed, non-empty stretches between ``lo`` and each of the sorted ``cuts``."""
    spans: list[tuple[int, int]] = []
    prev = lo
    for cut in cuts:
        part = text[prev:cut].lstrip()
        if part:
            s = cut - len(part)
            spans.append((s, s + len(part.rstrip())))
        prev = cut
    return spans


def boundaries(text: str) -> list[int]:
    """Sorted offsets at which a sentence ends (exclusive ends; text length included)."""
    cuts: set[int] = {len(text)}
    starts, ends = _paragraphs(text)
    for lo, hi in zip(starts, ends, strict=True):
        cuts.update(_paragraph_cuts(text, lo, hi))
        cuts.add(hi)
    return sorted(cuts)


def split_sentences(text: str) -> Sentences:
    """Return the sentences of ``text`` as spans, whitespace trimmed, none empty."""
    return Sentences(tuple(_spans(text, 0, boundaries(text))))


class SentenceIndex:
    """The sentences of a text, looked up by offset and worked out one paragraph at a time.

    :meth:`containing` gives what ``split_sentences(text).containing`` gives, but only splits
    the paragraphs asked about: a letter's dates sit in a few of its paragraphs.
    """

    def __init__(self, text: str, blanks: list[int] | None = None) -> None:
        """``blanks`` is ``blank_lines(text)`` when the caller has it already."""
        self.text = text
        self._starts, self._ends = _paragraphs(text, blanks)
        self._split: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}

    def containing(self, offset: int) -> tuple[int, int] | None:
        """The span of the sentence containing ``offset``, else None (between sentences)."""
        p = bisect.bisect_right(self._starts, offset) - 1
        if p < 0 or offset >= self._ends[p]:
            return None  # before the text, or in a blank line
        got = self._split.get(p)
        if got is None:
            lo, hi = self._starts[p], self._ends[p]
            spans = _spans(self.text, lo, sorted({*_paragraph_cuts(self.text, lo, hi), hi}))
            got = self._split[p] = (spans, list(map(_FIRST, spans)))
        spans, starts = got
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and spans[i][0] <= offset < spans[i][1]:
            return spans[i]
        return None
