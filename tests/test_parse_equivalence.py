"""The quick forms of the parse stage equal the plain forms they replace (same matches, same rows)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from unletters.parsing import annexes, circulation, common, footnotes, header, heading, signature
from unletters.parsing.common import candidate_lines, lines_of, search_end, vocabulary
from unletters.regex_tools import ASCII_FOLDS

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
    "\u0130", "\u212a", "\u017f", "\u00e9", "Tenth", "*", "\n", "\t", "\u00a0", ";", "-", " - ",
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
        assert others == set(ASCII_FOLDS.get(c, "")), c


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


def test_characters_no_opening_starts_with_match_no_opening_first_letter() -> None:
    never = heading._never_opening()
    openings = [o["opening"] for o in vocabulary()["doc_types"]["values"]]
    assert never, "every opening starts with an ASCII letter: the quick test is in use"
    for c in never:
        assert c.isascii()
        for op in openings:
            assert re.match(re.escape(op[0]), c, re.IGNORECASE) is None, (c, op)
    for op in openings:  # and a line that opens with an opening is always tried
        assert op[0] not in never and op[0].swapcase() not in never


_OPENING_PIECES = [
    "Letter dated", "LETTER DATED", "letter  dated", "Identical letters dated", "Note verbale dated",
    "joint letter dated", "Letters", "dated", " ", "\n", "x", "1", "\u0130", "\u0131", "\u212a", "\u017f",
    "Ident", "Note", "J", "L", "N", "I", "i",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_OPENING_PIECES), max_size=6).map("".join))
def test_heading_start_with_the_first_character_test_equals_the_plain_match(line: str) -> None:
    plain = heading._opening_re().match(line.strip()) is not None
    assert heading.is_heading_start(line) == plain
    if line.strip()[:1] in heading._never_opening():
        assert not plain


_BODY_OPENS = (annexes._ANNEX_LINE, signature._SIGNED_LINE, footnotes._NOTE_LINE_AFTER_NEWLINE)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.integers(0, 400), st.data())
def test_candidate_lines_found_together_equal_those_found_one_by_one(text: str, start: int, data: st.DataObject) -> None:
    from unletters.parsing import _BODY_LINE_OPENS
    from unletters.parsing.common import candidate_lines_each

    assert _BODY_LINE_OPENS == _BODY_OPENS
    start = min(start, len(text))
    end = data.draw(st.one_of(st.none(), st.integers(start, len(text))))
    for opens in (_BODY_OPENS, _BODY_OPENS[::-1], _BODY_OPENS[1:], (re.compile(r"\n(?:a|1 )"), re.compile(r"\na"))):
        together = candidate_lines_each(text, start, end, opens)
        assert together == [candidate_lines(text, start, end, rx) for rx in opens]
    assert candidate_lines_each(text, start, len(text) + 1, _BODY_OPENS) is None


def test_line_open_patterns_found_together_must_open_with_a_newline() -> None:
    from unletters.parsing.common import candidate_lines_each

    for bad in (re.compile("a"), re.compile(r"\na", re.MULTILINE)):
        with pytest.raises(ValueError):
            candidate_lines_each("x\na", 0, None, (annexes._ANNEX_LINE, bad))


_SENDER_PIECES = [
    ",", " ", "  ", "\t", "\n", "\u00a0", ",x", "x", "to the United Nations", "at the United  Nations", "United Nations",
    "in New York", "in Geneva", "on the Security Council", "ON THE ECONOMIC AND SOCIAL COUNCIL", "in its capacity as ",
    "Chair", "President", " of ", "the Group", "and", "and the ", "Permanent Representative", "Chargé d'affaires",
    "from", "FROM", "addressed", "Addressed\nTO", " to", "a", "f", "af", "\u0130", "\u017f", "\u212a", "a.i.", "of",
    "the", "(", "\u2013", "-", "1",
]
_SENDER_TEXT = st.lists(st.sampled_from(_SENDER_PIECES), max_size=14).map("".join)
_PLAIN_TO_UN = re.compile(
    r",?\s+(?:to|at)\s+the\s+United\s+Nations\b.*$|,?\s+in\s+(?:New\s+York|Geneva|Vienna)\b.*$"
    r"|,?\s+on\s+the\s+(?:Security\s+Council|Trusteeship\s+Council|Economic\s+and\s+Social\s+Council)\b.*$",
    re.IGNORECASE,
)
_PLAIN_CAPACITY = re.compile(
    r",?\s+in\s+(?:its|his|her|their)\s+capacity\s+as\s+(?:the\s+)?(?P<role>Chair(?:man|person|woman)?|President"
    r"|Coordinator)\s+of\s+(?P<group>.+)$",
    re.IGNORECASE,
)
_PLAIN_NAMES = re.compile(r"\baddressed\s+to\b|\bfrom\b", re.IGNORECASE)
_PLAIN_TITLE_JOIN_END = re.compile(r"\b(?:of|the|to|and|for|in|on|at|a\.i\.\s+of)$|[,(\u2013-]$", re.IGNORECASE)


def _found(m: re.Match[str] | None) -> tuple[tuple[int, int], dict[str, str | None]] | None:
    return None if m is None else (m.span(), m.groupdict())


@settings(max_examples=600, deadline=None)
@given(_SENDER_TEXT)
def test_heading_patterns_opening_with_a_class_equal_their_plain_forms(text: str) -> None:
    from unletters.parsing import classify

    assert heading._TO_UN.sub("", text) == _PLAIN_TO_UN.sub("", text)
    assert [m.span() for m in heading._TO_UN.finditer(text)] == [m.span() for m in _PLAIN_TO_UN.finditer(text)]
    assert _found(heading._CAPACITY.search(text)) == _found(_PLAIN_CAPACITY.search(text))
    roles = "|".join(r[0].pattern.split("(?=")[0] for r in heading._roles())
    plain_split = re.compile(rf",?\s+and\s+(?=the\s+(?:{roles}))", re.IGNORECASE)
    assert heading._sender_split().split(text) == plain_split.split(text)
    assert _found(classify._NAMES_SENDER_OR_ADDRESSEE.search(text)) == _found(_PLAIN_NAMES.search(text))
    line = " ".join(text.split())  # a title line is read collapsed
    assert bool(search_end(signature._TITLE_JOIN_END, line, signature._TITLE_JOIN_END_WIDTH)) == bool(
        _PLAIN_TITLE_JOIN_END.search(line))


_DATE_PIECES = [
    "4", "14", "31", "41", "04", "2", " ", "  ", "\n", ",", ", ", "August", "MAY", "may", "Ma", "June", "july", "March",
    "September", "\u017feptember", "December", "2003", "1999", "2021", "1850", "x", "1", "a", "\u0130", "-", ".",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=12).map("".join))
def test_date_patterns_opening_with_a_class_equal_their_plain_forms(text: str) -> None:

    for quick, plain in ((common._DATE_DMY_QUICK, common.DATE_DMY), (common._DATE_MDY_QUICK, common.DATE_MDY)):
        a, b = quick.search(text), plain.search(text)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_opening_class_holds_every_character_that_matches_a_first_letter() -> None:
    from unletters.parsing.common import opening_class

    words = ["january", "Septem", "kilo", "ion", "Zed"]
    got = set(opening_class(words))
    want = {chr(c) for c in range(0x10000) for w in words if re.fullmatch(re.escape(w[0]), chr(c), re.IGNORECASE)}
    assert got == want
    with pytest.raises(ValueError):
        opening_class(["\u00e9t\u00e9"])
