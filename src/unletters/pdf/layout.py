"""Reading order for one page, from positioned words (a text layer or OCR output).

Pure geometry, no PDF library: the input is a list of :class:`Word` in page coordinates with
y growing downwards (points), the output is the page's plain text.

Steps:

1. words -> lines (vertical overlap), lines -> segments (split at wide horizontal gaps, so that
   a header's left and right columns on one baseline become two segments);
2. segments -> blocks (a segment continues a block when it sits one line pitch below the block's
   last segment, overlaps it horizontally and has the same size);
3. blocks -> reading order by recursive XY-cut: horizontal bands top to bottom, inside a band
   vertical columns left to right (so the header's organ column comes before the `Distr.`
   column), falling back to top-then-left;
4. footnotes: the run of small-type lines at the foot of the page (above the bottom margin band),
   starting with a note marker, is moved after the page's body behind a line of underscores
   (:data:`FOOTNOTE_RULE`);
5. text: words joined with a space where the text layer has one or the gap is a word space
   (so a superscript note mark stays glued to its word, written in Unicode superscripts:
   ``62/243¹``), lines
   with newlines, blocks with blank lines; the bottom margin band (job number, barcode, page
   counter) comes last.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cmp_to_key

#: The line that separates a page's body from its footnotes in extracted text.
FOOTNOTE_RULE = "________"

# geometry, as fractions of the type size (the height of a line's boxes) or of the page height
_SEGMENT_GAP = 1.5  # a gap wider than this many sizes splits a line into two segments
_LINE_PITCH = 1.4  # a segment at most this many sizes below a block's last line continues it
_SIZE_TOLERANCE = 0.2  # relative size difference still counted as the same type
#: a gap wider than this many sizes between two characters is a word space
WORD_GAP = 0.25
_BOTTOM_BAND = 0.92  # lines starting below this fraction of the page height are the footer band
_SMALL_TYPE = 0.9  # a line smaller than this fraction of the body size is small type

_NOTE_MARK = re.compile(r"(?:[0-9]{1,3}|[a-z]|[*†‡]{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|[ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ])[.)]?")
_SUPERSCRIPTS = str.maketrans("0123456789abcdefghijklmnoprstuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")
# a raised note mark: 1-3 digits or a letter, or a list of them (`a,b`); not an ordinal suffix
_MARK_TEXT = re.compile(r"(?:[0-9]{1,3}|[a-pr-z])(?:,(?:[0-9]{1,3}|[a-pr-z])){0,3}")


def superscript(text: str) -> str:
    """Return a raised note mark in Unicode superscript characters (``1`` -> ``¹``, ``a,b`` -> ``ᵃ,ᵇ``).

    Other raised text (``st`` in ``71st``) is returned unchanged. Superscript digits are not
    ``\\d``, so a mark glued to ``resolution 62/243`` does not change the number.
    """
    if not _MARK_TEXT.fullmatch(text):
        return text
    return text.translate(_SUPERSCRIPTS)


_NOTE_MARK_GLUED = re.compile(r"[0-9]{1,3}[A-Z]")


@dataclass(frozen=True)
class Word:
    """A word on a page: its text, box and baseline (points, y downwards) and its type size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    baseline: float
    space_after: bool = False  # the text layer has a space after the word


@dataclass
class _Line:
    words: list[Word]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # median type size of the words
    baseline: float  # median baseline of the words


@dataclass
class _Block:
    lines: list[_Line] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)

    @property
    def size(self) -> float:
        return statistics.median(ln.size for ln in self.lines)


def _make_line(words: list[Word]) -> _Line:
    words = sorted(words, key=lambda w: (w.x0, w.top))
    return _Line(
        words,
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
        statistics.median(w.size for w in words),
        statistics.median(w.baseline for w in words),
    )


def group_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Return the words grouped into visual lines (top to bottom), each line left to right.

    Words share a line when they share a baseline and a type size (two columns set half a
    line apart stay apart). A line of smaller type whose middle lies inside
    a line of larger type (a superscript note mark) then joins that line.
    """
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.baseline, w.x0)):
        best, best_diff = -1, 0.0
        for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
            ref = lines[i][0]
            diff = abs(ref.baseline - w.baseline)
            if (
                diff <= 0.2 * min(ref.size, w.size)
                and _same_size(ref.size, w.size)
                and (best < 0 or diff < best_diff)
            ):
                best, best_diff = i, diff
        if best < 0:
            lines.append([w])
        else:
            lines[best].append(w)
    # superscripts and other small type inside a larger line join it
    big = sorted(range(len(lines)), key=lambda i: -max(w.size for w in lines[i]))
    merged: dict[int, int] = {}
    for i, line in enumerate(lines):
        size = max(w.size for w in line)
        mid = sum((w.top + w.bottom) / 2 for w in line) / len(line)
        lo, hi = min(w.x0 for w in line), max(w.x1 for w in line)
        for j in big:
            host = lines[j]
            host_size = max(w.size for w in host)
            if host_size < size / 0.8:
                break
            top, bottom = min(w.top for w in host), max(w.bottom for w in host)
            if (
                top < mid < bottom
                and min(w.x0 for w in host) - 2 * host_size <= lo
                and hi <= max(w.x1 for w in host) + 2 * host_size
            ):
                merged[i] = j
                break
    for i, j in merged.items():
        while j in merged:
            j = merged[j]
        host_base = statistics.median(w.baseline for w in lines[j])
        host_size = max(w.size for w in lines[j])
        for w in lines[i]:
            raised = w.baseline < host_base - 0.2 * host_size
            lines[j].append(replace(w, text=superscript(w.text)) if raised else w)
    kept = [ln for i, ln in enumerate(lines) if i not in merged]
    return [sorted(ln, key=lambda w: (w.x0, w.top)) for ln in kept]


def _gutters(lines: Sequence[list[Word]], width: int) -> list[bool]:
    """Return, per point of page width, whether it is a column gutter.

    A gutter is an x that at least four lines span but where at most a tenth of them have a
    word: in running text the spaces of different lines never line up, between two columns
    set on shared baselines they always do.
    """
    spanning = [0] * (width + 2)
    covered = [0] * (width + 2)
    for line in lines:
        a, b = _clip(line[0].x0, width), _clip(line[-1].x1, width)
        spanning[a] += 1
        spanning[b] -= 1
        for w in line:
            covered[_clip(w.x0, width)] += 1
            covered[_clip(w.x1, width)] -= 1
    out = [False] * (width + 1)
    span = cov = 0
    for x in range(width + 1):
        span += spanning[x]
        cov += covered[x]
        out[x] = span >= 4 and cov <= 0.1 * span
    return out


def _clip(x: float, width: int) -> int:
    return min(max(int(x), 0), width + 1)


def _segments(line: list[Word], gutters: Sequence[bool] = ()) -> list[_Line]:
    """Split a line at gaps wider than ``_SEGMENT_GAP`` type sizes or lying across a gutter."""
    out: list[list[Word]] = [[line[0]]]
    for prev, w in itertools.pairwise(line):
        size = max(min(prev.size, w.size), 0.01)
        gap = w.x0 - prev.x1
        across = gap > 0.5 * size and any(gutters[int(prev.x1) + 1 : int(w.x0)])
        if gap > _SEGMENT_GAP * size or across:
            out.append([w])
        else:
            out[-1].append(w)
    return [_make_line(ws) for ws in out]


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= _SIZE_TOLERANCE * max(a, b)


def _blocks(segments: Sequence[_Line]) -> list[_Block]:
    """Group segments into blocks of consecutive lines of one column and one type size."""
    blocks: list[_Block] = []
    open_blocks: list[_Block] = []  # blocks a later segment can still continue
    for seg in sorted(segments, key=lambda s: (s.top, s.x0)):
        size = seg.size
        best: _Block | None = None
        best_overlap = 0.0
        open_blocks = [
            b for b in open_blocks if seg.baseline - b.lines[-1].baseline <= 3 * max(size, b.lines[-1].size)
        ]
        for b in open_blocks:
            last = b.lines[-1]
            pitch = seg.baseline - last.baseline
            if pitch <= 0.3 * size or pitch > _LINE_PITCH * max(size, last.size):
                continue
            if not _same_size(size, last.size):
                continue
            overlap = min(seg.x1, b.x1) - max(seg.x0, b.x0)
            if overlap > best_overlap:
                best, best_overlap = b, overlap
        if best is None:
            blocks.append(_Block([seg]))
            open_blocks.append(blocks[-1])
        else:
            best.lines.append(seg)
    return blocks


def _cut(blocks: list[_Block], lo: str, hi: str) -> list[list[_Block]]:
    """Split blocks into groups separated by empty space along one axis (``top``/``x0``)."""
    ordered = sorted(blocks, key=lambda b: (getattr(b, lo), b.top, b.x0))
    groups: list[list[_Block]] = [[ordered[0]]]
    reach = getattr(ordered[0], hi)
    for b in ordered[1:]:
        slack = 0.25 * b.size
        if getattr(b, lo) >= reach - slack:
            groups.append([b])
        else:
            groups[-1].append(b)
        reach = max(reach, getattr(b, hi))
    return groups


def order_blocks(blocks: list[_Block]) -> list[_Block]:
    """Return blocks in reading order by recursive XY-cut (bands, then columns)."""
    if len(blocks) <= 1:
        return list(blocks)
    bands = _cut(blocks, "top", "bottom")
    if len(bands) > 1:
        return [b for band in bands for b in order_blocks(band)]
    columns = _cut(blocks, "x0", "x1")
    if len(columns) > 1:
        return [b for col in columns for b in order_blocks(col)]
    return sorted(blocks, key=cmp_to_key(_reading_cmp))


def _reading_cmp(a: _Block, b: _Block) -> int:
    """Top to bottom; blocks whose first lines share a line (tops within half a size) left to right."""
    if abs(a.top - b.top) > 0.5 * min(a.size, b.size):
        return -1 if a.top < b.top else 1
    return -1 if (a.x0, a.top) < (b.x0, b.top) else (1 if (a.x0, a.top) > (b.x0, b.top) else 0)


def _line_text(line: _Line) -> str:
    parts: list[str] = []
    prev: Word | None = None
    for w in line.words:
        if prev is not None:
            gap = w.x0 - prev.x1
            if prev.space_after or gap > WORD_GAP * min(prev.size, w.size):
                parts.append(" ")
        parts.append(w.text)
        prev = w
    return "".join(parts).strip()


def _block_text(block: _Block) -> str:
    return "\n".join(t for t in (_line_text(ln) for ln in block.lines) if t)


def _is_note_start(line: _Line) -> bool:
    first = line.words[0].text
    return bool(_NOTE_MARK.fullmatch(first) or _NOTE_MARK_GLUED.match(first))


def body_size(pages: Iterable[Sequence[Word]]) -> float:
    """Return the body type size: the size carrying the most characters (0.0 for no words)."""
    weight: dict[float, int] = {}
    for words in pages:
        for w in words:
            key = round(w.size * 2) / 2
            weight[key] = weight.get(key, 0) + len(w.text)
    if not weight:
        return 0.0
    return max(weight.items(), key=lambda kv: (kv[1], -kv[0]))[0]


def page_text(words: Sequence[Word], *, page_width: float, page_height: float, body: float) -> str:
    """Return the text of one page in reading order (see the module docstring).

    ``body`` is the document's body type size (:func:`body_size`); footnotes follow the body
    after a :data:`FOOTNOTE_RULE` line; the bottom margin band comes last.
    """
    if not words:
        return ""
    grouped = group_lines(words)
    gutters = _gutters(grouped, int(page_width))
    lines = [_make_line(ws) for ws in grouped]
    band_top = _BOTTOM_BAND * page_height
    footer = [ln for ln in lines if ln.top >= band_top]
    main = [ln for ln in lines if ln.top < band_top]

    # footnotes: small type at the foot of the main area, under at least one body-size line
    notes: list[_Line] = []
    if body > 0:
        i = len(main)
        while i > 0 and main[i - 1].size < _SMALL_TYPE * body:
            i -= 1
        tail = main[i:]
        start = next((k for k, ln in enumerate(tail) if _is_note_start(ln)), None)
        if start is not None and i > 0:
            notes = tail[start:]
            main = main[: i + start]

    parts: list[str] = []
    for group in (main, notes, footer):
        if not group:
            continue
        if group is notes:
            parts.append(FOOTNOTE_RULE)
        segs = [s for ln in group for s in _segments(ln.words, gutters)]
        texts = [_block_text(b) for b in order_blocks(_blocks(segs))]
        parts.extend(t for t in texts if t)
    return "\n\n".join(parts)
