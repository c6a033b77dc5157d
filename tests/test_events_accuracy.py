"""Regression guard: events accuracy on the hand-written letters of scripts/events_accuracy.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "events_accuracy.py"


@pytest.fixture(scope="module")
def accuracy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("events_accuracy", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["events_accuracy"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "floor"), [("DEV", 0.95), ("HELDOUT", 0.95), ("HELDOUT2", 0.95), ("HELDOUT3", 0.93)]
)
def test_letters_f1(accuracy: ModuleType, name: str, floor: float) -> None:
    rows = accuracy.table(accuracy.evaluate(getattr(accuracy, name), name.lower(), False))
    total = rows[-1]
    assert total["form"] == "ALL"
    assert total["f1"] >= floor, rows


def test_seed_f1(accuracy: ModuleType) -> None:
    if not accuracy.SEED.exists():
        pytest.skip("../shared is absent")
    total = accuracy.table(accuracy.evaluate_seed(False))[-1]
    assert total["f1"] >= 0.9
