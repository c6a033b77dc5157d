"""One source of truth: Arrow schemas, HF Features, card field tables derive from schema/*.json."""

from __future__ import annotations

import copy
import functools
import json

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
