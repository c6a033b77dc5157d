"""The circulation request: the fast search equals the plain one, and stays linear."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from scaling import assert_linear

from unletters.parsing import circulation as circ
from unletters.parsing.common import vocabulary

CUE = vocabulary()["circulation"]["cue"]
PIECES = [CUE, "circulated", " ", "  ", ".", ". ", ".\n", "\n\n", "\n\n\n", "document", "documents", "x",
          "No. ", "para. ", "a.i. ", "General Assembly", "Security Council", "agenda item 5",
          "items 3 and 4 of the provisional agenda", "İ", "I should be grateful if the present letter "]


def plain(text: str, start: int, end: int, footnotes: list[dict] | None = None) -> dict | None:
    """The definition: try every cue from the last, each with the sentence around it."""
    body = text[start:end]
    notes = [(n["start"] - start, n["end"] - start) for n in footnotes or () if start <= n["start"] < end]
    cues = [p for p in range(len(body)) if body[p:p + 2 * len(CUE)].lower().startswith(CUE)]
    ends = [m.end() for m in circ._SENT_END.finditer(body)]
    while cues:
        pos = cues.pop()
        para_start = body.rfind("\n\n", 0, pos)
        s_start = para_start + 2 if para_start >= 0 else 0
        for e in ends:
            if s_start < e <= pos:
                s_start = e
        while s_start < pos and body[s_start].isspace():
            s_start += 1
        s_end, rest = circ._sentence_end(body, pos, notes)
        sentence = body[s_start:pos] + rest
        if circ._DOCUMENT.search(sentence):
            found = circ.parse_circulation(body, 0, len(body), [{"start": a, "end": b} for a, b in notes])
            assert found is not None and (found["start"], found["end"]) == (s_start, s_end)
            return {**found, "start": start + s_start, "end": start + s_end}
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(0, 3))
def test_fast_search_equals_the_plain_definition(pieces: list[str], skip: int) -> None:
    text = "".join(pieces)
    start = min(skip, len(text))
    assert circ.parse_circulation(text, start, len(text)) == plain(text, start, len(text))


def test_fast_search_equals_the_plain_definition_on_long_random_bodies() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(50, 400)))
        assert circ.parse_circulation(text, 0, len(text)) == plain(text, 0, len(text))


def test_a_body_repeating_the_cue_is_linear() -> None:
    for unit in (f"I {CUE} x ", f"I {CUE} x. ", f"I {CUE} x.\n\n"):
        assert circ.parse_circulation(unit * 4000, 0, len(unit) * 4000) is None
        assert_linear(lambda body: circ.parse_circulation(body, 0, len(body)), unit * 4000, unit * 16000,
                      label=repr(unit))
