"""The table schemas: ``schema/*.schema.json`` is the one source of truth.

Everything else about a table is derived here: column order, the Arrow schema the Parquet files
are written with, the Hugging Face ``features`` of the dataset card, the card's field tables, and
the row validators. Tests fail when a derived artefact drifts from the JSON Schema.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from importlib import resources
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

TABLES: tuple[str, ...] = ("documents", "citations", "entities", "events", "rejects")
SPAN_TABLES: tuple[str, ...] = ("citations", "entities", "events")

_REPO_SCHEMA = Path(__file__).resolve().parents[2] / "schema"


def schema_dir() -> Path:
    """Folder holding ``<table>.schema.json``: the installed copy, else the repository's."""
    installed = resources.files("unletters").joinpath("schema")
    if installed.is_dir():
        return Path(str(installed))
    return _REPO_SCHEMA


@cache
def load_schema(table: str) -> dict[str, Any]:
    """The JSON Schema of ``table`` (parsed once)."""
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")
    data: dict[str, Any] = json.loads((schema_dir() / f"{table}.schema.json").read_text(encoding="utf-8"))
    return data


def columns(table: str) -> tuple[str, ...]:
    """Column names of ``table`` in schema order."""
    return tuple(load_schema(table)["properties"])


def _types(prop: Mapping[str, Any]) -> tuple[str, bool]:
    t = prop.get("type")
    if isinstance(t, list):
        non_null = [x for x in t if x != "null"]
        if len(non_null) != 1:
            raise ValueError(f"unsupported union type {t}")
        return non_null[0], "null" in t
    if not isinstance(t, str):
        raise ValueError(f"property without a type: {prop}")
    return t, False


def _arrow_type(prop: Mapping[str, Any]) -> pa.DataType:
    import pyarrow as pa

    kind, _ = _types(prop)
    if kind == "string":
        return pa.string()
    if kind == "integer":
        return pa.int64()
    if kind == "number":
        return pa.float64()
    if kind == "boolean":
        return pa.bool_()
    if kind == "array":
        return pa.list_(_arrow_type(prop["items"]))
    if kind == "object":
        return pa.struct([_arrow_field(name, p, name in prop.get("required", ())) for name, p in prop["properties"].items()])
    raise ValueError(f"unsupported JSON Schema type {kind!r}")


def _arrow_field(name: str, prop: Mapping[str, Any], required: bool) -> pa.Field:
    import pyarrow as pa

    _, nullable = _types(prop)
    return pa.field(name, _arrow_type(prop), nullable=nullable or not required)


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table``'s Parquet files, derived from its JSON Schema."""
    import pyarrow as pa

    sch = load_schema(table)
    required = set(sch.get("required", ()))
    return pa.schema([_arrow_field(n, p, n in required) for n, p in sch["properties"].items()])


def _feature_yaml(name: str | None, prop: Mapping[str, Any]) -> dict[str, Any]:
    kind, _ = _types(prop)
    out: dict[str, Any] = {} if name is None else {"name": name}
    if kind in ("string", "integer", "number", "boolean"):
        out["dtype"] = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}[kind]
    elif kind == "array":
        item = prop["items"]
        item_kind, _ = _types(item)
        if item_kind == "object":
            out["list"] = [_feature_yaml(n, p) for n, p in item["properties"].items()]
        elif item_kind == "array":
            out["list"] = _feature_yaml(None, item)
        else:
            out["list"] = _feature_yaml(None, item)["dtype"]
    elif kind == "object":
        out["struct"] = [_feature_yaml(n, p) for n, p in prop["properties"].items()]
    return out


def features_yaml(table: str) -> list[dict[str, Any]]:
    """The ``dataset_info.features`` list of the card's YAML for ``table`` (Hugging Face format)."""
    return [_feature_yaml(n, p) for n, p in load_schema(table)["properties"].items()]


def hf_features(table: str) -> Any:
    """``datasets.Features`` of ``table`` (imports ``datasets``; used by tests and the loader)."""
    from datasets import Features, List, Value

    def conv(prop: Mapping[str, Any]) -> Any:
        kind, _ = _types(prop)
        if kind == "array":
            return List(conv(prop["items"]))
        if kind == "object":
            return {n: conv(p) for n, p in prop["properties"].items()}
        return Value({"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}[kind])

    return Features({n: conv(p) for n, p in load_schema(table)["properties"].items()})


def _type_label(prop: Mapping[str, Any]) -> str:
    kind, nullable = _types(prop)
    if kind == "array":
        label = f"list<{_type_label(prop['items'])}>"
    elif kind == "object":
        inner = ", ".join(f"{n}: {_type_label(p)}" for n, p in prop["properties"].items())
        label = f"struct{{{inner}}}"
    else:
        label = {"integer": "int"}.get(kind, kind)
    return label + ("?" if nullable else "")


def field_table(table: str) -> str:
    """A markdown table of ``table``'s columns (name, type, meaning) for the dataset card.

    A ``?`` after a type means the value may be null.
    """
    lines = ["| column | type | meaning |", "|---|---|---|"]
    for name, prop in load_schema(table)["properties"].items():
        desc = " ".join(str(prop.get("description", "")).split()).replace("|", "\\|")
        enum = [e for e in prop.get("enum", ()) if e is not None]
        if enum:
            desc += " (one of: " + ", ".join(f"`{e}`" for e in enum) + ")"
        lines.append(f"| `{name}` | {_type_label(prop).replace('|', '/')} | {desc} |")
    return "\n".join(lines)


# JSON type -> the Python types of its values; stricter than JSON Schema (no 1.0 for an integer,
# no True for an integer, no subclass), which only sends more rows on to the row-by-row check
_PY_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
}
_NONE = type(None)
# keywords that never constrain a value
_ANNOTATIONS = frozenset({"$id", "$schema", "$comment", "title", "description", "examples", "default"})
_OBJECT_KEYS = frozenset({"type", "properties", "required", "additionalProperties"})
ColumnCheck = Callable[[Sequence[Any]], bool]
# categories (`\d`, `\w`, `\S`) that never match a line break
try:  # CPython's regex parser (private): used only to prove that a pattern is safe to join
    import re._constants as _C
    import re._parser as _re_parser

    _NEWLINE_FREE_CATEGORIES = frozenset({_C.CATEGORY_DIGIT, _C.CATEGORY_WORD, _C.CATEGORY_NOT_SPACE})
except ImportError:  # another Python: every value is searched on its own
    _re_parser = None  # type: ignore[assignment]


def _kinds(prop: Mapping[str, Any]) -> tuple[list[str], bool] | None:
    """The non-null JSON types ``prop`` allows and whether it allows null; None without a type."""
    kinds = prop.get("type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list) or not kinds:
        return None
    return [k for k in kinds if k != "null"], "null" in kinds


def _column_check(prop: Mapping[str, Any]) -> ColumnCheck | None:
    """A test ``column values -> bool`` that is True only when every value satisfies ``prop``.

    It runs over the whole column at once (sets, ``map``, ``min``, one regex over the joined
    strings): no Python code per value. None when ``prop`` is not one of: a scalar type with only
    ``enum``, ``pattern``, ``minLength`` and ``minimum``; an array of such values (not null); an
    object (or null) whose properties are all such values and all required, without other keys
    (:func:`_rows_check`). That is all our schemas use.
    """
    kinds = _kinds(prop)
    if kinds is None:
        return None
    non_null, nullable = kinds
    if non_null == ["array"] and not nullable:
        return _array_check(prop)
    if non_null == ["object"]:
        return _object_check(prop, nullable=nullable)
    return _scalar_check(prop)


def _scalar_check(prop: Mapping[str, Any]) -> ColumnCheck | None:
    """:func:`_column_check` of a scalar type (None for anything else)."""
    kinds = prop.get("type")
    if kinds is None or any(k not in _ANNOTATIONS and k not in ("type", "enum", "pattern", "minLength", "minimum")
                            for k in prop):
        return None
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not all(k in _PY_TYPES for k in kinds):
        return None
    allowed: frozenset[type] = frozenset().union(*(_PY_TYPES[k] for k in kinds))
    strings, numbers, nullable = allowed <= {str, _NONE}, allowed <= {int, float, _NONE}, _NONE in allowed
    if not all(e is None or isinstance(e, str) for e in prop.get("enum", ())):
        return None
    members = frozenset(prop["enum"]) if "enum" in prop else None
    all_match = None
    if "pattern" in prop:
        if not strings:
            return None
        all_match = _all_match(prop["pattern"])
        if all_match is None:
            return None
    least, low = prop.get("minLength"), prop.get("minimum")
    if (least is not None and not strings) or (low is not None and not numbers):
        return None
    only_types = all_match is None and least is None and low is None
    # a string has at least one character exactly when it is not ""
    not_empty = least == 1

    def column_ok(col: Sequence[Any]) -> bool:
        # the type test comes first: after it the values may be hashed, measured and compared
        if not set(map(type, col)) <= allowed:
            return False
        if members is not None and not members.issuperset(col):
            return False
        if only_types:
            return True
        values: Collection[Any] = col
        if nullable or all_match is not None:  # the distinct values, without None
            values = set(col)
            values.discard(None)
        if all_match is not None and not all_match(values):
            return False
        if not_empty:
            if "" in values:
                return False
        elif least is not None and min(map(len, values), default=least) < least:
            return False
        return low is None or min(values, default=low) >= low

    return column_ok


def _all_match(pattern: str) -> Callable[[Collection[str]], bool] | None:
    """A test ``strings -> bool``: True when every string matches ``pattern`` (a JSON Schema
    ``pattern``: a search), with `\\Z` for a final `$`, as fastjsonschema does; None when the
    pattern has a `$` elsewhere.

    An anchored pattern (``^...$``) whose body can never match a line break or look around is
    tested once over all the strings joined by line breaks (:func:`_joined_fullmatch`); else,
    or when a string holds a line break, string by string.
    """
    if "$" in pattern[:-1] or pattern.endswith("\\$"):
        return None
    # (jsonschema, with `$`, accepts whatever this accepts; it also accepts a final line break)
    search = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern).search
    joined = _joined_fullmatch(pattern)

    def all_match(values: Collection[str]) -> bool:
        if joined is not None and values:
            text = "\n".join(values) + "\n"
            if text.count("\n") == len(values):  # no string holds a line break
                return joined(text) is not None
        return all(map(search, values))

    return all_match


def _joined_fullmatch(pattern: str) -> Callable[[str], re.Match[str] | None] | None:
    """For ``^BODY$``: the ``fullmatch`` of a regex that matches ``s1 + "\\n" + ... + sn + "\\n"``
    exactly when every ``si`` (none holding a line break) matches ``^BODY\\Z``; else None.

    It holds when BODY cannot match a line break and has no anchor or look-around: each
    iteration of ``(?>BODY\\n)*+`` then spans exactly one string. The atomic group and the
    possessive repeat never return into a finished string, so the time stays linear.
    """
    if _re_parser is None or not (pattern.startswith("^") and pattern.endswith("$")):
        return None
    try:
        items = list(_re_parser.parse(pattern))
    except Exception:  # the private parser changed: test string by string
        return None
    if len(items) < 2 or items[0] != (_C.AT, _C.AT_BEGINNING) or items[-1] != (_C.AT, _C.AT_END):
        return None
    if not _never_newline(items[1:-1]):
        return None
    return re.compile(f"(?>(?:{pattern[1:-1]})\n)*+").fullmatch


def _never_newline(items: Any) -> bool:
    """True when a parsed regex (``re._parser`` items) cannot match a line break and has no
    anchor, look-around or back-reference: only literals, sets, groups, branches and repeats."""
    for op, av in items:
        if op is _C.LITERAL:
            if av == 10:
                return False
        elif op is _C.IN:
            for kind, arg in av:
                ok = ((kind is _C.LITERAL and arg != 10) or (kind is _C.RANGE and not arg[0] <= 10 <= arg[1])
                      or (kind is _C.CATEGORY and arg in _NEWLINE_FREE_CATEGORIES))
                if not ok:  # NEGATE and anything unknown included
                    return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            if not _never_newline(av[2]):
                return False
        elif op is _C.SUBPATTERN:
            if not _never_newline(av[3]):
                return False
        elif op is _C.ATOMIC_GROUP:
            if not _never_newline(av):
                return False
        elif op is _C.BRANCH:
            if not all(_never_newline(branch) for branch in av[1]):
                return False
        else:  # ANY (`.` may match a line break), NOT_LITERAL, AT, ASSERT, GROUPREF, ...
            return False
    return True


def _array_check(prop: Mapping[str, Any]) -> ColumnCheck | None:
    """:func:`_column_check` for a column of lists: every item of every list at once."""
    if any(k not in _ANNOTATIONS and k not in ("type", "items") for k in prop) or "items" not in prop:
        return None
    items_ok = _column_check(prop["items"])
    if items_ok is None:
        return None

    def column_ok(col: Sequence[Any]) -> bool:
        return set(map(type, col)) <= {list} and items_ok(list(chain.from_iterable(col)))

    return column_ok


def _object_check(prop: Mapping[str, Any], *, nullable: bool) -> ColumnCheck | None:
    """:func:`_column_check` for a column of objects (or nulls, when ``nullable``)."""
    rows_ok = _rows_check(prop)
    if rows_ok is None:
        return None

    def column_ok(col: Sequence[Any]) -> bool:
        if nullable and None in col:  # `in` tests identity first: only None itself is None
            col = [v for v in col if v is not None]
        return rows_ok(col)

    return column_ok


def _rows_check(sch: Mapping[str, Any]) -> Callable[[Sequence[Any]], bool] | None:
    """A test ``rows -> bool`` that is True only when ``sch`` (an object schema) accepts every
    row, or None when :func:`_rows_columns` cannot test ``sch``."""
    return _as_check(_rows_columns(sch))


def _as_check(columns_of: Callable[[Sequence[Any]], Any] | None) -> Callable[[Sequence[Any]], bool] | None:
    """The test ``rows -> bool`` that a ``rows -> columns or None`` function makes (None for None)."""
    if columns_of is None:
        return None

    def accepts_all(rows: Sequence[Any]) -> bool:
        return columns_of(rows) is not None

    return accepts_all


def _rows_columns(sch: Mapping[str, Any]) -> Callable[[Sequence[Any]], list[Sequence[Any]] | None] | None:
    """A function ``rows -> columns``: the rows' values column by column (in ``sch``'s property
    order, each in row order) when ``sch`` (an object schema) accepts every row, else None. It is
    None itself when ``sch`` is not an object whose properties are all required and the only keys
    and each have a :func:`_column_check`.

    The rows are tested column by column; columns with the same constraints are tested as one
    (their values chained), which saves calls when there are few rows. The values are taken
    with one ``itemgetter`` call per row (all columns at once) and sliced into columns.
    """
    props = sch.get("properties")
    if (
        not isinstance(props, dict)
        or not props
        or sch.get("additionalProperties") is not False
        or set(sch.get("required", ())) != set(props)
        or any(k not in _ANNOTATIONS and not k.startswith("x-") and k not in _OBJECT_KEYS for k in sch)
    ):
        return None
    # interned, as the keys written in code are: a key comparison then is an identity test
    names = tuple(map(sys.intern, props))
    # columns with equal constraints (annotations aside) share one check
    groups: dict[str, list[int]] = {}
    for i, prop in enumerate(props.values()):
        groups.setdefault(json.dumps(_constraints(prop), sort_keys=True), []).append(i)
    checks: list[tuple[ColumnCheck, tuple[int, ...]]] = []
    for idx in groups.values():
        check = _column_check(props[names[idx[0]]])
        if check is None:
            return None
        checks.append((check, tuple(idx)))
    # a row's values in schema order (a tuple; the value itself for a single column)
    row_values = itemgetter(*names)
    width = len(names)

    def columns_of(rows: Sequence[Any]) -> list[Sequence[Any]] | None:
        if not rows:
            return [()] * width
        # dicts with exactly `width` keys that include every column: exactly the schema's keys
        if not set(map(type, rows)) <= {dict} or not set(map(len, rows)) <= {width}:
            return None
        # every row's values, one row after the other, sliced into columns
        try:
            values = list(map(row_values, rows) if width == 1 else chain.from_iterable(map(row_values, rows)))
        except KeyError:
            return None
        cols: list[Sequence[Any]] = [values[i::width] for i in range(width)]
        for check, idx in checks:
            if not check(cols[idx[0]] if len(idx) == 1 else list(chain.from_iterable(cols[i] for i in idx))):
                return None
        return cols

    return columns_of


def _constraints(prop: Any) -> Any:
    """``prop`` without its annotations (descriptions, examples...), recursively."""
    if isinstance(prop, dict):
        return {k: _constraints(v) for k, v in prop.items() if k not in _ANNOTATIONS}
    if isinstance(prop, list):
        return [_constraints(v) for v in prop]
    return prop


@cache
def _table_columns(table: str) -> Callable[[Sequence[Any]], list[Sequence[Any]] | None] | None:
    """:func:`_rows_columns` of ``table``'s schema, or None when it is not an object that
    :func:`_rows_columns` can test.

    It checks column by column over all rows at once, which saves fastjsonschema's per-row work
    (a key set built and emptied, a call per keyword); it may say None for valid rows (it is
    stricter than JSON Schema), and then the caller checks every row one by one.
    """
    sch = load_schema(table)
    if sch.get("type") != "object":
        return None
    return _rows_columns(sch)


@cache
def _table_check(table: str) -> Callable[[Sequence[Any]], bool] | None:
    """A test ``rows -> bool`` that is True only when the schema accepts every row (see
    :func:`_table_columns`), or None when ``table``'s schema cannot be tested column-wise."""
    return _as_check(_table_columns(table))


def valid_columns(table: str, rows: Sequence[Any]) -> dict[str, Sequence[Any]] | None:
    """``rows`` as columns (column name -> its values in row order) when the column-wise check
    proves that ``table``'s JSON Schema accepts every row; None when it cannot prove it (some row
    may be invalid: :func:`invalid_rows` tells which)."""
    columns_of = _table_columns(table)
    cols = None if columns_of is None else columns_of(rows)
    return None if cols is None else dict(zip(columns(table), cols, strict=True))


def invalid_rows(table: str, rows: list[Any]) -> dict[int, list[str]]:
    """The rows of ``rows`` that ``table``'s JSON Schema rejects: index -> error messages.

    Every row is checked, with the verdict and messages of :func:`validator`: all rows at once
    when the table allows it (:func:`_table_check`), else (or when some row fails) row by row.
    The row-by-row validator is compiled only then.
    """
    quick = _table_check(table)
    if quick is not None and quick(rows):
        return {}
    check = validator(table)
    out = {}
    for i, row in enumerate(rows):
        problems = check(row)
        if problems:
            out[i] = problems
    return out


@cache
def validator(table: str, *, fast: bool = True) -> Callable[[Mapping[str, Any]], list[str]]:
    """A function ``row -> list of error messages`` (empty when the row is valid).

    ``fast=True`` uses fastjsonschema (compiled once); ``fast=False`` uses jsonschema's reference
    implementation. Tests check that both (and :func:`invalid_rows`) accept and reject the same rows.
    """
    sch = load_schema(table)
    if fast:
        import fastjsonschema

        check = fastjsonschema.compile(sch)

        def validate_fast(row: Mapping[str, Any]) -> list[str]:
            try:
                check(row)
            except fastjsonschema.JsonSchemaValueException as exc:
                return [exc.message]
            return []

        return validate_fast

    import jsonschema

    ref = jsonschema.Draft202012Validator(sch)

    def validate_ref(row: Mapping[str, Any]) -> list[str]:
        return [f"{'.'.join(str(p) for p in e.absolute_path) or '<row>'}: {e.message}" for e in ref.iter_errors(row)]

    return validate_ref


def validate_row(table: str, row: Mapping[str, Any]) -> list[str]:
    """Errors of ``row`` against ``table``'s JSON Schema (empty when valid)."""
    return validator(table)(row)
