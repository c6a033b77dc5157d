"""The letter scan's shortcuts find what the plain checks they replace find."""

from __future__ import annotations

import random
import re

from unletters.entities import _CAP_WORD, _cap_word_re, _keywords_before
from unletters.entities.places import (
    _BACKWARD,
    _NAME_END,
    _first_start,
    _name_ending_at,
    keyword_before,
    keyword_prefixes,
)

_PIECES = ["Ab", "Cd", "Él", "e", "f", " ", " ", "-", "'", "X", "\n", ",", ", ", " and ", " or ", " of ",
           "districts", " district", "city", "the ", "1", "_"]


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


def test_the_scan_words_are_the_capitalized_words_and_flag_the_keyword_test() -> None:
    kw4 = keyword_prefixes()
    plain = re.compile(_CAP_WORD)
    for text in _texts(5000, 2):
        for begin in (0, len(text) // 2):
            got = list(_cap_word_re().finditer(text, begin))
            assert [m.span() for m in got] == [m.span() for m in plain.finditer(text, begin)], text
            for m in got:
                follows = text[m.end()] in " \n" and text[m.end() + 1 : m.end() + 5] in kw4 if m.end() < len(text) else False
                assert bool(m.lastindex) == follows, (text, m.span())


def test_keywords_before_are_those_of_every_capitalized_word() -> None:
    plain = re.compile(_CAP_WORD)
    for text in _texts(5000, 3):
        for begin in (0, len(text) // 2):
            expected = {k for m in plain.finditer(text, begin) if (k := keyword_before(text, m.start())) is not None}
            assert _keywords_before(text, begin) == expected, text
