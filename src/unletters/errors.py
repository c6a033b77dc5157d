"""Errors that turn a raw file into a reject row instead of failing the build."""

from __future__ import annotations


class RejectError(Exception):
    """A raw file cannot become a document.

    ``reason`` is a stable slug of the rejects table (``empty``, ``binary``, ``undecodable``,
    ``not-a-letter``, ``needs-ocr``, ...); ``detail`` is one sentence a person can act on.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
