"""Growth checks for adversarial inputs: time must grow about linearly, on any machine.

An absolute bound ("under 2 s") fails on a slow or busy CI runner while proving little; the
failure we guard against is super-linear work (catastrophic regex backtracking, a quadratic
loop). So each check times the same function on an input and on one ``factor`` times larger,
takes the best of a few runs (the least disturbed by other processes), and asserts that the
larger one costs less than ``2 * factor`` times as much: linear work gives about ``factor``,
quadratic work ``factor ** 2``. A small absolute allowance absorbs timer noise on inputs that
run in a millisecond. The garbage collector is paused while timing: a full collection walks
every object the test session holds, and whether one falls inside a timing depends on the
session, not on the function.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_time(fn: Callable[[T], object], arg: T, repeat: int = 3) -> float:
    """The shortest of ``repeat`` process-time measurements of ``fn(arg)``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn(arg)
        best = min(best, time.process_time() - t0)
    return best


def assert_linear(
    fn: Callable[[T], object], small: T, large: T, *, factor: int = 4, slack: float = 0.05, label: str = ""
) -> None:
    """``fn(large)``, with ``large`` ``factor`` times ``small``, costs well under ``factor**2`` times as much."""
    fn(small)  # warm caches and lazy loads, so the first timing measures the work alone
    gc.collect()
    gc.disable()
    try:
        t_small = best_time(fn, small)
        t_large = best_time(fn, large)
    finally:
        gc.enable()
    bound = 2 * factor * t_small + slack
    assert t_large < bound, (
        f"{label or 'input'}: {factor}x the input took {t_large:.3f} s against {t_small:.3f} s "
        f"(bound {bound:.3f} s): the work grows faster than linearly"
    )
