"""Where a span sits in a letter: its part (body, annex, footnote), annex index and page.

Every span table (citations, entities, events) carries ``part``, ``annex_index`` and ``page``;
all three are computed here from the documents row, so that every extractor agrees.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar


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


_T = TypeVar("_T")


def recent_texts(size: int) -> Callable[[Callable[..., _T]], Callable[..., _T]]:
    """Decorator: keep a function's results for the last ``size`` calls, keyed by its first
    argument, a long text, found again by identity (``is``), and its other arguments by equality.

    For a function of one letter's text that several stages call on the same text object: the
    text is never hashed (``functools.lru_cache`` hashes the whole text once, about as costly as
    a pass over it), and a different but equal text is only computed again. The cache holds
    references to its texts, so an object it keys cannot be freed and its id reused while it is
    there. Returns the wrapped function; ``cache_clear()`` empties the cache.
    """

    def wrap(fn: Callable[..., _T]) -> Callable[..., _T]:
        recent: list[tuple[str, tuple[Any, ...], _T]] = []

        @functools.wraps(fn)
        def cached(text: str, *rest: Any) -> _T:
            for seen, seen_rest, got in recent:
                if seen is text and seen_rest == rest:
                    return got
            got = fn(text, *rest)
            recent.insert(0, (text, rest, got))
            del recent[size:]
            return got

        cached.cache_clear = recent.clear  # type: ignore[attr-defined]
        return cached

    return wrap


def heading_span(doc: Mapping[str, Any]) -> tuple[int, int] | None:
    """Span of the letter's heading (``doc["title"]``) in ``doc["text"]``, or ``None``.

    The title is stored whitespace-collapsed, so whitespace differences are allowed; when the
    whole title is not found (a hyphen rejoined in the title only), its first twelve words are
    looked for and the heading runs to the end of their paragraph. The citations, entities and
    events of a letter each ask for it: it is found once per text object and title.
    """
    text: str = doc.get("text") or ""
    title = str(doc.get("title") or "")
    if not title or not text:
        return None
    return _find_heading(text, title)


@recent_texts(4)
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
