"""The table schemas: ``schema/*.schema.json`` is the one source of truth.

Everything else about a table is derived here: column order, the Arrow schema the Parquet files
are written with, the Hugging Face ``features`` of the dataset card, the card's field tables, and
the row validators. Tests fail when a derived artefact drifts from the JSON Schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
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
# no True for an integer), which only sends more rows on to the row-by-row check
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
ColumnCheck = Callable[[Sequence[Any]], bool]


def _column_check(prop: Mapping[str, Any]) -> ColumnCheck | None:
    """A test ``column values -> bool`` that is True only when every value satisfies ``prop``.

    It runs over the whole column at once (sets, ``map``, ``min``): no Python code per value.
    None when ``prop`` is not a scalar type with only ``enum``, ``pattern``, ``minLength`` and
    ``minimum``, or an array of such, which is all the span tables use.
    """
    if prop.get("type") == "array":
        return _array_check(prop)
    kinds = prop.get("type")
    if kinds is None or any(k not in _ANNOTATIONS and k not in ("type", "enum", "pattern", "minLength", "minimum")
                            for k in prop):
        return None
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not all(k in _PY_TYPES for k in kinds):
        return None
    allowed: frozenset[type] = frozenset().union(*(_PY_TYPES[k] for k in kinds))
    strings, numbers = allowed <= {str, _NONE}, allowed <= {int, float, _NONE}
    if not all(e is None or isinstance(e, str) for e in prop.get("enum", ())):
        return None
    members = frozenset(prop["enum"]) if "enum" in prop else None
    search = None
    if "pattern" in prop:
        src = prop["pattern"]
        if not strings or "$" in src[:-1] or src.endswith("\\$"):
            return None
        # `\Z` for a final `$`, which would also match before a final line break (fastjsonschema
        # does the same; jsonschema, with `$`, accepts whatever this accepts)
        search = re.compile(src[:-1] + r"\Z" if src.endswith("$") else src).search
    least, low = prop.get("minLength"), prop.get("minimum")
    if (least is not None and not strings) or (low is not None and not numbers):
        return None

    def column_ok(col: Sequence[Any]) -> bool:
        # the type test comes first: after it the values may be hashed, measured and compared
        if not set(map(type, col)) <= allowed:
            return False
        values = set(col)
        if members is not None and not values <= members:
            return False
        values.discard(None)
        if search is not None and not all(map(search, values)):
            return False
        if least is not None and min(map(len, values), default=least) < least:
            return False
        return low is None or min(values, default=low) >= low

    return column_ok


def _array_check(prop: Mapping[str, Any]) -> ColumnCheck | None:
    """:func:`_column_check` for a column of lists of scalars: every item of every list at once."""
    if any(k not in _ANNOTATIONS and k not in ("type", "items") for k in prop) or "items" not in prop:
        return None
    items_ok = _column_check(prop["items"])
    if items_ok is None:
        return None

    def column_ok(col: Sequence[Any]) -> bool:
        return set(map(type, col)) <= {list} and items_ok(list(chain.from_iterable(col)))

    return column_ok


@cache
def _table_check(table: str) -> Callable[[list[Any]], bool] | None:
    """A test ``rows -> bool`` that is True only when the schema accepts every row, or None when
    ``table``'s schema is not a flat object whose columns are all required and the only keys.

    It checks column by column over all rows at once, which saves fastjsonschema's per-row work
    (a key set built and emptied, a call per keyword); it may say False for valid rows (it is
    stricter than JSON Schema), and then the caller checks every row one by one.
    """
    sch = load_schema(table)
    props = sch.get("properties", {})
    if (
        len(props) < 2  # `itemgetter` of one key gives a value, not a tuple
        or sch.get("type") != "object"
        or sch.get("additionalProperties") is not False
        or set(sch.get("required", ())) != set(props)
        or any(k not in _ANNOTATIONS and not k.startswith("x-")
               and k not in ("type", "properties", "required", "additionalProperties") for k in sch)
    ):
        return None
    checks = [_column_check(prop) for prop in props.values()]
    if None in checks:
        return None
    row_values = itemgetter(*props)
    width = len(props)

    def accepts_all(rows: list[Any]) -> bool:
        # dicts with exactly `width` keys that include every column: exactly the schema's keys
        if not set(map(type, rows)) <= {dict} or not set(map(len, rows)) <= {width}:
            return False
        try:
            columns = list(zip(*map(row_values, rows), strict=True))
        except KeyError:
            return False
        # no rows: no columns, nothing to check
        return all(check(col) for check, col in zip(checks, columns, strict=False))  # type: ignore[misc]

    return accepts_all


def invalid_rows(table: str, rows: list[Any]) -> dict[int, list[str]]:
    """The rows of ``rows`` that ``table``'s JSON Schema rejects: index -> error messages.

    Every row is checked, with the verdict and messages of :func:`validator`: all rows at once
    when the table allows it (:func:`_table_check`), else (or when some row fails) row by row.
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
