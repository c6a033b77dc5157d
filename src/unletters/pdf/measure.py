"""Measuring extracted PDF text against a reference (``pdftotext`` output).

Both texts go through :func:`unletters.normalize.normalize` (page furniture dropped, words
hyphenated across lines rejoined, ligatures spelled out), then are compared as bags of words.
Footnote rules (:data:`unletters.pdf.FOOTNOTE_RULE`) are not words; a superscript note mark is
a word of its own (``2025/26ᵃ`` counts as ``2025``, ``26``, ``a``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from unletters.normalize import furniture_kind, normalize

_WORD = re.compile(r"\w+")
# compounds count as one word with or without their hyphen: pdftotext gives some hyphens as
# soft hyphens (U+00AD), which normalization deletes (`non­proliferation` -> `nonproliferation`)
_INNER_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
_SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ]+")


def drop_furniture(text: str) -> str:
    """Return the text without lines that match a page-furniture pattern, wherever they sit.

    Extractors place running heads and footers differently (``pdftotext`` puts some mid-page),
    so for measuring every line is treated as a page-edge line.
    """
    pages = []
    for n, page in enumerate(text.replace("\r\n", "\n").split("\f")):
        lines = page.split("\n")
        pages.append(
            "\n".join(ln for ln in lines if not furniture_kind(ln.strip(), later_page=n > 0, at_edge=True))
        )
    return "\f".join(pages)


def words(text: str) -> Counter[str]:
    """Return the bag of words of a text after normalization (NFKC, furniture dropped)."""
    norm = _SUPERSCRIPT.sub(r" \g<0> ", normalize(drop_furniture(text)).text)
    norm = _INNER_HYPHEN.sub("", norm)
    return Counter(
        m.group()
        for m in _WORD.finditer(unicodedata.normalize("NFKC", norm))
        if m.group() != "_" * len(m.group())
    )


def word_recall(extracted: str, reference: str) -> float:
    """Return the share of the reference's words (with multiplicity) found in the extracted text."""
    ref = words(reference)
    total = sum(ref.values())
    if total == 0:
        return 1.0
    return sum((words(extracted) & ref).values()) / total


def word_precision(extracted: str, reference: str) -> float:
    """Return the share of the extracted text's words (with multiplicity) found in the reference."""
    return word_recall(reference, extracted)


def missing_words(extracted: str, reference: str, limit: int = 20) -> list[tuple[str, int]]:
    """Return the reference words most often missing from the extracted text (for diagnosis)."""
    return (words(reference) - words(extracted)).most_common(limit)
