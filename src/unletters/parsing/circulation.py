"""The request to circulate the letter and the organs and agenda items it names."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from unletters.parsing.common import vocabulary
from unletters.parsing.header import _NUM_LIST, agenda_numbers

_SENT_END = re.compile(r"(?<!\ba\.i)(?<!\bNo)(?<!\bpara)\.(?=\s|$)")
_AGENDA = re.compile(
    rf"\bagenda\s+items?\s+(?P<a>{_NUM_LIST})|\bitems?\s+(?P<b>{_NUM_LIST})\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?(?:agenda|list)",
    re.IGNORECASE,
)


@cache
def _organ_re() -> re.Pattern[str]:
    organs = [o["canonical"] for o in vocabulary()["organs"]["values"]]
    return re.compile("|".join(re.escape(o).replace(r"\ ", r"\s+") for o in organs), re.IGNORECASE)


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
    lowered = body.lower()
    pos = lowered.rfind(cue)
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
        if re.search(r"\bdocument", sentence, re.IGNORECASE):
            organs: list[str] = []
            canon = {o["canonical"].lower(): o["canonical"] for o in vocabulary()["organs"]["values"]}
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
        pos = lowered.rfind(cue, 0, pos)
    return None
