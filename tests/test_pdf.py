"""unletters.pdf: text-layer PDFs and scans (issue 10).

Letters are rendered into UN-like PDFs with tests/pdf_render.py (reportlab); their text must
give the same documents fields as the letter's text version.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import pdf_render

from unletters import api
from unletters.errors import RejectError
from unletters.normalize import normalize
from unletters.pdf import FOOTNOTE_RULE, PdfText, extract
from unletters.pdf.layout import Word, superscript
from unletters.pdf.measure import word_recall

DOCS = Path(__file__).resolve().parents[2] / "shared" / "documents"
HAS_TESSERACT = shutil.which("tesseract") is not None

# --- test letters, one per layout; particulars invented for these tests --------------------------

GA_AGENDA = """


General Assembly

Distr.: General
14 March 2024

Original: French

Seventy-eighth session

Agenda items 29 and 71 (b)

Advancement of women

Promotion and protection of human rights: human rights questions, including alternative approaches for improving the effective enjoyment of human rights and fundamental freedoms


Letter dated 11 March 2024 from the Permanent Representative of Senegal to the United Nations addressed to the Secretary-General

I have the honour to transmit herewith the outcome document of the regional consultation on the empowerment of rural women, held in Dakar on 4 and 5 March 2024.

The consultation brought together representatives of eleven States and of regional organizations, who reaffirmed their commitment to the implementation of General Assembly resolution 77/195 and stressed the importance of international cooperation.

I should be grateful if the present letter could be circulated as a document of the General Assembly, under agenda items 29 and 71 (b).

(Signed) Awa Ndiaye Sarr
Ambassador
Permanent Representative
"""

SC_LETTER = """


S/2023/915

Security Council

Distr.: General
29 November 2023

Original: English

Letter dated 27 November 2023 from the Chargé d'affaires a.i. of the Permanent Mission of Norway to the United Nations addressed to the President of the Security Council

On instructions from my Government, I have the honour to draw the attention of the Security Council to the humanitarian situation in the region, which continues to deteriorate.[^1]

Since the beginning of the month, more than twelve thousand persons have been displaced, and the delivery of humanitarian assistance has been interrupted on several occasions, in violation of Security Council resolution 2417 (2018).

I should be grateful if you would have the present letter circulated as a document of the Security Council.

(Signed) Ingrid Solberg Haugen
Chargé d'affaires a.i.

[^1]: See the report of the Secretary-General on the protection of civilians in armed conflict (S/2023/345).
"""

JOINT = """


A/78/644–S/2023/980

General Assembly
Security Council

Distr.: General
8 December 2023

Original: Spanish

General Assembly

Seventy-eighth session

Agenda item 36

Protracted conflicts in the GUAM area and their implications for international peace, security and development

Security Council

Seventy-eighth year

Identical letters dated 6 December 2023 from the Permanent Representative of Uruguay to the United Nations addressed to the Secretary-General and the President of the Security Council

I have the honour to inform you that my Government has decided to contribute a contingent of military observers to the verification mechanism established by the parties.

I should be grateful if the present letter could be circulated as a document of the General Assembly, under agenda item 36, and of the Security Council.

(Signed) Martín Ferreira Olivera
Ambassador
Permanent Representative
"""

NOTE_VERBALE = """


A/79/512

General Assembly

Distr.: General
2 October 2024

Original: English

Seventy-ninth session

Agenda item 105

Measures to eliminate international terrorism


Note verbale dated 30 September 2024 from the Permanent Mission of Mongolia to the United Nations addressed to the Secretary-General

The Permanent Mission of Mongolia to the United Nations presents its compliments to the Secretary-General and has the honour to transmit herewith the national report of Mongolia on measures taken to eliminate international terrorism.

The Permanent Mission of Mongolia requests that the present note verbale and its annex be circulated as a document of the General Assembly, under agenda item 105.

The Permanent Mission of Mongolia avails itself of this opportunity to renew to the Secretary-General the assurances of its highest consideration.
"""

_LONG = (
    "The delegation recalled that the regional programme of action, adopted by consensus, provides for "
    "the exchange of information between the competent authorities, the strengthening of border "
    "management and the establishment of national points of contact, and expressed its determination "
    "to continue working with all partners towards its implementation in good faith."
)

WITH_ANNEX = f"""


A/80/233

General Assembly

Distr.: General
19 June 2025

Original: Russian

Eightieth session

Item 97 of the preliminary list

General and complete disarmament


Letter dated 17 June 2025 from the Permanent Representative of Kazakhstan to the United Nations addressed to the Secretary-General

I have the honour to transmit herewith the joint statement of the ministers for foreign affairs of the Central Asian States, adopted in Astana on 12 June 2025 (see annex).

I should be grateful if the present letter and its annex could be circulated as a document of the General Assembly.

(Signed) Nurlan Bekov
Ambassador
Permanent Representative

Annex to the letter dated 17 June 2025 from the Permanent Representative of Kazakhstan to the United Nations addressed to the Secretary-General

Joint statement of the ministers for foreign affairs of the Central Asian States

{_LONG}

{_LONG}

(Signed) Aigerim Tulegenova
Minister for Foreign Affairs
"""

TWO_PAGES = (
    """


A/77/901–S/2023/402

General Assembly
Security Council

Distr.: General
5 June 2023

Original: Arabic

General Assembly

Seventy-seventh session

Agenda items 34 and 68

Prevention of armed conflict

Right of peoples to self-determination

Security Council

Seventy-eighth year

Letter dated 1 June 2023 from the Permanent Representative of Jordan to the United Nations addressed to the Secretary-General

"""
    + "\n\n".join([_LONG] * 9)
    + """

I should be grateful if the present letter could be circulated as a document of the General Assembly, under agenda items 34 and 68, and of the Security Council.

(Signed) Layla Haddad
Ambassador
Permanent Representative
"""
)

LETTERS = {
    "ga_agenda": GA_AGENDA,
    "sc_footnote": SC_LETTER,
    "joint_identical": JOINT,
    "note_verbale": NOTE_VERBALE,
    "annex": WITH_ANNEX,
    "two_pages": TWO_PAGES,
}

# the documents fields that must come out the same from the PDF as from the text
FIELDS = (
    "symbols", "organ", "distribution", "issue_date", "original_language", "session", "agenda_items",
    "doc_type", "title", "letter_date", "sender_role", "sender_state", "sender_iso3", "sender_states",
    "sender_iso3s", "sender_group", "addressees",
)  # fmt: skip


def _fields(doc: dict) -> dict:
    out = {k: doc.get(k) for k in FIELDS}
    out["signatories"] = [{"name": s["name"], "titles": s["titles"]} for s in doc.get("signatories") or []]
    out["annexes"] = [a["title"] for a in doc.get("annexes") or []]
    return out


def _body_without_notes(text: str) -> str:
    """The extracted text with each page's footnote block (rule line to end of page) removed."""
    pages = []
    for page in text.split("\f"):
        head, _, _ = page.partition("\n" + FOOTNOTE_RULE + "\n")
        pages.append(head)
    return "\f".join(pages)


def _header(text: str) -> dict[str, str | None]:
    """Header fields read with simple regexes (independent of the parser)."""

    def find(pattern: str) -> str | None:
        m = re.search(pattern, text, re.M)
        return " ".join(m.group(1).split()) if m else None

    return {
        "distr": find(r"^Distr\.: (\w+)$"),
        "date": find(r"^Distr\.: \w+\n(\d{1,2} \w+ \d{4})$"),
        "original": find(r"^Original: (\w+)$"),
        "session": find(r"^(\S+ session)$"),
        "agenda": find(r"^(Agenda items? .+)$"),
        "heading": find(r"^((?:Letter|Identical letters|Note verbale) dated [^\n]*(?:\n[^\n]+)*)"),
    }


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {
        name: pdf_render.render_letter(text, pagesize="A4" if i % 2 else "letter")
        for i, (name, text) in enumerate(LETTERS.items())
    }


# --- (1) rendered letters -------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(LETTERS))
def test_rendered_letter_text_matches_text_version(name: str, rendered: dict[str, bytes]) -> None:
    got = extract(rendered[name])
    assert isinstance(got, PdfText) and not got.ocr_used and got.warnings == ()
    assert got.text.count("\f") == got.page_count - 1
    text = pdf_render.strip_footnotes(LETTERS[name])
    from_pdf = normalize(_body_without_notes(got.text)).text
    # the PDF adds the `United Nations` line above the masthead and superscript note marks;
    # all else is the same words in the same order
    words = re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", from_pdf).split()
    assert words[:2] == ["United", "Nations"]
    assert words[2:] == normalize(text).text.split()
    assert _header(normalize(got.text).text) == _header(normalize(text).text)


def test_two_page_letter_has_furniture_at_page_edges_and_hyphens_rejoined(rendered: dict[str, bytes]) -> None:
    got = extract(rendered["two_pages"])
    assert got.page_count >= 2
    pages = got.text.split("\f")
    assert pages[1].splitlines()[0] == "A/77/901–S/2023/402"  # running symbol first on page 2
    assert pages[1].splitlines()[-1] in ("26-01234", f"2/{got.page_count}")
    assert pages[0].splitlines()[-1] == "Please recycle"
    # the renderer hyphenates long words at line ends; none survives split
    assert "-\n" not in "".join(p for p in pages if "Secretary-" not in p)
    assert "determination" in got.text and "implementation" in got.text


def test_footnote_is_kept_apart_after_the_rule(rendered: dict[str, bytes]) -> None:
    page = extract(rendered["sc_footnote"]).text.split("\f")[0]
    body, rule, notes = page.partition("\n" + FOOTNOTE_RULE + "\n")
    assert rule
    assert "protection of civilians in armed conflict (S/2023/345)" in " ".join(notes.split())
    assert notes.lstrip().startswith("¹")
    assert "protection of civilians" not in body
    assert "deteriorate.¹" in body  # the note mark stays on its word, as a superscript digit
    assert notes.rstrip().splitlines()[-1] == "Please recycle"


@pytest.mark.parametrize("name", list(LETTERS))
def test_rendered_letter_parses_to_the_same_documents_row(name: str, rendered: dict[str, bytes]) -> None:
    """PDF -> unletters.api -> the same documents fields as the text version (issue 10, done-when 1)."""
    from_text = api.parse_text(pdf_render.strip_footnotes(LETTERS[name]))
    from_pdf = api.parse(rendered[name], name=f"{name}.pdf").document
    assert _fields(from_pdf) == _fields(from_text)
    assert from_pdf["page_count"] == extract(rendered[name]).page_count


def test_generated_letters_round_trip_through_pdf() -> None:
    """Letters of tests/letter_gen.py (converted layout) give the same documents row as PDFs."""
    import letter_gen

    checked = 0
    for family in letter_gen.FAMILIES:
        for seed in range(12):
            raw, _ = letter_gen.generate(family, seed)
            if not raw.startswith("\n\n\n"):  # converted-text layout only
                continue
            pdf = pdf_render.render_letter(raw, job=f"2{seed}-0{seed}123"[:8])
            assert _fields(api.parse(pdf, name="g.pdf").document) == _fields(api.parse_text(raw)), (
                family,
                seed,
            )
            checked += 1
    assert checked >= 8


# --- (2) scans through OCR ------------------------------------------------------------------------


@pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract is not installed (apt-get install tesseract-ocr)")
@pytest.mark.parametrize("name", list(LETTERS))
def test_rasterized_letter_survives_ocr_with_header_fields(name: str, rendered: dict[str, bytes]) -> None:
    # the header and heading are on page 1; the two-page letter goes through OCR whole
    scan = pdf_render.rasterize(rendered[name], dpi=200, pages=None if name == "two_pages" else 1)
    with pytest.raises(RejectError):
        extract(scan, ocr=False)
    got = extract(scan)
    assert got.page_count == (extract(rendered[name]).page_count if name == "two_pages" else 1)
    assert got.ocr_used
    assert any(w.startswith("text from OCR (Tesseract ") for w in got.warnings)
    assert _header(normalize(got.text).text) == _header(
        normalize(pdf_render.strip_footnotes(LETTERS[name])).text
    )
    doc = api.parse(scan, name=f"{name}.pdf").document
    from_text = _fields(api.parse_text(pdf_render.strip_footnotes(LETTERS[name])))
    got_fields = _fields(doc)
    for key in FIELDS:
        assert got_fields[key] == from_text[key], key
    assert any("OCR" in w for w in doc["parse_warnings"])


# --- (3) real PDFs ----------------------------------------------------------------------------------

REAL = sorted(DOCS.glob("*.pdf")) if DOCS.is_dir() else []


@pytest.mark.skipif(not REAL, reason=f"no real PDFs in {DOCS}")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_pdf_word_recall_against_pdftotext(path: Path) -> None:
    ref = path.with_suffix(".pdftotext.txt")
    if not ref.exists():
        pytest.skip(f"no {ref.name} beside {path.name}")
    got = extract(path.read_bytes(), ocr=False, source=path.name)
    assert got.page_count == got.text.count("\f") + 1
    assert word_recall(got.text, ref.read_text(encoding="utf-8")) >= 0.99


@pytest.mark.skipif(not REAL, reason=f"no real PDFs in {DOCS}")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_pdfs_are_rejected_as_not_letters(path: Path) -> None:
    with pytest.raises(RejectError) as err:
        api.parse(path.read_bytes(), name=path.name, ocr=False)
    assert err.value.reason == "not-a-letter"


# --- (4) rejections ----------------------------------------------------------------------------------


def test_image_only_pdf_without_ocr_is_needs_ocr(rendered: dict[str, bytes]) -> None:
    scan = pdf_render.rasterize(rendered["note_verbale"], dpi=72)
    with pytest.raises(RejectError) as err:
        extract(scan, ocr=False, source="scan.pdf")
    assert err.value.reason == "needs-ocr"
    assert "scan.pdf has no text layer" in err.value.detail and "tesseract-ocr" in err.value.detail


def test_needs_ocr_when_tesseract_is_absent(
    rendered: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import unletters.pdf as pdf_mod

    monkeypatch.setattr(pdf_mod, "tesseract_version", lambda: None)
    scan = pdf_render.rasterize(rendered["note_verbale"], dpi=72)
    with pytest.raises(RejectError) as err:
        extract(scan, source="scan.pdf")
    assert err.value.reason == "needs-ocr"
    with pytest.raises(RejectError):
        extract(rendered["note_verbale"], ocr=True)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, not a pdf",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n",
        b"%PDF-1.7\n" + b"\x00" * 500 + b"%%EOF",
    ],
    ids=["empty", "text", "no-pages", "garbage"],
)
def test_corrupt_pdf_is_undecodable(data: bytes) -> None:
    with pytest.raises(RejectError) as err:
        extract(data, source="bad.pdf")
    assert err.value.reason == "undecodable"


def test_truncated_pdf_is_undecodable(rendered: dict[str, bytes]) -> None:
    data = rendered["two_pages"]
    with pytest.raises(RejectError) as err:
        extract(data[: len(data) // 2], source="cut.pdf")
    assert err.value.reason == "undecodable" and "truncated" in err.value.detail


def test_blank_page_is_not_a_scan() -> None:
    import io

    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, invariant=True)
    c.drawString(72, 720, "General Assembly")
    c.showPage()
    c.showPage()  # a blank second page
    c.save()
    got = extract(buf.getvalue(), ocr=False)
    assert got.page_count == 2 and got.text == "General Assembly\f" and not got.ocr_used


# --- units ----------------------------------------------------------------------------------------------


def test_superscript_marks() -> None:
    assert superscript("12") == "¹²"
    assert superscript("a,b") == "ᵃ,ᵇ"
    assert superscript("st") == "st"  # an ordinal suffix stays as it is
    assert not re.search(r"\d", superscript("3"))


def test_header_columns_read_left_then_right() -> None:
    from unletters.pdf.layout import page_text

    def w(text: str, x0: float, base: float, size: float = 10.0) -> Word:
        width = 5.0 * len(text)
        return Word(text, x0, base - 0.8 * size, x0 + width, base + 0.25 * size, size, base, space_after=True)

    words = [
        w("General", 120, 80, 17), w("Assembly", 160, 80, 17),
        w("Distr.:", 400, 78), w("General", 432, 78), w("2", 400, 90), w("May", 408, 90), w("2024", 428, 90),
        w("Original:", 400, 114), w("English", 446, 114),
        w("Seventy-eighth", 72, 150), w("session", 150, 150),
    ]  # fmt: skip
    text = page_text(words, page_width=595, page_height=842, body=10.0)
    assert text.split("\n\n") == [
        "General Assembly",
        "Distr.: General\n2 May 2024",
        "Original: English",
        "Seventy-eighth session",
    ]


def _mixed(rendered: dict[str, bytes]) -> bytes:
    """The two-page letter with page 1 as text and the rest scanned."""
    import pypdfium2 as pdfium

    text_doc = pdfium.PdfDocument(rendered["two_pages"])
    scan_doc = pdfium.PdfDocument(pdf_render.rasterize(rendered["two_pages"], dpi=150))
    out = pdfium.PdfDocument.new()
    out.import_pages(text_doc, [0])
    out.import_pages(scan_doc, list(range(1, len(scan_doc))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_mixed_pdf_without_ocr_warns_and_keeps_the_text_pages(rendered: dict[str, bytes]) -> None:
    got = extract(_mixed(rendered), ocr=False)
    assert not got.ocr_used and got.page_count >= 2
    assert got.warnings == (f"pages {', '.join(str(p) for p in range(2, got.page_count + 1))} have no text layer "
                            "and were not read (no OCR)",)  # fmt: skip
    assert got.text.startswith("United Nations") and got.text.split("\f")[1] == ""


@pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract is not installed (apt-get install tesseract-ocr)")
def test_mixed_pdf_reads_scanned_pages_by_ocr(rendered: dict[str, bytes]) -> None:
    got = extract(_mixed(rendered))
    assert got.ocr_used
    assert got.warnings[0].startswith("text from OCR (Tesseract ")
    assert got.warnings[1].startswith("pages 2") and got.warnings[1].endswith("were read by OCR")
    assert "(Signed) Layla Haddad" in got.text.split("\f")[-1]


def test_hocr_lines_merged_by_tesseract_are_taken_apart() -> None:
    """A 17-pt masthead and the 10-pt `Distr.` line beside it, given as one hOCR line."""
    from unletters.pdf.ocr import parse_hocr

    hocr = (
        "<div class='ocr_carea' id='block_1_1' title=\"bbox 528 262 1914 368\">"
        "<span class='ocr_line' id='line_1_1' title=\"bbox 528 262 1914 368; baseline 0 -33; x_size 40; "
        'x_descenders 8; x_ascenders 10">'
        "<span class='ocrx_word' id='w1' title='bbox 528 282 785 335; x_wconf 96'>General</span>"
        "<span class='ocrx_word' id='w2' title='bbox 810 282 1037 335; x_wconf 96'>Assem</span>"
        "<span class='ocrx_word' id='w3' title='bbox 1046 282 1142 348; x_wconf 96'>bly</span>"
        "<span class='ocrx_word' id='w4' title='bbox 1669 280 1770 310; x_wconf 92'>Distr.:</span>"
        "<span class='ocrx_word' id='w5' title='bbox 1786 281 1914 310; x_wconf 96'>General</span>"
        "<span class='ocrx_word' id='w6' title='bbox 1700 330 1712 338; x_wconf 20'>.</span>"
        "</span></div>"
    )
    words = parse_hocr(hocr, scale=300 / 72)
    assert [w.text for w in words] == [
        "General",
        "Assembly",
        "Distr.:",
        "General",
    ]  # split word joined, speck gone
    masthead, distr = words[0], words[2]
    assert masthead.size > 1.5 * distr.size  # each keeps its own type size ...
    assert abs(masthead.baseline - distr.baseline) > 0.2 * distr.size  # ... and its own baseline
