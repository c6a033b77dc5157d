"""Citations: every reference to a UN resolution, decision, document symbol or Charter provision.

Stages, one module each (as eyecite): :mod:`~unletters.citations.patterns` loads the knowledge
file ``data/citation_patterns.json``; :mod:`~unletters.citations.find` finds citations in plain
text; :mod:`~unletters.citations.resolve` resolves short forms to their antecedents. This module
turns them into rows of the citations table (``schema/citations.schema.json``)::

    >>> from unletters.citations import find_citations
    >>> [c.target for c in find_citations("Security Council resolutions 822 (1993) and 853 (1993)")]
    ['S/RES/822 (1993)', 'S/RES/853 (1993)']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from unletters.citations.find import Citation, find_raw, furniture_spans
from unletters.citations.patterns import load
from unletters.citations.resolve import resolve
from unletters.spans import heading_span, locator

__all__ = ["COLUMNS", "Citation", "extract_citations", "find_citations", "header_end", "load"]

#: the columns of a citations row, in schema order
COLUMNS = (
    "citation_id",
    "doc_id",
    "start",
    "end",
    "surface",
    "kind",
    "target",
    "cited_date",
    "pinpoint",
    "antecedent",
    "part",
    "annex_index",
    "page",
)


def find_citations(
    text: str, *, excluded: Sequence[tuple[int, int]] = (), own_symbols: Iterable[str] = ()
) -> list[Citation]:
    """Find and resolve the citations of a plain text, in reading order.

    Symbols standing alone on a line as page furniture (mastheads, running headers; see
    :func:`~unletters.citations.find.furniture_spans`) and anything starting inside ``excluded``
    are not citations. Returns :class:`Citation` objects whose ``antecedent`` (for a short
    form) is an index into the returned list.
    """
    ps = load()
    skip = list(excluded) + furniture_spans(text, own_symbols, ps)
    return resolve(find_raw(text, skip, ps), text, ps)


def header_end(text: str, title: str | None) -> int:
    """Offset where the heading (``title``) starts in ``text``; 0 when there is none or it is not found."""
    span = heading_span({"text": text, "title": title})
    return span[0] if span else 0


def extract_citations(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Citation rows of one documents row, with the columns of the citations schema.

    The header block (everything before the heading ``doc["title"]``) is skipped, as are the
    document's own symbols standing alone on a line. Ids are ``doc_id + "/c1"`` ... in reading
    order; ``part``, ``annex_index`` and ``page`` come from :func:`unletters.spans.locate` (via
    :func:`~unletters.spans.locator`).
    """
    text: str = doc.get("text") or ""
    doc_id: str = doc.get("doc_id") or ""
    head = header_end(text, doc.get("title"))
    cites = find_citations(text, excluded=[(0, head)] if head else [], own_symbols=doc.get("symbols") or ())
    ids = [f"{doc_id}/c{i}" for i in range(1, len(cites) + 1)]
    locate = locator(doc)
    rows: list[dict[str, Any]] = []
    for i, c in enumerate(cites):
        part, annex_index, page = locate(c.start)
        rows.append(
            {
                "citation_id": ids[i],
                "doc_id": doc_id,
                "start": c.start,
                "end": c.end,
                "surface": c.surface,
                "kind": c.kind,
                "target": c.target,
                "cited_date": c.cited_date,
                "pinpoint": c.pinpoint,
                "antecedent": ids[c.antecedent] if c.antecedent is not None else None,
                "part": part,
                "annex_index": annex_index,
                "page": page,
            }
        )
    return rows
