"""The quick forms of the parse stage equal the plain forms they replace (same matches, same rows)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.parsing import annexes, circulation, footnotes, header, signature
from unletters.parsing.common import candidate_lines, lines_of, vocabulary

_PIECES = [
    "\n", "\n\n", " ", "  ", "\t", "a", "B", ".", "1 ", "2 ", "12 ", "(Signed) ", "(SIGNED)", " (signé) ",
    "Annex", "ANNEX I", "Enclosure", "annex", "Annex to the letter dated", "No.", "a.i.", "para.", "end.",
    "circulat", "CIRCULATED", "Circulat", "\u0130", "\u212a", "\u201c", "document", "x1", "note.1",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(0, 400), st.data())
def test_candidate_lines_hold_every_line_that_opens_with_the_thing(text: str, start: int, data: st.DataObject) -> None:
    start = min(start, len(text))
    end = data.draw(st.integers(start, len(text)))
    lines = lines_of(text, start, end)
    for rx, opens in (
        (annexes._ANNEX_LINE, lambda s: re.match(r"\s*(?:Annex|ANNEX|Enclosure|ENCLOSURE)", s)),
        (signature._SIGNED_LINE, lambda s: signature._SIGNED.match(s.lstrip())),
        (footnotes._NOTE_LINE_AFTER_NEWLINE, footnotes._NOTE_LINE.match),
    ):
        cands = candidate_lines(text, start, end, rx)
        assert cands is not None
        assert cands == sorted(set(cands)) and all(0 <= c < len(lines) for c in cands)
        assert {i for i, ln in enumerate(lines) if opens(ln.text)} <= set(cands)


_PLAIN_SENT_END = re.compile(r"(?<!\ba\.i)(?<!\bNo)(?<!\bpara)\.(?=\s|$)")


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_sentence_end_pattern_equals_the_plain_one(text: str) -> None:
    assert [m.span() for m in circulation._SENT_END.finditer(text)] == [
        m.span() for m in _PLAIN_SENT_END.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_cue_finder_equals_rfind_in_the_lowered_body(body: str, data: st.DataObject) -> None:
    cue = data.draw(st.sampled_from([vocabulary()["circulation"]["cue"], "a", "k", "ab a", ""]))
    finder = circulation._CueFinder(body, cue)
    lowered = body.lower()
    end = len(lowered)
    while True:  # the parser's walk: from the end, then before each find
        want = lowered.rfind(cue, 0, end)
        assert finder.rfind(end) == want
        if want < 0 or not cue:
            break
        end = want


def test_cue_finder_searches_past_its_first_chunk() -> None:
    body = "CIRCULATED " + "x" * 5000 + " circulat" + "y" * 3000
    finder = circulation._CueFinder(body, "circulat")
    assert finder.rfind(len(body)) == body.index(" circulat") + 1
    assert finder.rfind(body.index(" circulat")) == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["General Assembly", "Distr.: General", "17 August 2003", "Original: English", "Seventy-fifth session",
     "Agenda item 40", "A/75/1014", "S/2021/770", "Security Council", "Seventy-sixth year", "items 20 and 73 of",
     "the provisional agenda", "1-2 May 2020", "Tenth emergency special session", "English", "General", "The", "x",
     " ", ", ", "/", "A/75/1014\u2013S/2021/770", "Arabic/French", "2021 substantive session"]), max_size=6).map(" ".join))
def test_token_kind_is_the_first_named_group_that_matched(line: str) -> None:
    toks, _ = header._tokenize(line)
    for tok in toks:
        # what the tokenizer first read: the first of the token regex's own groups that matched
        groups = tok.match.groupdict().items()
        first = next(name for name, value in groups if value is not None and not name.startswith("_kind_"))
        assert tok.kind == first


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.integers(1, 12))
def test_footnote_mark_pattern_equals_the_plain_one(text: str, n: int) -> None:
    plain = re.compile(rf"(?<=[A-Za-z.,;:)\u201d\u2019\"]){n}(?![0-9/])")
    quick = re.compile(rf"{n}(?<=[A-Za-z.,;:)\u201d\u2019\"]{n})(?![0-9/])")
    text = text.replace("x1", f"x{n}")
    assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)]
