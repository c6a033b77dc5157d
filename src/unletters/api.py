"""The public Python API: the build's own stages, one letter at a time.

>>> import unletters
>>> letter = unletters.parse("corpus/raw/000_f1155e9dab17b9d4.txt")   # doctest: +SKIP
>>> letter.document["sender_state"], len(letter.citations)            # doctest: +SKIP
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unletters.errors import RejectError
from unletters.pipeline import process


@dataclass(frozen=True)
class Letter:
    """The rows of one letter: its documents row and its citation, entity and event rows."""

    document: dict[str, Any]
    citations: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The normalized text every offset points into."""
        return str(self.document["text"])


def parse(source: str | os.PathLike[str] | bytes, *, name: str | None = None, ocr: bool | None = None) -> Letter:
    """Parse one letter: a path (text or PDF file), raw bytes, or the letter's text itself.

    A ``str`` that names an existing file is read as that file; any other ``str`` is the text.
    Returns a :class:`Letter`. Raises :class:`~unletters.errors.RejectError` (with ``reason``
    and ``detail``) when the input cannot become a document, as the build would reject it.
    """
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and len(source) < 4096
                                              and Path(source).is_file()):
        path = Path(source)
        data, label = path.read_bytes(), name or path.name
    else:
        data, label = str(source).encode("utf-8"), name or "<text>"
    res = process(data, label, ocr=ocr)
    if res.document is None:
        assert res.reject is not None
        raise RejectError(res.reject["reason"], res.reject["detail"])
    return Letter(res.document, res.citations, res.entities, res.events)


def parse_text(text: str) -> dict[str, Any]:
    """The documents row of a letter given as text (shorthand for ``parse(text).document``)."""
    return parse(text).document
