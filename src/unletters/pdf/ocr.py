"""OCR of page images with the Tesseract binary (Debian package ``tesseract-ocr``).

Tesseract runs as a subprocess and returns hOCR (word boxes, line baselines and type sizes);
the words go through the same reading-order code as a text layer (:mod:`unletters.pdf.layout`).
Pillow is needed only here (page images), and only when OCR runs.
"""

from __future__ import annotations

import bisect
import html
import io
import os
import re
import shutil
import statistics
import subprocess
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from unletters.pdf.layout import Word

if TYPE_CHECKING:
    from PIL import Image

#: Resolution pages are rendered at for OCR (dots per inch).
OCR_DPI = 300
_TIMEOUT_S = 300
# a word read with less confidence (0-100) makes its (short) block be read again
_LOW_CONF = 50.0
_EM_PER_X_SIZE = 1.3


@cache
def tesseract_version() -> str | None:
    """Return the version of the ``tesseract`` binary on PATH (``"5.3.0"``), or None if absent."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    first = (out.stdout or out.stderr).strip().splitlines()
    if out.returncode != 0 or not first:
        return None
    return first[0].removeprefix("tesseract").strip() or "unknown"


def _tesseract(png: bytes, *, psm: int, dpi: int, lang: str) -> str:
    """Run Tesseract on a PNG image; return its hOCR. Raises ``RuntimeError`` when it fails."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise RuntimeError("tesseract is not installed")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread: deterministic, and the build parallelises
    proc = subprocess.run(
        [exe, "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), "hocr"],
        input=png,
        capture_output=True,
        timeout=_TIMEOUT_S,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract failed: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return proc.stdout.decode("utf-8", "replace")


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def ocr_image(image: Image.Image, *, scale: float, lang: str = "eng") -> list[Word]:
    """Run Tesseract on a page image; return its words in page points (y downwards).

    ``scale`` is pixels per point of the image. A first pass reads the page with automatic
    page segmentation. Tesseract sometimes merges columns set side by side into one block (a
    masthead beside ``Distr.`` and the date) and then misreads or mis-boxes their words: such a
    block, and any short block holding a word read with low confidence, is read again column by
    column, each from its own crop as a uniform block of text, and the second reading is kept
    unless Tesseract is clearly less confident of it. Raises ``RuntimeError`` when it fails.
    """
    dpi = round(scale * 72)
    blocks = _parse_blocks(_tesseract(_png(image), psm=3, dpi=dpi, lang=lang), scale=scale)
    words: list[Word] = []
    for block in blocks:
        columns = _columns(block)
        height = max(r.box[3] for r in block) - min(r.box[1] for r in block)
        small = height <= 6 * statistics.median(r.size_px for r in block)
        if len(columns) == 1 and (min(r.conf for r in block) >= _LOW_CONF or not small):
            words.extend(r.word for r in block)
            continue
        for k, col in enumerate(columns):
            # a column's crop reaches to the next column (words may have been cut short)
            x0 = max(0, int(min(r.box[0] for r in col)) - 10)
            x1 = int(min(r.box[0] for r in columns[k + 1])) - 10 if k + 1 < len(columns) else image.width
            y0, y1 = min(r.box[1] for r in col), max(r.box[3] for r in col)
            top, bottom = max(0, int(y0) - 10), min(image.height, int(y1) + 10)
            crop = image.crop((x0, top, x1, bottom))
            again = _parse_blocks(_tesseract(_png(crop), psm=6, dpi=dpi, lang=lang), scale=scale)
            # only what lies in the column's own lines (the crop may catch a neighbour's edge)
            inside = [r for blk in again for r in blk if y0 <= top + (r.box[1] + r.box[3]) / 2 <= y1]
            redo = [_shift(r.word, x0 / scale, top / scale) for r in inside]
            confs = [r.conf for r in inside]
            keep = redo and statistics.mean(confs) >= statistics.mean(r.conf for r in col) - 5
            words.extend(redo if keep else [r.word for r in col])
    return words


def _columns(block: list[_Read]) -> list[list[_Read]]:
    """Split a block's words into columns: x ranges separated by more than two type sizes."""
    ordered = sorted(block, key=lambda r: (r.box[0], r.box[1]))
    gap = 2 * statistics.median(r.size_px for r in block)
    cols: list[list[_Read]] = [[ordered[0]]]
    reach = ordered[0].box[2]
    for r in ordered[1:]:
        if r.box[0] - reach > gap:
            cols.append([r])
        else:
            cols[-1].append(r)
        reach = max(reach, r.box[2])
    return cols


def _shift(w: Word, dx: float, dy: float) -> Word:
    return replace(
        w, x0=w.x0 + dx, x1=w.x1 + dx, top=w.top + dy, bottom=w.bottom + dy, baseline=w.baseline + dy
    )


_BLOCK = re.compile(r"<div class='ocr_carea'")
_LINE = re.compile(r"<span class='ocr_(?:line|header|caption|textfloat)'[^>]*title=\"([^\"]*)\"")
_WORD = re.compile(r"<span class='ocrx_word'[^>]*title='([^']*)'>(.*?)</span>", re.S)
_BBOX = re.compile(r"bbox (-?[0-9]+) (-?[0-9]+) (-?[0-9]+) (-?[0-9]+)")
_BASELINE = re.compile(r"baseline (-?[0-9.]+) (-?[0-9.]+)")
_XSIZE = re.compile(r"x_size ([0-9.]+)")
_CONF = re.compile(r"x_wconf ([0-9.]+)")
_ASCENDER = re.compile(r"[A-Z0-9bdfhklt]")
_DESCENDER = re.compile(r"[gjpqy,;()\[\]]")
_TAG = re.compile(r"<[^>]{0,200}>")


def parse_hocr(hocr: str, *, scale: float) -> list[Word]:
    """Return the words of Tesseract hOCR output in page points (y downwards).

    A word's size is its line's ``x_size`` (Tesseract's estimate of the type size, the same
    for every word of the line) and its baseline follows the line's ``baseline`` slope, so
    the words of one line share a baseline and a size as in a text layer.
    """
    return [r.word for block in _parse_blocks(hocr, scale=scale) for r in block]


class _Read(NamedTuple):
    word: Word
    conf: float  # Tesseract's confidence, 0-100
    box: tuple[float, float, float, float]  # pixels
    size_px: float
    oversized: bool = False  # larger type than the line Tesseract put it in


def _parse_blocks(hocr: str, *, scale: float) -> list[list[_Read]]:
    """Return hOCR blocks (non-empty), each its words line by line, left to right."""
    starts = [m.start() for m in _BLOCK.finditer(hocr)]
    out: list[list[_Read]] = []
    current = -2
    lines = list(_LINE.finditer(hocr))
    for k, line in enumerate(lines):
        block = bisect.bisect_right(starts, line.start()) - 1
        if block != current:
            out.append([])
            current = block
        title = line.group(1)
        box = _BBOX.search(title)
        if box is None:
            continue
        lx0, _, _, ly1 = (float(v) for v in box.groups())
        base_m = _BASELINE.search(title)
        slope, offset = (float(base_m.group(1)), float(base_m.group(2))) if base_m else (0.0, 0.0)
        size_m = _XSIZE.search(title)
        end = lines[k + 1].start() if k + 1 < len(lines) else len(hocr)
        line_words: list[_Read] = []
        for w in _WORD.finditer(hocr, line.end(), end):
            text = html.unescape(_TAG.sub("", w.group(2))).strip()
            wbox = _BBOX.search(w.group(1))
            conf_m = _CONF.search(w.group(1))
            conf = float(conf_m.group(1)) if conf_m else 100.0
            if not text or wbox is None:
                continue
            if not any(c.isalnum() for c in text) and conf < 70:
                continue  # specks read as punctuation
            x0, y0, x1, y1 = (float(v) for v in wbox.groups())
            x_size = float(size_m.group(1)) if size_m else y1 - y0
            # a text layer's size is the height of a line's boxes, about 1.1 em; x_size is about 0.85 em
            size = _EM_PER_X_SIZE * x_size
            base = ly1 + offset + slope * (x0 - lx0)
            tail = 1.25 if _DESCENDER.search(text) else 1.0
            oversized = y1 - y0 > 1.05 * tail * x_size
            if oversized:
                # larger type merged into a line of smaller type (a masthead beside `Distr.`):
                # size from the word's own height (capitals are about 0.7 em)
                size = 1.6 * (y1 - y0) / tail
                base = y1 - (0.2 * size if tail > 1 else 0.0)
            elif _ASCENDER.search(text) and y1 - y0 < 0.55 * tail * x_size:
                # smaller type merged into a line of larger type (the date beside a masthead)
                size = 1.6 * (y1 - y0) / tail
                base = y1 - (0.2 * size if tail > 1 else 0.0)
            elif not (base - 0.15 * x_size <= y1 <= base + (0.45 if tail > 1 else 0.15) * x_size):
                # a word off its line's baseline: two lines merged into one (stacked organ names,
                # `Distr.` over the date); the word keeps its own baseline
                base = y1 - (0.25 * x_size if tail > 1 else 0.0)
            word = Word(
                text,
                x0 / scale,
                (base - 0.8 * size) / scale,
                x1 / scale,
                (base + 0.25 * size) / scale,
                size / scale,
                base / scale,
                space_after=True,
            )
            prev = line_words[-1] if line_words else None
            gap = word.x0 - prev.word.x1 if prev is not None else -1.0
            if (
                prev is not None
                and oversized
                and prev.oversized
                and abs(prev.word.size - word.size) < 0.05 * word.size
                and 0 <= gap < 0.15 * word.size
            ):
                # one word of large type that Tesseract split in two (`Assem bly`)
                joined = replace(prev.word, text=prev.word.text + word.text, x1=word.x1)
                merged = (prev.box[0], min(prev.box[1], y0), x1, max(prev.box[3], y1))
                line_words[-1] = _Read(joined, min(conf, prev.conf), merged, prev.size_px, True)
            else:
                line_words.append(_Read(word, conf, (x0, y0, x1, y1), size, oversized))
        out[-1].extend(line_words)
    return [b for b in out if b]
