"""scripts/benchmark.py: its letter generator, the stage lines it reads and the charts it draws."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["benchmark"] = mod
    spec.loader.exec_module(mod)
    yield mod
    del sys.modules["benchmark"]


def test_generated_letters_are_deterministic_unique_and_built_from_the_seed(bench, tmp_path: Path) -> None:
    seed = bench.SEED.read_text(encoding="utf-8")
    letters = [bench.make_letter(seed, i) for i in range(30)]
    assert letters == [bench.make_letter(seed, i) for i in range(30)]
    assert len(set(letters)) == 30
    assert all(text.endswith(f"Reference {i}.\n") for i, text in enumerate(letters))
    bench.generate(tmp_path, 1003)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["000", "001"]
    assert len(list((tmp_path / "001").iterdir())) == 3


def test_stage_lines_read_what_the_build_prints(bench) -> None:
    out = ("files: 3  documents: 3\ndataset: out\n"
           "stage events: 29.4% (4.29 s summed over workers)\n"
           "stage entities: 26.2% (3.82 s summed over workers)\n"
           "stage events-ish: 1.0% (0.10 s summed over workers)\n"
           "stage broken: % (s summed over workers)\n")
    assert bench.stage_lines(out) == {"events": (29.4, 4.29), "entities": (26.2, 3.82), "events-ish": (1.0, 0.10)}
    assert bench.stage_lines("no stages here\n") == {}


def test_stage_lines_match_the_build_command_output(bench, tmp_path: Path) -> None:
    from unletters.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(bench.make_letter(bench.SEED.read_text(encoding="utf-8"), 1), encoding="utf-8")
    printed = io.StringIO()
    old, sys.stdout = sys.stdout, printed
    try:
        code = main(["build", "--corpus", str(raw), "--out", str(tmp_path / "out"), "--no-cache",
                     "--no-progress", "--timings", "--jobs", "1"])
    finally:
        sys.stdout = old
    assert code == 0
    stages = bench.stage_lines(printed.getvalue())
    assert {"ingest", "normalize", "parse", "citations", "entities", "events"} <= set(stages)
    shares = [share for share, _ in stages.values()]
    assert shares == sorted(shares, reverse=True) and 99 <= sum(shares) <= 101


def test_charts_draw_the_stages_and_every_cold_build(bench) -> None:
    stages = {"events": (60.0, 3.0), "parse": (40.0, 2.0)}
    runs = [("run 1", 10.0), ("run 2", 8.0), ("run 3", 12.0)]
    pngs = bench.charts(stages, runs, 3000, "a machine")
    assert set(pngs) == {"stages.png", "cold_builds.png"}
    for png in pngs.values():
        assert Image.open(io.BytesIO(png)).format == "PNG"
    assert pngs == bench.charts(stages, runs, 3000, "a machine")  # no clock in the image
    # the runs in the order they ran: another order is another picture
    assert bench.charts(stages, [runs[1], runs[0], runs[2]], 3000, "a machine")["cold_builds.png"] != pngs["cold_builds.png"]
    # without stage lines only the cold builds are drawn; other numbers, another picture
    assert set(bench.charts({}, [("run 1", 10.0)], 3000, "m")) == {"cold_builds.png"}
    assert bench.charts(stages, [runs[0], ("run 2", 9.0), runs[2]], 3000, "a machine")["cold_builds.png"] != pngs["cold_builds.png"]
    # the labels name the interpreters when they are compared
    labelled = [("1: 3.11.7 shared", 10.0), ("1: 3.11.2 static", 8.0), ("2: 3.11.7 shared", 12.0)]
    assert bench.charts(stages, labelled, 3000, "a machine")["cold_builds.png"] != pngs["cold_builds.png"]
    # and color the runs of each interpreter alike
    two = bench.charts(stages, labelled, 3000, "a machine", interpreters=2)["cold_builds.png"]
    assert two != bench.charts(stages, labelled, 3000, "a machine")["cold_builds.png"]
    colors = {c for _, c in Image.open(io.BytesIO(two)).convert("RGB").getcolors(1 << 20)}
    assert {tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in bench.RUN_COLORS[:2]} <= colors


def test_median_run_is_the_middle_one_by_time(bench) -> None:
    runs = [{"seconds": s, "n": i} for i, s in enumerate([9.0, 7.0, 12.0, 8.0])]
    assert bench.median_run(runs)["n"] == 0  # 7, 8, [9], 12: the upper middle of an even number
    assert bench.median_run(runs[:3])["n"] == 0
    assert bench.median_run(runs[1:2])["n"] == 1


def test_describe_names_the_interpreter_and_how_its_libpython_is_linked(bench) -> None:
    import os
    import platform

    info = bench.describe(sys.executable)
    assert info["implementation"] == platform.python_implementation()
    assert info["version"] == platform.python_version()
    assert info["executable"] == os.path.realpath(sys.executable)
    if os.path.exists("/proc/self/maps"):
        with open("/proc/self/maps") as f:  # the same interpreter links the same way here
            assert info["libpython"] == ("shared" if "/libpython" in f.read() else "static")
    else:
        assert info["libpython"] == ""
    assert info["tag"] == f"{info['version']} {info['libpython']}".strip()
    line = bench.interpreter_line(info)
    assert line.startswith(f"{info['implementation']} {info['version']} ({info['executable']}")


def test_describe_refuses_an_interpreter_that_cannot_import_the_package(bench, tmp_path: Path) -> None:
    fake = tmp_path / "python-without-unletters"
    fake.write_text("#!/bin/sh\necho 'No module named unletters' >&2\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(SystemExit, match=r"(?s)python-without-unletters cannot run the benchmark.*No module named unletters"):
        bench.describe(str(fake))
