"""The table schemas: ``schema/*.schema.json`` is the one source of truth.

Everything else about a table is derived here: column order, the Arrow schema the Parquet files
are written with, the Hugging Face ``features`` of the dataset card, the card's field tables, and
the row validators. Tests fail when a derived artefact drifts from the JSON Schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
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


@cache
def validator(table: str, *, fast: bool = True) -> Callable[[Mapping[str, Any]], list[str]]:
    """A function ``row -> list of error messages`` (empty when the row is valid).

    ``fast=True`` uses fastjsonschema (compiled once); ``fast=False`` uses jsonschema's reference
    implementation. Tests check that both accept and reject the same rows.
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
