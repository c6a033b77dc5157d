"""The request to circulate the letter and the organs and agenda items it names."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from unletters.parsing.common import vocabulary
from unletters.parsing.header import _NUM_LIST, agenda_numbers

# a full stop that ends a sentence (not `a.i.`, `No.`, `para.`); the stop comes first so that the
# search skips from one `.` to the next in C
_SENT_END = re.compile(r"\.(?<!\ba\.i\.)(?<!\bNo\.)(?<!\bpara\.)(?=\s|$)")
_DOCUMENT = re.compile(r"\bdocument", re.IGNORECASE)
_AGENDA = re.compile(
    rf"\bagenda\s+items?\s+(?P<a>{_NUM_LIST})|\bitems?\s+(?P<b>{_NUM_LIST})\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?(?:agenda|list)",
    re.IGNORECASE,
)


@cache
def _organ_re() -> re.Pattern[str]:
    organs = [o["canonical"] for o in vocabulary()["organs"]["values"]]
    return re.compile("|".join(re.escape(o).replace(r"\ ", r"\s+") for o in organs), re.IGNORECASE)


@cache
def _canonical_organs() -> dict[str, str]:
    return {o["canonical"].lower(): o["canonical"] for o in vocabulary()["organs"]["values"]}


# the tail of the body lowered first when looking for the cue (it is usually near the end)
_CUE_CHUNK = 512


class _CueFinder:
    """Finds the cue in ``body.lower()`` from the end, lowering only as much of the tail as it
    searches.

    Lowering keeps offsets and works character by character for every character but U+0130
    (which lowers to two characters); with it in ``body`` (or an empty cue) the whole body is
    lowered once, as before. Chunks are searched from the end, each overlapping the one after
    it by one character less than the cue, so a cue across a chunk border is found.
    """

    def __init__(self, body: str, cue: str) -> None:
        self.body = body
        self.cue = cue
        self.lowered = body.lower() if not cue or "\u0130" in body else None

    def rfind(self, end: int) -> int:
        """``body.lower().rfind(cue, 0, end)``."""
        if self.lowered is not None:
            return self.lowered.rfind(self.cue, 0, end)
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
        para = body.find("\n\n", cur)
        s_end = m_end.end() if m_end else len(body)
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
    pos = finder.rfind(len(body))
    while pos >= 0:
        para_start = body.rfind("\n\n", 0, pos)
        s_start = para_start + 2 if para_start >= 0 else 0
        for m in _SENT_END.finditer(body, s_start, pos):
            s_start = m.end()
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
        pos = finder.rfind(pos)
    return None
