"""PDF letters: the text of a PDF file, from its text layer or, for scans, by OCR.

``extract(data)`` is a pure function of the file's bytes (plus the presence of the Tesseract
binary when OCR is needed). It returns :class:`PdfText`: plain text in reading order with pages
separated by form feeds (``\\f``, as ``pdftotext`` gives them), ready for
:func:`unletters.normalize.normalize`.

Conventions of the text:

- reading order per page by layout (:mod:`unletters.pdf.layout`): the header's left column
  (organ lines) before its right column (``Distr.``, date, ``Original``), body blocks top to
  bottom, lines within a block joined by newlines, blocks by blank lines;
- footnotes (small type at the foot of a page, starting with a note mark) follow the page's
  body after a line of eight underscores, :data:`FOOTNOTE_RULE`, up to the end of the page
  or to the bottom-margin lines;
- the bottom margin band (job number, barcode, ``Please recycle``, page counter) is kept, as
  the last lines of its page, for the normalizer's furniture rules; nothing is dropped here;
- a raised note mark stays glued to its word, written in Unicode superscripts (``62/243¹``,
  ``2025/26ᵃ``); superscript digits are not ``\\d``, so a citation regex reads ``62/243``;
- words hyphenated across line ends are rejoined with the normalizer's rule
  (:func:`unletters.normalize.rejoin_hyphens`);
- scanned pages (no text layer, an image) are read by Tesseract when it is installed; the
  warnings then say ``text from OCR (Tesseract <version>)``.

Text extraction uses pypdfium2 (PDFium, Apache-2.0/BSD-3-Clause); see
``scripts/compare_pdf_extractors.py`` for the measurements behind the choice.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from unletters.errors import RejectError
from unletters.normalize import rejoin_hyphens
from unletters.pdf.layout import FOOTNOTE_RULE, WORD_GAP, Word, body_size, page_text
from unletters.pdf.ocr import OCR_DPI, ocr_image, tesseract_version

__all__ = ["FOOTNOTE_RULE", "PdfText", "extract", "is_pdf"]

_INSTALL_HINT = (
    "install Tesseract (apt-get install tesseract-ocr, or brew install tesseract) so that scans are "
    "read by OCR, or convert the file to text first"
)
# fewer visible characters than this on a page that shows an image: a scan without text layer
_MIN_LAYER_CHARS = 5
_HYPHENS = frozenset("-\u00ad\x02\ufffe")


@dataclass(frozen=True)
class PdfText:
    """Text of a PDF: pages separated by ``\\f``, the page count, whether OCR produced it, warnings."""

    text: str
    page_count: int
    ocr_used: bool
    warnings: tuple[str, ...]


def is_pdf(data: bytes) -> bool:
    """Return True when the bytes start like a PDF file (``%PDF-`` within the first KiB)."""
    return b"%PDF-" in data[:1024]


def _name(source: str) -> str:
    return source or "the PDF file"


def _page_words(page: pdfium.PdfPage) -> tuple[list[Word], int]:
    """Return the page's text-layer words (points, y downwards) and its count of visible characters."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = textpage.count_chars()
        _, _, _, top_edge = page.get_cropbox()
        words: list[Word] = []
        chars: list[str] = []
        box: list[float] = []  # x0, top, x1, bottom, size, baseline of the word being built
        visible = 0
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect = pdfium_c.FS_RECTF()

        def flush(space: bool) -> None:
            if chars:
                x0, top, x1, bottom, size, base = box
                words.append(Word("".join(chars), x0, top, x1, bottom, size, base, space_after=space))
                chars.clear()

        # one call for all characters; per character only where indices do not line up
        full = textpage.get_text_range(0, n) if n else ""
        aligned = len(full) == n
        for i in range(n):
            if aligned:
                ch = full[i]
            else:
                code = pdfium_c.FPDFText_GetUnicode(raw, i)
                ch = chr(code) if 0 < code < 0x110000 else ""
            if ch in _HYPHENS and (ch != "-" or pdfium_c.FPDFText_IsHyphen(raw, i)):
                ch = "-"  # a hyphen at a line end (soft or hard): the rejoin rule decides
            if not ch or ch.isspace() or (ord(ch) < 32) or ch in "\ufffe\uffff":
                flush(ch == " " or ch == "\u00a0")
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
                continue
            x0, y0, x1, y1 = rect.left, top_edge - rect.top, rect.right, top_edge - rect.bottom
            size = y1 - y0
            if size <= 0:
                continue
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            base = top_edge - oy.value
            visible += 1
            if chars:
                unit = max(min(size, box[4]), 0.01)
                if (
                    abs(base - box[5]) > 0.2 * unit
                    or x0 - box[2] > WORD_GAP * unit
                    or x0 < box[2] - 0.5 * unit
                ):
                    flush(False)
            if chars:
                box[1], box[2], box[3] = min(box[1], y0), max(box[2], x1), max(box[3], y1)
                box[4] = max(box[4], size)
            else:
                box[:] = [x0, y0, x1, y1, size, base]
            chars.append(ch)
        flush(False)
        return words, visible
    finally:
        textpage.close()


def _has_image(page: pdfium.PdfPage) -> bool:
    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        return True
    return False


def _ocr_page(page: pdfium.PdfPage) -> list[Word]:
    scale = OCR_DPI / 72
    image = page.render(scale=scale, grayscale=True).to_pil()
    return ocr_image(image, scale=scale)


def _pages_label(pages: Sequence[int]) -> str:
    return ", ".join(str(p + 1) for p in pages)


def extract(data: bytes, *, ocr: bool | None = None, source: str = "") -> PdfText:
    """Return the text of a PDF file (see the module docstring for its layout).

    ``ocr=None`` reads pages without a text layer by OCR when the ``tesseract`` binary is
    present; ``ocr=False`` never runs OCR; ``ocr=True`` reads every page by OCR, ignoring any
    text layer. ``source`` names the file in messages.

    Raises :class:`~unletters.errors.RejectError` ``undecodable`` for bytes that are not a
    readable PDF (not a PDF, corrupt, truncated, encrypted) and ``needs-ocr`` when the file has
    no text layer and OCR is off or unavailable.
    """
    name = _name(source)
    if not is_pdf(data):
        raise RejectError("undecodable", f"{name} is not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\x0c ")[-1024:]:
        raise RejectError(
            "undecodable", f"{name} is truncated (no %%EOF marker at its end); download it again"
        )
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RejectError(
            "undecodable", f"{name} cannot be opened as a PDF ({exc}); it may be corrupt or encrypted"
        ) from exc
    try:
        return _extract_document(doc, ocr=ocr, name=name)
    finally:
        doc.close()


def _extract_document(doc: pdfium.PdfDocument, *, ocr: bool | None, name: str) -> PdfText:
    page_count = len(doc)
    if page_count == 0:
        raise RejectError("undecodable", f"{name} has no pages")
    version = tesseract_version() if ocr is not False else None
    if ocr is True and version is None:
        raise RejectError(
            "needs-ocr", f"OCR was asked for {name} but Tesseract is not installed; {_INSTALL_HINT}"
        )

    words: list[list[Word]] = []
    sizes: list[tuple[float, float]] = []
    ocr_pages: list[int] = []
    unread: list[int] = []
    for index in range(page_count):
        try:
            page = doc[index]
        except pdfium.PdfiumError as exc:
            raise RejectError("undecodable", f"page {index + 1} of {name} cannot be read ({exc})") from exc
        try:
            left, bottom, right, top = page.get_cropbox()
            sizes.append((right - left, top - bottom))
            page_words, visible = ([], 0) if ocr is True else _page_words(page)
            # a page with (almost) no text but an image is a scan; one with neither is blank
            needs_ocr = ocr is True or (visible < _MIN_LAYER_CHARS and _has_image(page))
            if needs_ocr:
                if version is None:
                    unread.append(index)
                else:
                    page_words = _ocr_page(page)
                    ocr_pages.append(index)
            words.append(page_words)
        finally:
            page.close()

    if unread and len(unread) == page_count:
        why = "OCR is switched off" if ocr is False else "Tesseract is not installed"
        raise RejectError("needs-ocr", f"{name} has no text layer and {why}; {_INSTALL_HINT}")
    warnings: list[str] = []
    if ocr_pages:
        warnings.append(f"text from OCR (Tesseract {version})")
        if len(ocr_pages) < page_count:
            warnings.append(f"pages {_pages_label(ocr_pages)} had no text layer and were read by OCR")
    if unread:
        warnings.append(f"pages {_pages_label(unread)} have no text layer and were not read (no OCR)")

    text_body = body_size(w for i, w in enumerate(words) if i not in ocr_pages)
    ocr_body = body_size(w for i, w in enumerate(words) if i in ocr_pages)
    texts = []
    for index, page_words in enumerate(words):
        body = ocr_body if index in ocr_pages else text_body
        texts.append(
            rejoin_hyphens(
                page_text(page_words, page_width=sizes[index][0], page_height=sizes[index][1], body=body)
            )
        )
    return PdfText("\f".join(texts), page_count, bool(ocr_pages), tuple(warnings))
