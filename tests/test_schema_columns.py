"""The column-wise fast path (``valid_columns``, ``invalid_rows``, ``pipeline.all_valid``) against
jsonschema: it passes only rows that jsonschema accepts, returns the rows' real values, and leaves
fastjsonschema uncompiled while every row passes."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from test_schema import _leaves, _more_mutations, _mutations, _seed_rows

from unletters import schema
from unletters.pipeline import Result, all_valid, valid_span_columns


def _shuffled(row: dict, rnd: random.Random) -> dict:
    """``row`` with its keys in another order (same keys, same values)."""
    keys = list(row)
    rnd.shuffle(keys)
    return {k: row[k] for k in keys}


def _plain_columns(table: str, rows: list[dict]) -> dict[str, list[Any]]:
    return {name: [r[name] for r in rows] for name in schema.columns(table)}


@pytest.mark.parametrize("table", schema.TABLES)
def test_valid_columns_are_the_rows_values_whatever_the_key_order(table: str) -> None:
    rnd = random.Random(table)
    good = copy.deepcopy(_seed_rows()[table]) * 3
    for rows in (good, [_shuffled(r, rnd) for r in good], [*good, _shuffled(good[0], rnd)], good[:1], []):
        cols = schema.valid_columns(table, rows)
        assert cols is not None
        assert {k: list(v) for k, v in cols.items()} == _plain_columns(table, rows)


@pytest.mark.parametrize("table", schema.TABLES)
@pytest.mark.parametrize("shuffle", [False, True])
def test_valid_columns_pass_only_what_jsonschema_accepts(table: str, shuffle: bool) -> None:
    ref = schema.validator(table, fast=False)
    rnd = random.Random(f"{table}{shuffle}")
    good = copy.deepcopy(_seed_rows()[table]) * 2
    for v in good[:3]:
        for bad in _mutations(v) + _more_mutations(v):
            if shuffle:
                bad = _shuffled(bad, rnd)
            for rows in ([*good, bad], [bad], [bad, *good]):
                cols = schema.valid_columns(table, rows)
                if cols is not None:
                    assert not ref(bad), json.dumps(bad, default=str)[:300]
                    assert {k: list(c) for k, c in cols.items()} == _plain_columns(table, rows)
                elif not ref(bad):  # stricter only for a tuple, a float or a final line break
                    assert any(isinstance(x, (tuple, float)) or (isinstance(x, str) and x.endswith("\n"))
                               for x in _leaves(bad)), json.dumps(bad, default=str)[:300]


def test_keys_in_order_but_rows_of_other_shapes_are_refused() -> None:
    rows = copy.deepcopy(_seed_rows()["entities"])
    first, *_ = rows
    names = list(first)
    # a row missing its last key followed by one with an extra key: the concatenated keys
    # still look like whole rows for a moment, but the rows are not the schema's
    short = {k: first[k] for k in names[:-1]}
    long = {**first, "extra": 1}
    for bad_rows in ([*rows, short], [*rows, long], [*rows, short, long], [short, {names[-1]: first[names[-1]], **first}]):
        assert schema.valid_columns("entities", bad_rows) is None
        assert schema.invalid_rows("entities", bad_rows)
    # a dict subclass or a non-dict row
    class Row(dict):
        pass

    assert schema.valid_columns("entities", [*rows, Row(first)]) is None
    assert schema.valid_columns("entities", [*rows, list(first.items())]) is None


_PROPS: list[dict[str, Any]] = [
    {"type": "string", "minLength": 1},
    {"type": ["string", "null"], "minLength": 1},
    {"type": "string", "minLength": 2},
    {"type": ["string", "null"], "minLength": 2, "pattern": "^[a-c]+$"},
    {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2})?$"},
    {"type": ["string", "null"], "enum": ["a", "b", None]},
    {"type": "string", "enum": ["a", ""]},
    {"type": ["integer", "null"], "minimum": 1},
    {"type": "integer", "minimum": 0},
    {"type": "number", "minimum": 0.5},
    {"type": "boolean"},
    {"type": "array", "items": {"type": "string", "minLength": 1}},
    {"type": ["object", "null"], "additionalProperties": False, "properties": {"a": {"type": "integer"}},
     "required": ["a"]},
]
_POOL: list[Any] = ["", "a", "b", "ab", "abc", "abd", "2021", "2021-05", "2021-5", "a\n", "\n", None, 0, 1, -1, 2,
                    0.5, 1.0, 0.25, True, False, [], ["a"], [""], ["a", 1], {}, {"a": 1}, {"a": True}, {"a": 1, "b": 2}]


@pytest.mark.parametrize("prop", _PROPS, ids=lambda p: json.dumps(p)[:60])
def test_column_check_passes_a_column_only_when_jsonschema_accepts_every_value(prop: dict) -> None:
    import jsonschema

    ref = jsonschema.Draft202012Validator(prop)
    check = schema._column_check(prop)
    assert check is not None
    rnd = random.Random(json.dumps(prop))
    for _ in range(3000):
        col = rnd.choices(_POOL, k=rnd.randrange(0, 5))
        ok = all(ref.is_valid(v) for v in col)
        if check(col):
            assert ok, col
        elif ok:  # stricter only for a float that is an integer, or a final line break
            assert any(isinstance(x, float) or (isinstance(x, str) and x.endswith("\n")) for v in col
                       for x in _leaves(v)), col


def test_valid_rows_never_compile_the_row_by_row_validator() -> None:
    rows = copy.deepcopy(_seed_rows())
    schema.validator.cache_clear()
    for table in schema.TABLES:
        for n in (1, 2, len(rows[table])):
            assert schema.invalid_rows(table, rows[table][:n]) == {}
    assert schema.validator.cache_info().currsize == 0
    bad = {**rows["entities"][0], "start": -1}
    assert schema.invalid_rows("entities", [bad]) == {0: schema.validator("entities")(bad)}


def _seed_result() -> Result:
    rows = copy.deepcopy(_seed_rows())
    return Result(source_file="seed.txt", sha256=None, document=rows["documents"][0], citations=rows["citations"],
                  entities=rows["entities"], events=rows["events"])


def _would_change(res: Result) -> bool:
    """True when validating ``res`` row by row (as ``process(validate=True)`` does) changes it."""
    assert res.document is not None
    if schema.validator("documents")(res.document):
        return True
    text = res.document["text"]
    for table in schema.SPAN_TABLES:
        rows = getattr(res, table)
        if any(map(schema.validator(table), rows)):
            return True
        if any(text[r["start"]:r["end"]] != r["surface"] for r in rows):
            return True
    return False


def test_all_valid_is_true_exactly_when_validation_would_change_nothing() -> None:
    rnd = random.Random(7)
    assert all_valid([_seed_result(), _seed_result(), Result(source_file="x", sha256=None)])
    assert all_valid([])
    seen = {True: 0, False: 0}
    for _ in range(300):
        batch = [_seed_result() for _ in range(rnd.randrange(1, 4))]
        victim = rnd.choice(batch)
        table = rnd.choice(schema.SPAN_TABLES)
        rows = getattr(victim, table)
        i = rnd.randrange(len(rows))
        row = rows[i]
        change = rnd.choice(["start", "end", "surface", "shift", "shuffle", "type", "none"])
        if change in ("start", "end"):
            row[change] = max(0, row[change] + rnd.choice([-1, 1]))
        elif change == "surface":
            row["surface"] = row["surface"] + rnd.choice(["", "x"])
        elif change == "shift":  # the same surface found elsewhere in the text, or not
            text = victim.document["text"]  # type: ignore[index]
            at = text.find(row["surface"], row["start"] + 1)
            if at >= 0:
                row["start"], row["end"] = at, at + len(row["surface"])
        elif change == "shuffle":
            rows[i] = _shuffled(row, rnd)
        elif change == "type":
            row[rnd.choice(list(row))] = rnd.choice([None, True, -1, "", 1.5])
        expected = not any(_would_change(r) for r in batch)
        assert all_valid(batch) == expected, (table, change)
        seen[expected] += 1
    assert seen[True] > 30 and seen[False] > 30, seen


def test_valid_span_columns_are_the_rows_values_in_result_order() -> None:
    # the build turns these columns into Arrow arrays: they must be exactly the rows' values,
    # the documents' rows one after the other, including when the column-wise check cannot
    # prove the rows valid and jsonschema, row by row, does
    rnd = random.Random(11)
    for proof in ("columns", "rows"):
        batch = [_seed_result(), Result(source_file="reject.txt", sha256=None), _seed_result()]
        for res in batch[::2]:
            for table in schema.SPAN_TABLES:
                rows = getattr(res, table)
                rnd.shuffle(rows)
                setattr(res, table, [_shuffled(r, rnd) for r in rows])
        if proof == "rows":  # an integral float is an integer to JSON Schema, not to the column check
            batch[2].entities[0]["page"] = 1.0
            assert schema.valid_columns("entities", batch[2].entities) is None
        got = valid_span_columns(batch)
        assert got is not None, proof
        for table in schema.SPAN_TABLES:
            rows = [row for res in batch for row in getattr(res, table)]
            assert {k: list(v) for k, v in got[table].items()} == _plain_columns(table, rows), (proof, table)


@pytest.mark.parametrize("table", schema.SPAN_TABLES)
def test_record_batch_from_columns_is_the_batch_of_the_rows(table: str) -> None:
    from unletters.dataset import record_batch_from_columns, to_record_batch

    rows = [row for res in (_seed_result(), _seed_result()) for row in getattr(res, table)]
    for some in (rows, rows[:1], []):
        cols = schema.valid_columns(table, some)
        assert cols is not None
        want = to_record_batch(table, some)
        got = record_batch_from_columns(table, cols)
        assert got.schema.equals(want.schema, check_metadata=True) and got.equals(want)
