"""`lines_of` (served from one line index per text) gives the lines a plain scan gives."""

from __future__ import annotations

import itertools

from unletters.parsing.common import Line, _scan_lines, all_lines, lines_of


def test_lines_of_equals_a_scan_for_every_start_and_end() -> None:
    # every text of up to six characters over `a`, `b` and a line break, every span in it
    for n in range(7):
        for chars in itertools.product("ab\n", repeat=n):
            text = "".join(chars)
            for start in range(n + 1):
                assert lines_of(text, start) == _scan_lines(text, start, n), (text, start)
                for end in range(start, n + 1):
                    assert lines_of(text, start, end) == _scan_lines(text, start, end), (text, start, end)


def test_lines_cut_by_the_span_keep_offsets_into_the_text() -> None:
    text = "Letter dated\nfrom the Permanent\nRepresentative"
    got = lines_of(text, 7, 22)
    assert got == [Line(7, 12, "dated"), Line(13, 22, "from the ")]
    assert all(text[ln.start : ln.end] == ln.text for ln in got)
    assert lines_of(text) == [Line(0, 12, "Letter dated"), Line(13, 31, "from the Permanent"), Line(32, 46, "Representative")]


def test_all_lines_is_lines_of_the_whole_text() -> None:
    for n in range(7):
        for chars in itertools.product("ab\n", repeat=n):
            text = "".join(chars)
            assert list(all_lines(text)) == lines_of(text) == _scan_lines(text, 0, n), text
            assert all(type(ln) is Line for ln in all_lines(text))


def test_lines_cut_by_the_span_are_lines() -> None:
    got = lines_of("Letter dated\nfrom the Permanent", 3, 20)
    assert [type(ln) for ln in got] == [Line, Line]
    assert got[0].text == "ter dated" and got[-1].end == 20


# --- the identity cache of per-text indexes ------------------------------------------------------


def test_recent_texts_finds_a_text_again_by_identity_only() -> None:
    from unletters.spans import recent_texts

    calls: list[str] = []

    @recent_texts(2)
    def count(text: str) -> int:
        calls.append(text)
        return len(calls)

    a = "".join(["letter ", "one"])
    assert count(a) == 1 and count(a) == 1 and len(calls) == 1
    twin = "".join(["letter ", "on", "e"])  # equal, another object: computed again
    assert twin == a and twin is not a
    assert count(twin) == 2
    count("x" * 3)
    count("y" * 3)  # `a` and `twin` have left the two places
    assert count(a) == 5
    count.cache_clear()  # type: ignore[attr-defined]
    assert count(a) == 6


def test_recent_texts_tells_calls_apart_by_their_other_arguments() -> None:
    from unletters.spans import heading_span, recent_texts

    @recent_texts(4)
    def find(text: str, word: str) -> int:
        return text.find(word)

    text = "".join(["a letter ", "to the Secretary-General"])
    assert find(text, "to") == 9 and find(text, "the") == 12 and find(text, "to") == 9
    title = "Letter dated 1 May 2020 from the Permanent Representative"
    doc = {"text": f"A/74/1\n\n{title}\n\nBody.", "title": title}
    other = {"text": doc["text"], "title": "Body."}
    assert heading_span(doc) == (8, 8 + len(title)) and heading_span(other) == (10 + len(title), 15 + len(title))
    assert heading_span(doc) == (8, 8 + len(title))


def test_line_index_cache_equals_a_fresh_index() -> None:
    from unletters.parsing.common import _line_index

    for text in ["", "a", "a\nb", "\n\nx\n", "one\ntwo\n\nthree"]:
        fresh = _line_index.__wrapped__(text)  # type: ignore[attr-defined]
        assert _line_index(text) == fresh and _line_index(text) == fresh
