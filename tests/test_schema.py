"""One source of truth: Arrow schemas, HF Features, card field tables derive from schema/*.json."""

from __future__ import annotations

import copy
import functools
import json
import re

import pyarrow as pa
import pytest
from conftest import ROOT

from unletters import schema
from unletters.card import FIELDS_BEGIN, FIELDS_END, fields_markdown


@pytest.mark.parametrize("table", schema.TABLES)
def test_schemas_are_valid_json_schema(table: str) -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema.load_schema(table))


@pytest.mark.parametrize("table", schema.TABLES)
def test_arrow_schema_equals_the_hf_features_arrow_schema(table: str) -> None:
    ours = schema.arrow_schema(table)
    theirs = schema.hf_features(table).arrow_schema
    assert ours.names == list(schema.columns(table))
    assert [_plain(f.type) for f in ours] == [_plain(f.type) for f in theirs]


def _plain(t: pa.DataType) -> pa.DataType:
    """The type with every nested field nullable (HF Features do not carry nullability)."""
    if pa.types.is_list(t):
        return pa.list_(_plain(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _plain(f.type)) for f in t])
    return t


@pytest.mark.parametrize("table", schema.TABLES)
def test_card_yaml_features_equal_what_datasets_writes(table: str) -> None:
    import datasets

    info = datasets.DatasetInfo(features=schema.hf_features(table))
    assert schema.features_yaml(table) == info._to_yaml_dict()["features"]


def test_committed_card_field_tables_are_the_generated_ones() -> None:
    card = (ROOT / "DATACARD.md").read_text(encoding="utf-8")
    section = card.split(FIELDS_BEGIN, 1)[1].split(FIELDS_END, 1)[0]
    assert section.strip() == fields_markdown().strip(), "run `unletters card` to regenerate DATACARD.md"


def test_design_md_core_columns_are_all_present() -> None:
    core = {
        "documents": "doc_id source_file symbols organ distribution issue_date original_language session agenda_items "
        "doc_type title letter_date sender_role sender_state sender_iso3 sender_states sender_iso3s sender_group "
        "addressees signatories annexes text parse_warnings",
        "citations": "citation_id doc_id start end surface kind target cited_date pinpoint antecedent",
        "entities": "entity_id doc_id start end surface type canonical iso3 method",
        "events": "event_id doc_id start end surface sentence_start sentence_end date date_end date_precision event_type actors asserted_by",
        "rejects": "source_file sha256 reason detail",
    }
    for table, cols in core.items():
        missing = set(cols.split()) - set(schema.columns(table))
        assert not missing, f"{table} lacks {missing}"


def _valid_reject() -> dict:
    return {"source_file": "a/b.txt", "sha256": "0" * 64, "bytes": 3, "reason": "empty", "detail": "a/b.txt: the file is empty"}


def _mutations(row: dict) -> list[dict]:
    out = []
    for key in row:
        r = copy.deepcopy(row)
        del r[key]
        out.append(r)
        for bad in (None, 7, "x", [], {"a": 1}, -1, ""):
            r = copy.deepcopy(row)
            r[key] = bad
            out.append(r)
    r = copy.deepcopy(row)
    r["extra"] = 1
    out.append(r)
    return out


def test_fast_validator_accepts_and_rejects_exactly_what_jsonschema_does() -> None:
    rows = {"rejects": [_valid_reject()]}
    fast, ref = schema.validator("rejects"), schema.validator("rejects", fast=False)
    for table, valid in rows.items():
        fast, ref = schema.validator(table), schema.validator(table, fast=False)
        for row in valid + [m for v in valid for m in _mutations(v)]:
            assert bool(fast(row)) == bool(ref(row)), json.dumps(row)
    assert not fast(_valid_reject()) and not ref(_valid_reject())


def test_parquet_type_of_a_list_of_structs() -> None:
    t = schema.arrow_schema("documents").field("agenda_items").type
    assert t == pa.list_(pa.struct([pa.field("number", pa.string()), pa.field("title", pa.string())]))


@functools.cache
def _seed_rows() -> dict[str, list[dict]]:
    """Real rows of every table: the seed letter's, and one reject."""
    from conftest import CORPUS

    from unletters.pipeline import process

    res = process((CORPUS / "000_f1155e9dab17b9d4.txt").read_bytes(), "seed.txt", validate=False)
    assert res.document is not None and res.entities and res.citations and res.events
    return {"documents": [res.document], "citations": res.citations, "entities": res.entities,
            "events": res.events, "rejects": [_valid_reject()]}


def _more_mutations(row: dict) -> list[dict]:
    """Values JSON Schema and Python types disagree on, and near misses of patterns and bounds."""
    out = []
    for key, value in row.items():
        for bad in (True, False, 1.0, 0.5, (), "a\n", " ", [None], [1], [True], ["x", 1], -0.5, 10**20, {}):
            r = copy.deepcopy(row)
            r[key] = bad
            out.append(r)
        if isinstance(value, str):
            for bad in (value + "\n", value + "x", "\n" + value, value.upper(), value[:-1]):
                r = copy.deepcopy(row)
                r[key] = bad
                out.append(r)
        if isinstance(value, list) and value:
            r = copy.deepcopy(row)
            r[key] = [*value, None]
            out.append(r)
    return out


@pytest.mark.parametrize("table", schema.TABLES)
def test_invalid_rows_rejects_exactly_what_jsonschema_rejects(table: str) -> None:
    ref, fast = schema.validator(table, fast=False), schema.validator(table)
    good = copy.deepcopy(_seed_rows()[table])
    assert schema.invalid_rows(table, good) == {} and not any(ref(r) for r in good)
    assert schema.invalid_rows(table, []) == {}
    for v in good[:3]:
        for bad in _mutations(v) + _more_mutations(v):
            # one row among valid ones: it alone is reported, with fastjsonschema's message
            rows = [*good, bad]
            got = schema.invalid_rows(table, rows)
            assert set(got) == ({len(good)} if fast(bad) else set()), json.dumps(bad, default=str)[:300]
            if got:
                assert got[len(good)] == fast(bad)
            # and the verdict is jsonschema's, but for two known differences of fastjsonschema
            # (and so of the build, before and now): it rejects a value with a final line break
            # that a pattern ending in `$` lets jsonschema (Python `re`) accept, and it accepts
            # a tuple for an array, which jsonschema rejects
            if not any((isinstance(x, str) and x.endswith("\n")) or isinstance(x, tuple) for x in bad.values()):
                assert bool(got) == bool(ref(bad)), json.dumps(bad, default=str)[:300]


def test_invalid_rows_checks_a_whole_table_at_once_where_it_can() -> None:
    # the span tables take the quick path (a valid table needs no row-by-row check) ...
    for table in schema.SPAN_TABLES:
        assert schema._table_check(table) is not None, table
    # ... and it passes only what the schema accepts
    rows = copy.deepcopy(_seed_rows()["entities"])
    check = schema._table_check("entities")
    assert check is not None and check(rows)
    assert not check([*rows, {**rows[0], "start": True}])
    assert not check([*rows, {**rows[0], "iso3": "ABC\n"}])
    assert not check([*rows, {k: v for k, v in rows[0].items() if k != "page"}])
    assert not check([*rows, {**rows[0], "extra": 1}])


@pytest.mark.parametrize("table", schema.TABLES)
def test_table_check_passes_only_what_jsonschema_accepts(table: str) -> None:
    # the column-wise check itself (``invalid_rows`` skips it below a few rows), on enough
    # copies of the real rows to pass that threshold, with one mutated row among them
    ref = schema.validator(table, fast=False)
    check = schema._table_check(table)
    assert check is not None, table
    good = copy.deepcopy(_seed_rows()[table]) * 4
    assert check(good) and check([])
    for v in good[:3]:
        for bad in _mutations(v) + _more_mutations(v):
            verdict = check([*good, bad])
            # never passes a row jsonschema rejects (but for the final line break that a pattern
            # ending in `$` lets jsonschema accept, which the check, like fastjsonschema, rejects)
            if verdict:
                assert not ref(bad), json.dumps(bad, default=str)[:300]
            # and passes every plain valid row (a tuple for a list, or 1.0 for an integer, go
            # on to the row-by-row check)
            elif not ref(bad):
                assert any(isinstance(x, (tuple, float)) or (isinstance(x, str) and x.endswith("\n"))
                           for x in _leaves(bad)), json.dumps(bad, default=str)[:300]


def _leaves(value: object) -> list[object]:
    """Every value nested in ``value`` (dicts and lists opened), itself included."""
    out: list[object] = [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for v in value:
            out += _leaves(v)
    return out


def test_invalid_rows_agrees_on_few_and_many_rows() -> None:
    rows = copy.deepcopy(_seed_rows()["entities"])
    bad = {**rows[0], "start": -1}
    fast = schema.validator("entities")
    for n in (0, 1, 2, 3, 4, 10):
        assert schema.invalid_rows("entities", rows[:n]) == {}
        assert schema.invalid_rows("entities", [*rows[:n], bad]) == {n: fast(bad)}


_PATTERNS = sorted({p for t in schema.TABLES for p in re.findall(r'"pattern": "([^"]+)"',
                    json.dumps(schema.load_schema(t)).replace("\\\\", "\\"))})


def test_every_schema_pattern_is_tested_in_one_pass() -> None:
    assert _PATTERNS and all(schema._joined_fullmatch(p) is not None for p in _PATTERNS)


@pytest.mark.parametrize("pattern", [
    r"^[^a]$", r"^.$", r"^\s+$", r"^\D$", r"^\W$", r"^a|b$", r"^(?s:.)$", r"^[\x00-\x20]$", r"^(?=a)a$",
    r"^a(?!b)$", r"^(a)\1$", r"^a\Z$", r"^\n$", r"^[\n]$", r"^a$|^b$", r"^a\b$",
])
def test_a_pattern_that_may_match_a_line_break_or_look_around_is_tested_string_by_string(pattern: str) -> None:
    assert schema._joined_fullmatch(pattern) is None


@pytest.mark.parametrize("pattern", [
    *_PATTERNS, r"^a|b", r"ab", r"^$", r"^a*a*$", r"^(a|ab)(c|bcd)$", r"^(?i:[a-c])+x?$", r"^[\w-]{0,3}$",
    r"^\d+(\.\d+)?$", r"^(?>a+)b?$", r"^a{2,}+$", r"^[^\n]$", r"^x[\S]*$",
])
def test_one_pass_pattern_check_equals_a_search_per_string(pattern: str) -> None:
    import random

    rnd = random.Random(pattern)
    search = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern).search
    all_match = schema._all_match(pattern)
    assert all_match is not None
    alphabet = ["a", "b", "c", "d", "x", "A", "0", "9", "f", "-", ".", "\n", "/", "e", "s", "h", ":", "2", "5", "6", "é"]
    # strings that match, near misses, and random ones
    pool = ["", "a", "ab", "abc", "abcd", "aab", "x", "xa", "2021", "2021-05", "2021-05-17", "2021-5", "ABC", "AB",
            "ABCD", "abc\n", "\nabc", "sha256:0123456789abcdef", "sha256:0123456789abcdef/e12", "sha256:0123456789abcdef/c",
            "0" * 64, "0" * 63, "1.5", "12", "-", "a-b"]
    for _ in range(3000):
        n = rnd.randrange(0, 6)
        values = [rnd.choice(pool) if rnd.random() < 0.6 else "".join(rnd.choices(alphabet, k=rnd.randrange(0, 8)))
                  for _ in range(n)]
        assert all_match(values) == all(map(search, values)), (pattern, values)


def test_one_pass_pattern_check_is_linear() -> None:
    from scaling import assert_linear

    # a pattern with many ways to match each string, and a last string that fails
    all_match = schema._all_match(r"^(a|a)*a*b?$")
    assert all_match is not None

    def strings(n: int) -> list[str]:
        return ["a" * 20] * n + ["a" * 19 + "c"]

    assert_linear(all_match, strings(5000), strings(20000), label="joined pattern check")


def test_column_checks_of_nested_objects() -> None:
    check = schema._table_check("documents")
    assert check is not None
    doc = copy.deepcopy(_seed_rows()["documents"][0])
    docs = [doc] * 4
    assert check(docs)
    for key, value in (("signatories", [{"name": None, "titles": [], "start": None, "end": None, "part": "annex"}]),
                       ("circulation", None), ("catalog", None), ("footnotes", [])):
        assert check([*docs, {**doc, key: value}]), key
    for key, value in (("signatories", [{"name": None, "titles": [None], "start": None, "end": None, "part": "annex"}]),
                       ("signatories", [{"name": None, "titles": [], "start": -1, "end": None, "part": "annex"}]),
                       ("signatories", [{"name": None, "titles": [], "start": None, "end": None}]),
                       ("signatories", [None]), ("circulation", {}), ("catalog", {"record_id": None}),
                       ("annexes", [{"title": "Annex", "kind": "annex", "start": 0, "end": True}]),
                       ("agenda_items", [{"number": "1", "title": None, "x": 1}])):
        bad = {**doc, key: value}
        assert not check([*docs, bad]), (key, value)
        assert schema.validator("documents", fast=False)(bad), (key, value)
