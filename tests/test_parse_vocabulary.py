"""Every entry of src/unletters/data/header_vocabulary.json is read as its examples say."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.normalize import _gap_stop, furniture_data
from unletters.parsing.circulation import parse_circulation
from unletters.parsing.classify import _cues
from unletters.parsing.common import ordinal_value, vocabulary
from unletters.parsing.header import tokenize_line
from unletters.parsing.heading import _body_open_re, _group_name, doc_type_of, parse_addressees
from unletters.parsing.signature import join_title_lines

V = vocabulary()


@pytest.mark.parametrize("entry", V["organs"]["values"], ids=lambda e: e["canonical"])
def test_organ_examples(entry: dict) -> None:
    for ex in entry["examples"]:
        toks = tokenize_line(ex)
        assert toks is not None and [t.kind for t in toks] == ["organ"], ex


@pytest.mark.parametrize(("word", "value"), V["ordinals"]["examples"])
def test_ordinal_examples(word: str, value: int) -> None:
    assert ordinal_value(word) == value


def test_every_ordinal_1_to_99_reads_back() -> None:
    seen = set()
    o = V["ordinals"]
    units = list(o["units"])
    for t, tv in o["tens_cardinal"].items():
        for u in units:
            assert ordinal_value(f"{t}-{u}") == tv + o["units"][u]
            seen.add(tv + o["units"][u])
    for table in ("units", "teens", "tens_ordinal"):
        seen |= set(o[table].values())
    assert seen == set(range(1, 100))


@pytest.mark.parametrize("ex", V["languages"]["examples"])
def test_language_examples(ex: str) -> None:
    toks = tokenize_line(ex)
    assert toks and toks[0].kind == "original" and toks[0].match.group("original_value")


@pytest.mark.parametrize("ex", V["distributions"]["examples"])
def test_distribution_examples(ex: str) -> None:
    toks = tokenize_line(ex)
    assert toks is not None
    assert toks[0].kind in ("distr", "distr_word")


@pytest.mark.parametrize("entry", V["doc_types"]["values"], ids=lambda e: e["opening"])
def test_doc_type_examples(entry: dict) -> None:
    for ex in entry["examples"]:
        assert doc_type_of(ex) == entry["doc_type"], ex


@pytest.mark.parametrize("entry", V["sender_roles"]["values"], ids=lambda e: e["canonical"])
def test_role_examples(entry: dict) -> None:
    for ex in entry["examples"]:
        assert re.fullmatch(entry["pattern"], ex, re.IGNORECASE), ex


@pytest.mark.parametrize("entry", V["addressees"]["values"], ids=lambda e: e["canonical"])
def test_addressee_examples(entry: dict) -> None:
    for ex in entry["examples"]:
        assert parse_addressees(ex) == ([entry["canonical"]], True)


def test_unknown_addressee_kept_as_written() -> None:
    for ex in V["addressees"]["examples"]:
        got, known = parse_addressees(ex)
        assert got == [ex.removeprefix("the ")] and not known


def test_three_addressees() -> None:
    got, known = parse_addressees(
        "the Secretary-General, the President of the General Assembly and the President of the Security Council"
    )
    assert got == [
        "Secretary-General",
        "President of the General Assembly",
        "President of the Security Council",
    ]
    assert known


@pytest.mark.parametrize(("surface", "canonical"), V["groups"]["examples"])
def test_group_examples(surface: str, canonical: str) -> None:
    assert _group_name(surface + " to the United Nations") == canonical


@pytest.mark.parametrize("ex", V["body_openings"]["examples"])
def test_body_opening_examples(ex: str) -> None:
    assert _body_open_re().match(ex)


@pytest.mark.parametrize("ex", V["circulation"]["examples"])
def test_circulation_examples(ex: str) -> None:
    got = parse_circulation(ex, 0, len(ex))
    assert got is not None and got["organs"] and (got["start"], got["end"]) == (0, len(ex))


@pytest.mark.parametrize("entry", V["not_a_letter"]["values"], ids=lambda e: e["kind"])
def test_not_a_letter_cue_examples(entry: dict) -> None:
    rx = dict((k, r) for k, r in _cues())[entry["kind"]]
    for ex in entry["examples"]:
        assert rx.search(ex), ex


@pytest.mark.parametrize(("lines", "titles"), V["signature_title_heads"]["examples"])
def test_signature_title_examples(lines: list[str], titles: list[str]) -> None:
    assert join_title_lines(lines) == titles


def test_page_gap_stop_examples() -> None:
    data = furniture_data()["page_gap_stops"]
    for ex in data["examples"]:
        assert _gap_stop().match(ex), ex
    for ex in data["counterexamples"]:
        assert not _gap_stop().match(ex), ex


@pytest.mark.parametrize(("lines", "n", "titles"), V["agenda_title_openings"]["examples"])
def test_agenda_title_split_examples(lines: list[str], n: int, titles: list[str]) -> None:
    from unletters.parsing.header import group_titles

    assert group_titles([lines], n)[0] == titles


@pytest.mark.parametrize(("line", "name", "titles"), V["signature_title_openers"]["examples"])
def test_inline_signature_titles(line: str, name: str, titles: list[str]) -> None:
    from unletters.parsing.signature import split_inline_titles

    assert split_inline_titles(line) == (name, titles)


# --- cues written to let a search skip ahead match what their plain forms match -------------------

_CUE_SOUP = st.lists(
    st.sampled_from(["plenary meeting", "PLENARY MEETING", "121st", "8422", "nd", "th", " ", "\n", "meeting",
                     "Meeting was called to order", "verbatim record", "Summary Record", "official records",
                     "procès-verbaux", "PROCÈS-VERBAUX", "/PV.", "/pv.", "/SR.", "12", "\u0661\u0662", "A", "S",
                     "\u017fummary record", "-", "_", "x", "é", "(", "/", "P", "p"]),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_CUE_SOUP)
def test_inline_case_cues_match_what_their_plain_regex_matches(text: str) -> None:
    compiled = dict(_cues())
    for entry in V["not_a_letter"]["values"]:
        if entry.get("case") != "inline":
            continue
        plain = re.compile(entry["plain_regex"], re.IGNORECASE)
        got, want = compiled[entry["kind"]].search(text), plain.search(text)
        assert (got and got.span()) == (want and want.span()), text
