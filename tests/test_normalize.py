"""Normalize: markup, characters, page furniture (data file with examples), hyphens, pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.normalize import furniture_data, furniture_kind, normalize, rejoin_hyphens, strip_markup

PATTERNS = furniture_data()["patterns"]


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p["name"] for p in PATTERNS])
def test_every_furniture_pattern_matches_its_examples_and_not_its_counterexamples(pattern: dict) -> None:
    assert pattern["examples"], "every pattern carries examples"
    for ex in pattern["examples"]:
        assert furniture_kind(ex, later_page=True, at_edge=True) == pattern["name"] or furniture_kind(
            ex, later_page=True, at_edge=True), ex
    import re

    rx = re.compile(pattern["regex"])
    for ex in pattern["examples"]:
        assert rx.fullmatch(ex), f"{pattern['name']} does not match its example {ex!r}"
    for ex in pattern.get("counterexamples", []):
        assert not rx.fullmatch(ex), f"{pattern['name']} matches its counterexample {ex!r}"


@pytest.mark.parametrize(("raw", "want"), furniture_data()["hyphen_keep_prefixes"]["examples"])
def test_hyphen_examples(raw: str, want: str) -> None:
    assert rejoin_hyphens(raw).strip() == want


def test_markdown_links_and_escapes_are_removed() -> None:
    assert strip_markup(r"resolutions [822 \(1993\)](#) and [A/63/804](#)") == "resolutions 822 (1993) and A/63/804"


def test_running_symbol_is_furniture_only_on_later_pages() -> None:
    text = "A/75/1014\nGeneral Assembly\nDistr.: General\n\nbody of page one that goes on\fA/75/1014\n2/4\nand ends here."
    n = normalize(text)
    assert n.text.startswith("A/75/1014\nGeneral Assembly")
    assert n.text.count("A/75/1014") == 1
    assert n.furniture_removed == 2
    assert n.text.endswith("body of page one that goes on\nand ends here.")
    assert n.page_offsets == (0, n.text.index("and ends here."))


def test_modern_pdf_furniture_is_removed() -> None:
    page = "Text of the letter.\n\n21-12345 (E)    030921    060921\n*2112345*\nPlease recycle \u2672\n"
    n = normalize(page)
    assert n.text == "Text of the letter."
    assert n.furniture_removed == 3


def test_paragraph_split_by_a_page_gap_is_rejoined() -> None:
    assert normalize("in accordance with Article 51 of the\n\n\n\nCharter of the United Nations.").text == (
        "in accordance with Article 51 of the Charter of the United Nations.")
    assert normalize("First paragraph.\n\n\n\nSecond paragraph.").text == "First paragraph.\n\nSecond paragraph."


def test_characters_are_tidied() -> None:
    assert normalize("a\u00a0b\u200bc  d\tе\ufb01").text == "a bc d еfi"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_normalize_never_fails_and_is_deterministic(text: str) -> None:
    a, b = normalize(text), normalize(text)
    assert a == b
    assert all(0 <= o <= len(a.text) for o in a.page_offsets)
    assert list(a.page_offsets) == sorted(a.page_offsets)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["word", "-", "\n", " ", "A/75/1", "\f", "*2112345*", "Organi-", "zation", "2/4", "x" * 30]), max_size=60))
def test_normalize_is_linear_and_total_on_furniture_soup(parts: list[str]) -> None:
    normalize("".join(parts) * 50)


# --- the quick forms equal the plain forms they replace ---------------------------------------------

import re  # noqa: E402
import unicodedata  # noqa: E402

from unletters import normalize as norm_mod  # noqa: E402

_PLAIN_SPACES = re.compile(
    r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t][ \u00a0\u2000-\u200a\u202f\u205f\u3000\t]*"
    r"| [ \u00a0\u2000-\u200a\u202f\u205f\u3000\t]+"
)
_SOUP = st.lists(
    st.sampled_from(
        [*"ab -\n\f\t.,", "\u00a0", "\u2003", "\u202f", "\u3000", "\u00ad", "\u200b", "\ufeff", "\ufb01",
                                 "\u2028", "\x85", "\u00e9", "e\u0301", "\u201c", "#", "*", "_", "\\", "[", "]", "(",
                                 ")", "**", "](#)", "\n# "]
    ),
    max_size=80,
).map("".join)


def _plain_clean_characters(text: str) -> str:
    """clean_characters as first written: every step over the whole text."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub("[\ufb00-\ufb06]", lambda m: norm_mod._LIGATURES[m.group()], text)
    return _PLAIN_SPACES.sub(" ", text)


def _plain_furniture_kind(line: str, *, later_page: bool, at_edge: bool) -> str | None:
    """furniture_kind as first written: one pattern after the other, in file order."""
    for p in PATTERNS:
        if p["where"] == "later_pages_edge" and not (later_page and at_edge):
            continue
        if p["where"] == "page_edge" and not at_edge:
            continue
        if re.fullmatch(p["regex"], line):
            return str(p["name"])
    return None


@settings(max_examples=300, deadline=None)
@given(_SOUP)
def test_space_runs_pattern_equals_the_plain_one(text: str) -> None:
    assert norm_mod._SPACES.sub(" ", text) == _PLAIN_SPACES.sub(" ", text)
    assert norm_mod.clean_characters(text) == _plain_clean_characters(text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([ex for p in PATTERNS for ex in p["examples"] + p.get("counterexamples", [])])
       | st.lists(st.sampled_from([*"0123456789-*/ .()EAS", "Page ", "English", "\u2672"]), max_size=12).map("".join),
       st.booleans(), st.booleans())
def test_furniture_kind_equals_trying_each_pattern_in_order(line: str, later_page: bool, at_edge: bool) -> None:
    assert furniture_kind(line, later_page=later_page, at_edge=at_edge) == _plain_furniture_kind(
        line, later_page=later_page, at_edge=at_edge)


@settings(max_examples=200, deadline=None)
@given(_SOUP)
def test_markup_and_tidying_shortcuts_change_nothing(text: str) -> None:
    plain = text
    plain = re.sub(r"\[([^\[\]\n]{1,300})\]\([^()\s]{0,300}\)", r"\1", plain)
    plain = re.sub(r"(\*\*|__)(?=\S)([^*_\n]{1,1000}?)(?<=\S)\1", r"\2", plain)
    plain = re.sub(r"^#{1,6}[ ]+(?=\S)", "", plain, flags=re.MULTILINE)
    plain = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])", r"\1", plain)
    assert strip_markup(text) == plain
    stripped = "\n".join(ln.strip() for ln in text.split("\n"))
    assert norm_mod._tidy_stripped_lines(stripped) == norm_mod.tidy_whitespace(text)


# --- the plain-characters shortcut of clean_characters --------------------------------------------


def test_plain_characters_are_nfc_on_their_own_and_never_compose_with_what_precedes() -> None:
    """Every plain character is NFC alone, of combining class 0, no character rewritten by
    clean_characters, and not the second of any canonical decomposition pair (so it cannot be a
    quick-check "maybe": a text of ASCII and plain characters is NFC)."""
    plain = norm_mod._plain_chars()
    assert plain and all(ord(c) >= 0x80 for c in plain)
    for c in plain:
        assert unicodedata.normalize("NFC", c) == c and unicodedata.combining(c) == 0, hex(ord(c))
        assert norm_mod._SPACE_CHAR.fullmatch(c) is None
    assert not plain & (set(norm_mod._INVISIBLE_CHARS) | set(norm_mod._LIGATURES))
    seconds = set()
    for cp in range(0x110000):
        dec = unicodedata.decomposition(chr(cp))
        if dec and not dec.startswith("<") and len(dec.split()) == 2:
            seconds.add(chr(int(dec.split()[1], 16)))
    assert not plain & seconds


_PLAIN_SOUP = st.lists(
    st.sampled_from(sorted(norm_mod._plain_chars())[::7])
    | st.sampled_from([*"ab -\n\f\t.,", "  ", "\u0301", "\u0308", "\u00a0", "\u00ad", "\ufb01", "\u212b",
                       "\u09be", "\u1161", "\u2000", "\u2028", "\ud800", "\x85"]),
    max_size=60,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_PLAIN_SOUP)
def test_clean_characters_shortcut_equals_the_plain_form(text: str) -> None:
    """Texts of plain characters take the shortcut; one odd character sends them the long way."""
    assert norm_mod.clean_characters(text) == _plain_clean_characters(text)


def test_only_plain_finds_every_non_ascii_character() -> None:
    plain = norm_mod._plain_chars()
    for c in ("\u00e9", "\u201c", "\u2013", "\u0416", "\u0627"):
        assert c in plain and norm_mod._only_plain(f"a{c}b")
        for odd in ("\u0301", "\u00a0", "\u00ad", "\ufb01", "\u212b", "\u3000", "\ud800", "\U0001f600"):
            assert not norm_mod._only_plain(f"a{c}b{odd}c"), hex(ord(odd))


def _plain_tidy_stripped_lines(text: str) -> str:
    """_tidy_stripped_lines as first written: page gaps joined in one pass, blank runs in another."""
    stop = norm_mod._gap_stop()
    text = re.sub(
        r"\n\n\n+(?=[A-Za-z(\u201c\"])",
        lambda m: " " if m.start() and re.fullmatch(r"[a-z\u00df-\u00ff,;]", text[m.start() - 1])
        and not stop.match(text, m.end()) else m.group(),
        text,
    )
    return re.sub(r"\n\n\n+", "\n\n", text).strip()


_GAP_SOUP = st.lists(
    st.sampled_from(["\n", "\n\n\n", "a", "A", ",", ".", "(", "\u201c", "\"", "1", " ", "\u00e9", "Annex", "(Signed)",
                     "*", "-"]),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_GAP_SOUP)
def test_blank_runs_in_one_pass_equal_the_two_passes(text: str) -> None:
    stripped = "\n".join(ln.strip() for ln in text.split("\n"))
    assert norm_mod._tidy_stripped_lines(stripped) == _plain_tidy_stripped_lines(stripped)
