"""The letter scan's shortcuts find what the plain checks they replace find."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.entities import _CAP_WORD, _cap_word_re, _scan_words
from unletters.entities.places import (
    _BACKWARD,
    _NAME,
    _NAME_END,
    _first_start,
    _keyword_set,
    _name_ending_at,
    keyword_after,
    keyword_before,
    keyword_before_tails,
    keyword_prefixes,
)

_PIECES = ["Ab", "Cd", "Él", "e", "f", " ", " ", "-", "'", "X", "\n", ",", ", ", " and ", " or ", " of ",
           "districts", " district", "city", "the ", "1", "_", "ñ", "Ñu", "²"]


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30))) for _ in range(n)]


def test_backward_searches_from_the_first_possible_start_find_the_same_match() -> None:
    for text in _texts(20000, 1):
        for end in {0, len(text), len(text) // 2, max(0, len(text) - 3)}:
            for begin in (0, end // 3):
                plain = _NAME_END.search(text, max(begin, end - 80), end)
                assert _name_ending_at(text, end, begin) == (plain.span(1) if plain else None), (text, end, begin)
                plain = _BACKWARD.search(text, max(begin, end - 80), end)
                got = _BACKWARD.search(text, _first_start(text, max(begin, end - 80), end, 4), end)
                assert (got and got.span(1)) == (plain and plain.span(1)), (text, end, begin)


def test_the_scan_words_are_the_capitalized_words_and_flag_the_keyword_tests() -> None:
    kw4 = keyword_prefixes()
    tails = keyword_before_tails()
    plain = re.compile(_CAP_WORD)
    for text in _texts(5000, 2):
        for begin in (0, len(text) // 2):
            got = list(_cap_word_re().finditer(text, begin))
            assert [m.span() for m in got] == [m.span() for m in plain.finditer(text, begin)], text
            for m in got:
                after = text[m.end()] in " \n" and text[m.end() + 1 : m.end() + 5] in kw4 if m.end() < len(text) else False
                assert (m[2] is not None) == after, (text, m.span())
                before = text[: m.start()].endswith(" of ") and (tails is None or text[m.start() - 8 : m.start()] in tails)
                assert (m[1] is not None) == before, (text, m.span())


def test_the_scan_finds_the_keywords_of_every_capitalized_word() -> None:
    plain = re.compile(_CAP_WORD)
    for text in _texts(5000, 3):
        for begin in (0, len(text) // 2):
            expected = set()
            for m in plain.finditer(text, begin):
                expected |= {keyword_before(text, m.start()), keyword_after(text, m.end())}
            assert _scan_words(text, begin)[2] == sorted(expected - {None}), text


def test_names_written_capital_first_match_as_names_after_a_lookbehind() -> None:
    old_end = re.compile(rf"(?<![\w'’\-])({_NAME})$")
    old_backward = re.compile(rf"(?<![\w'’\-])({_NAME})(?:, |,? and |,? or )$")
    for text in _texts(20000, 4):
        for end in {len(text), len(text) // 2, max(0, len(text) - 3)}:
            for lo in (0, end // 3):
                for new, old in ((_NAME_END, old_end), (_BACKWARD, old_backward)):
                    got, plain = new.search(text, lo, end), old.search(text, lo, end)
                    assert (got and got.span(1)) == (plain and plain.span(1)), (text, lo, end)


def test_no_place_keyword_holds_of() -> None:
    # _pattern_spans tries a keyword pattern only at a keyword of its own list, which is sound
    # only while no keyword holds " of " (a shorter keyword could then end before that " of ")
    assert not any(" of " in f" {w} " for w in _keyword_set())


def test_locations_are_what_locate_says_for_every_start() -> None:
    from unletters.entities import _locations
    from unletters.spans import locate

    rng = random.Random(5)
    for _ in range(3000):
        cuts = sorted(rng.sample(range(60), rng.randint(0, 8)))
        spans = [{"start": a, "end": b} for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
        rng.shuffle(spans)
        k = rng.randint(0, len(spans))
        pages = sorted(rng.sample(range(60), rng.randint(0, 4)))
        doc = {"footnotes": spans[:k], "annexes": spans[k:], "page_offsets": pages}
        starts = sorted(rng.sample(range(60), rng.randint(0, 20)))
        assert _locations(doc, starts) == [locate(doc, s) for s in starts], doc
        rng.shuffle(starts)  # not in order: located a run of starts at a time
        assert _locations(doc, starts) == [locate(doc, s) for s in starts], doc
    doc = {"annexes": [{"start": None, "end": 5}]}
    assert _locations(doc, []) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=25),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=25),
)
def test_overlap_test_equals_the_pairwise_check(others: list[tuple[int, int]], queries: list[tuple[int, int]]) -> None:
    from unletters.entities import _overlap_test
    from unletters.entities._scan import Candidate

    def cand(start: int, length: int) -> Candidate:
        return Candidate(start, start + length, "PLACE", None, "X", None, "gazetteer", 0)

    pool = [cand(*o) for o in others]
    taken = _overlap_test(pool)
    for q in (cand(*t) for t in queries):
        assert taken(q) == any(o.start < q.end and q.start < o.end for o in pool)


def test_a_letter_with_thousands_of_signatures_is_linear() -> None:
    from scaling import assert_linear

    from unletters.pipeline import process

    seed = (Path(__file__).resolve().parents[1] / "corpus" / "raw" / "000_f1155e9dab17b9d4.txt").read_text(encoding="utf-8")
    head = seed[: seed.index("\n\n", seed.index("Letter dated") + 200)] + "\n\n"

    def letter(n: int) -> bytes:
        return (head + "(Signed) X\n" * n + "\n(Signed) Jane Doe\n").encode()

    assert process(letter(2000), "a.txt").document is not None
    assert_linear(lambda data: process(data, "a.txt"), letter(500), letter(2000))
