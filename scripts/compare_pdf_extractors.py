"""Compare PDF text extractors on real UN PDFs against the pdftotext output beside each.

Usage: python scripts/compare_pdf_extractors.py [DOCS_DIR] [--ocr]

For every ``X.pdf`` with an ``X.pdftotext.txt`` in DOCS_DIR (default ../shared/documents), each
installed extractor's text is scored by bag-of-words recall and precision against the reference
(both normalized: furniture dropped, hyphenated words rejoined; see unletters.pdf.measure), and
timed. Prints a table per extractor, then recall per file for unletters.pdf. ``--ocr`` also
reads every page through the OCR path (Tesseract) and reports its recall and pages/s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from unletters.pdf import extract
from unletters.pdf.measure import word_precision, word_recall

Extractor = Callable[[bytes], str]


def _unletters(data: bytes) -> str:
    return extract(data, ocr=False).text


def _unletters_ocr(data: bytes) -> str:
    return extract(data, ocr=True).text


def _pypdfium2(data: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    out = []
    for page in doc:
        tp = page.get_textpage()
        out.append(tp.get_text_range().replace("\r\n", "\n"))
        tp.close()
        page.close()
    doc.close()
    return "\f".join(out)


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\f".join(page.extract_text() or "" for page in pdf.pages)


def _pymupdf(data: bytes) -> str:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "\f".join(page.get_text() for page in doc)


# name, function, module to import (None: always there), license
EXTRACTORS: list[tuple[str, Extractor, str | None, str]] = [
    ("unletters.pdf (pypdfium2 + layout)", _unletters, None, "MIT; PDFium Apache-2.0/BSD-3"),
    ("pypdfium2 get_text_range", _pypdfium2, "pypdfium2", "Apache-2.0/BSD-3"),
    ("pdfminer.six extract_text", _pdfminer, "pdfminer", "MIT"),
    ("pdfplumber extract_text", _pdfplumber, "pdfplumber", "MIT"),
    ("PyMuPDF get_text", _pymupdf, "pymupdf", "AGPL-3.0 (or commercial): not for an MIT package"),
]


def _available(module: str | None) -> bool:
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def main(argv: list[str] | None = None) -> int:
    """Print the comparison table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "docs", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "documents")
    )
    parser.add_argument("--ocr", action="store_true", help="also measure the OCR path (slow)")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    pairs = [(p, p.with_suffix(".pdftotext.txt")) for p in sorted(docs.glob("*.pdf"))]
    pairs = [(p, t) for p, t in pairs if t.exists()]
    if not pairs:
        print(f"no PDF with a .pdftotext.txt beside it in {docs}", file=sys.stderr)
        return 1
    files = [(p.name, p.read_bytes(), t.read_text(encoding="utf-8")) for p, t in pairs]
    pages = {name: _pages(data) for name, data, _ in files}
    total_pages = sum(pages.values())
    print(f"{len(files)} PDFs, {total_pages} pages, reference: pdftotext (poppler) output\n")

    extractors = list(EXTRACTORS)
    if args.ocr:
        extractors.append(
            ("unletters.pdf OCR (Tesseract, 300 dpi)", _unletters_ocr, None, "Apache-2.0 (Tesseract)")
        )
    per_file: dict[str, dict[str, float]] = {}
    header = (
        f"{'extractor':40} {'recall mean':>11} {'recall min':>10} {'precision':>9} {'pages/s':>8}  license"
    )
    print(header)
    print("-" * len(header))
    for label, fn, module, license_ in extractors:
        if not _available(module):
            print(f"{label:40} {'not installed':>41}  {license_}")
            continue
        recalls, precisions, seconds = [], [], 0.0
        for name, data, ref in files:
            t0 = time.perf_counter()
            text = fn(data)
            seconds += time.perf_counter() - t0
            r = word_recall(text, ref)
            recalls.append(r)
            precisions.append(word_precision(text, ref))
            per_file.setdefault(name, {})[label] = r
        print(
            f"{label:40} {statistics.mean(recalls):11.4f} {min(recalls):10.4f} "
            f"{statistics.mean(precisions):9.4f} {total_pages / seconds:8.2f}  {license_}"
        )
    print("\nword recall per file (pages):")
    labels = [lab for lab, _, _, _ in extractors if lab in next(iter(per_file.values()))]
    print(f"{'file':44} " + " ".join(f"{lab.split()[0][:12]:>12}" for lab in labels))
    for name, scores in per_file.items():
        print(f"{name[:38] + f' ({pages[name]})':44} " + " ".join(f"{scores[lab]:12.4f}" for lab in labels))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
