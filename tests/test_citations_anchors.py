"""The trigger anchors of the citation finder: trying a trigger only near its anchors finds what
a full ``finditer`` scan finds (the speed-up must not change a single match)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.citations.find import TRIGGER_ANCHORS, trigger_matches
from unletters.citations.patterns import expand, load, raw_data

SEED = Path(__file__).resolve().parents[2] / "shared" / "letters" / "seed" / "000_f1155e9dab17b9d4.txt"


def _spans(matches) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def _same_as_finditer(text: str) -> None:
    ps = load()
    for pid, anchors in TRIGGER_ANCHORS.items():
        regex = ps.patterns[pid].regex
        assert _spans(trigger_matches(regex, text, anchors)) == _spans(regex.finditer(text)), pid


def test_every_trigger_pattern_has_anchors() -> None:
    triggers = {p.id for p in load().patterns.values() if p.role == "trigger"}
    assert triggers == set(TRIGGER_ANCHORS)


@pytest.mark.parametrize("pid", sorted(TRIGGER_ANCHORS))
def test_every_example_holds_an_anchor_where_the_table_says(pid: str) -> None:
    literals, lo, hi, firsts = TRIGGER_ANCHORS[pid]
    for example in load().patterns[pid].examples:
        assert any(
            all(c in firsts for c in example[:k]) and example.startswith(lit, k)
            for lit in literals
            for k in range(lo, hi + 1)
        ), example


def test_anchored_scan_equals_finditer_on_examples_cases_and_the_seed() -> None:
    data = raw_data()
    texts = [c["text"] for c in data["cases"]]
    for entry in list(data["fragments"].values()) + data["patterns"]:
        texts += entry["examples"] + entry.get("counterexamples", [])
    texts.append(" ".join(texts))
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    for text in texts:
        _same_as_finditer(text)


def test_anchored_scan_skips_a_match_inside_the_one_before() -> None:
    # `that resolution` holds the head noun `resolution`; one pattern's matches never overlap
    ps = load()
    text = "that resolution; xresolution; ibid.ibid. A/59/747/S/1 UNCTAD/1/2 ABCDEFG/1/2"
    for pid, anchors in TRIGGER_ANCHORS.items():
        regex = ps.patterns[pid].regex
        assert _spans(trigger_matches(regex, text, anchors)) == _spans(regex.finditer(text))


PIECES = st.sampled_from(
    [
        "resolution",
        "Resolutions",
        "DECISION",
        "decision",
        "Article",
        "CHAPTERS",
        "That",
        "the said",
        "the above-mentioned",
        "the above mentioned",
        "the aforementioned",
        "this same",
        "report",
        "document",
        "ibid.",
        "Ibid.",
        "A/59/747",
        "UNCTAD/1/2",
        "S/RES/822",
        "CCPR/C/GC/36",
        "ES-10/1",
        "/",
        "-",
        ".",
        " ",
        "\n",
        "x",
        "7",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40).map("".join))
def test_anchored_scan_equals_finditer_on_random_text(text: str) -> None:
    _same_as_finditer(text)


# The knowledge file writes some glue patterns in a form that opens with a literal or a character
# class (so that ``re`` skips ahead quickly). Each must match exactly where its plain form does.
PLAIN_FORMS = {
    "sentence_end": r"(?<!\bpara)(?<!\bparas)(?<!\bNo)(?<!\bArt)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bVol)"
    r"(?<!\bsect)[.!?;:](?=$ws[A-Z“\"(])|\n[ ]*\n",
    "draft_before": r"(?<![\w-])(?:[Dd]raft|DRAFT)$ws\Z",
    "its_before": r"(?<![\w-])(?:its|their|Its|Their)$ws\Z",
}
GLUE_WORDS = (
    "para paras No Art Mr Ms Dr Vol sect xpara The a draft Draft DRAFT undraft its Its their Their bits"
)
GLUE_PIECES = st.sampled_from(GLUE_WORDS.split() + list('.!?;: \n\t\u00a0“"(-'))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(GLUE_PIECES, st.text(max_size=3)), max_size=30).map("".join))
def test_fast_forms_of_glue_patterns_equal_their_plain_forms(text: str) -> None:
    ps = load()
    fragments = {k: v["regex"] for k, v in raw_data()["fragments"].items()}
    for pid, plain in PLAIN_FORMS.items():
        fast, slow = ps.patterns[pid].regex, re.compile(expand(plain, fragments))
        assert _spans(fast.finditer(text)) == _spans(slow.finditer(text)), pid
        for end in range(len(text) + 1):  # the `\Z` patterns are searched in every prefix window
            window = text[:end]
            a, b = fast.search(window), slow.search(window)
            assert (a and a.span()) == (b and b.span()), (pid, window)
