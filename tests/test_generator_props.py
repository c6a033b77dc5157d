"""Property tests over the test-letter generator (tests/letter_gen.py): the parse recovers the
generated answers, offsets are exact, and page furniture never ends up inside a title, a name,
a symbol or an agenda title."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from letter_gen import FAMILIES, FIELDS, comparable, generate

from unletters.ingest import decode
from unletters.normalize import normalize
from unletters.parsing import not_a_letter, parse_letter

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
FAMILY = st.sampled_from(FAMILIES)
# what page furniture looks like once it sits inside a value
FURNITURE = re.compile(
    r"\b[0-9]{2}-[0-9]{5}\b|\*[0-9]{7,10}\*|Please recycle|(?:^|\s)[0-9]{1,2}/[0-9]{1,2}$|/\.\.\.|\bPage [0-9]|\f"
)


def _run(family: str, seed: int) -> tuple[str, dict, dict, str | None]:
    raw, exp = generate(family, seed)
    text = normalize(decode(raw.encode("utf-8")).text).text
    return text, parse_letter(text), exp, not_a_letter(text)


def test_generator_is_deterministic() -> None:
    for fam in FAMILIES:
        assert generate(fam, 7) == generate(fam, 7)
    assert generate("converted", 1)[0] != generate("converted", 2)[0]


@settings(max_examples=150, deadline=None)
@given(FAMILY, SEEDS)
def test_parse_recovers_the_generated_answers(family: str, seed: int) -> None:
    _text, got, exp, verdict = _run(family, seed)
    assert verdict is None
    for field in FIELDS:
        assert comparable(field, got[field]) == comparable(field, exp[field]), field
    assert [{"name": s["name"], "titles": s["titles"]} for s in got["signatories"]] == exp["signatories"]
    assert [{"title": a["title"], "kind": a["kind"]} for a in got["annexes"]] == exp["annexes"]
    if exp["circulation"] is None:
        assert got["circulation"] is None
    else:
        assert {k: got["circulation"][k] for k in ("organs", "agenda_items")} == exp["circulation"]


@settings(max_examples=150, deadline=None)
@given(FAMILY, SEEDS)
def test_offsets_are_exact(family: str, seed: int) -> None:
    text, got, _, _ = _run(family, seed)
    for s in got["signatories"]:
        assert text[s["start"] : s["end"]] == s["name"]
    ends = [0]
    for a in got["annexes"]:
        span = text[a["start"] : a["end"]]
        assert " ".join(span.split()).startswith(a["title"])
        assert a["start"] >= ends[-1]
        ends.append(a["end"])
    for s in got["signatories"]:
        inside = [a for a in got["annexes"] if a["start"] <= s["start"] < a["end"]]
        assert s["part"] == ("annex" if inside else "body")
    circ = got["circulation"]
    if circ:
        assert "circulat" in text[circ["start"] : circ["end"]]
    for note in got["footnotes"]:
        assert text[note["start"] : note["end"]].startswith(note["number"])


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(("pdftotext", "typescript", "joint", "annexes", "multi_sender")), SEEDS)
def test_page_furniture_never_inside_values(family: str, seed: int) -> None:
    _, got, _, _ = _run(family, seed)
    values = [got["title"], *got["symbols"], *(a["title"] or "" for a in got["agenda_items"])]
    values += [s["name"] or "" for s in got["signatories"]] + [
        t for s in got["signatories"] for t in s["titles"]
    ]
    values += [a["title"] for a in got["annexes"]]
    for v in values:
        assert not FURNITURE.search(v), v
