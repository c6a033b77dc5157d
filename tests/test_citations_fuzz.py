"""Fuzzing the citation finder: no exception, exact spans, deterministic output (issue 4)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.citations import extract_citations, find_citations

# pieces that look like citations, glued with arbitrary text
PIECES = st.sampled_from(
    [
        "resolution ",
        "resolutions ",
        "decision ",
        "Security Council ",
        "General Assembly ",
        "its ",
        "62/243",
        "822 (1993)",
        "2625 (XXV)",
        "2019/1",
        "ES-10/19",
        " and ",
        ", ",
        " of 7 September 2006",
        "A/59/747",
        "–",
        "S/2005/187",
        "/Add.1",
        " and Corr.1",
        "that resolution",
        "ibid.",
        ", para. 8",
        "paragraph 8 of ",
        "Article 51",
        " of the Charter",
        "Chapter VII",
        "(",
        ")",
        "/",
        "\n",
        " ",
        "21-12345 (E)",
        "2/4",
        "2024/25",
        "A/80/604/Add.1\n",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300), st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join)
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_find_never_fails_and_spans_are_exact(text: str) -> None:
    first = find_citations(text)
    assert find_citations(text) == first
    prev_start = -1
    for i, c in enumerate(first):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.surface
        assert c.target and c.kind
        assert c.start >= prev_start
        prev_start = c.start
        if c.antecedent is not None:
            assert c.antecedent < i and first[c.antecedent].target == c.target


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.text(max_size=20))
def test_rows_never_fail(text: str, title: str) -> None:
    rows = extract_citations({"doc_id": "sha256:0123456789abcdef", "text": text, "title": title})
    for r in rows:
        assert text[r["start"] : r["end"]] == r["surface"]
