"""Is a text a letter? A letter (or note verbale, or identical letters) opens with its heading
right after the header block; any other UN document (meeting record, report, draft, working
paper) does not, even when it quotes a letter's heading in its body."""

from __future__ import annotations

import re
from functools import cache

from unletters.parsing.common import SYMBOL_RE, clean_symbol, collapse, vocabulary
from unletters.parsing.heading import find_heading

# how much of the top of a text is searched for cues of what a non-letter document is
CUE_WINDOW = 4000
# a line of at least this many words ending with a full stop is prose, not a header line
PROSE_WORDS = 15
_NOTE_BY = re.compile(r"^note by the [^\n]{1,80}$", re.IGNORECASE | re.MULTILINE)
# the same after the newline that opens its line: a search for it skips from newline to newline
_NOTE_BY_AFTER_NEWLINE = re.compile(r"\n(note by the [^\n]{1,80})$", re.IGNORECASE | re.MULTILINE)
# `\baddressed\s+to\b|\bfrom\b`, case-insensitive, opening with the class of its first letters so
# that a search skips to them in C (no other character matches `a` or `f` case-insensitively); the
# look-behinds stand for the `\b` and pick the alternative
_NAMES_SENDER_OR_ADDRESSEE = re.compile(r"[AaFf](?<!\w[AaFf])(?i:(?<=a)ddressed\s+to\b|(?<=f)rom\b)")
_UPPER_FIRST = re.compile(r"[A-Z]")
_ENDS_WITH_SYMBOL = re.compile(r"\(\s*[A-Z]{1,6}/[^)]{1,40}\)\s*$")


@cache
def _cues() -> list[tuple[str, re.Pattern[str]]]:
    """(kind, regex) of each cue: case-insensitive, or as written for a cue marked ``case: inline``."""
    return [
        (c["kind"], re.compile(c["regex"], 0 if c.get("case") == "inline" else re.IGNORECASE))
        for c in vocabulary()["not_a_letter"]["values"]
    ]


def _first_symbol(text: str) -> str | None:
    for m in SYMBOL_RE.finditer(text[:CUE_WINDOW]):
        sym = clean_symbol(m.group())
        if sym and _UPPER_FIRST.match(sym):
            return sym
    return None


def _kind(text: str) -> str | None:
    top = text[:CUE_WINDOW]
    for kind, rx in _cues():
        if rx.search(top):
            return kind
    return None


def _symbol_part(text: str) -> str:
    """`` (<first symbol>)`` for a message, or ``""`` (found only when a message needs it)."""
    sym = _first_symbol(text)
    return f" ({sym})" if sym else ""


def _note_by(above: str) -> str | None:
    """The first line of ``above`` that is a `Note by the ...` line (``_NOTE_BY.search``), else None."""
    m = _NOTE_BY.match(above)
    if m:
        return m.group()
    m = _NOTE_BY_AFTER_NEWLINE.search(above)
    return m.group(1) if m else None


def not_a_letter(text: str) -> str | None:
    """None when ``text`` (normalized) is a letter, a note verbale or identical letters; else one
    sentence saying why it is not a letter."""
    if not text.strip():
        return "the text is empty"
    heading = find_heading(text)
    if heading is None:
        sym = _first_symbol(text)
        sym_part = f" ({sym})" if sym else ""
        kind = _kind(text)
        looks = (
            f"; the text looks like {kind}{sym_part}"
            if kind
            else (f"; first symbol in the text: {sym}" if sym else "")
        )
        return (
            "no heading 'Letter dated ...', 'Identical letters dated ...' or 'Note verbale dated ...' "
            f"found near the top{looks}"
        )
    above = text[: heading.start]
    meeting = _cues()[0][1]
    m = meeting.search(above)
    if m:
        return (
            f"the heading {heading.title[:60]!r}... is not the document's own heading: the text above it "
            f"names {collapse(m.group())!r}, so the text looks like a meeting record{_symbol_part(text)}"
        )
    note = _note_by(above)
    if note:
        return (
            f"the text opens with {collapse(note)!r}: it transmits a letter, it is not one "
            f"(the heading {heading.title[:50]!r}... is not the document's own){_symbol_part(text)}"
        )
    for line in above.split("\n"):
        # the full stop first: most header lines do not end with one, and need no word count
        if line.rstrip().endswith(".") and len(line.split()) >= PROSE_WORDS:
            return (
                f"prose stands above the heading {heading.title[:50]!r}... ({collapse(line)[:60]!r}...), "
                f"so it is not the document's own heading{_symbol_part(text)}"
            )
    if not _NAMES_SENDER_OR_ADDRESSEE.search(heading.title):
        return f"the line {heading.title[:80]!r} opens like a heading but names neither a sender nor an addressee"
    if _ENDS_WITH_SYMBOL.search(heading.title):
        return (
            f"the heading {heading.title[:60]!r}... ends with a document symbol in brackets: it lists a letter "
            f"(an agenda or a list of documents), it is not a letter's own heading{_symbol_part(text)}"
        )
    return None
