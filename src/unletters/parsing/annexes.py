"""Annexes and enclosures: their heading lines (`Annex I`, `Annex to the letter dated ...`,
`Enclosure`) and their spans, each running to the next annex heading or the end of the text."""

from __future__ import annotations

import re
from typing import Any

from unletters.parsing.common import candidate_lines, collapse, lines_of

_ANNEX = re.compile(
    r"(?P<kind>Annex|ANNEX|Enclosure|ENCLOSURE)(?:\s+(?:[IVXLC]{1,6}|[0-9]{1,2}|[A-Z])\b)?\*?"
    r"(?P<to>\s+(?:to|TO)\s+(?:the|THE)\s+\S.*)?"
)
# a line that may open an annex or an enclosure (found at the newline before it)
_ANNEX_LINE = re.compile(r"\n[^\S\n]*(?:Annex|ANNEX|Enclosure|ENCLOSURE)")
_ANNEX_TO = re.compile(
    r"\s+to\s+the\s+(?:letter|identical\s+letters|note\s+verbale|joint\s+letter|annex|enclosure|present\s+letter)\b",
    re.IGNORECASE,
)


def is_annex_heading(line: str) -> bool:
    """True when the whole (stripped) line opens an annex or an enclosure."""
    s = line.strip()
    m = _ANNEX.fullmatch(s)
    if not m:
        return False
    if m.group("to"):
        return _ANNEX_TO.match(m.group("to")) is not None
    return True


def parse_annexes(text: str, start: int, *, candidates: list[int] | None = None) -> list[dict[str, Any]]:
    """Annexes and enclosures after offset ``start`` (the end of the heading), in order.

    Returns rows ``{title, kind, start, end}``; ``title`` is the heading as written (wrapped
    lines joined); the span runs from the heading to the next annex heading or the text's end.
    ``candidates``, when given, is what ``candidate_lines`` gives for this parser's line-open
    pattern over the same lines (found together with other parsers' lines by
    :func:`~unletters.parsing.common.candidate_lines_each`).
    """
    from unletters.parsing.heading import collect_heading_lines

    lines = lines_of(text, start)
    found: list[tuple[int, str, str]] = []
    cands = candidate_lines(text, start, None, _ANNEX_LINE) if candidates is None else candidates
    for i in range(len(lines)) if cands is None else cands:
        ln = lines[i]
        if not is_annex_heading(ln.text):
            continue
        s = ln.text.strip()
        m = _ANNEX.fullmatch(s)
        assert m is not None
        block = collect_heading_lines(lines, i) if m.group("to") else [ln]
        a_start = ln.start + len(ln.text) - len(ln.text.lstrip())
        title = collapse(" ".join(b.text for b in block))
        kind = "enclosure" if m.group("kind").lower() == "enclosure" else "annex"
        found.append((a_start, title, kind))
    out: list[dict[str, Any]] = []
    for k, (a_start, title, kind) in enumerate(found):
        a_end = found[k + 1][0] if k + 1 < len(found) else len(text)
        while a_end > a_start and text[a_end - 1].isspace():
            a_end -= 1
        out.append({"title": title, "kind": kind, "start": a_start, "end": a_end})
    return out
