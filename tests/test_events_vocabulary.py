"""The event vocabulary (data/event_vocabulary.json): every type fires on its examples, the schema agrees."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unletters.events import event_types, extract_events
from unletters.events.classify import SpanSet, find_triggers, vocabulary

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "events.schema.json").read_text(encoding="utf-8"))
TYPES: dict[str, Any] = vocabulary()["types"]
EXAMPLES = [(name, ex) for name, spec in TYPES.items() for ex in spec["examples"]]


def doc_for(text: str) -> dict[str, Any]:
    return {
        "doc_id": "sha256:0123456789abcdef",
        "text": text,
        "title": None,
        "letter_date": "2021-09-02",
        "sender_iso3s": ["AZE"],
        "sender_group": None,
    }


def test_schema_enum_is_the_vocabulary() -> None:
    assert SCHEMA["properties"]["event_type"]["enum"] == list(event_types()) == list(TYPES)
    for name in TYPES:
        assert f"{name}:" in SCHEMA["properties"]["event_type"]["description"]


def test_every_type_has_examples_and_triggers() -> None:
    for name, spec in TYPES.items():
        assert spec["examples"], name
        assert spec["triggers"], name
        assert spec["description"], name
    assert sum(1 for spec in TYPES.values() if spec.get("generic")) == 1
    assert TYPES["OTHER"].get("generic")


def test_triggers_are_lowercase_and_unique() -> None:
    seen: dict[str, str] = {}
    for name, spec in TYPES.items():
        for trigger in spec["triggers"]:
            assert trigger == trigger.lower() or "State" in trigger, trigger
            assert trigger.lower() not in seen, (trigger, name, seen.get(trigger.lower()))
            seen[trigger.lower()] = name


@pytest.mark.parametrize(("name", "trigger"), [(n, t) for n, s in TYPES.items() for t in s["triggers"]])
def test_every_trigger_is_found(name: str, trigger: str) -> None:
    text = f"Then {trigger} there."
    found = find_triggers(text, 0, len(text), SpanSet())
    assert [(t.surface.lower(), t.event_type) for t in found] == [(trigger, name)]


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_type_examples(name: str, example: dict[str, Any]) -> None:
    rows = extract_events(doc_for(example["text"]), [])
    want = example.get("dates") or [example["date"]]
    assert [r["date"] for r in rows] == want, rows
    assert all(r["event_type"] == name for r in rows), [(r["event_type"], r["trigger"]) for r in rows]
    if "date_end" in example:
        assert rows[0]["date_end"] == example["date_end"]


@pytest.mark.parametrize("example", vocabulary()["identifying_nouns"]["examples"])
def test_identifying_examples_give_no_event(example: str) -> None:
    text = f"The attack was condemned in {example}, which was signed."
    assert extract_events(doc_for(text), []) == []


@pytest.mark.parametrize("example", vocabulary()["anaphoric_actors"]["examples"])
def test_anaphoric_examples(example: str) -> None:
    from unletters.events.classify import anaphoric_count

    assert anaphoric_count(example, 0, len(example)) is not None
