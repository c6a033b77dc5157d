"""The fast scan for relative date expressions finds exactly what the one big regex finds."""

from __future__ import annotations

import random
import re

import pytest

from unletters.events.dates import ASCII_CASE_FOLDS, _patterns, relative_matches, vocabulary


def _key(matches: list[re.Match[str]]) -> list[tuple[int, int, str | None, str | None]]:
    return [
        (m.start(), m.end(), m.lastgroup, m.groupdict().get(f"n{(m.lastgroup or 'r')[1:]}")) for m in matches
    ]


def _reference(text: str, start: int = 0) -> list[tuple[int, int, str | None, str | None]]:
    return _key(list(_patterns().relative.finditer(text, start)))


def test_ascii_case_folds_are_every_such_character() -> None:
    folds = [c for c in map(chr, range(0x80, 0x110000)) if re.match("(?i)[a-z]", c)]
    assert "".join(folds) == ASCII_CASE_FOLDS


@pytest.mark.parametrize(
    "text",
    [
        "Two days later, on 30 May, the army shelled the village.",
        "the day before yesterday and THE NEXT DAY",
        "123 days ago",
        "x1 days ago",
        "éthe same day",
        "today’s meeting",
        "e.g. yesterday",
        "ſeveral days ago",
        "yeſterday",
        "İn the same month",
        "a couple of days later",
        "twelve\ndays ago",
        "the day beforehand",
        "earlier this WEEK; later that year",
        "30 years later; on his birthday, today",
        "MONDAY, the same DAY; holidays 2 days ago",
        "yesterdays-yesterday'the following year",
    ],
)
def test_cases(text: str) -> None:
    assert _key(relative_matches(text)) == _reference(text)


def test_examples() -> None:
    for example in vocabulary()["relative"]["examples"]:
        assert _key(relative_matches(example["text"])) == _reference(example["text"])


def test_random_texts() -> None:
    rng = random.Random(9)
    voc = vocabulary()
    numbers = ["2", "two", "a couple of", "12", "123", "Eleven"]
    phrases = [e["phrase"].replace("{n}", rng.choice(numbers)) for e in voc["relative"]["values"]]
    pieces = [
        *phrases,
        "ſ",
        "K",
        "ı",
        "İ",
        "é",
        "’",
        "'",
        "x",
        "The",
        "a",
        "1",
        "-",
        ".",
        "days",
        "DAY",
        "Week",
    ]
    glue = ["", " ", "\n", "x", "é", "-"]
    found = 0
    for i in range(5000):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
        if i % 2:  # half without the characters that defeat the head-word windows
            words = [w for w in words if not any(c in ASCII_CASE_FOLDS for c in w)]
        text = "".join(
            ("".join(c.upper() if rng.random() < 0.2 else c for c in w)) + rng.choice(glue) for w in words
        )
        start = rng.randint(0, len(text))
        expected = _reference(text, start)
        found += len(expected)
        assert _key(relative_matches(text, start)) == expected, (text, start)
    assert found > 1000  # the texts do hold relative expressions
