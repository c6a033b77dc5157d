"""Where a span sits in a letter: its part (body, annex, footnote), annex index and page.

Every span table (citations, entities, events) carries ``part``, ``annex_index`` and ``page``;
all three are computed here from the documents row, so that every extractor agrees.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
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

    Linear in the text (no pattern is compiled per call); ``None`` when absent.
    """
    words = phrase.split()
    if not words:
        return None
    first, n = words[0], len(text)
    pos = text.find(first, start)
    while pos != -1:
        i, ok = pos + len(first), True
        for w in words[1:]:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j == i or not text.startswith(w, j):
                ok = False
                break
            i = j + len(w)
        if ok:
            return pos, i
        pos = text.find(first, pos + 1)
    return None


def heading_span(doc: Mapping[str, Any]) -> tuple[int, int] | None:
    """Span of the letter's heading (``doc["title"]``) in ``doc["text"]``, or ``None``.

    The title is stored whitespace-collapsed, so whitespace differences are allowed; when the
    whole title is not found (a hyphen rejoined in the title only), its first twelve words are
    looked for and the heading runs to the end of their paragraph.
    """
    text: str = doc.get("text") or ""
    title = str(doc.get("title") or "")
    if not title or not text:
        return None
    found = find_phrase(text, title)
    if found:
        return found
    words = title.split()
    found = find_phrase(text, " ".join(words[:12]))
    if not found:
        return None
    para = text.find("\n\n", found[1])
    return found[0], (para if para != -1 else len(text))
