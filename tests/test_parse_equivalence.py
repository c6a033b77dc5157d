"""The quick forms of the parse stage equal the plain forms they replace (same matches, same rows)."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
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
    assume(len(lowered) == len(body))  # lowering moved nothing: see the İ test below
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


def _plain_tokenize(line: str) -> list[tuple[str, tuple[int, int]]]:
    """Header tokens read with the whole token regex at every token (no first-character dispatch)."""
    rx, pos, out = header._token_re(), 0, []
    while True:
        sep = header._SEP.match(line, pos)
        start = sep.end() if sep else pos
        if start >= len(line):
            return out
        m = rx.match(line, start)
        if not m or m.end() == start:
            return out
        if m.end() < len(line) and line[m.end() - 1].isalnum() and line[m.end()].isalnum():
            return out
        out.append((m.lastgroup or "", m.span()))
        pos = m.end()


_HEADER_PIECES = [
    "United Nations", "NATIONS UNIES", "General Assembly", "SECURITY COUNCIL", "A/75/123", "S/2021/1", "Distr.:",
    "General", "limited", "Original: English", "ARABIC", "Seventy-fifth session", "resumed fiftieth session",
    "2021 substantive session", "75th session", "Seventy-sixth year", "Agenda items 20 and 73", "item 4 of the agenda",
    "3-4 May 2021", "12 September 2021", "tenth emergency special session", " ", ", ", "/", "\u2013", "x", "7", "(",
    "\u0130", "\u212a", "\u017f", "\u00e9", "Tenth", "*", "\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HEADER_PIECES), max_size=8).map("".join))
def test_token_dispatch_by_first_character_equals_the_whole_regex(line: str) -> None:
    toks, _ = header._tokenize(line)
    got = [(header._KIND_PREFIX + t.kind, t.match.span()) for t in toks]
    assert got == _plain_tokenize(line)


def test_every_token_alternative_opens_with_a_character_it_declares() -> None:
    # every example a token alternative matches opens with one of its declared first characters
    examples = [p for p in _HEADER_PIECES if p.strip() and p[0].isascii()]
    for firsts, source in header._token_parts():
        rx = re.compile(source, re.IGNORECASE)
        for ex in examples:
            if rx.match(ex):
                assert ex[0].lower() in firsts, (source[:40], ex)
    for c in map(chr, range(128)):
        sub = header._token_re_at(c)
        assert sub is None or sub.flags & re.IGNORECASE


_TAIL_PIECES = ["of", "the", "The", "addressed", "dated", "and", "to", "concerning", "including", " ", "\n", ",", "(",
                ":", "\u2013", "-", "x", "1", "\u212a", "\u0130", "note by the ", "Note By The x", "NOTE BY THE"]
_TAIL_TEXT = st.lists(st.sampled_from(_TAIL_PIECES), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TAIL_TEXT)
def test_end_anchored_patterns_searched_in_the_tail_equal_the_plain_search(text: str) -> None:
    from unletters.parsing import heading
    from unletters.parsing.common import search_end

    for rx, width in ((heading._CONNECT_END, heading._CONNECT_END_WIDTH), (header._CONNECT_END, header._CONNECT_END_WIDTH)):
        fast, plain = search_end(rx, text, width), rx.search(text)
        assert (fast and fast.span()) == (plain and plain.span()), (rx.pattern, text)


@settings(max_examples=500, deadline=None)
@given(_TAIL_TEXT)
def test_note_by_line_found_from_newlines_equals_the_multiline_search(text: str) -> None:
    from unletters.parsing import classify

    plain = classify._NOTE_BY.search(text)
    assert classify._note_by(text) == (plain.group() if plain else None)


_SENTENCE_PIECES = [
    "Security Council", "SECURITY  COUNCIL", "\u017fecurity council", "General\nAssembly", "general assembly",
    "Economic and Social Council", "Human Rights Council", "TRUSTEESHIP COUNCIL", "document", "DOCUMENT",
    "xdocument", "documents", "Document", "_document", "-document", " ", "\n", "x", "e", "s", "S", "1", "\u0130",
    "\u212a", "as a document of the ",
]
_SENTENCE = st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SENTENCE)
def test_first_letter_forms_of_the_circulation_patterns_equal_the_plain_ones(sentence: str) -> None:
    organs = [o["canonical"] for o in vocabulary()["organs"]["values"]]
    plain_organ = re.compile("|".join(re.escape(o).replace(r"\ ", r"\s+") for o in organs), re.IGNORECASE)
    fast = [m.span() for m in circulation._organ_re().finditer(sentence)]
    assert fast == [m.span() for m in plain_organ.finditer(sentence)]
    plain_document = re.compile(r"\bdocument", re.IGNORECASE)
    assert [m.span() for m in circulation._DOCUMENT.finditer(sentence)] == [
        m.span() for m in plain_document.finditer(sentence)
    ]


def test_fold_extra_is_what_ascii_letters_match_case_insensitively() -> None:
    for c in "abcdefghijklmnopqrstuvwxyz":
        others = {chr(x) for x in range(0x3000) if re.fullmatch(c, chr(x), re.IGNORECASE)} - {c, c.upper()}
        assert others == set(circulation._FOLD_EXTRA.get(c, "")), c


_AGENDA_PIECES = [
    "agenda item 5", "Agenda items 3 and 4 (a)", "AGENDA  ITEM 12", "item 7 of the provisional agenda",
    "items 1, 2 and 3 of the agenda", "\u0131tem 4 of the list", "\u0130TEMS 9 of the agenda", "xitem 4 of the agenda",
    "_agenda item 1", "-agenda item 2", " ", "\n", "x", "1", "(b)", "(\u212a)", "item", "agenda",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_AGENDA_PIECES), max_size=10).map("".join))
def test_agenda_pattern_equals_its_plain_form(sentence: str) -> None:
    plain = re.compile(circulation._AGENDA_PLAIN, re.IGNORECASE)
    fast = [(m.span(), m.group("a"), m.group("b")) for m in circulation._AGENDA.finditer(sentence)]
    assert fast == [(m.span(), m.group("a"), m.group("b")) for m in plain.finditer(sentence)]


def test_cue_finder_maps_positions_after_a_dotted_capital_i_back_to_the_body() -> None:
    cue = vocabulary()["circulation"]["cue"]
    body = f"İzmir and İstanbul. Please {cue.upper()}e this. İ {cue}"
    finder = circulation._CueFinder(body, cue)
    last = body.rindex(cue)
    assert finder.rfind(len(body)) == last
    assert finder.rfind(last) == body.index(cue.upper())
    assert finder.rfind(body.index(cue.upper())) == -1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "THE", " ", "\n", "\t", "x", "the ", "\u0130", "of"]), max_size=8).map("".join))
def test_without_the_equals_the_sub(text: str) -> None:
    from unletters.parsing import heading

    assert heading._without_the(text) == heading._THE.sub("", text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n\n", " ", "x", ".", "\r"]), max_size=20).map("".join))
def test_paragraph_break_starts_are_every_double_newline(body: str) -> None:
    want = [i for i in range(len(body)) if body.startswith("\n\n", i)]
    assert [m.start() for m in circulation._BREAK.finditer(body)] == want


@settings(max_examples=500, deadline=None)
@given(_TEXT, st.data())
def test_sentence_start_from_the_paragraph_equals_the_one_from_every_end_and_break(body: str, data: st.DataObject) -> None:
    from bisect import bisect_right

    pos = data.draw(st.integers(0, len(body)))
    ends = [m.end() for m in circulation._SENT_END.finditer(body)]
    breaks = [m.start() for m in circulation._BREAK.finditer(body)]
    b = bisect_right(breaks, pos - 2) - 1
    want = breaks[b] + 2 if b >= 0 else 0
    k = bisect_right(ends, pos) - 1
    if k >= 0 and ends[k] > want:
        want = ends[k]
    assert circulation._sentence_start(body, pos) == want
