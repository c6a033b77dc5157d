"""The fast paths of the events stage give exactly what the plain way gives.

Each faster routine is checked against a plain counterpart on many seeded random inputs built
from the vocabulary and from the characters that decide the edge cases (capitals, hyphens,
apostrophes, characters whose case folds to ASCII letters): ``find_triggers`` against
``triggers_by_tokens`` (every token looked at), ``date_runs`` against ``finditer`` of the run
regex, ``SentenceIndex`` against ``split_sentences``, and the regex helpers against the
patterns they rewrite.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from scaling import assert_linear

from unletters.events import _by_span, _spans_of, classify, sentences
from unletters.events.classify import (
    LOWERCASE_UNSAFE,
    SpanSet,
    anaphoric_count,
    find_triggers,
    triggers_by_tokens,
    vocabulary,
)
from unletters.events.dates import (
    _anchors,
    _atom_mentions,
    _one_atom_mentions,
    _patterns,
    _resolved,
    _run_atoms,
    _run_matches,
    _run_mentions,
    _split_run,
    date_runs,
    find_dates,
    parse_iso,
)
from unletters.events.patterns import ASCII_CASE_FOLDS, led_by, trie_pattern
from unletters.events.sentences import SentenceIndex, blank_lines, split_sentences

_TOKEN_CHAR = re.compile(r"[A-Za-zé'’-]")
_TOKEN_START = re.compile(r"[A-Za-zé]")


def test_lowercase_unsafe_is_every_code_point_that_changes_tokens() -> None:
    unsafe = set()
    for i in range(0x110000):
        c = chr(i)
        low = c.lower()
        if (
            len(low) != 1
            or bool(_TOKEN_CHAR.match(c)) != bool(_TOKEN_CHAR.match(low))
            or bool(_TOKEN_START.match(c)) != bool(_TOKEN_START.match(low))
        ):
            unsafe.add(c)
    assert unsafe == set(LOWERCASE_UNSAFE)


def _trigger_words() -> list[str]:
    words = []
    for spec in vocabulary()["types"].values():
        for phrase in spec["triggers"]:
            words.extend(phrase.split())
    return words


@pytest.mark.parametrize("seed", range(4))
def test_find_triggers_matches_token_by_token(seed: int) -> None:
    rnd = random.Random(seed)
    words = _trigger_words()
    extra = ["the", "United", "Nations", "A", "-", "'", "’", "--", "é", "É", "İ", "K", "x", "5", "on", "of"]
    seps = [" ", " ", " ", "\n", "-", "'", "’", ", ", ". ", "(", ")", ""]
    found = 0
    for _ in range(2500):
        toks = [rnd.choice(words if rnd.random() < 0.6 else extra) for _ in range(rnd.randint(0, 14))]
        toks = [t.capitalize() if rnd.random() < 0.15 else t for t in toks]
        text = "".join(t + rnd.choice(seps) for t in toks)
        if rnd.random() < 0.1:  # a sentence all in capitals: every word may be a trigger
            text = text.upper()
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        spans = [
            (s, s + rnd.randint(1, 8)) for s in (rnd.randint(0, len(text)) for _ in range(rnd.randint(0, 3)))
        ]
        skip = SpanSet(spans) if rnd.random() < 0.7 else None
        fast = find_triggers(text, a, b, skip)
        assert fast == triggers_by_tokens(text, a, b, skip), (text, a, b, spans)
        found += bool(fast)
    assert found > 100  # the inputs do hold triggers


def _run_regex_spans(text: str, start: int) -> list[tuple[int, int]]:
    return [m.span() for m in _patterns().run.finditer(text, start)]


@pytest.mark.parametrize("seed", range(4))
def test_date_runs_match_the_run_regex(seed: int) -> None:
    rnd = random.Random(seed)
    pieces = [
        "1",
        "12",
        "2020",
        "1993",
        "822",
        " ",
        "/",
        ".",
        ",",
        "a",
        "May",
        "Sep",
        "Sept.",
        "December",
        "-",
        "–",
        "(",
        ")",
        "\n",
        "and",
        "to",
        "é",
        "’",
        "x",
        "Jan",
        "0",
        "A",
        "M",
        "1st",
        "²",
        "İ",
        # the first letters of month names, and words starting as one does
        *("Se", "Sec", "Secretary", "Dece", "Ma", "y", "Mar", "Nov", "Nove", "Au", "t", "e", "r"),
    ]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 20)))
        for start in {0, 1, len(text) // 2, len(text)}:
            assert date_runs(text, start) == _run_regex_spans(text, start), (text, start)


@pytest.mark.parametrize("seed", range(4))
def test_run_atoms_match_split_run(seed: int) -> None:
    # a run of one atom is read from the run's own groups: the same atoms as matching again
    rnd = random.Random(seed)
    pieces = [
        *("1", "12", "31", "2020", "1993", "2019-20", "2010-11", "05", "3rd", "1st"),
        *(" ", "\n", ", ", " and ", " to ", "–", "-", "—", ".", "/", ",", ":", "(", ")"),
        *("May", "Sept.", "September", "Dec", "of", "hours", " hours", "x", "é", "A", "M", "İ"),
    ]
    pats = _patterns()
    runs = single = 0
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        for run in _run_matches(text):
            atoms, seps = _run_atoms(text, run, pats)
            assert (atoms, seps) == _split_run(text, *run.span(), pats), (text, run.span())
            runs += 1
            single += len(atoms) == 1 and not seps
    assert runs > 2000 and 0 < single < runs


@pytest.mark.parametrize("seed", range(4))
def test_one_atom_mentions_match_the_general_way(seed: int) -> None:
    # a run of one atom takes a shorter way to its mentions: the same as the general one
    rnd = random.Random(seed)
    pats = _patterns()
    leads = ["", "on", "in", "since", "the", "its", "between", "from", "mid", "x", *sorted(pats.temporal)[:6]]
    pieces = [
        *("1", "12", "31", "2020", "1993", "2019-20", "2010-11", "05", "3rd", "30.02.2020", "2021-02-29"),
        *(" ", "\n", ", ", "–", "-", ".", "/", "(", ")", " elections", " Agenda", " Mumbai attacks"),
        *("May", "Sept.", "September", "February 29", "Dec", "of", " hours", "x", "A", "İ"),
    ]
    tried = kept = 0
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        for run in _run_matches(text):
            if len(_run_atoms(text, run, pats)[0]) != 1:
                continue
            lead = rnd.choice(leads)
            # each way gets its own atoms (the general way fills in carried months and years)
            (fast_atom,), _ = _run_atoms(text, run, pats)
            plain_atoms, seps = _run_atoms(text, run, pats)
            fast = _one_atom_mentions(text, fast_atom, *run.span(), lead, pats)
            plain = _atom_mentions(text, plain_atoms, seps, *run.span(), lead, pats)
            assert fast == plain, (text, run.span(), lead)
            tried += 1
            kept += bool(fast)
    assert tried > 2000 and 0 < kept < tried


@pytest.mark.parametrize("seed", range(4))
def test_sentence_index_matches_split_sentences(seed: int) -> None:
    rnd = random.Random(seed)
    pieces = [
        ".",
        "!",
        "?",
        "\n",
        " ",
        "\n\n",
        "\n \n",
        "A",
        "a",
        "Mr",
        "and",
        "”",
        ")",
        "1",
        "x",
        "e.g",
        ",",
        "Annex",
        "É",
        "\t",
    ]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        whole = split_sentences(text)
        index = SentenceIndex(text)
        for offset in range(len(text) + 1):
            assert index.containing(offset) == whole.containing(offset), (text, offset)


def _plain_boundaries(text: str) -> list[int]:
    """Sentence ends worked out the plain way: every stop character tried on the whole text."""
    cuts = {len(text)}
    for i, char in enumerate(text):
        if char in ".!?":
            m = sentences._STOP.match(text, i)
            if m and not sentences._is_abbreviation(text, i):
                cuts.add(m.end())
    for m in re.finditer(r"\n[ ]*\n", text):
        cuts.update(m.span())
    line_start = 0
    for nl in (i for i, c in enumerate(text) if c == "\n"):
        line = text[line_start:nl].strip()
        if (
            line
            and len(line) < sentences.HEADING_LINE_MAX
            and not sentences._CONTINUES.search(line)
            and not text[nl + 1 : nl + 2].islower()
        ):
            cuts.add(nl)
        line_start = nl + 1
    return sorted(cuts)


@pytest.mark.parametrize("seed", range(4))
def test_split_sentences_matches_the_plain_cuts(seed: int) -> None:
    # the stops are searched one paragraph at a time: a stop before a blank line and a capital
    # gives the same sentences as when it is tried on the whole text
    rnd = random.Random(seed)
    pieces = [".", "!", "?", "\n", " ", "\n\n", "\n \n", "A", "a", "Mr", "”", ")", "1", "x", "e.g", "“", "No"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        assert split_sentences(text).spans == tuple(sentences._spans(text, 0, _plain_boundaries(text))), text


def test_led_by_finds_what_the_pattern_finds() -> None:
    rnd = random.Random(7)
    src = r"\b(?:ab|b|ca)[ ]+c\b"
    plain = re.compile(src)
    led = led_by("abc", src)
    for _ in range(3000):
        text = "".join(rnd.choice("abc -") for _ in range(rnd.randint(0, 15)))
        m = plain.search(text)
        n = led.search(text)
        assert (m and m.start()) == (n and n.start()), text
        # every start of a match, overlapping ones too
        assert [k.start() for k in led.finditer(text)] == [
            i for i in range(len(text)) if plain.match(text, i)
        ]


def test_led_by_folds_case() -> None:
    led = led_by("k", r"(?i:k[a-z]+)", fold_case=True)
    assert [m.start() for m in led.finditer("kit Kit \u212ait xkit")] == [0, 4, 8, 13]
    assert set(ASCII_CASE_FOLDS) <= set(led.pattern)


def test_trie_pattern_matches_exactly_the_words() -> None:
    rnd = random.Random(3)
    for _ in range(300):
        words = {
            "".join(rnd.choice("ab-.") for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 8))
        }
        pattern = re.compile(trie_pattern(words))
        for _ in range(30):
            probe = "".join(rnd.choice("ab-.") for _ in range(rnd.randint(1, 4)))
            assert bool(pattern.fullmatch(probe)) == (probe in words), (words, probe)
        assert all(pattern.fullmatch(w) for w in words)


def test_trie_pattern_takes_the_longest_word_first() -> None:
    # with what follows deciding (a lookahead, more pattern), the trie picks the word an
    # alternation sorted longest first picks (the nouns of the document patterns)
    rnd = random.Random(5)
    for _ in range(300):
        words = {
            "".join(rnd.choice("ab.") for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 8))
        }
        alternation = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
        tail = rnd.choice([r"(?![a-z])", r"(?!\.)", r"b", r"\.?a", ""])
        trie = re.compile(f"(?:{trie_pattern(words)}){tail}")
        plain = re.compile(f"(?:{alternation}){tail}")
        for _ in range(30):
            probe = "".join(rnd.choice("ab.") for _ in range(rnd.randint(0, 7)))
            got, want = trie.match(probe), plain.match(probe)
            assert (got and got.span()) == (want and want.span()), (words, tail, probe)


def test_anaphora_counts() -> None:
    text = "The two countries met. Both sides agreed; the three States and these parties left."
    assert anaphoric_count(text, 0, 22) == 2
    assert anaphoric_count(text, 23, len(text)) == 2  # "Both sides"


def _anaphoric_count_plain(text: str, start: int, end: int) -> int | None:
    """anaphoric_count worked out with the one case-ignoring regex on the text as written."""
    found: int | None = None
    lo = max(0, start - 1)
    for m in classify._ANAPHORA.finditer(text[lo:end], start - lo):
        if " ".join(m.group("noun").lower().split()) in classify._vocab().anaphoric:
            word = (m.group("n") or "").lower()
            if not word and m.group("all").lower().startswith("both"):
                word = "both"
            count = classify._NUMBER_WORDS.get(word, 0)
            if count:
                return count
            found = 0
    return found


@pytest.mark.parametrize("seed", range(2))
def test_anaphoric_count_matches_the_plain_regex(seed: int) -> None:
    rnd = random.Random(seed)
    pieces = [
        *("the", "The", "both", "Both", "these", "THOSE", "two", "three", "six", "of", "state", "State"),
        *("countries", "States", "parties", "sides", "besides", "leaders", "heads", "presidents", "x"),
        *(" ", " ", "\n", ".", "-", "é", "ſ", "İ", "K"),
    ]
    counts = set()
    for _ in range(3000):
        text = "".join(
            rnd.choice(pieces) + rnd.choice(["", " ", " ", "\n"]) for _ in range(rnd.randint(0, 12))
        )
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        got = anaphoric_count(text, a, b)
        assert got == _anaphoric_count_plain(text, a, b), (text, a, b)
        counts.add(got)
    assert {None, 0, 2} <= counts


@pytest.mark.parametrize(
    "text",
    ["-" * 20000, "a-" * 10000, "attack " * 3000, "Attack " * 3000, "’" * 20000, "cease-fire " * 2000],
    ids=range(6),
)
def test_find_triggers_linear_time(text: str) -> None:
    assert_linear(lambda t: find_triggers(t, 0, len(t)), text, text * 4, label=text[:20])


@pytest.mark.parametrize("text", ["1 " * 10000, "May " * 5000, "(1) " * 5000, "Mayor " * 4000], ids=range(4))
def test_date_runs_linear_time(text: str) -> None:
    assert_linear(lambda t: date_runs(t), text, text * 4, label=text[:20])


@pytest.mark.parametrize("text", ["x. " * 8000, "\n\n" * 8000, "Mr. A " * 5000], ids=range(3))
def test_sentence_index_linear_time(text: str) -> None:
    def every_offset(t: str) -> None:
        index = SentenceIndex(t)
        for offset in range(0, len(t), 7):
            index.containing(offset)

    assert_linear(every_offset, text, text * 4, label=text[:20])


def _by_span_plain(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        (e for e in entities if e.get("start") is not None and e.get("end") is not None),
        key=lambda e: (int(e["start"]), int(e["end"])),
    )


def _random_span_rows(
    rnd: random.Random, faults: list[Callable[[dict[str, Any]], None]]
) -> list[dict[str, Any]]:
    """0-12 rows with random spans (and their index as ``k``); each row gets the i-th of ``faults``
    with probability 0.05 (at most one fault per row)."""
    rows: list[dict[str, Any]] = []
    for k in range(rnd.randint(0, 12)):
        s = rnd.randint(0, 30)
        row: dict[str, Any] = {"start": s, "end": s + rnd.randint(0, 5), "k": k}
        roll = int(rnd.random() / 0.05)
        if roll < len(faults):
            faults[roll](row)
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(3))
def test_entities_by_span_match_the_plain_sort(seed: int) -> None:
    rnd = random.Random(seed)
    faults: list[Callable[[dict[str, Any]], None]] = [
        lambda r: r.update(start=str(r["start"])),  # not an int: the general way
        lambda r: r.pop("end"),
        lambda r: r.update(start=None),
    ]
    for _ in range(500):
        rows = _random_span_rows(rnd, faults)
        if rnd.random() < 0.5:
            rows = (
                _by_span_plain(rows)
                if all(e.get("start") is not None and e.get("end") is not None for e in rows)
                else rows
            )
        ents, starts = _by_span(rows)
        assert ents == _by_span_plain(rows), rows
        assert starts == [int(e["start"]) for e in ents]


@pytest.mark.parametrize("seed", range(2))
def test_citation_spans_match_the_plain_sort(seed: int) -> None:
    rnd = random.Random(seed)
    faults: list[Callable[[dict[str, Any]], None]] = [
        lambda r: r.update(end=str(r["end"])),  # not an int: the general way
        lambda r: r.pop("start"),
        lambda r: r.update(end=None),
        lambda r: r.update(start=True),  # a bool is no int here
    ]
    kinds = 0
    for _ in range(500):
        rows = _random_span_rows(rnd, faults)
        plain = sorted(
            (int(r["start"]), int(r["end"]))
            for r in rows
            if r.get("start") is not None and r.get("end") is not None
        )
        got = _spans_of(rows)
        assert got == plain, rows
        kinds |= 1 << (len(got) == len(rows))
    assert kinds == 3  # both ways were taken


@pytest.mark.parametrize("seed", range(2))
def test_blank_lines_give_the_paragraph_breaks(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(2000):
        text = "".join(
            rnd.choice(["\n", " ", "\n\n", "\n \n", "a", ".", "\t"]) for _ in range(rnd.randint(0, 30))
        )
        blanks = blank_lines(text)
        spans = [m.span() for m in re.finditer(r"\n[ ]*\n", text)]
        assert blanks == [i for span in spans for i in span]
        assert SentenceIndex(text, blanks)._starts == [0, *(e for _, e in spans)]
        assert SentenceIndex(text)._ends == [*(s for s, _ in spans), len(text)]


def _letter_segment_plain(word: str) -> bytes:
    end = 0
    while end < len(word) and word[end] in classify._TOKEN_LETTERS:
        end += 1
    return word[:end].encode("latin-1")


def test_letter_segment_matches_the_plain_loop() -> None:
    rnd = random.Random(11)
    for word in [*classify._vocab().longest, "", "é", "’s", "x-y"]:
        assert classify._letter_segment(word) == _letter_segment_plain(word), word
    for _ in range(3000):
        word = "".join(rnd.choice("abzé'’-xÿ?\u0131 ") for _ in range(rnd.randint(0, 8)))
        assert classify._letter_segment(word) == _letter_segment_plain(word), word


def test_regexes_compiled_on_first_use_are_the_sources_ignoring_case() -> None:
    # the relative-expression and deadline regexes are compiled when first asked for, once
    pats = _patterns()
    assert pats.relative.pattern == pats.relative_source
    assert pats.relative.flags & re.IGNORECASE
    assert pats.relative is pats.relative
    voc = classify._vocab()
    assert voc.non_event_re.pattern == voc.non_event_source
    assert voc.non_event_re.flags & re.IGNORECASE
    assert voc.non_event_re.search("due by ") and voc.non_event_re.search("ſince ")
    assert not voc.non_event_re.search("on ")


@pytest.mark.parametrize("seed", range(4))
def test_may_end_with_lead_never_rules_out_a_lead(seed: int) -> None:
    # the word check before the deadline regex: whenever the regex finds a lead at the end of
    # the words before a date, the check lets it through; it rules out most other endings
    rnd = random.Random(seed)
    voc = classify._vocab()
    lead_words = sorted({w for lead in vocabulary()["non_event_leads"]["values"] for w in lead.lower().split()})
    pieces = [
        *lead_words,
        *("the", "end", "beginning", "close", "of", "early", "late", "mid", "mid-", "on", "in", "as"),
        *("attack", "x", "é", "re", "-", "(", ",", "3", "A", "By", "ON"),
    ]
    seps = [" ", " ", " ", "\n", "  ", "", ", ", "-", "é"]
    found = ruled_out = 0
    for _ in range(6000):
        low = "".join(rnd.choice(pieces) + rnd.choice(seps) for _ in range(rnd.randint(0, 7))).lower()
        possible = classify.may_end_with_lead(low)
        if voc.non_event_lower_re.search(low):
            assert possible, low
            found += 1
        ruled_out += not possible
    assert found > 600 and ruled_out > 2000


def _find_dates_plain(text: str, letter_date: str) -> list[Any]:
    # find_dates for a text with no relative expression, every date resolved the general way
    # (the anchors always built, a year from context asked for where one is missing)
    pats = _patterns()
    letter = parse_iso(letter_date)
    pending = [p for run in _run_matches(text) for p in _run_mentions(text, run, pats)]
    return _resolved(pending, _anchors(text, pending, None, None), letter)


@pytest.mark.parametrize("seed", range(4))
def test_find_dates_without_years_to_find_matches_the_general_way(seed: int) -> None:
    # when every date has its year, find_dates skips the anchors: the same mentions as always
    # building them (the texts hold no relative expression, and years other than the letter's)
    rnd = random.Random(seed)
    pieces = [
        *("on 28 September", "on 3 and 5 May", "in March", "3 May 2010", "in 2015", "1 to 4 June 2012"),
        *("27 December to 3 January 2019", "2010-11", "30.02.2020", "the 2020 elections", "31 April"),
        *("from 2016 to 3 May", "in 2013 and 4 June"),
        *(", ", ". ", " and ", "\n\n", " ", "x"),
    ]
    fast_only = general = 0
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        got = find_dates(text, "2021-06-01")
        assert got == _find_dates_plain(text, "2021-06-01"), text
        general += any(m.basis == "year_from_context" for m in got)
        fast_only += bool(got) and all(m.basis == "explicit" for m in got)
    assert general > 500 and fast_only > 500
