"""``unletters.spans.find_phrase`` (the heading span that citations, entities and events skip)
finds exactly what a plain word-by-word scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.spans import find_phrase, heading_span


def _plain_find_phrase(text: str, phrase: str, start: int = 0) -> tuple[int, int] | None:
    """The reference: at each occurrence of the first word, each further word after whitespace."""
    words = phrase.split()
    if not words:
        return None
    first, n = words[0], len(text)
    pos = text.find(first, start)
    while pos != -1:
        i, ok = pos + len(first), True
        for w in words[1:]:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j == i or not text.startswith(w, j):
                ok = False
                break
            i = j + len(w)
        if ok:
            return pos, i
        pos = text.find(first, pos + 1)
    return None


PIECES = st.sampled_from(
    ["a", "b", "ab", "ba", "aa", "c", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\x0c", "\x1c", "\u2028", "\u3000", "\u200b"]
)
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(TEXTS, st.lists(PIECES, max_size=10).map("".join), st.integers(0, 6))
def test_find_phrase_equals_the_plain_scan(text: str, phrase: str, start: int) -> None:
    assert find_phrase(text, phrase, start) == _plain_find_phrase(text, phrase, start)


def test_find_phrase_over_long_whitespace_runs_and_at_the_text_end() -> None:
    text = "x Letter" + " " * 500 + "dated\n\n\n" + "\t" * 300 + "2 May from"
    for phrase in ("Letter dated 2 May", "Letter dated 2 May from", "Letter dated 2 May fromx", "dated 2"):
        assert find_phrase(text, phrase) == _plain_find_phrase(text, phrase)
    found = find_phrase(text, "Letter dated 2 May from")
    assert found is not None and text[found[1] - 4 : found[1]] == "from"


def test_heading_span_falls_back_to_the_first_twelve_words() -> None:
    words = [f"w{i}" for i in range(15)]
    text = "Header\n\n" + " ".join(words[:12]) + "\n" + " ".join(words[12:]) + "-\nrest\n\nBody"
    doc = {"text": text, "title": " ".join(words) + "rest"}
    span = heading_span(doc)
    assert span is not None and text[span[0] : span[1]].startswith("w0 w1") and text[span[1] :] == "\n\nBody"


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda t: {"start": t[0], "end": t[0] + t[1]}), max_size=4)


@settings(max_examples=500, deadline=None)
@given(SPANS, SPANS, st.lists(st.integers(0, 80), max_size=4).map(sorted), st.lists(st.integers(-2, 100), max_size=20))
def test_locator_equals_locate(notes: list, annexes: list, pages: list[int], starts: list[int]) -> None:
    from unletters.spans import locate, locator

    doc = {"footnotes": notes, "annexes": annexes, "page_offsets": pages}
    at = locator(doc)
    assert [at(s) for s in starts] == [locate(doc, s) for s in starts]


def test_heading_span_cache_keys_on_the_text_object_and_the_title() -> None:
    from unletters.spans import _find_heading, heading_span

    text = "Header\n\nLetter dated 1 May 2020 from X addressed to Y\n\nBody with Letter dated 2 June."
    assert heading_span({"text": text, "title": "Letter dated 1 May 2020 from X addressed to Y"}) == (8, 53)
    # the same text object with another title is found afresh, not answered from the cache
    other = heading_span({"text": text, "title": "Letter dated 2 June."})
    assert other == _find_heading(text, "Letter dated 2 June.") == (text.index("Letter dated 2"), len(text))
    assert heading_span({"text": text, "title": "Letter dated 1 May 2020 from X addressed to Y"}) == (8, 53)
    copy = "".join([text[:10], text[10:]])  # an equal text, another object
    assert heading_span({"text": copy, "title": "Body with"}) == (55, 64)
    assert heading_span({"text": text, "title": "absent"}) is None
