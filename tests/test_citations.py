"""Citations: the knowledge file, table tests, short forms, precision traps, rows, the seed (issue 4)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from unletters.citations import COLUMNS, extract_citations, find_citations, header_end
from unletters.citations.find import furniture_spans
from unletters.citations.patterns import expand, load, raw_data

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "letters" / "seed" / "000_f1155e9dab17b9d4.txt"
SEED_GOLD = SHARED / "gold" / "000_f1155e9dab17b9d4.json"


def targets(text: str) -> list[str | None]:
    return [c.target for c in find_citations(text)]


# --------------------------------------------------------------------------- knowledge file


def test_patterns_file_is_valid_against_its_schema() -> None:
    schema = json.loads(
        resources.files("unletters").joinpath("data/citation_patterns.schema.json").read_text("utf-8")
    )
    jsonschema.validate(raw_data(), schema)


def _all_patterns():
    ps = load()
    return list(ps.fragments.values()) + list(ps.patterns.values())


@pytest.mark.parametrize("pat", _all_patterns(), ids=lambda p: p.id)
def test_every_pattern_matches_its_examples_and_no_counterexample(pat) -> None:
    assert pat.examples, f"{pat.id} has no examples"
    unmatched = [e for e in pat.examples if not pat.accepts(e)]
    assert not unmatched, f"{pat.id} does not match its examples {unmatched}"
    wrongly = [e for e in pat.counterexamples if pat.accepts(e)]
    assert not wrongly, f"{pat.id} matches its counterexamples {wrongly}"


@pytest.mark.parametrize("case", load().cases, ids=lambda c: c["text"][:40])
def test_end_to_end_cases_of_the_knowledge_file(case) -> None:
    assert targets(case["text"]) == case["targets"]


def test_fragment_expansion_rejects_unknown_names_and_cycles() -> None:
    with pytest.raises(KeyError):
        expand("$nope", {})
    with pytest.raises(ValueError):
        expand("$a", {"a": "$b", "b": "$a"})
    assert expand("x${ws}y", {"ws": " "}) == "x(?: )y"


# --------------------------------------------------------------------------- table tests

# (text, [(target, kind, cited_date, pinpoint, surface)])
TABLE = [
    (
        "resolutions 59/209 of 20 December 2004 and 67/221 of 21 December 2012",
        [
            ("A/RES/59/209", "ga_resolution", "2004-12-20", None, "59/209"),
            ("A/RES/67/221", "ga_resolution", "2012-12-21", None, "67/221"),
        ],
    ),
    (
        "Security Council resolution 2334 (2016) of 23 December 2016",
        [("S/RES/2334 (2016)", "sc_resolution", "2016-12-23", None, "2334 (2016)")],
    ),
    (  # a date in capitals, as headings write it
        "SECURITY COUNCIL RESOLUTION 2334 (2016) OF 23 DECEMBER 2016 and document S/2021/123 of OCTOBER 2021",
        [
            ("S/RES/2334 (2016)", "sc_resolution", "2016-12-23", None, "2334 (2016)"),
            ("S/2021/123", "document", "2021-10", None, "S/2021/123"),
        ],
    ),
    ("resolution 242 (1967)", [("S/RES/242 (1967)", "sc_resolution", None, None, "242 (1967)")]),
    (
        "General Assembly resolution 3379 (XXX)",
        [("A/RES/3379 (XXX)", "ga_resolution", None, None, "3379 (XXX)")],
    ),
    (
        "Economic and Social Council resolution 1235 (XLII)",
        [("E/RES/1235 (XLII)", "ecosoc_resolution", None, None, "1235 (XLII)")],
    ),
    (
        "Economic and Social Council decision 2019/201",
        [("E/DEC/2019/201", "decision", None, None, "2019/201")],
    ),
    ("Human Rights Council decision 46/101", [("A/HRC/DEC/46/101", "decision", None, None, "46/101")]),
    (
        "Human Rights Council resolution S-29/1",
        [("A/HRC/RES/S-29/1", "hrc_resolution", None, None, "S-29/1")],
    ),
    (
        "resolution 46/1 of the Human Rights Council",
        [("A/HRC/RES/46/1", "hrc_resolution", None, None, "46/1")],
    ),
    (
        "statement by the President of the Security Council (S/PRST/2021/1)",
        [("S/PRST/2021/1", "presidential_statement", None, None, "S/PRST/2021/1")],
    ),
    (
        "see S/RES/822(1993) and A/RES/2625 (XXV)",
        [
            ("S/RES/822 (1993)", "sc_resolution", None, None, "S/RES/822(1993)"),
            ("A/RES/2625 (XXV)", "ga_resolution", None, None, "A/RES/2625 (XXV)"),
        ],
    ),
    (
        "A/75/1014-S/2021/770 of 2 September 2021",
        [
            ("A/75/1014", "document", "2021-09-02", None, "A/75/1014"),
            ("S/2021/770", "document", "2021-09-02", None, "S/2021/770"),
        ],
    ),
    (
        "(A/80/596, paras. 41, 43 and 45)",
        [("A/80/596", "document", None, "paras. 41, 43 and 45", "A/80/596")],
    ),
    (
        "paragraph 34 of General Assembly resolution 76/274",
        [("A/RES/76/274", "ga_resolution", None, "para. 34", "76/274")],
    ),
    (
        "Article 2, paragraph 4, of the Charter of the United Nations",
        [
            (
                "Charter Art. 2",
                "charter",
                None,
                "para. 4",
                "Article 2, paragraph 4, of the Charter of the United Nations",
            )
        ],
    ),
    (
        "Article 2 (7) of the Charter",
        [("Charter Art. 2", "charter", None, "para. 7", "Article 2 (7) of the Charter")],
    ),
    (
        "Articles 41 and 42 of the Charter",
        [("Charter Art. 41", "charter", None, None, "41"), ("Charter Art. 42", "charter", None, None, "42")],
    ),
    (
        "acting under Chapter VII of the Charter of the United Nations",
        [("Charter Ch. VII", "charter", None, None, "Chapter VII of the Charter of the United Nations")],
    ),
    (
        "documents A/65/448 to A/65/460",
        [("A/65/448", "document", None, None, "A/65/448"), ("A/65/460", "document", None, None, "A/65/460")],
    ),
    (
        "the report (A/65/456/Add.1 and Add.2)",
        [
            ("A/65/456/Add.1", "document", None, None, "A/65/456/Add.1"),
            ("A/65/456/Add.2", "document", None, None, "Add.2"),
        ],
    ),
    (
        "General Assembly resolutions 48/218 B, 54/244 and 59/272",
        [
            ("A/RES/48/218", "ga_resolution", None, None, "48/218 B"),
            ("A/RES/54/244", "ga_resolution", None, None, "54/244"),
            ("A/RES/59/272", "ga_resolution", None, None, "59/272"),
        ],
    ),
    ("resolution A/RES/ES-10/19", [("A/RES/ES-10/19", "ga_resolution", None, None, "A/RES/ES-10/19")]),
    (
        "Article 2, paragraphs 3 and 4, of the Charter",
        [
            (
                "Charter Art. 2",
                "charter",
                None,
                "paras. 3 and 4",
                "Article 2, paragraphs 3 and 4, of the Charter",
            )
        ],
    ),
    ("resolution 377 A (V)", [("A/RES/377 (V)", "ga_resolution", None, None, "377 A (V)")]),
    (
        "Security Council resolution 2448\n(2018)",
        [("S/RES/2448 (2018)", "sc_resolution", None, None, "2448\n(2018)")],
    ),
    (
        "the agenda (A/C.3/75/L.5/Rev.1; E/CN.4/2005/L.10/Add.1)",
        [
            ("A/C.3/75/L.5/Rev.1", "document", None, None, "A/C.3/75/L.5/Rev.1"),
            ("E/CN.4/2005/L.10/Add.1", "document", None, None, "E/CN.4/2005/L.10/Add.1"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t[0][:40] for t in TABLE])
def test_table(text: str, expected: list[tuple]) -> None:
    got = [(c.target, c.kind, c.cited_date, c.pinpoint, c.surface) for c in find_citations(text)]
    assert got == expected
    for c in find_citations(text):
        assert text[c.start : c.end] == c.surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # `its resolution`: the organ is the subject of the sentence
        ("The Human Rights Council, in its resolution 46/1, decided", ["A/HRC/RES/46/1"]),
        ("The General Assembly, in its resolution 62/243, reaffirmed", ["A/RES/62/243"]),
        ("The Security Council, by its resolution 2811 (2025), extended", ["S/RES/2811 (2025)"]),
        ("By its resolution 79/307, the General Assembly appropriated", ["A/RES/79/307"]),
        # a body whose resolutions have no UN symbol: no row
        ("The Commission on the Status of Women, in its resolution 60/2, urged", []),
        ("The Council, in its resolution 46/1, decided", []),
        # year/number without an organ is not guessed
        ("resolution 2005/45", []),
        # organ stated for the whole enumeration, which stops at a form the organ does not use
        ("General Assembly resolutions 79/307, 2024/25 budget", ["A/RES/79/307"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_organ_inference(text: str, expected: list[str]) -> None:
    assert targets(text) == expected


# --------------------------------------------------------------------------- short forms


def test_short_form_with_certain_antecedent_takes_its_target_and_points_to_it() -> None:
    text = "The Assembly, in its resolution 62/243, reaffirmed it. Pursuant to paragraph 8 of that resolution, a report was issued."
    cs = find_citations(text)
    assert [c.target for c in cs] == ["A/RES/62/243", "A/RES/62/243"]
    assert cs[1].surface == "that resolution" and cs[1].antecedent == 0 and cs[1].pinpoint == "para. 8"
    assert cs[1].kind == "ga_resolution"


@pytest.mark.parametrize(
    "text",
    [
        # the antecedent group names several resolutions
        "Security Council resolutions 822 (1993) and 853 (1993) were ignored. That resolution demanded withdrawal.",
        # another resolution is mentioned in between, without a number
        "resolution 62/243 was adopted; the resolution on Cyprus too. The said resolution demanded it.",
        # nothing before
        "That resolution demanded withdrawal.",
        # too far back
        "resolution 62/243. " + "Words without any number at all. " * 60 + "That resolution demanded it.",
        # a report short form after a joint symbol (two targets)
        "the report A/59/747–S/2005/187 was issued. The above-mentioned report says so.",
    ],
)
def test_short_form_with_uncertain_antecedent_is_no_row(text: str) -> None:
    assert all(c.antecedent is None for c in find_citations(text))
    assert not any(
        c.surface.lower().startswith(("that", "the said", "the above")) for c in find_citations(text)
    )


def test_short_form_chain_points_to_the_full_citation() -> None:
    text = "See resolution 62/243. That resolution demanded it, and the said resolution was ignored."
    cs = find_citations(text)
    assert [c.antecedent for c in cs] == [None, 0, 0]


def test_ibid_refers_to_the_citation_just_before_with_its_pinpoint() -> None:
    text = "as reported (A/80/596, para. 28). Costs rose (ibid., para. 39)."
    cs = find_citations(text)
    assert [(c.target, c.pinpoint, c.antecedent) for c in cs] == [
        ("A/80/596", "para. 28", None),
        ("A/80/596", "para. 39", 0),
    ]
    assert cs[1].surface == "ibid."


def test_that_resolution_followed_by_a_number_is_a_full_citation() -> None:
    assert targets("We note that resolution 2448 (2018) contains references") == ["S/RES/2448 (2018)"]


# --------------------------------------------------------------------------- precision traps


@pytest.mark.parametrize(
    "text",
    [
        "21-12345 (E)    030921    060921",
        "*2112345*",
        "2/4",
        "page 12/13 of the report",
        "the budget period 2020/21 and fiscal year 2024/25",
        "Telephone: +1 (212) 963-1234, fax 1 212 963 5678",
        "$68,743,800 gross ($67,105,600 net)",
        "paragraph 8 and paragraph 12 (b) and para. 5",
        "The resolution was adopted on 13/12/2018 by 13 votes.",
        "Article 5 of the Convention against Torture",
        "Article IV of that Treaty and Articles III and IV",
        "Article 1 of the African Charter on Human and Peoples' Rights",
        "Article 20 of the Charter of the Organization of American States",
        "the Charter of the United Nations",
        "draft resolution III and draft resolution IV were adopted",
        "resolution 2, 3 and 4",
        "18-436493/9",
        "and/or A/ S/",
        "operative paragraph 7 of the draft resolution",
        "the resolution of the conflict in 2020/21",
    ],
)
def test_precision_traps_give_no_citation(text: str) -> None:
    assert find_citations(text) == []


def test_running_header_and_masthead_symbols_are_not_citations() -> None:
    text = (
        "A/80/604/Add.1\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n\nI. Introduction\n"
        "The report (A/80/596) was considered.\n\nA/80/604/Add.1\n\nmore text here.\n"
        "Recalling the report contained in document\nA/65/456/Add.2\n(Part I)."
    )
    assert targets(text) == ["A/80/596", "A/65/456/Add.2 (Part I)"]
    spans = furniture_spans(text)
    assert [text[s:e] for s, e in spans] == ["A/80/604/Add.1", "A/80/604/Add.1"]


# --------------------------------------------------------------------------- rows


def _doc(text: str, **extra) -> dict:
    return {"doc_id": "sha256:0123456789abcdef", "text": text, **extra}


def test_rows_have_exactly_the_schema_columns_and_validate() -> None:
    schema = json.loads((ROOT / "schema" / "citations.schema.json").read_text("utf-8"))
    assert tuple(schema["required"]) == COLUMNS
    text = "HEADER A/75/1014\n\nLetter dated 1 May 2021\n\nSee resolution 62/243. That resolution (A/63/804).\nAnnex\nArticle 51 of the Charter"
    doc = _doc(
        text,
        title="Letter dated 1 May 2021",
        annexes=[{"title": "Annex", "kind": "annex", "start": text.index("Annex"), "end": len(text)}],
        footnotes=[],
        page_offsets=[0, text.index("That")],
        letter_date="2021-05-01",
        symbols=["A/75/1014"],
    )
    rows = extract_citations(doc)
    assert [r["target"] for r in rows] == ["A/RES/62/243", "A/RES/62/243", "A/63/804", "Charter Art. 51"]
    assert [r["citation_id"] for r in rows] == [f"sha256:0123456789abcdef/c{i}" for i in range(1, 5)]
    assert rows[1]["antecedent"] == "sha256:0123456789abcdef/c1"
    assert [r["part"] for r in rows] == ["body", "body", "body", "annex"]
    assert rows[3]["annex_index"] == 0 and rows[0]["page"] == 1 and rows[1]["page"] == 2
    validator = jsonschema.Draft202012Validator(schema)
    for r in rows:
        assert tuple(r) == COLUMNS
        assert text[r["start"] : r["end"]] == r["surface"]
        validator.validate(r)


def test_missing_keys_mean_empty() -> None:
    assert extract_citations({"doc_id": "sha256:0123456789abcdef"}) == []
    rows = extract_citations(_doc("resolution 62/243"))
    assert rows[0]["part"] == "body" and rows[0]["page"] is None and rows[0]["annex_index"] is None


def test_header_end_finds_a_wrapped_title() -> None:
    text = "A/75/1014\nLetter dated 2 September 2021 from the\nPermanent Representative"
    assert header_end(text, "Letter dated 2 September 2021 from the Permanent Representative") == 10
    assert header_end(text, None) == 0 and header_end(text, "Note verbale") == 0


# --------------------------------------------------------------------------- the seed


def _normalized_seed() -> str:
    from unletters.ingest import decode
    from unletters.normalize import normalize

    return normalize(decode(SEED.read_bytes()).text).text


@pytest.mark.skipif(
    not SEED.exists() or not SEED_GOLD.exists(), reason="shared seed letter and gold not present"
)
def test_seed_citations_equal_gold() -> None:
    gold = json.loads(SEED_GOLD.read_text("utf-8"))
    text = _normalized_seed()
    title = gold["document"]["title"]
    doc = _doc(text, title=title)
    rows = extract_citations(doc)
    got = [(r["target"], r["kind"], r["cited_date"], r.get("pinpoint")) for r in rows]
    want = [(c["target"], c["kind"], c["cited_date"], c.get("pinpoint")) for c in gold["citations"]]
    assert got == want
    short = [r for r in rows if r["antecedent"]]
    assert len(short) == 1 and short[0]["surface"] == "that resolution"
    ante = next(r for r in rows if r["citation_id"] == short[0]["antecedent"])
    assert ante["target"] == "A/RES/62/243" and text[ante["start"] - 20 : ante["start"]].endswith(
        "in its resolution "
    )
    joint = [r for r in rows if r["target"] in ("A/59/747", "S/2005/187")]
    assert [r["surface"] for r in joint] == ["A/59/747", "S/2005/187"]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["surface"]
    assert not any(re.fullmatch(r"Charter", r["target"]) for r in rows)


# --------------------------------------------------------------------------- command


def test_cli_prints_one_json_object_per_citation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from unletters.cli import citations as cli
    from unletters.normalize import normalize

    raw = "A/75/1014\n\nThe Assembly recalled resolution [62/243](#) and Security Council resolution 822 \\(1993\\).\n"
    f = tmp_path / "x.txt"
    f.write_bytes(raw.encode("utf-8"))
    parser = argparse.ArgumentParser()
    cli.add_parser(parser)
    args = parser.parse_args([str(f), str(tmp_path / "missing.txt")])
    assert cli.run(args) == 1  # the missing file is reported, the other one still runs
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    text = normalize(raw).text
    assert [x["target"] for x in lines] == ["A/RES/62/243", "S/RES/822 (1993)"]
    for x in lines:
        assert x["file"] == str(f) and text[x["start"] : x["end"]] == x["surface"]
        assert {"target", "kind", "start", "end", "surface", "cited_date", "pinpoint", "antecedent"} <= set(x)
