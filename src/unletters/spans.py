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
