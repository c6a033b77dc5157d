"""Signature blocks: `(Signed) Name` then one title per printed title line (wrapped lines joined)."""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Any

from unletters.parsing.annexes import is_annex_heading
from unletters.parsing.common import Line, candidate_lines, collapse, lines_of, search_end, vocabulary
from unletters.parsing.heading import is_heading_start

_SIGNED = re.compile(r"\((?:Signed|Signé|Sgd\.?|Firmado)\)\s*:?\s*", re.IGNORECASE)
# a line that may open with a `(Signed)` mark (found at the newline before it)
_SIGNED_LINE = re.compile(r"\n[^\S\n]*\((?:Signed|Signé|Sgd\.?|Firmado)\)", re.IGNORECASE)
_TITLE_JOIN_END = re.compile(r"\b(?:of|the|to|and|for|in|on|at|a\.i\.\s+of)$|[,(\u2013-]$", re.IGNORECASE)
# in a collapsed line (one space between words, none at the end) a match is at most `a.i. of`, 7
# characters: only the line's tail is searched
_TITLE_JOIN_END_WIDTH = 8
MAX_TITLE_LINES = 6
# a longer line is body text, not a title under a signature
MAX_TITLE_CHARS = 160


def _is_stop(line: str, max_chars: int = MAX_TITLE_CHARS) -> bool:
    s = line.strip()
    return (
        not s
        or _SIGNED.match(s) is not None
        or is_annex_heading(s)
        or is_heading_start(s)
        or len(s) > max_chars
        or (len(s.split()) > 10 and s.endswith("."))
    )


# a title line at least this long that is followed by a line not opening a title was wrapped
WRAPPED_TITLE_CHARS = 30


@cache
def _title_head() -> re.Pattern[str]:
    heads = sorted(vocabulary()["signature_title_heads"]["values"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(h) for h in heads) + r")\b", re.IGNORECASE)


@cache
def _title_openers() -> re.Pattern[str]:
    ops = sorted(vocabulary()["signature_title_openers"]["values"], key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(re.escape(o) for o in ops) + r")(?!\w)")


def split_inline_titles(line: str) -> tuple[str, list[str]]:
    """`Joseph W. Mutaboba Ambassador Permanent Representative` -> the name and its titles.

    For a (Signed) line with nothing under it: the name ends where the first title opener
    (vocabulary `signature_title_openers`) starts, and each opener starts a title. Returns
    ``(line, [])`` when no opener follows a name.
    """
    starts = [m.start() for m in _title_openers().finditer(line)]
    if not starts or starts[0] == 0:
        return line, []
    name = line[: starts[0]].rstrip().rstrip(",")
    bounds = [*starts, len(line)]
    titles = [collapse(line[a:b]).rstrip(",") for a, b in itertools.pairwise(bounds)]
    return name, [t for t in titles if t]


def join_title_lines(lines: list[str]) -> list[str]:
    """Titles from printed title lines (wrapped lines joined).

    A line continues the title above when it starts lowercase, when the line above ends with a
    joining word (`of`, `to the`, a comma), or when the line above is long (a wrap) and this one
    does not open a title (vocabulary `signature_title_heads`).
    """
    titles: list[str] = []
    prev_line = ""
    for ln in lines:
        ln = collapse(ln)
        cont = titles and (
            ln[:1].islower()
            or ln[:1] in "("
            or search_end(_TITLE_JOIN_END, prev_line, _TITLE_JOIN_END_WIDTH)
            or (len(prev_line) >= WRAPPED_TITLE_CHARS and not _title_head().match(ln))
        )
        if cont:
            titles[-1] = f"{titles[-1]} {ln}"
        else:
            titles.append(ln)
        prev_line = ln
    return titles


def _side_by_side(
    text: str, lines: list[Line], i: int, warnings: list[str]
) -> tuple[list[dict[str, Any]], int]:
    """Blocks printed in columns (`(Signed) A   (Signed) B` then title lines read across).

    Each title line is split at title openers; a line that splits into one piece per block is
    shared out in order, otherwise the titles are left empty and a warning says so.
    """
    ln = lines[i]
    marks = list(_SIGNED.finditer(ln.text))
    rows: list[dict[str, Any]] = []
    for k, m in enumerate(marks):
        seg_end = marks[k + 1].start() if k + 1 < len(marks) else len(ln.text)
        raw = ln.text[m.end() : seg_end].rstrip().rstrip(",;")
        name = collapse(raw) or None
        rows.append(
            {
                "name": name,
                "titles": [],
                "start": ln.start + m.end() if name else None,
                "end": ln.start + m.end() + len(raw) if name else None,
            }
        )
    columns: list[list[str]] = [[] for _ in rows]
    j = i + 1
    ok = True
    while j < len(lines) and not _is_stop(lines[j].text, MAX_TITLE_CHARS * len(rows)):
        pieces = _split_at_openers(collapse(lines[j].text))
        if len(pieces) == len(rows):
            for col, piece in zip(columns, pieces, strict=True):
                col.append(piece)
        else:
            ok = False
        j += 1
    if ok:
        for row, col in zip(rows, columns, strict=True):
            row["titles"] = join_title_lines(col)
    else:
        warnings.append(
            f"(Signed) blocks printed side by side at offset {ln.start}: their titles could not be told apart"
        )
    return rows, j


def _split_at_openers(line: str) -> list[str]:
    starts = [m.start() for m in _title_openers().finditer(line)]
    if not starts:
        return [line]
    bounds = [0, *starts, len(line)] if starts[0] > 0 else [*starts, len(line)]
    return [collapse(line[a:b]) for a, b in itertools.pairwise(bounds) if line[a:b].strip()]


def parse_signatories(
    text: str, start: int, end: int, annex_starts: list[int], *, candidates: list[int] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Every `(Signed)` block of ``text[start:end]`` in reading order.

    Returns rows ``{name, titles, start, end, part}`` (``start``/``end`` span the name in
    ``text``; ``part`` is `annex` after the first annex heading, else `body`) and warnings.
    ``candidates``, when given, is what ``candidate_lines`` gives for this parser's line-open
    pattern over the same lines (found together with other parsers' lines by
    :func:`~unletters.parsing.common.candidate_lines_each`).
    """
    lines = lines_of(text, start, end)
    out: list[dict[str, Any]] = []
    warnings: list[str] = []
    first_annex = min(annex_starts) if annex_starts else None
    cands = candidate_lines(text, start, end, _SIGNED_LINE) if candidates is None else candidates
    i = 0  # the lines before `i` are read; only candidate lines can open a block
    for c in range(len(lines)) if cands is None else cands:
        if c < i:
            continue
        i = c
        ln: Line = lines[i]
        stripped = ln.text.lstrip()
        m = _SIGNED.match(stripped)
        if not m:
            i += 1
            continue
        lead = len(ln.text) - len(stripped)
        name_start = ln.start + lead + m.end()
        name_text = ln.text[lead + m.end() :]
        j = i + 1
        if len(_SIGNED.findall(ln.text)) > 1:
            rows, j = _side_by_side(text, lines, i, warnings)
            for row in rows:
                row["part"] = "annex" if first_annex is not None and row["start"] >= first_annex else "body"
            out.extend(rows)
            i = j
            continue
        if not name_text.strip():
            # the name on the next line (typescript layout)
            while j < len(lines) and lines[j].blank and j - i < 3:
                j += 1
            if j < len(lines) and not _is_stop(lines[j].text):
                nl = lines[j]
                nstrip = nl.text.lstrip()
                name_start = nl.start + len(nl.text) - len(nstrip)
                name_text = nstrip
                j += 1
            else:
                name_text = ""
        name_clean = name_text.rstrip().rstrip(",;")
        title_lines: list[str] = []
        while j < len(lines) and len(title_lines) < MAX_TITLE_LINES and not _is_stop(lines[j].text):
            title_lines.append(lines[j].text)
            j += 1
        inline: list[str] = []
        if not title_lines:
            name_clean, inline = split_inline_titles(name_clean)
        name = collapse(name_clean) or None
        if name is None:
            warnings.append(f"a (Signed) block at offset {ln.start} has no name")
        # keep the name span exact: it ends where the name's text ends on its line
        name_end = name_start + len(name_clean)
        if name is not None and text[name_start:name_end] != name:
            # a name with inner runs of spaces: the span still covers it; the surface is collapsed
            warnings.append(f"signatory name {name!r} has irregular spacing")
        part = "annex" if first_annex is not None and name_start >= first_annex else "body"
        out.append(
            {
                "name": name,
                "titles": inline or join_title_lines(title_lines),
                "start": name_start if name else None,
                "end": name_end if name else None,
                "part": part,
            }
        )
        i = j
    return out, warnings
