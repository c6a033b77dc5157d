"""The request to circulate the letter and the organs and agenda items it names."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import Any

from unletters.parsing.common import opening_class, vocabulary
from unletters.parsing.header import _NUM_LIST, agenda_numbers

# a full stop that ends a sentence (not `a.i.`, `No.`, `para.`); the stop comes first so that the
# search skips from one `.` to the next in C
_SENT_END = re.compile(r"\.(?<!\ba\.i\.)(?<!\bNo\.)(?<!\bpara\.)(?=\s|$)")
# every start of a paragraph break, overlapping ones too; opening with the newline (not a lookahead)
# lets a search skip from newline to newline in C
_BREAK = re.compile(r"\n(?=\n)")
# `\bdocument`, case-insensitive: it opens with a character class (no flag on the whole pattern) so
# that a search skips ahead to the next `d` in C; the look-behind stands for the `\b`
_DOCUMENT = re.compile(r"[Dd](?<!\w[Dd])(?i:ocument)")
_AGENDA_PLAIN = (
    rf"\bagenda\s+items?\s+(?P<a>{_NUM_LIST})|\bitems?\s+(?P<b>{_NUM_LIST})\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?(?:agenda|list)"
)
# `_AGENDA_PLAIN` (case-insensitive) opening with the class of what `a` and `i` match, so that a
# search skips ahead in C; the look-behinds stand for the `\b` and pick the alternative
_AGENDA = re.compile(
    rf"[{opening_class(['agenda', 'items'])}](?<!\w.)(?i:(?<=a)genda\s+items?\s+(?P<a>{_NUM_LIST})"
    rf"|(?<=i)tems?\s+(?P<b>{_NUM_LIST})\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?(?:agenda|list))"
)


@cache
def _organ_re() -> re.Pattern[str]:
    """The organ names, case-insensitive, any whitespace run between their words.

    The pattern opens with the class of the names' first letters (both cases and what else
    matches them case-insensitively), so that a search skips in C to where a name can start; each
    name then checks its first letter with a look-behind. It matches what the plain alternation
    of the names with ``re.IGNORECASE`` matches.
    """
    organs = [o["canonical"] for o in vocabulary()["organs"]["values"]]
    if not all(o[:1].isascii() and o[:1].isalpha() for o in organs):
        return re.compile("|".join(re.escape(o).replace(r"\ ", r"\s+") for o in organs), re.IGNORECASE)
    rests = [re.escape(o[1:]).replace(r"\ ", r"\s+") for o in organs]
    names = "|".join(f"(?<={o[0]}){rest}" for o, rest in zip(organs, rests, strict=True))
    return re.compile(f"[{opening_class(organs)}](?i:{names})")


@cache
def _canonical_organs() -> dict[str, str]:
    return {o["canonical"].lower(): o["canonical"] for o in vocabulary()["organs"]["values"]}


# the tail of the body lowered first when looking for the cue (it is usually near the end)
_CUE_CHUNK = 512


class _CueFinder:
    """Finds the cue in ``body.lower()`` from the end, lowering only as much of the tail as it
    searches; positions are ``body``'s.

    Lowering keeps offsets and works character by character for every character but U+0130
    (``İ``, which lowers to two characters); with it in ``body`` (or an empty cue) the whole body
    is lowered once and positions in it are mapped back to ``body``. Chunks are searched from
    the end, each overlapping the one after it by one character less than the cue, so a cue
    across a chunk border is found.
    """

    def __init__(self, body: str, cue: str) -> None:
        self.body = body
        self.cue = cue
        self.lowered = body.lower() if not cue or "\u0130" in body else None
        # the body position each character of ``lowered`` comes from, when lowering moved them
        self.origin: list[int] | None = None
        if self.lowered is not None and len(self.lowered) != len(body):
            self.origin = [i for i, ch in enumerate(body) for _ in ch.lower()] + [len(body)]

    def rfind(self, end: int) -> int:
        """The start (in ``body``) of the last cue that ends at or before ``end``, or -1."""
        if self.lowered is not None:
            if self.origin is None:
                return self.lowered.rfind(self.cue, 0, end)
            found = self.lowered.rfind(self.cue, 0, bisect_left(self.origin, end))
            return self.origin[found] if found >= 0 else -1
        size = _CUE_CHUNK
        hi = end
        while True:
            lo = max(0, hi - size)
            found = self.body[lo:hi].lower().rfind(self.cue)
            if found >= 0:
                return lo + found
            if lo == 0:
                return -1
            hi = lo + len(self.cue) - 1
            size *= 2


def _sentence_end(body: str, pos: int, notes: list[tuple[int, int]]) -> tuple[int, str]:
    """End of the sentence running from ``pos`` and its text with footnotes cut out.

    A sentence ends at a full stop or a paragraph break; a paragraph break followed by a
    footnote (a page that ends with its notes) does not end it: it continues after the note.
    """
    pieces: list[str] = []
    cur = pos
    for _ in range(len(notes) + 1):
        m_end = _SENT_END.search(body, cur)
        s_end = m_end.end() if m_end else len(body)
        para = body.find("\n\n", cur, s_end + 1)  # only a break before the full stop matters
        if 0 <= para < s_end:
            nxt = para
            while nxt < len(body) and body[nxt].isspace():
                nxt += 1
            note = next((n for n in notes if n[0] == nxt), None)
            if note is not None:
                pieces.append(body[cur:para])
                cur = note[1]
                while cur < len(body) and body[cur].isspace():
                    cur += 1
                continue
            s_end = para
        pieces.append(body[cur:s_end])
        return s_end, " ".join(pieces)
    return len(body), " ".join(pieces)


def _sentence_start(body: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (before its leading whitespace is skipped): after
    the last paragraph break that ends at or before ``pos``, or after the last sentence end at or
    before ``pos`` when that comes later. What :func:`parse_circulation` reads from its lists of
    every break and sentence end, found from the paragraph only."""
    para = body.rfind("\n\n", 0, pos)
    s_start = para + 2 if para >= 0 else 0
    last = s_start
    for m in _SENT_END.finditer(body, s_start):  # the whole body stays visible to the look-arounds
        if m.end() > pos:
            break
        last = m.end()
    return last


def parse_circulation(
    text: str, start: int, end: int, footnotes: list[dict[str, Any]] | None = None
) -> dict[str, Any] | None:
    """The last circulation request in ``text[start:end]``: ``{organs, agenda_items, start, end}``
    (the span is the sentence; it covers a footnote that a page break put inside it), or None
    when there is none."""
    cue = vocabulary()["circulation"]["cue"]
    body = text[start:end]
    notes = [(n["start"] - start, n["end"] - start) for n in footnotes or () if start <= n["start"] < end]
    finder = _CueFinder(body, cue)
    # every sentence end and paragraph break of the body, found once when first needed
    ends: list[int] | None = None
    breaks: list[int] = []
    pos = finder.rfind(len(body))
    first = True
    while pos >= 0:
        if first:  # the usual case, one cue: its sentence start is read from its paragraph
            s_start = _sentence_start(body, pos)
            first = False
        else:
            if ends is None:
                ends = [m.end() for m in _SENT_END.finditer(body)]
                breaks = [m.start() for m in _BREAK.finditer(body)]
            b = bisect_right(breaks, pos - 2) - 1  # the last break that ends at or before the cue
            s_start = breaks[b] + 2 if b >= 0 else 0
            k = bisect_right(ends, pos) - 1  # the last sentence end at or before the cue
            if k >= 0 and ends[k] > s_start:
                s_start = ends[k]
        while s_start < pos and body[s_start].isspace():
            s_start += 1
        head = body[s_start:pos]
        s_end, rest = _sentence_end(body, pos, notes)
        sentence = head + rest
        if _DOCUMENT.search(sentence):
            organs: list[str] = []
            canon = _canonical_organs()
            for om in _organ_re().finditer(sentence):
                name = canon[" ".join(om.group().split()).lower()]
                if name not in organs:
                    organs.append(name)
            items: list[str] = []
            for am in _AGENDA.finditer(sentence):
                for n in agenda_numbers(am.group("a") or am.group("b")):
                    if n not in items:
                        items.append(n)
            return {"organs": organs, "agenda_items": items, "start": start + s_start, "end": start + s_end}
        # every earlier cue of this sentence has this same sentence: go on before it (a body
        # that repeats the cue thousands of times stays linear)
        pos = finder.rfind(min(pos, s_start + len(cue) - 1))
    return None
