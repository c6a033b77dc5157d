"""Tests for unletters.states and its generated data (scripts/make_states.py)."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling import assert_linear

from unletters.states import (
    State,
    all_states,
    by_iso3,
    fold,
    name_forms,
    non_state_phrases,
    resolve,
    split_state_list,
)

ROOT = Path(__file__).resolve().parent.parent


def _load_script():
    spec = importlib.util.spec_from_file_location("make_states", ROOT / "scripts" / "make_states.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- counts (pycountry style: hard numbers) -------------------------------------------


def test_counts() -> None:
    counts = Counter(s.status for s in all_states())
    assert counts == {"member": 193, "observer": 2, "former": 8}


def test_observers_and_former_members() -> None:
    observers = {s.iso3 for s in all_states() if s.status == "observer"}
    assert observers == {"PSE", "VAT"}
    former = {s.iso3: s for s in all_states() if s.status == "former"}
    assert set(former) == {"SUN", "YUG", "CSK", "DDR", "ZAR", "BYS", "SCG", "YMD"}
    assert former["SUN"].name == "Union of Soviet Socialist Republics"
    assert (former["SUN"].member_from, former["SUN"].member_to) == (1945, 1991)
    assert former["SUN"].successors == ("RUS",)
    assert former["CSK"].successors == ("CZE", "SVK")


def test_iso3_unique_and_well_formed() -> None:
    codes = [s.iso3 for s in all_states()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert all(s.m49 is None or re.fullmatch(r"\d{3}", s.m49) for s in all_states())


def test_membership_years() -> None:
    for s in all_states():
        if s.status == "member":
            assert s.member_from is not None and 1945 <= s.member_from <= 2011, s
            assert s.member_to is None, s
        elif s.status == "former":
            assert s.member_from is not None and s.member_to is not None
            assert s.member_from <= s.member_to
        else:
            assert s.member_from is None and s.member_to is None and s.observer_from
    assert by_iso3("SSD").member_from == 2011
    assert by_iso3("CHE").member_from == 2002
    assert by_iso3("DEU").member_from == 1973
    assert sum(1 for s in all_states() if s.member_from == 1945 and s.status == "member") == 49


# --- canonical names of DESIGN.md / UN-FORMATS.md -------------------------------------

CANONICAL = [
    ("Azerbaijan", "AZE"),
    ("Niger", "NER"),
    ("Sudan", "SDN"),
    ("Democratic Republic of the Congo", "COD"),
    ("Congo", "COG"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Iran (Islamic Republic of)", "IRN"),
    ("Türkiye", "TUR"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Republic of Korea", "KOR"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ("United States of America", "USA"),
    ("Russian Federation", "RUS"),
    ("Syrian Arab Republic", "SYR"),
    ("Republic of Moldova", "MDA"),
    ("Viet Nam", "VNM"),
    ("Côte d'Ivoire", "CIV"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Micronesia (Federated States of)", "FSM"),
    ("United Republic of Tanzania", "TZA"),
    ("Netherlands (Kingdom of the)", "NLD"),
    ("North Macedonia", "MKD"),
    ("Eswatini", "SWZ"),
    ("Czechia", "CZE"),
    ("Cabo Verde", "CPV"),
    ("Myanmar", "MMR"),
    ("State of Palestine", "PSE"),
    ("Holy See", "VAT"),
    ("Union of Soviet Socialist Republics", "SUN"),
    ("Yugoslavia", "YUG"),
    ("Czechoslovakia", "CSK"),
    ("German Democratic Republic", "DDR"),
    ("Zaire", "ZAR"),
    ("Byelorussian Soviet Socialist Republic", "BYS"),
    ("Serbia and Montenegro", "SCG"),
]


@pytest.mark.parametrize(("name", "iso3"), CANONICAL)
def test_canonical_names(name: str, iso3: str) -> None:
    state = by_iso3(iso3)
    assert state is not None and state.name == name
    assert resolve(name) is state


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("the Sudan", "SDN"),
        ("The Sudan", "SDN"),
        ("the Niger", "NER"),
        ("the Congo", "COG"),
        ("the Democratic Republic of the Congo", "COD"),
        ("the Islamic Republic of Iran", "IRN"),
        ("the Bolivarian Republic of Venezuela", "VEN"),
        ("the Plurinational State of Bolivia", "BOL"),
        ("the Federated States of Micronesia", "FSM"),
        ("the Netherlands", "NLD"),
        ("the Kingdom of the Netherlands", "NLD"),
        ("the Philippines", "PHL"),
        ("the Republic of Azerbaijan", "AZE"),
        ("the Kingdom of Morocco", "MAR"),
        ("Turkey", "TUR"),
        ("Swaziland", "SWZ"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("the Czech Republic", "CZE"),
        ("Cape Verde", "CPV"),
        ("Burma", "MMR"),
        ("Ivory Coast", "CIV"),
        ("Vietnam", "VNM"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Russia", "RUS"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Tanzania", "TZA"),
        ("Laos", "LAO"),
        ("Moldova", "MDA"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Palestine", "PSE"),
        ("the State of Palestine", "PSE"),
        ("Holy See (Vatican City State)", "VAT"),
        ("the Holy See", "VAT"),
        ("the Soviet Union", "SUN"),
        ("the Byelorussian SSR", "BYS"),
        ("the Ukrainian SSR", "UKR"),
        ("the Federal Republic of Germany", "DEU"),
        ("the Federal Republic of Yugoslavia", "SCG"),
        ("Tanganyika", "TZA"),
        ("the United Arab Republic", "EGY"),
        ("the Yemen Arab Republic", "YEM"),
        ("Democratic Yemen", "YMD"),
    ],
)
def test_written_forms(written: str, iso3: str) -> None:
    state = resolve(written)
    assert state is not None and state.iso3 == iso3


@pytest.mark.parametrize(
    "written",
    [
        "  the   Islamic  Republic of Iran ",
        "THE ISLAMIC REPUBLIC OF IRAN",
        "the Islamic Republic of Iran",
        "Islamic Republic of Iran",
    ],
)
def test_resolve_normalizes_case_space_article(written: str) -> None:
    assert resolve(written) is by_iso3("IRN")


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("the Democratic People\u2019s Republic of Korea", "PRK"),
        ("C\u00f4te d\u2019Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Lao People\u2019s Democratic Republic", "LAO"),
        ("Turkiye", "TUR"),
        ("S\u00e3o Tom\u00e9 and Pr\u00edncipe", "STP"),
        ("Guinea\u2011Bissau", "GNB"),
    ],
)
def test_resolve_apostrophes_diacritics_hyphens(written: str, iso3: str) -> None:
    state = resolve(written)
    assert state is not None and state.iso3 == iso3


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("Sudan", "SDN"),
        ("South Sudan", "SSD"),
        ("Guinea", "GIN"),
        ("Equatorial Guinea", "GNQ"),
        ("Guinea-Bissau", "GNB"),
        ("Papua New Guinea", "PNG"),
        ("Dominica", "DMA"),
        ("Dominican Republic", "DOM"),
        ("Congo", "COG"),
        ("the Republic of the Congo", "COG"),
        ("Democratic Republic of the Congo", "COD"),
        ("the Republic of Korea", "KOR"),
        ("the Democratic People's Republic of Korea", "PRK"),
        ("Samoa", "WSM"),
        ("Yemen", "YEM"),
        ("Serbia", "SRB"),
        ("Montenegro", "MNE"),
    ],
)
def test_confusable_names(written: str, iso3: str) -> None:
    state = resolve(written)
    assert state is not None and state.iso3 == iso3


@pytest.mark.parametrize(
    "written",
    ["Korea", "Macedonia", "Narnia", "", "the", "Armenian", "Permanent Representative", "Congolese"],
)
def test_unknown_or_ambiguous_names(written: str) -> None:
    assert resolve(written) is None


def test_by_iso3() -> None:
    assert by_iso3("aze") is by_iso3("AZE")
    assert by_iso3("AZE").name == "Azerbaijan"
    assert by_iso3("XXX") is None


# --- every written form belongs to exactly one State ----------------------------------


def test_every_alias_resolves_to_its_own_state() -> None:
    for state in all_states():
        for form in (state.name, state.running_name, state.heading_name, *state.aliases):
            assert resolve(form) is state, (form, state.iso3)


def test_no_form_is_shared_between_states() -> None:
    owner: dict[str, str] = {}
    for state in all_states():
        forms = {fold(f) for f in (state.name, state.running_name, *state.aliases, *state.adjectives)}
        for key in forms:
            assert owner.setdefault(key, state.iso3) == state.iso3, key


def test_adjectives_are_not_names() -> None:
    for state in all_states():
        for adjective in state.adjectives:
            assert resolve(adjective) is None, adjective


def test_heading_name() -> None:
    assert by_iso3("IRN").heading_name == "the Islamic Republic of Iran"
    assert by_iso3("SDN").heading_name == "the Sudan"
    assert by_iso3("AZE").heading_name == "Azerbaijan"
    assert by_iso3("NLD").heading_name == "the Netherlands"


@pytest.mark.parametrize(
    ("iso3", "article"),
    [
        ("SDN", True), ("NER", True), ("COG", True), ("RUS", True), ("NLD", True), ("PHL", True),
        ("GMB", True), ("BHS", True), ("USA", True), ("PSE", True), ("VAT", True), ("SUN", True),
        ("AZE", False), ("TUR", False), ("CIV", False), ("VNM", False), ("SLB", False), ("MDV", False),
    ],
)  # fmt: skip
def test_article(iso3: str, article: bool) -> None:
    assert by_iso3(iso3).article is article


# --- name_forms -----------------------------------------------------------------------


def test_name_forms_shape() -> None:
    forms = name_forms()
    lengths = [len(f) for f, _, _ in forms]
    assert lengths == sorted(lengths, reverse=True)
    assert len({f for f, _, _ in forms}) == len(forms)
    assert {k for _, _, k in forms} == {"name", "alias", "former", "adjective"}
    table = {f: (s.iso3, k) for f, s, k in forms}
    assert table["the Sudan"] == ("SDN", "name")
    assert table["Sudan"] == ("SDN", "name")
    assert table["The Islamic Republic of Iran"] == ("IRN", "name")
    assert table["Turkey"] == ("TUR", "former")
    assert table["Russia"] == ("RUS", "alias")
    assert table["Armenian"] == ("ARM", "adjective")
    assert table["C\u00f4te d\u2019Ivoire"] == ("CIV", "name")
    assert "Korean" not in table and "Congolese" not in table


def test_name_forms_cover_every_state() -> None:
    covered = {s.iso3 for _, s, _ in name_forms()}
    assert covered == {s.iso3 for s in all_states()}


@cache
def _matcher(blockers: bool = True) -> tuple[re.Pattern[str], dict[str, str | None]]:
    """Return one alternation of every State form (and non-State phrase), longest first."""
    table: dict[str, str | None] = {f: s.iso3 for f, s, _ in name_forms()}
    if blockers:
        table.update({phrase: None for phrase, _ in non_state_phrases()})
    ordered = sorted(table, key=lambda f: (-len(f), f))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w)")
    return pattern, table


def _scan(text: str, blockers: bool = True) -> list[tuple[str, str]]:
    """Longest-match scan of text on word boundaries: (surface, iso3) of each State form."""
    pattern, table = _matcher(blockers)
    found = ((m.group(), table[m.group()]) for m in pattern.finditer(text))
    return [(surface, iso) for surface, iso in found if iso is not None]


def test_longest_match_scan() -> None:
    text = (
        "the Democratic Republic of the Congo and the Congo; Nigeria and the Niger; "
        "Papua New Guinea, Guinea-Bissau and Guinea; the Dominican Republic and Dominica"
    )
    assert [iso for _, iso in _scan(text)] == [
        "COD", "COG", "NGA", "NER", "PNG", "GNB", "GIN", "DOM", "DMA",
    ]  # fmt: skip


def test_non_state_phrases_swallow_state_forms() -> None:
    text = (
        "piracy in the Gulf of Guinea, the Niger Delta, Lake Tanganyika and the South China Sea; "
        "the Turkish Cypriot side; Nigeria and the Niger"
    )
    assert [iso for _, iso in _scan(text)] == ["NGA", "NER"]
    for phrase, state in non_state_phrases():
        assert resolve(phrase) is None, phrase
        assert state.iso3 in {iso for _, iso in _scan(phrase, blockers=False)}, phrase
        assert _scan(phrase) == [], phrase


def test_examples_contain_their_state() -> None:
    for state in all_states():
        assert state.examples, f"{state.iso3} has no example"
        for example in state.examples:
            found = {iso for _, iso in _scan(example)}
            assert state.iso3 in found, (state.iso3, example)


# --- split_state_list -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Armenia, France and Ghana", ["ARM", "FRA", "GHA"]),
        ("the Russian Federation and the United States of America", ["RUS", "USA"]),
        ("Bosnia and Herzegovina and Trinidad and Tobago", ["BIH", "TTO"]),
        ("Azerbaijan", ["AZE"]),
        ("the Sudan", ["SDN"]),
        (
            "Antigua and Barbuda, Saint Kitts and Nevis, Saint Vincent and the Grenadines "
            "and Sao Tome and Principe",
            ["ATG", "KNA", "VCT", "STP"],
        ),
        (
            "France, the United Kingdom of Great Britain and Northern Ireland and the United States of America",
            ["FRA", "GBR", "USA"],
        ),
        ("Armenia, France, and Ghana", ["ARM", "FRA", "GHA"]),
        ("the Congo and the Democratic Republic of the Congo", ["COG", "COD"]),
        ("Niger and Nigeria", ["NER", "NGA"]),
        ("ARMENIA, FRANCE AND GHANA", ["ARM", "FRA", "GHA"]),
        ("Armenia,\nFrance  and\nGhana", ["ARM", "FRA", "GHA"]),
        ("Serbia and Montenegro", ["SCG"]),
    ],
)
def test_split_state_list(text: str, expected: list[str]) -> None:
    states = split_state_list(text)
    assert states is not None
    assert [s.iso3 for s in states] == expected


def test_resolve_year() -> None:
    assert resolve("Yugoslavia").iso3 == "YUG"
    assert resolve("Yugoslavia", year=1991).iso3 == "YUG"
    assert resolve("Yugoslavia", year=2001).iso3 == "SCG"
    assert resolve("the Sudan", year=2001).iso3 == "SDN"
    assert [s.iso3 for s in split_state_list("Croatia and Yugoslavia", year=2002)] == ["HRV", "SCG"]


def test_split_state_list_year() -> None:
    assert [s.iso3 for s in split_state_list("Serbia and Montenegro", year=2010)] == ["SRB", "MNE"]
    assert [s.iso3 for s in split_state_list("Serbia and Montenegro", year=2004)] == ["SCG"]


@pytest.mark.parametrize(
    "text",
    ["", "Armenia and Narnia", "the Group of 77 and China", "Armenia, , France", "Armenia and", "and France"],
)
def test_split_state_list_rejects(text: str) -> None:
    assert split_state_list(text) is None


def test_split_state_list_is_fast_on_long_lists() -> None:
    names = [s.heading_name for s in all_states() if s.status == "member"]
    text = ", ".join(names[:-1]) + " and " + names[-1]
    states = split_state_list(text)
    assert states is not None and len(states) == 193


@pytest.mark.parametrize(
    "unit, tail, n",
    [
        ("and ", "", 5000),
        ("Armenia, ", "Narnia", 1250),
        ("Trinidad and ", "", 1250),
        (" ", "x", 25000),
        (", ", "", 5000),
    ],
)
def test_split_state_list_adversarial_input_is_linear(unit: str, tail: str, n: int) -> None:
    small, large = unit * n + tail, unit * (4 * n) + tail
    assert split_state_list(large) is None
    assert_linear(split_state_list, small, large, label=repr(unit + tail))


# --- generated data -------------------------------------------------------------------


def test_generated_file_is_up_to_date() -> None:
    script = _load_script()
    generated = script.build()
    assert generated == script.OUT.read_text(encoding="utf-8"), "run scripts/make_states.py"
    assert script.build() == generated  # deterministic


def test_generator_rejects_ambiguous_alias() -> None:
    script = _load_script()
    extra = {
        "states": [
            {"iso3": "NER", "name": "Niger", "member_from": 1960, "aliases": ["Sahel State"]},
            {"iso3": "MLI", "name": "Mali", "member_from": 1960, "aliases": ["the Sahel State"]},
        ]
    }
    with pytest.raises(ValueError, match="ambiguous"):
        script.build_records(extra)


def test_state_is_frozen() -> None:
    state = by_iso3("AZE")
    assert isinstance(state, State)
    with pytest.raises(AttributeError):
        state.name = "x"  # type: ignore[misc]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcXYZ -'\u2019\u2010\u00e9\u0301\ufb01\t\nThe"), max_size=30) | st.text(max_size=30))
def test_fold_fast_path_for_ascii_equals_the_full_unicode_fold(text: str) -> None:
    import unicodedata

    from unletters.states import _PUNCT, fold

    plain = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    plain = "".join(c for c in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(c))
    plain = " ".join(plain.split()).casefold()
    plain = plain[4:] if plain.startswith("the ") else plain
    assert fold(text) == plain
