"""Render a letter's converted text into a PDF laid out like a UN document (reportlab).

Input: a letter as UN converted text gives it (blocks separated by blank lines: symbols, organ
masthead, ``Distr.``/date, ``Original``, session and agenda blocks, the heading, body paragraphs,
``(Signed)`` blocks, annexes). Footnotes may be written pandoc-style: a mark ``[^1]`` after a
word and a block ``[^1]: text``; :func:`strip_footnotes` gives the text without them.

Layout (page 1): ``United Nations`` and the symbol in the top line; the organ masthead in large
bold type on the left, ``Distr.``, date and ``Original`` in a column on the right; the session
and agenda blocks below on the left (a joint document sets the General Assembly and Security
Council parts in two columns); the heading in bold; the body justified, with words hyphenated
at line ends; ``(Signed)`` blocks indented; footnotes in small type under a rule at the foot of
their page. Page furniture: the job number, barcode line and ``Please recycle`` under page 1, a
running symbol above and a page counter with the job number under later pages. Annexes start on
a new page.

    render_letter(text, job="26-01234") -> bytes
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from unletters.normalize import furniture_data

ORGANS = ("General Assembly", "Security Council", "Economic and Social Council", "Human Rights Council")
_SYMBOL = re.compile(r"[A-Z]{1,3}/[A-Za-z0-9./-]+(?:\s?–\s?[A-Z]{1,3}/[A-Za-z0-9./-]+)?")
_HEADING = re.compile(
    r"(?:Letter|Identical letters|Note verbale|LETTER|IDENTICAL LETTERS|NOTE VERBALE) (?:dated|DATED) "
)
_ANNEX = re.compile(r"(?:Annex|Enclosure|ANNEX)\b")
_NOTE_REF = re.compile(r"\[\^([0-9]{1,2})\]")
_NOTE_DEF = re.compile(r"\[\^([0-9]{1,2})\]: (.+)", re.S)

BODY, BODY_LEAD = 10.0, 12.0
NOTE, NOTE_LEAD = 8.0, 9.5


def strip_footnotes(text: str) -> str:
    """Return the letter text without footnote marks and footnote blocks."""
    blocks = [b for b in text.split("\n\n") if not _NOTE_DEF.fullmatch(b.strip())]
    return _NOTE_REF.sub("", "\n\n".join(blocks))


@dataclass
class _Op:
    font: str
    size: float
    x: float
    y: float
    text: str
    align: str = "left"


@dataclass
class _Page:
    ops: list[_Op] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (mark, text)
    rules: list[tuple[float, float, float]] = field(default_factory=list)


class _Layout:
    def __init__(self, size: tuple[float, float], notes: dict[str, str]) -> None:
        self.w, self.h = size
        self.left, self.right = 72.0, self.w - 72.0
        self.indent = 126.0
        self.pages: list[_Page] = [_Page()]
        self.y = self.h - 50
        self.notes = notes
        self.keep = frozenset(furniture_data()["hyphen_keep_prefixes"]["values"])

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def floor(self) -> float:
        notes = sum(len(self.note_lines(t)) for _, t in self.page.notes)
        return 80.0 + (notes * NOTE_LEAD + 14 if notes else 0)

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = self.h - 80

    def need(self, height: float) -> None:
        if self.y - height < self.floor():
            self.new_page()

    def text(self, font: str, size: float, x: float, s: str, align: str = "left") -> None:
        self.page.ops.append(_Op(font, size, x, self.y, s, align))

    # wrapping --------------------------------------------------------------------------------
    def wrap(
        self,
        words: list[str],
        font: str,
        size: float,
        width: float,
        first_indent: float = 0.0,
        hyphenate: bool = True,
    ) -> list[list[str]]:
        lines: list[list[str]] = [[]]
        room = width - first_indent
        used = 0.0
        space = stringWidth(" ", font, size)
        for word in words:
            ww = self.word_width(word, font, size)
            extra = ww + (space if lines[-1] else 0)
            if used + extra <= room or not lines[-1]:
                lines[-1].append(word)
                used += extra
                continue
            head = self.split_point(word, font, size, room - used - space) if hyphenate else None
            if head:
                lines[-1].append(word[:head] + "-")
                word = word[head:]
                ww = self.word_width(word, font, size)
            lines.append([word])
            used, room = ww, width
        return lines

    def split_point(self, word: str, font: str, size: float, room: float) -> int | None:
        if not re.fullmatch(r"[a-z]{8,}", word):
            return None
        for cut in range(len(word) - 3, 3, -1):
            if word[:cut] in self.keep:
                continue
            if stringWidth(word[:cut] + "-", font, size) <= room:
                return cut
        return None

    def word_width(self, word: str, font: str, size: float) -> float:
        plain = _NOTE_REF.sub("", word)
        marks = "".join(_NOTE_REF.findall(word))
        return stringWidth(plain, font, size) + stringWidth(marks, font, size * 0.6)

    def note_lines(self, text: str) -> list[list[str]]:
        return self.wrap(text.split(), "Times-Roman", NOTE, self.right - self.indent - 10, hyphenate=False)

    # drawing a paragraph ---------------------------------------------------------------------
    def paragraph(
        self,
        text: str,
        *,
        font: str = "Times-Roman",
        size: float = BODY,
        lead: float = BODY_LEAD,
        x0: float | None = None,
        first_indent: float = 28.0,
        justify: bool = True,
        hyphenate: bool = True,
        after: float = 6.0,
    ) -> None:
        x0 = self.indent if x0 is None else x0
        lines = self.wrap(text.split(), font, size, self.right - x0, first_indent, hyphenate)
        for i, line in enumerate(lines):
            self.need(lead)
            self.y -= lead
            x = x0 + (first_indent if i == 0 else 0)
            width = self.right - x
            natural = sum(self.word_width(w, font, size) for w in line)
            gaps = len(line) - 1
            space = stringWidth(" ", font, size)
            if justify and gaps and i < len(lines) - 1:
                space = (width - natural) / gaps
            for word in line:
                self.word(word, font, size, x)
                x += self.word_width(word, font, size) + space
        self.y -= after

    def word(self, word: str, font: str, size: float, x: float) -> None:
        pos = 0
        for m in _NOTE_REF.finditer(word):
            head = word[pos : m.start()]
            self.page.ops.append(_Op(font, size, x, self.y, head))
            x += stringWidth(head, font, size)
            mark = m.group(1)
            self.page.ops.append(_Op(font, size * 0.6, x, self.y + size * 0.38, mark))
            x += stringWidth(mark, font, size * 0.6)
            self.page.notes.append((mark, self.notes[mark]))
            pos = m.end()
        if word[pos:]:
            self.page.ops.append(_Op(font, size, x, self.y, word[pos:]))

    def lines(
        self, lines: list[str], font: str, size: float, x: float, lead: float, after: float = 0.0
    ) -> None:
        for ln in lines:
            self.need(lead)
            self.y -= lead
            self.text(font, size, x, ln)
        self.y -= after


def _classify(text: str) -> tuple[list[str], list[str], list[list[str]], str, list[str]]:
    """Split a converted letter into (symbols, masthead organs, header blocks, heading, rest blocks)."""
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text.strip("\n")) if b.strip()]
    symbols: list[str] = []
    i = 0
    while i < len(blocks) and all(_SYMBOL.fullmatch(ln.strip()) for ln in blocks[i].splitlines()):
        symbols += blocks[i].splitlines()
        i += 1
    masthead = blocks[i].splitlines()
    if not all(ln.strip() in ORGANS for ln in masthead):
        raise ValueError(f"no organ masthead where expected: {blocks[i]!r}")
    i += 1
    header: list[list[str]] = []
    while i < len(blocks) and not _HEADING.match(blocks[i]):
        header.append(blocks[i].splitlines())
        i += 1
    if i == len(blocks):
        raise ValueError("no heading (Letter dated ...) found")
    return symbols, masthead, header, " ".join(blocks[i].split()), blocks[i + 1 :]


def render_letter(text: str, *, job: str = "26-01234", pagesize: str = "A4") -> bytes:
    """Return PDF bytes of the letter ``text`` (converted-text layout) set like a UN document."""
    notes = {}
    for b in re.split(r"\n[ \t]*\n", text):
        m = _NOTE_DEF.fullmatch(b.strip())
        if m:
            notes[m.group(1)] = " ".join(m.group(2).split())
    text = "\n\n".join(b for b in re.split(r"\n[ \t]*\n", text) if not _NOTE_DEF.fullmatch(b.strip()))
    symbols, masthead, header, heading, rest = _classify(text)
    size = A4 if pagesize == "A4" else letter
    lay = _Layout(size, notes)

    # top line and masthead
    lay.text("Times-Roman", 10, lay.left, "United Nations")
    for k, sym in enumerate(symbols):
        lay.page.ops.append(_Op("Times-Roman", 14, lay.right, lay.y - 16 * k, sym, "right"))
    lay.y -= 16 * max(len(symbols), 1) + 14
    top = lay.y
    for organ in masthead:
        lay.text("Helvetica-Bold", 17, lay.indent, organ)
        lay.y -= 20
    left_bottom = lay.y
    lay.y = top + 6
    distr = [ln for b in header if b and b[0].startswith(("Distr", "DISTR")) for ln in b]
    orig = [ln for b in header if b and b[0].startswith(("Original", "ORIGINAL")) for ln in b]
    for ln in distr:
        lay.text("Times-Roman", 10, 400, ln)
        lay.y -= 12
    lay.y -= 12
    for ln in orig:
        lay.text("Times-Roman", 10, 400, ln)
        lay.y -= 12
    lay.y = min(lay.y, left_bottom) - 24

    # session and agenda blocks: one column, or GA | SC columns in a joint document
    session = [b for b in header if not b[0].startswith(("Distr", "DISTR", "Original", "ORIGINAL"))]
    split = next((k for k, b in enumerate(session) if k > 0 and b == ["Security Council"]), None)
    columns = [session] if split is None else [session[:split], session[split:]]
    col_x = [lay.left, 330.0]
    start, lowest = lay.y, lay.y
    for c, col in enumerate(columns):
        lay.y = start
        width = (col_x[1] - 20 - lay.left) if len(columns) > 1 and c == 0 else 260.0
        for b in col:
            for ln in b:
                for wrapped in lay.wrap(ln.split(), "Times-Bold", 10, width, hyphenate=False):
                    lay.text("Times-Bold", 10, col_x[c], " ".join(wrapped))
                    lay.y -= 12
        lowest = min(lowest, lay.y)
    lay.y = lowest - 18

    # heading, body, signatures, annexes
    lay.paragraph(
        heading, font="Times-Bold", size=12, lead=14, first_indent=0, justify=False, hyphenate=False, after=14
    )
    for b in rest:
        first = b.splitlines()[0]
        if _ANNEX.match(first):
            lay.new_page()
            lay.paragraph(
                " ".join(b.split()),
                font="Times-Bold",
                size=11,
                lead=13,
                first_indent=0,
                justify=False,
                hyphenate=False,
                after=10,
            )
        elif first.startswith("(Signed)"):
            lay.y -= 6
            sig = b.splitlines()
            widest = max(stringWidth(ln, "Times-Roman", BODY) for ln in sig)
            lay.lines(sig, "Times-Roman", BODY, min(300.0, lay.right - widest), BODY_LEAD, after=10)
        else:
            lay.paragraph(" ".join(b.split()))
    return _draw(lay, symbols, job)


def _draw(lay: _Layout, symbols: list[str], job: str) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(lay.w, lay.h), invariant=True, pageCompression=0)
    canvas.setTitle("letter")
    total = len(lay.pages)
    digits = job.replace("-", "")
    running = "–".join(s.strip() for s in symbols) if len(symbols) > 1 else (symbols[0] if symbols else "")
    for n, page in enumerate(lay.pages, start=1):
        for op in page.ops:
            canvas.setFont(op.font, op.size)
            if op.align == "right":
                canvas.drawRightString(op.x, op.y, op.text)
            else:
                canvas.drawString(op.x, op.y, op.text)
        if page.notes:
            y = 80 + len([ln for _, t in page.notes for ln in lay.note_lines(t)]) * NOTE_LEAD + 8
            canvas.setLineWidth(0.5)
            canvas.line(lay.indent, y, lay.indent + 72, y)
            y -= 4
            for mark, t in page.notes:
                for k, line in enumerate(lay.note_lines(t)):
                    y -= NOTE_LEAD
                    if k == 0:
                        canvas.setFont("Times-Roman", NOTE * 0.65)
                        canvas.drawString(lay.indent, y + 3, mark)
                    canvas.setFont("Times-Roman", NOTE)
                    canvas.drawString(lay.indent + 10, y, " ".join(line))
        if n == 1:
            canvas.setFont("Times-Roman", 8)
            canvas.drawString(lay.left, 52, f"{job} (E)    010226    020226")
            canvas.setFont("Helvetica", 11)
            canvas.drawString(lay.left, 36, f"*{digits}*")
            canvas.setFont("Helvetica-Bold", 7)
            canvas.drawRightString(lay.right, 40, "Please recycle")
        else:
            even = n % 2 == 0
            canvas.setFont("Times-Bold", 9)
            if running:
                (canvas.drawString if even else canvas.drawRightString)(
                    lay.left if even else lay.right, lay.h - 45, running
                )
            canvas.setFont("Times-Roman", 8)
            counter = f"{n}/{total}"
            (canvas.drawString if even else canvas.drawRightString)(
                lay.left if even else lay.right, 45, counter
            )
            (canvas.drawRightString if even else canvas.drawString)(lay.right if even else lay.left, 45, job)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def rasterize(pdf: bytes, *, dpi: int = 200, pages: int | None = None) -> bytes:
    """Return an image-only PDF of the pages (all, or the first ``pages``) rendered at ``dpi``: a scan."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    count = len(doc) if pages is None else min(pages, len(doc))
    images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(count)]
    doc.close()
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return buf.getvalue()
