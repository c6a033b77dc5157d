"""Entities table: table tests, traps, roles, parts, the seed, the written letters, fuzzing."""

from __future__ import annotations

import importlib.util
import itertools
import json
import pathlib
import re

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling import assert_linear

from unletters.entities import COLUMNS, extract_entities, heading_span

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "entities.schema.json").read_text(encoding="utf-8"))
SEED = pathlib.Path("/work/shared/letters/seed/000_f1155e9dab17b9d4.txt")
GOLD = pathlib.Path("/work/shared/gold/000_f1155e9dab17b9d4.json")
DOC_ID = "sha256:0123456789abcdef"


def doc(text: str, **kw) -> dict:
    return {"doc_id": DOC_ID, "text": text, **kw}


def rows(text: str, **kw) -> list[dict]:
    out = extract_entities(doc(text, **kw))
    check_rows(text, out)
    return out


def check_rows(text: str, out: list[dict]) -> None:
    """Invariants every result must keep: schema, spans, ids, order, no duplicate span and type."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for i, r in enumerate(out, 1):
        assert tuple(r) == COLUMNS
        assert set(r) == set(SCHEMA["properties"])
        validator.validate(r)
        assert text[r["start"] : r["end"]] == r["surface"]
        assert r["entity_id"] == f"{r['doc_id']}/e{i}"
    keys = [(r["start"], r["end"], r["type"]) for r in out]
    assert len(keys) == len(set(keys))
    assert [(r["start"], r["end"]) for r in out] == sorted((r["start"], r["end"]) for r in out)
    spans = sorted((r["start"], r["end"]) for r in out)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "spans overlap"


def found(text: str, **kw) -> list[tuple[str, str, str | None]]:
    """(surface, type, iso3 or canonical) of every row."""
    return [(r["surface"], r["type"], r["iso3"] or r["canonical"]) for r in rows(text, **kw)]


# ---------------------------------------------------------------- table tests: (text, expected rows)

TABLE = [
    # longest match wins; a State inside another name is not a STATE
    ("The Group of 77 and China met.", [("Group of 77 and China", "ORGANIZATION", "Group of 77 and China")]),
    ("Fishing in Lake Chad declined.", [("Lake Chad", "PLACE", "Lake Chad")]),
    ("Piracy in the Gulf of Guinea rose.", [("Gulf of Guinea", "PLACE", "Gulf of Guinea")]),
    ("It cost 5 million United States dollars.", []),
    ("the sovereignty of the Republic of Azerbaijan", [("Republic of Azerbaijan", "STATE", "AZE")]),
    ("Niger and Nigeria agreed.", [("Niger", "STATE", "NER"), ("Nigeria", "STATE", "NGA")]),
    ("the Sudan and South Sudan", [("Sudan", "STATE", "SDN"), ("South Sudan", "STATE", "SSD")]),
    (
        "Guinea, Equatorial Guinea and Guinea-Bissau",
        [
            ("Guinea", "STATE", "GIN"),
            ("Equatorial Guinea", "STATE", "GNQ"),
            ("Guinea-Bissau", "STATE", "GNB"),
        ],
    ),
    (
        "the Democratic Republic of the Congo and the Congo",
        [("Democratic Republic of the Congo", "STATE", "COD"), ("Congo", "STATE", "COG")],
    ),
    ("Papua New Guinea", [("Papua New Guinea", "STATE", "PNG")]),
    # variants and former names, canonical names
    ("Turkey and Türkiye", [("Turkey", "STATE", "TUR"), ("Türkiye", "STATE", "TUR")]),
    ("the Union of Soviet Socialist Republics", [("Union of Soviet Socialist Republics", "STATE", "SUN")]),
    (
        "the Islamic Republic of Iran and the United Kingdom of Great Britain and Northern Ireland",
        [
            ("Islamic Republic of Iran", "STATE", "IRN"),
            ("United Kingdom of Great Britain and Northern Ireland", "STATE", "GBR"),
        ],
    ),
    (
        "Côte d’Ivoire and Côte d'Ivoire",
        [("Côte d’Ivoire", "STATE", "CIV"), ("Côte d'Ivoire", "STATE", "CIV")],
    ),
    ("Azerbaijan's territory", [("Azerbaijan", "STATE", "AZE")]),
    # adjectives, not languages
    ("Armenian forces shelled the area.", [("Armenian", "STATE", "ARM")]),
    ("The representative spoke in French.", []),
    # persons
    (
        "the President of the Republic of Azerbaijan, the Prime Minister of the Republic of Armenia",
        [("Republic of Azerbaijan", "STATE", "AZE"), ("Republic of Armenia", "STATE", "ARM")],
    ),
    (
        "President Ilham Aliyev met Mr. Charles Michel.",
        [("Ilham Aliyev", "PERSON", "Ilham Aliyev"), ("Charles Michel", "PERSON", "Charles Michel")],
    ),
    ("Mr. President, I thank you.", []),
    ("H.E. Ms. Amina J. Mohammed spoke.", [("Amina J. Mohammed", "PERSON", "Amina J. Mohammed")]),
    (
        "the Minister for Foreign Affairs of Armenia, Ararat Mirzoyan, said that Mirzoyan would come.",
        [
            ("Armenia", "STATE", "ARM"),
            ("Ararat Mirzoyan", "PERSON", "Ararat Mirzoyan"),
            ("Mirzoyan", "PERSON", "Ararat Mirzoyan"),
        ],
    ),
    (
        "Dmytro Kuleba arrived. Mr. Kuleba said so. Foreign Minister Dmytro Kuleba left.",
        [
            ("Dmytro Kuleba", "PERSON", "Dmytro Kuleba"),
            ("Kuleba", "PERSON", "Dmytro Kuleba"),
            ("Dmytro Kuleba", "PERSON", "Dmytro Kuleba"),
        ],
    ),
    # places: patterns, gazetteer, transliterations, lists
    (
        "the Fuzuli, Gubadly, Jabrayil and Zangilan districts",
        [
            ("Fuzuli", "PLACE", "Fuzuli"),
            ("Gubadly", "PLACE", "Gubadly"),
            ("Jabrayil", "PLACE", "Jabrayil"),
            ("Zangilan", "PLACE", "Zangilan"),
        ],
    ),
    (
        "the districts of Aghdam, Kalbajar and Lachyn.",
        [("Aghdam", "PLACE", "Aghdam"), ("Kalbajar", "PLACE", "Kalbajar"), ("Lachyn", "PLACE", "Lachyn")],
    ),
    (
        "the settlement of Hadrut and the city of Shusha",
        [("Hadrut", "PLACE", "Hadrut"), ("Shusha", "PLACE", "Shusha")],
    ),
    (
        "the villages of Beita and Kafr Qaddum",
        [("Beita", "PLACE", "Beita"), ("Kafr Qaddum", "PLACE", "Kafr Qaddum")],
    ),
    (
        "displaced persons returned to Füzuli and Fizuli",
        [("Füzuli", "PLACE", "Fuzuli"), ("Fizuli", "PLACE", "Fuzuli")],
    ),
    (
        "curfews in Srinagar, Baramulla and Anantnag",
        [
            ("Srinagar", "PLACE", "Srinagar"),
            ("Baramulla", "PLACE", "Baramulla"),
            ("Anantnag", "PLACE", "Anantnag"),
        ],
    ),
    ("refugees in Cox's Bazar", [("Cox's Bazar", "PLACE", "Cox’s Bāzār")]),
    (
        "meetings in Geneva, New York and The Hague",
        [
            ("Geneva", "PLACE", "Geneva"),
            ("New York", "PLACE", "New York"),
            ("The Hague", "PLACE", "The Hague"),
        ],
    ),
    ("the Tovuz district of Azerbaijan", [("Tovuz", "PLACE", "Tovuz"), ("Azerbaijan", "STATE", "AZE")]),
    # a one-word name takes a longer name's canonical for persons only
    (
        "South Africa and Africa; South Asia and Asia",
        [
            ("South Africa", "STATE", "ZAF"),
            ("Africa", "PLACE", "Africa"),
            ("South Asia", "PLACE", "South Asia"),
            ("Asia", "PLACE", "Asia"),
        ],
    ),
    # common words that are also cities
    ("Reading the report. Mobile teams and the Mission of Independence.", []),
    ("He flew from Nice to Baku.", [("Nice", "PLACE", "Nice"), ("Baku", "PLACE", "Baku")]),
    ("the Kingston Declaration was signed by Abraham Lincoln", []),
    ("Of the 12 projects, the Agenda lists two.", []),
    # organizations and groups
    ("the OSCE Minsk Group co-Chairs", [("OSCE Minsk Group", "ORGANIZATION", "OSCE Minsk Group")]),
    (
        "the Non-Aligned Movement and UNESCO",
        [
            ("Non-Aligned Movement", "ORGANIZATION", "Non-Aligned Movement"),
            ("UNESCO", "ORGANIZATION", "United Nations Educational, Scientific and Cultural Organization"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t[:40] for t, _ in TABLE])
def test_table(text, expected):
    assert found(text) == expected


def test_subtypes_and_methods():
    out = rows(
        "Armenian troops left Azerbaijan; the Group of 77 and China and the General Assembly met in the city of Shusha."
    )
    by = {r["surface"]: r for r in out}
    assert by["Armenian"]["subtype"] == "ADJECTIVAL" and by["Armenian"]["method"] == "gazetteer"
    assert by["Azerbaijan"]["subtype"] is None
    assert by["Group of 77 and China"]["subtype"] == "GROUP"
    assert by["General Assembly"]["subtype"] == "UN_BODY"
    assert by["Shusha"]["method"] == "rule"


# ---------------------------------------------------------------- header, heading roles, parts

HEADER_LETTER = (
    "General Assembly\n\nSeventy-fifth session\nAgenda item 40\nThe situation in the occupied territories of Azerbaijan\n\n"
    "Letter dated 2 September 2021 from the Permanent Representative of Azerbaijan to the United Nations "
    "addressed to the President of the General Assembly\n\n"
    "Armenia attacked the Tartar district.\n\n(Signed) Yashar Aliyev\nAmbassador\nPermanent Representative"
)
TITLE = (
    "Letter dated 2 September 2021 from the Permanent Representative of Azerbaijan to the United Nations "
    "addressed to the President of the General Assembly"
)


def sig(text: str) -> list[dict]:
    """Signatory entries built by a regex on (Signed), as the documents parser would give them."""
    return [
        {"name": m.group(1), "titles": [], "start": m.start(1), "end": m.end(1)}
        for m in re.finditer(r"\(Signed\) ([^\n]+)", text)
    ]


def test_header_block_is_not_read():
    out = rows(HEADER_LETTER, title=TITLE, sender_iso3s=["AZE"], signatories=sig(HEADER_LETTER))
    head_end = HEADER_LETTER.index("Letter dated")
    assert all(r["start"] >= head_end for r in out)
    assert ("Azerbaijan", "STATE") in [(r["surface"], r["type"]) for r in out]  # from the heading


def test_roles():
    out = rows(HEADER_LETTER, title=TITLE, sender_iso3s=["AZE"], signatories=sig(HEADER_LETTER))
    roles = {(r["surface"], r["role"]) for r in out}
    assert ("Azerbaijan", "sender") in roles
    assert ("General Assembly", "addressee") in roles
    assert ("United Nations", None) in roles
    assert ("Yashar Aliyev", "signatory") in roles
    assert ("Armenia", None) in roles
    assert ("Tartar", None) in roles


def test_group_sender_role():
    title = "Letter dated 15 September 2020 from the Chair of the Group of 77 and China addressed to the Secretary-General"
    text = title + "\n\nThe Group of 77 and China thanks Guyana."
    out = rows(text, title=title, sender_group="Group of 77 and China")
    assert [(r["surface"], r["role"]) for r in out if r["type"] == "ORGANIZATION"] == [
        ("Group of 77 and China", "sender"),
        ("Group of 77 and China", None),
    ]


def test_heading_span_tolerates_wrapped_lines():
    text = "Header\n\nLetter dated 1 May 2020 from the Permanent\nRepresentative of Peru addressed to the Secretary-General\n\nBody."
    title = (
        "Letter dated 1 May 2020 from the Permanent Representative of Peru addressed to the Secretary-General"
    )
    start, end = heading_span({"text": text, "title": title})
    assert text[start:end].split() == title.split()
    assert heading_span({"text": text, "title": None}) is None


def test_parts_annex_footnote_page():
    text = "Letter dated 1 May 2020\n\nPeru protests.1\n\n1 See Chile.\n\nAnnex\n\nBolivia replies.\n\n(Signed) Ana Pérez"
    annex_start = text.index("Annex")
    note_start = text.index("1 See")
    d = doc(
        text,
        title="Letter dated 1 May 2020",
        annexes=[{"title": "Annex", "kind": "annex", "start": annex_start, "end": len(text)}],
        footnotes=[{"number": 1, "start": note_start, "end": note_start + len("1 See Chile.")}],
        page_offsets=[0, annex_start],
        signatories=sig(text),
    )
    out = extract_entities(d)
    check_rows(text, out)
    where = {r["surface"]: (r["part"], r["annex_index"], r["page"]) for r in out}
    assert where["Peru"] == ("body", None, 1)
    assert where["Chile"] == ("footnote", None, 1)
    assert where["Bolivia"] == ("annex", 0, 2)
    assert where["Ana Pérez"] == ("annex", 0, 2)


def test_missing_keys_and_empty_text():
    assert extract_entities({"doc_id": DOC_ID, "text": ""}) == []
    assert extract_entities({"doc_id": DOC_ID}) == []
    out = extract_entities({"doc_id": DOC_ID, "text": "Peru", "signatories": None, "annexes": None})
    assert [r["iso3"] for r in out] == ["PER"]


def test_signatory_span_from_parser_is_trusted():
    text = "Body.\n\n(Signed) Paul Losoko Efambe Empole\nChargé d'affaires a.i."
    out = rows(text, signatories=sig(text))
    assert [(r["surface"], r["role"]) for r in out] == [("Paul Losoko Efambe Empole", "signatory")]


# ---------------------------------------------------------------- the seed letter


def seed_doc() -> dict:
    from unletters.ingest import decode
    from unletters.normalize import normalize

    text = normalize(decode(SEED.read_bytes()).text).text
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["document"]
    # the documents parser gives the signatories; here they come from a regex on "(Signed)"
    return doc(text, title=gold["title"], sender_iso3s=[gold["sender_iso3"]], signatories=sig(text))


@pytest.mark.skipif(not SEED.exists(), reason="shared seed letter not mounted")
def test_seed_letter():
    d = seed_doc()
    out = extract_entities(d)
    check_rows(d["text"], out)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["entities"]
    assert {r["iso3"] for r in out if r["type"] == "STATE"} == set(gold["STATE"])
    assert {r["canonical"] for r in out if r["type"] == "PERSON"} == set(gold["PERSON"])
    places = {r["surface"] for r in out if r["type"] == "PLACE"} | {
        r["canonical"] for r in out if r["type"] == "PLACE"
    }
    want = set(gold["PLACE"])
    predicted = {r["canonical"] for r in out if r["type"] == "PLACE"}
    tp = len(want & places)
    precision = sum(1 for r in out if r["type"] == "PLACE" and ({r["surface"], r["canonical"]} & want)) / max(
        1, sum(1 for r in out if r["type"] == "PLACE")
    )
    recall = tp / len(want)
    assert recall == 1.0 and precision == 1.0, (predicted, want)
    assert [r["role"] for r in out if r["type"] == "PERSON"] == ["signatory"]
    assert out[0]["role"] == "sender" and out[0]["surface"] == "Azerbaijan"
    armenian = [r for r in out if r["surface"] == "Armenian"]
    assert armenian and armenian[0]["subtype"] == "ADJECTIVAL"


# ---------------------------------------------------------------- written letters (regression floor)


def _accuracy_module():
    spec = importlib.util.spec_from_file_location(
        "entities_accuracy", ROOT / "scripts" / "entities_accuracy.py"
    )
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_written_letters_accuracy():
    mod = _accuracy_module()
    docs = mod.letter_docs(ROOT / "tests" / "test_entities_letters.json")
    assert len(docs) >= 14
    for _, d, _ in docs:
        check_rows(d["text"], extract_entities(d))
    table = mod.evaluate(docs)["table"]
    assert table["STATE"]["f1"] >= 0.97
    assert table["PERSON"]["f1"] >= 0.9
    assert table["PLACE"]["precision"] >= 0.95
    assert table["mean_f1"] >= 0.93


# ---------------------------------------------------------------- fuzzing

WORDS = st.sampled_from(
    [
        "Azerbaijan",
        "Republic",
        "of",
        "the",
        "Niger",
        "Nigeria",
        "Mr.",
        "President",
        "Ilham",
        "Aliyev",
        "district",
        "districts",
        "city",
        "of",
        "and",
        ",",
        ".",
        "\n",
        "Group",
        "77",
        "China",
        "Lake",
        "Chad",
        "Baku",
        "Reading",
        "Armenian",
        "French",
        "in",
        "(Signed)",
        "Shusha",
        "’s",
        "'s",
        "Côte",
        "d’Ivoire",
        "-",
        "Guinea",
        "Bissau",
        "United",
        "States",
        "dollars",
        "Cox's",
        "Bazar",
        "H.E.",
        "Minister",
        "for",
        "Foreign",
        "Affairs",
        ",",
        "État",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=60), st.sampled_from([" ", "", "\n"]))
def test_fuzz_spans_exact_and_deterministic(parts, sep):
    text = sep.join(parts)
    first = extract_entities(doc(text, title=text[:20] or None, signatories=sig(text)))
    check_rows(text, first)
    assert first == extract_entities(doc(text, title=text[:20] or None, signatories=sig(text)))


@pytest.mark.parametrize(
    "head, unit, tail, n",
    [
        ("", "Aa, ", "districts ", 5000),
        ("", "Mr. ", "", 1250),
        ("", "the city of ", "", 750),
        ("", "Baku, ", "", 1250),
        ("", "Baku and ", "", 1250),
        ("the districts of ", "Aa, ", "", 2500),
        ("", "H.E. Mr. ", "Aa", 750),
    ],
)
def test_long_adversarial_input_is_linear(head: str, unit: str, tail: str, n: int) -> None:
    small, large = head + unit * n + tail, head + unit * (4 * n) + tail
    check_rows(large, extract_entities(doc(large)))
    assert_linear(lambda text: extract_entities(doc(text)), small, large, label=repr(head + unit + tail))
