"""Footnotes: numbered notes (`1 See A/75/100.`) kept apart from the body text.

A footnote is a line that starts with the next footnote number and a space, followed by a
capital, a quote or a symbol, where the text above carries that number as a mark glued to a
word or punctuation (`borders.1`). It runs to the next footnote, a blank line or the next page.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from unletters.parsing.common import candidate_lines, lines_of

_NOTE_LINE = re.compile(r"([0-9]{1,2}) (?=[A-Z\u201c\"(])")
# a line that may open a footnote (found at the newline before it)
_NOTE_LINE_AFTER_NEWLINE = re.compile(r"\n[0-9]{1,2} (?=[A-Z\u201c\"(])")
MAX_NOTES = 60


@cache
def _mark_re(number: int) -> re.Pattern[str]:
    """The mark of footnote ``number`` glued to what precedes it (the number first: a search
    skips to it in C)."""
    return re.compile(rf"{number}(?<=[A-Za-z.,;:)\u201d\u2019\"]{number})(?![0-9/])")


def parse_footnotes(text: str, start: int, *, candidates: list[int] | None = None) -> list[dict[str, Any]]:
    """Footnotes after offset ``start``: rows ``{number, start, end}`` in order.

    ``candidates``, when given, is what ``candidate_lines`` gives for this parser's line-open
    pattern over the same lines (found together with other parsers' lines by
    :func:`~unletters.parsing.common.candidate_lines_each`).
    """
    lines = lines_of(text, start)
    out: list[dict[str, Any]] = []
    expected = 1
    first_mark: dict[int, int] = {}  # where the mark of a footnote number first occurs (searched once)
    cands = candidate_lines(text, start, None, _NOTE_LINE_AFTER_NEWLINE) if candidates is None else candidates
    i = 0  # the lines before `i` are read; only candidate lines can open a note
    for c in range(len(lines)) if cands is None else cands:
        if c < i:
            continue
        if expected > MAX_NOTES:
            break
        i = c
        ln = lines[i]
        m = _NOTE_LINE.match(ln.text)
        if not m or int(m.group(1)) != expected:
            i += 1
            continue
        if expected not in first_mark:
            # the number glued to what precedes it (the number first: the search skips to it in C)
            found = _mark_re(expected).search(text, start)
            first_mark[expected] = found.start() if found else len(text)
        if first_mark[expected] >= ln.start:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].blank and not _NOTE_LINE.match(lines[j].text):
            j += 1
        end = lines[j - 1].end
        out.append({"number": m.group(1), "start": ln.start, "end": end})
        expected += 1
        i = j
    return out
