"""Where a span sits in a letter: its part (body, annex, footnote), annex index and page.

Every span table (citations, entities, events) carries ``part``, ``annex_index`` and ``page``;
all three are computed here from the documents row, so that every extractor agrees.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def locate(doc: Mapping[str, Any], start: int) -> tuple[str, int | None, int | None]:
    """Return ``(part, annex_index, page)`` for a span starting at ``start`` in ``doc["text"]``.

    ``part`` is ``footnote`` inside a footnote, ``annex`` inside an annex or enclosure (with the
    0-based index into ``doc["annexes"]``), else ``body``. ``page`` is 1-based, or ``None`` when
    the document has no page offsets.
    """
    part, annex_index = "body", None
    for note in doc.get("footnotes") or ():
        if note["start"] <= start < note["end"]:
            part = "footnote"
            break
    for i, annex in enumerate(doc.get("annexes") or ()):
        if annex["start"] <= start < annex["end"]:
            if part != "footnote":
                part = "annex"
            annex_index = i
            break
    if part == "footnote":
        annex_index = None
    return part, annex_index, page_of(doc.get("page_offsets") or (), start)


def locator(doc: Mapping[str, Any]) -> Callable[[int], tuple[str, int | None, int | None]]:
    """``lambda start: locate(doc, start)`` with the document's footnotes, annexes and pages read once.

    For the many spans of one document; returns the same ``(part, annex_index, page)``.
    """
    notes = [(n["start"], n["end"]) for n in doc.get("footnotes") or ()]
    annexes = [(a["start"], a["end"]) for a in doc.get("annexes") or ()]
    pages = doc.get("page_offsets") or ()

    def at(start: int) -> tuple[str, int | None, int | None]:
        page = max(1, bisect.bisect_right(pages, start)) if pages else None
        for a, b in notes:
            if a <= start < b:
                return "footnote", None, page
        for i, (a, b) in enumerate(annexes):
            if a <= start < b:
                return "annex", i, page
        return "body", None, page

    return at


def page_of(page_offsets: Sequence[int], offset: int) -> int | None:
    """1-based page containing ``offset`` given the start offset of each page."""
    if not page_offsets:
        return None
    return max(1, bisect.bisect_right(page_offsets, offset))


def row_ids(doc_id: str, letter: str, n: int) -> list[str]:
    """Row ids ``doc_id/<letter>1 .. doc_id/<letter>n`` (reading order, 1-based)."""
    return [f"{doc_id}/{letter}{i}" for i in range(1, n + 1)]


def find_phrase(text: str, phrase: str, start: int = 0) -> tuple[int, int] | None:
    """Span of ``phrase`` in ``text`` where any whitespace run matches any whitespace run.

    The phrase's last word may end inside a longer word of the text (it is matched as a prefix).
    Linear in the text (no pattern is compiled per call); ``None`` when absent.
    """
    words = phrase.split()
    if not words:
        return None
    first = words[0]
    if len(words) == 1:
        pos = text.find(first, start)
        return None if pos == -1 else (pos, pos + len(first))
    second, n = words[1], len(text)
    pos = text.find(first, start)
    while pos != -1:
        # the cheap test first: whitespace, then the second word (most candidates fail here)
        i = j = pos + len(first)
        while j < n and text[j].isspace():
            j += 1
        if j > i and text.startswith(second, j):
            end = _words_end(text, pos, words)
            if end is not None:
                return pos, end
        pos = text.find(first, pos + 1)
    return None


def _words_end(text: str, pos: int, words: list[str]) -> int | None:
    """Where ``words`` end when they start at ``pos``, separated by whitespace runs, else None.

    The words but the last must be whole words of the text (a whitespace run after each), the
    last a prefix of one. Reads a chunk of the text at ``pos`` and splits it in C; a chunk too
    short to decide is doubled.
    """
    n, last = len(words), words[-1]
    size = sum(map(len, words)) + 2 * n
    while True:
        chunk = text[pos : pos + size]
        tokens = chunk.split(None, n - 1)  # the first n - 1 words, then the rest from word n on
        whole = pos + size >= len(text)
        if len(tokens) == n and (whole or len(tokens[-1]) >= len(last)):
            if tokens[:-1] != words[:-1] or not tokens[-1].startswith(last):
                return None
            return pos + len(chunk) - len(tokens[-1]) + len(last)
        if whole:
            return None
        size *= 2


#: (text, title, span) of the last few headings found: the citations, entities and events of one
#: letter each ask for its heading. A text is recognized by identity (``is``), so it is never
#: hashed or compared; holding it keeps its id from being reused while it is here.
_RECENT_HEADINGS: list[tuple[str, str, tuple[int, int] | None]] = []
_RECENT_SIZE = 4


def heading_span(doc: Mapping[str, Any]) -> tuple[int, int] | None:
    """Span of the letter's heading (``doc["title"]``) in ``doc["text"]``, or ``None``.

    The title is stored whitespace-collapsed, so whitespace differences are allowed; when the
    whole title is not found (a hyphen rejoined in the title only), its first twelve words are
    looked for and the heading runs to the end of their paragraph. The span of the same text
    object and title is found once (see :data:`_RECENT_HEADINGS`).
    """
    text: str = doc.get("text") or ""
    title = str(doc.get("title") or "")
    if not title or not text:
        return None
    for seen, seen_title, span in _RECENT_HEADINGS:
        if seen is text and seen_title == title:
            return span
    span = _find_heading(text, title)
    _RECENT_HEADINGS.insert(0, (text, title, span))
    del _RECENT_HEADINGS[_RECENT_SIZE:]
    return span


def _find_heading(text: str, title: str) -> tuple[int, int] | None:
    """:func:`heading_span` of a non-empty ``text`` and ``title``, found afresh."""
    found = find_phrase(text, title)
    if found:
        return found
    words = title.split()
    found = find_phrase(text, " ".join(words[:12]))
    if not found:
        return None
    para = text.find("\n\n", found[1])
    return found[0], (para if para != -1 else len(text))
