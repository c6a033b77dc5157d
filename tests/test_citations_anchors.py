"""The trigger anchors of the citation finder: trying a trigger only near its anchors finds what
a full ``finditer`` scan finds (the speed-up must not change a single match)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.citations.find import RUN_START_ONLY, SCANNED_TOGETHER, TAILS, TRIGGER_ANCHORS, trigger_matches
from unletters.citations.patterns import expand, load, raw_data

SEED = Path(__file__).resolve().parents[2] / "shared" / "letters" / "seed" / "000_f1155e9dab17b9d4.txt"


def _spans(matches) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def _same_as_finditer(text: str) -> None:
    ps = load()
    for pid, anchors in TRIGGER_ANCHORS.items():
        regex = ps.patterns[pid].regex
        expected = _spans(regex.finditer(text))
        assert _spans(trigger_matches(regex, text, anchors)) == expected, pid
        if pid in RUN_START_ONLY:
            assert _spans(trigger_matches(regex, text, anchors, run_start_only=True)) == expected, pid


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


@pytest.mark.parametrize("pid", sorted(RUN_START_ONLY))
def test_run_start_only_patterns_never_start_after_one_of_their_firsts(pid: str) -> None:
    _, _, _, firsts = TRIGGER_ANCHORS[pid]
    regex = load().patterns[pid].regex
    assert regex_examples(pid), "the pattern's examples must show it"
    for example in regex_examples(pid):
        for c in firsts:
            assert regex.match(c + example, 1) is None, (c, example)


def regex_examples(pid: str) -> tuple[str, ...]:
    """The examples of a trigger pattern that match from their first character."""
    return tuple(e for e in load().patterns[pid].examples if load().patterns[pid].regex.match(e))


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


# The finder tests one character before it tries a regex that must fail otherwise, combines the
# item patterns into one alternation and searches the `\Z` patterns from the last words only
# (unletters/citations/find.py). Each shortcut must find exactly what the plain regex finds.
FINDER_PIECES = st.sampled_from(
    GLUE_WORDS.split()
    + list(".!?;:, \n\t\u00a0“\"()-–—/'’")
    + [
        "62/243",
        "822 (1993)",
        "2625 (XXV)",
        "377 A (V)",
        "48/218 B",
        "2019/1",
        "ES-10/19",
        "S-27/2",
        "A/59/747",
        "S/RES/822",
        "Corr.1",
        "(Vol. II)",
        " of 7 September 2006",
        ", of December 2004",
        ", para. 28",
        ", paras. 41, 43 and 45",
        ", annex I",
        ", sect. II",
        " and ",
        " as well as ",
        "; ",
        "paragraph 8",
        "section II.A",
        "para. 4 (b)",
        " of ",
        " in ",
        "Security Council",
        "General Assembly",
        "Human Rights Council",
        "Sub-Commission",
        "the",
        "The",
        "THE",
        "by the",
        "’s",
        "'s",
        "draft ",
        "Draft",
        "DRAFT",
        "its ",
        "Its",
        "their ",
        "THEIR",
        "\u00a0",
        "\u2003",
    ]
)
FINDER_TEXT = st.lists(st.one_of(FINDER_PIECES, st.text(max_size=3)), max_size=25).map("".join)


def _first_char_claims():
    from unletters.citations import find as f

    ps = load()
    p = ps.patterns

    def opens(chars):
        return lambda c: c in chars or c.isspace()

    return [
        ("symbol_core", ps.symbol_core, lambda c: c in f.SYMBOL_FIRST),
        ("item_suffix", p["item_suffix"].regex, lambda c: c in f.SYMBOL_FIRST),
        ("item_any", ps.item_any, lambda c: c in f.ITEM_FIRST),
        ("separator", p["separator"].regex, opens(f.SEPARATOR_FIRST)),
        ("joint", p["joint"].regex, lambda c: c in f.JOINT_FIRST),
        ("symbol_paren", ps.symbol_paren, lambda c: c in f.PAREN_FIRST),
        ("cited_date", p["cited_date"].regex, opens(",")),
        ("pinpoint_after", p["pinpoint_after"].regex, lambda c: c == ","),
        ("organ_after", ps.organ_after, opens(",")),
    ]


def _check_first_chars(text: str) -> None:
    for name, regex, claim in _first_char_claims():
        for i in range(len(text)):
            if regex.match(text, i):
                assert claim(text[i]), (name, text[i:])


def test_first_character_claims_hold_on_the_examples() -> None:
    data = raw_data()
    texts = [c["text"] for c in data["cases"]]
    for entry in list(data["fragments"].values()) + data["patterns"]:
        texts += entry["examples"]
    for text in texts:
        _check_first_chars(text)


@settings(max_examples=300, deadline=None)
@given(FINDER_TEXT)
def test_first_character_claims_hold_on_random_text(text: str) -> None:
    _check_first_chars(text)


@settings(max_examples=300, deadline=None)
@given(FINDER_TEXT)
def test_a_pinpoint_before_ends_with_a_pinpoint_last_character(text: str) -> None:
    from unletters.citations.find import PINPOINT_LAST

    m = load().patterns["pinpoint_before"].regex.search(text)
    if m:
        before = text[: m.end()].rstrip()[:-2].rstrip()
        assert before[-1:] in PINPOINT_LAST, text


@settings(max_examples=300, deadline=None)
@given(FINDER_TEXT)
def test_item_alternation_equals_trying_each_item_pattern_in_order(text: str) -> None:
    ps = load()
    for pos in range(len(text) + 1):
        combined = ps.item_any.match(text, pos)
        first = next((p for p in ps.item_patterns() if p.regex.match(text, pos)), None)
        if first is None:
            assert combined is None
            continue
        assert combined is not None
        m = first.regex.match(text, pos)
        assert m is not None
        branch = ps.item_branches[combined.lastindex or 0]
        assert branch.pattern is first
        fields = {name: combined.group(i) for name, i in branch.fields}
        assert (combined.span(), fields) == (m.span(), m.groupdict())


@settings(max_examples=300, deadline=None)
@given(FINDER_TEXT)
def test_searching_from_the_last_words_equals_searching_the_window(text: str) -> None:
    from unletters.citations.find import _search_tail

    ps = load()
    stripped = text.rstrip()
    if len(stripped) == len(text):
        return
    checks = [
        (ps.patterns["draft_before"].regex, 1),
        (ps.patterns["its_before"].regex, 1),
        (ps.organ_before, ps.organ_words),
    ]
    for regex, words in checks:
        a, b = _search_tail(regex, text, stripped, words), regex.search(text)
        assert (a and a.span(), a and a.groupdict()) == (b and b.span(), b and b.groupdict())
    if ps.organ_before.search(text):
        assert stripped.endswith(ps.organ_tails)
    for pid, tails in TAILS.items():
        if ps.patterns[pid].regex.search(text):
            assert stripped.endswith(tails), pid


def test_look_back_tails_hold_on_the_examples() -> None:
    ps = load()
    for pid, tails in TAILS.items():
        for example in ps.patterns[pid].examples:
            window = "before " + example
            assert ps.patterns[pid].regex.search(window), (pid, example)
            assert window.rstrip().endswith(tails), (pid, example)


@settings(max_examples=300, deadline=None)
@given(FINDER_TEXT)
def test_organ_name_opening_with_literals_equals_its_plain_form(text: str) -> None:
    ps = load()
    names = "|".join(
        re.escape(n).replace(r"\ ", "[ \\t\\n]+")
        for n in sorted(set(ps.organ_of_name), key=lambda n: (-len(n), n))
    )
    plain = re.compile(rf"(?<![\w-])(?P<organ>{names})(?![\w-])")
    assert _spans(ps.organ_name.finditer(text)) == _spans(plain.finditer(text))


def test_citation_make_equals_the_constructor() -> None:
    from unletters.citations.find import Citation

    args = (3, 9, "62/243", "ga_resolution", "A/RES/62/243", "2008-03-14", "para. 8", 2, None, 1)
    made, built = Citation.make(*args), Citation(*args)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert vars(made) == vars(built) and type(made) is Citation
    assert Citation.make(1, 2, "x", None, None) == Citation(1, 2, "x", None, None)


def test_iso_date_writes_every_day_month_and_year_as_numbers_do() -> None:
    from unletters.citations.find import MONTHS, iso_date

    regex = load().patterns["cited_date"].regex
    for month, number in MONTHS.items():
        for day in ("1", "01", "9", "10", "31"):
            for year in ("1946", "2008"):
                m = regex.match(f" of {day} {month} {year}")
                assert m is not None
                assert iso_date(m) == f"{int(year):04d}-{number:02d}-{int(day):02d}"
        m = regex.match(f" of {month} 2004")
        assert m is not None and iso_date(m) == f"2004-{number:02d}"


# --- short-form competitors: patterns written to let a search skip ahead, same matches as plain ----

_PLAIN_COMPETITORS = {
    "resolution": r"(?<![\w-])(?:[Rr]esolutions?|RESOLUTIONS?)(?![\w-])",
    "decision": r"(?<![\w-])(?:[Dd]ecisions?|DECISIONS?)(?![\w-])",
    "report": r"(?<![\w-])(?:[Rr]eports?|[Dd]ocuments?|[Ll]etters?|[Nn]otes?)(?![\w-])",
    "document": r"(?<![\w-])(?:[Rr]eports?|[Dd]ocuments?|[Ll]etters?|[Nn]otes?)(?![\w-])",
}
_COMPETITOR_SOUP = st.lists(
    st.sampled_from(["resolution", "Resolutions", "RESOLUTION", "rESOLUTION", "decision", "DECISIONS", "Decision",
                     "report", "Reports", "document", "Documents", "letter", "Letters", "note", "Notes", "NOTE",
                     "x", "-", " ", "\n", "s", "_", "é", "2", ".", "(", "pre"]),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_COMPETITOR_SOUP, st.integers(0, 30), st.integers(0, 40))
def test_competitor_patterns_find_what_the_plain_patterns_find(text: str, start: int, end: int) -> None:
    import re

    for noun, plain in _PLAIN_COMPETITORS.items():
        fast = load().short_forms[noun].competitors
        got = fast.search(text, start, end)
        want = re.compile(plain).search(text, start, end)
        assert (got and got.span()) == (want and want.span()), (noun, text, start, end)


_LITERAL_PIECES = st.sampled_from(["he said", "he above", "he afore", "he same", "his same", "hat", "the", "The ", "h",
                                   "he", "e sa", "his", "ab", "a", " ", "x", "\u00a0", "\u2019"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(_LITERAL_PIECES, st.text(max_size=3)), max_size=30).map("".join),
    st.lists(st.sampled_from(["he said", "he above", "he afore", "he same", "his same", "hat", "h", "he", "ab",
                              "a", "abc", "/"]), min_size=1, max_size=7, unique=True).map(tuple),
    st.integers(0, 3),
)
def test_literal_starts_are_every_offset_a_literal_starts_at(text: str, literals: tuple[str, ...], begin: int) -> None:
    from unletters.citations.find import literal_starts
    from unletters.regex_tools import trie_pattern

    want = sorted(i for lit in literals for i in range(begin, len(text)) if text.startswith(lit, i))
    assert sorted(literal_starts(text, literals, begin)) == want
    rx = re.compile(trie_pattern(literals))
    assert sorted({m.start() for i in range(len(text)) if (m := rx.match(text, i))}) == sorted(set(want) | {
        i for lit in literals for i in range(begin) if text.startswith(lit, i)})
    for group in SCANNED_TOGETHER:  # the grouped literals are found as well with the group's regex
        grouped = tuple(lit for lit in literals if lit not in group) + group
        want = sorted(i for lit in grouped for i in range(begin, len(text)) if text.startswith(lit, i))
        assert sorted(literal_starts(text, grouped, begin)) == want
