"""The card's charts: ticks, determinism, every shape of data (empty, one bar, many, long labels)."""

from __future__ import annotations

import io
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from unletters.plots import nice_ticks, render


def spec(bars: list[tuple[str, int]], horizontal: bool) -> dict:
    return {"title": "T", "xlabel": "x", "ylabel": None if horizontal else "y", "bars": bars,
            "horizontal": horizontal, "color": "#1f5fa8", "size": [8, 3.5], "labelsize": 7}


@pytest.mark.parametrize(("top", "ticks"), [
    (0, [0, 1]), (1, [0, 1]), (5, [0, 1, 2, 3, 4, 5]), (7, [0, 2, 4, 6, 8]), (79, [0, 20, 40, 60, 80]),
    (117, [0, 20, 40, 60, 80, 100, 120]), (3000, [0, 500, 1000, 1500, 2000, 2500, 3000]),
])
def test_nice_ticks(top: int, ticks: list[int]) -> None:
    assert nice_ticks(top) == ticks


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7))
def test_ticks_cover_the_top_in_at_most_six_round_steps(top: int) -> None:
    ticks = nice_ticks(top)
    step = ticks[1] - ticks[0]
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 7
    assert all(b - a == step for a, b in itertools.pairwise(ticks))
    assert str(step).rstrip("0") in ("1", "2", "5")


@pytest.mark.parametrize("horizontal", [False, True])
@pytest.mark.parametrize("bars", [[], [("2021", 1)], [(str(y), y % 9) for y in range(1946, 2027)],
                                  [("S/RES/2334 (2016) with a very long label indeed", 10**6), ("A/RES/1", 0)]])
def test_every_shape_of_data_gives_a_deterministic_png_of_the_stated_size(bars: list, horizontal: bool) -> None:
    png = render(spec(bars, horizontal))
    assert png == render(spec(bars, horizontal))
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (800, 350)
    assert len(img.getcolors(1 << 20) or ()) > 2  # something is drawn


def test_bars_are_drawn_in_proportion() -> None:
    img = Image.open(io.BytesIO(render(spec([("a", 10), ("b", 5)], horizontal=False)))).convert("RGB")
    blue = (0x1F, 0x5F, 0xA8)
    heights = []
    for x in (img.width * 0.3, img.width * 0.7):  # the middle of each of the two bars, roughly
        column = [img.getpixel((int(x), y)) for y in range(img.height)]
        heights.append(sum(1 for c in column if c == blue))
    assert heights[0] > 0 and abs(heights[0] / heights[1] - 2) < 0.1


def test_bars_take_a_list_of_colors_in_turn() -> None:
    bars = [("a", 10), ("b", 10), ("c", 10), ("d", 10)]
    img = Image.open(io.BytesIO(render({**spec(bars, horizontal=False), "color": ["#1f5fa8", "#c0504d"]}))).convert("RGB")
    blue, red = (0x1F, 0x5F, 0xA8), (0xC0, 0x50, 0x4D)
    middle = img.height // 2
    found = []
    for x in range(img.width):
        c = img.getpixel((x, middle))
        if c in (blue, red) and (not found or found[-1] != c):
            found.append(c)
    assert found == [blue, red, blue, red]
    # one color in a list is the same chart as that color alone
    assert render({**spec(bars, horizontal=True), "color": ["#1f5fa8"]}) == render(spec(bars, horizontal=True))
