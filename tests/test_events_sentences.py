"""Sentence spans for the events stage."""

from __future__ import annotations

import pytest

from unletters.events.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text).spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The town was shelled. Two people died.", ["The town was shelled.", "Two people died."]),
        ("Mr. Aliyev met Dr. Smith on 5 May. He left.", ["Mr. Aliyev met Dr. Smith on 5 May.", "He left."]),
        (
            "See para. 5 and Art. 51 of the Charter. Then.",
            ["See para. 5 and Art. 51 of the Charter.", "Then."],
        ),
        ("At 10 a.m. Armenian forces fired. Then.", ["At 10 a.m. Armenian forces fired.", "Then."]),
        ("J. Smith arrived. Then.", ["J. Smith arrived.", "Then."]),
        ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
        ("First paragraph\n\nSecond paragraph.", ["First paragraph", "Second paragraph."]),
        ("Annex\nOn 5 May 2021 the town was shelled.", ["Annex", "On 5 May 2021 the town was shelled."]),
        ("Baku, 2 September 2021\n(Signed) Name", ["Baku, 2 September 2021", "(Signed) Name"]),
        (
            "a line of a paragraph that wraps because the page is narrow and\ncontinues here.",
            ["a line of a paragraph that wraps because the page is narrow and\ncontinues here."],
        ),
        ("The figure was 10.5 per cent. Then.", ["The figure was 10.5 per cent.", "Then."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_containing() -> None:
    text = "One. Two three. Four."
    s = split_sentences(text)
    assert s.containing(text.index("three")) == (5, 15)
    assert s.containing(4) is None  # the space between two sentences
