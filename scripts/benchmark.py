#!/usr/bin/env python3
"""Benchmark `unletters build`: cold build, no-op rebuild, one-file-changed rebuild, load_dataset.

usage: scripts/benchmark.py [--n 3000] [--corpus DIR] [--jobs N] [--workdir DIR] [--repeat K] [--json]
                             [--plot DIR] [--python EXE ...]

Generates N letters with varied content from the seed letter (names, dates, numbers, States,
paragraph order and sentences vary by a seeded generator, so every letter's text is unique), or
takes --corpus. Each build runs as `unletters build` in a subprocess; the peak memory is the peak
of the summed RSS of the whole process tree (workers included), sampled from /proc every 20 ms
(Linux). Prints a markdown table (and JSON with --json). On a shared or virtual machine the speed
of the same build varies by a quarter from run to run: ``--repeat 5`` reports the median cold
build and the range. ``--plot DIR`` draws two charts there: the CPU per letter of each stage
(``stages.png``) and the speed of each cold build (``cold_builds.png``).

The same code runs faster or slower depending on how its Python was compiled (with
profile-guided optimization or not, with libpython linked in or shared: 12-21% on the development
machine), so the report names the interpreter. ``--python EXE`` (repeatable) compares interpreters: their cold builds take turns,
so that each sees the same drift of the machine, and each gets its median; the other runs use the
first. Every interpreter must be able to import ``unletters`` (install the package in its venv).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "raw" / "000_f1155e9dab17b9d4.txt"

#: printed by an interpreter about itself: its version, where its executable is, and whether it
#: runs on a shared libpython (a library it loads, seen in /proc/self/maps; Linux only)
_DESCRIBE = r"""
import os, platform, sys
maps = open("/proc/self/maps").read() if os.path.exists("/proc/self/maps") else None
print(platform.python_implementation(), platform.python_version(), os.path.realpath(sys.executable), sep="\t", end="\t")
print("" if maps is None else "shared" if "/libpython" in maps else "static")
"""

FIRST = ["Yashar", "Amina", "Carlos", "Olena", "Kwame", "Mei", "Farid", "Ingrid", "Tomás", "Nadia", "Rahul", "Sofia"]
LAST = ["Aliyev", "Diallo", "Herrera", "Kovalenko", "Mensah", "Wang", "Haddad", "Larsen", "Silva", "Petrova", "Sharma", "Rossi"]
STATES = ["Azerbaijan", "Ghana", "Peru", "Ukraine", "Norway", "Viet Nam", "Jordan", "Chile", "Kenya", "Nepal", "Portugal", "Mongolia"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
EXTRA = [
    "The Government reiterates its commitment to the purposes and principles of the Charter of the United Nations.",
    "On {d} {m} {y}, a delegation visited the region to assess the humanitarian situation.",
    "The Ministry of Foreign Affairs issued a statement on {d} {m} {y} condemning the attack.",
    "We recall Security Council resolution {r} ({y}) and General Assembly resolution {s}/{t}.",
    "A meeting of the joint commission was held in the capital from {d} to {d2} {m} {y}.",
]


def make_letter(seed_text: str, i: int) -> str:
    """A varied, unique letter derived from the seed (deterministic in ``i``)."""
    rng = random.Random(i)
    text = seed_text
    text = text.replace("Yashar Aliyev", f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}")
    state = rng.choice(STATES)
    text = re.sub(r"(from the Permanent Representative of )Azerbaijan", rf"\g<1>{state}", text, count=1)
    y = rng.randint(1995, 2025)
    text = text.replace("2 September 2021", f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {y}")
    paras = text.split("\n\n")
    head, body, tail = paras[:9], paras[9:-2], paras[-2:]
    rng.shuffle(body)
    for _ in range(rng.randint(1, 4)):
        body.insert(rng.randrange(len(body) + 1), rng.choice(EXTRA).format(
            d=rng.randint(1, 14), d2=rng.randint(15, 28), m=rng.choice(MONTHS), y=rng.randint(1990, 2024),
            r=rng.randint(100, 2700), s=rng.randint(40, 79), t=rng.randint(1, 320)))
    return "\n\n".join(head + body + tail) + f"\n\nReference {i}.\n"


def generate(folder: Path, n: int) -> None:
    """Write ``n`` varied letters into ``folder`` (in subfolders of 1,000)."""
    seed_text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"letter_{i:06d}.txt").write_text(make_letter(seed_text, i), encoding="utf-8")


def _tree_rss(pid: int) -> int:
    """Summed RSS (bytes) of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(p, ()))
    return total


def describe(python: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """What ``python`` is: implementation, version, executable (its real path), libpython
    (``shared``, ``static`` or empty where unknown) and ``tag``, a short name for charts.

    Raises SystemExit, naming the interpreter, when it cannot run or cannot import ``unletters``.
    """
    got = subprocess.run([python, "-c", _DESCRIBE + "import unletters"], capture_output=True, text=True, env=env)
    if got.returncode != 0:
        raise SystemExit(f"{python} cannot run the benchmark (unletters must be installed for it):\n{got.stderr[-1000:]}")
    impl, version, executable, libpython = got.stdout.rstrip("\n").split("\t")
    return {"implementation": impl, "version": version, "executable": executable, "libpython": libpython,
            "tag": f"{version} {libpython}".strip()}


def interpreter_line(info: dict[str, str]) -> str:
    """One interpreter as the report names it."""
    lib = f", {info['libpython']} libpython" if info["libpython"] else ""
    return f"{info['implementation']} {info['version']} ({info['executable']}{lib})"


def run(args: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run a command; return wall seconds, peak tree RSS (MiB) and its stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    done.set()
    th.join()
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return {"seconds": secs, "peak_mib": peak / 2**20, "stdout": out}


_STAGE_LINE = re.compile(r"stage (?P<name>[\w-]+): (?P<share>[0-9.]+)% \((?P<secs>[0-9.]+) s summed over workers\)")


def stage_lines(stdout: str) -> dict[str, tuple[float, float]]:
    """Stage -> (share of worker time in %, seconds summed over workers), from the lines that
    ``unletters build --timings`` prints, in their order (largest first)."""
    return {m["name"]: (float(m["share"]), float(m["secs"])) for m in map(_STAGE_LINE.fullmatch, stdout.splitlines()) if m}


def median_run(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run with the median time (the upper of the two middle ones for an even number)."""
    return sorted(runs, key=lambda r: float(r["seconds"]))[len(runs) // 2]  # type: ignore[arg-type]


#: the colors of the cold builds' bars, one per interpreter compared
RUN_COLORS = ["#55a868", "#4c72b0", "#c44e52", "#8172b2"]


def charts(stages: dict[str, tuple[float, float]], cold: list[tuple[str, float]], letters: int, machine: str,
           interpreters: int = 1) -> dict[str, bytes]:
    """PNG charts of a benchmark: CPU per letter by stage (when the build printed its stages) and
    letters/s of each cold build, in the order they ran (``cold``: label and seconds), the
    ``interpreters`` taking turns, each in its color."""
    from unletters.plots import render

    out = {}
    if stages:
        out["stages.png"] = render({
            "title": f"Cold build of {letters:,} letters: worker CPU per letter by stage",
            "xlabel": "microseconds of CPU per letter", "ylabel": None, "horizontal": True,
            # the largest stage on top (bars are drawn from the bottom up)
            "bars": [(name, round(1e6 * secs / letters)) for name, (_share, secs) in reversed(stages.items())],
            "color": "#4c72b0", "size": (8, 0.5 + 0.45 * len(stages) + 1), "labelsize": 10})
    out["cold_builds.png"] = render({
        "title": f"{len(cold)} cold builds of {letters:,} letters ({machine})",
        "xlabel": "", "ylabel": "letters/s", "horizontal": False,
        "bars": [(label, round(letters / s)) for label, s in cold],
        "color": [RUN_COLORS[k % len(RUN_COLORS)] for k in range(interpreters)],
        "size": (max(4, 1.2 * len(cold) + 2), 4), "labelsize": 10})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--skip-load", action="store_true", help="do not time load_dataset")
    ap.add_argument("--repeat", type=int, default=1,
                    help="cold builds to run (each with an empty cache); the table gives the median run")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--plot", type=Path, metavar="DIR", help="draw stages.png and cold_builds.png into DIR")
    ap.add_argument("--python", action="append", metavar="EXE",
                    help="an interpreter to build with (repeat it to compare interpreters; default: this one)")
    a = ap.parse_args()
    work = a.workdir or Path(tempfile.mkdtemp(prefix="unletters-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = a.corpus
    if corpus is None:
        corpus = work / "raw"
        if corpus.exists():
            shutil.rmtree(corpus)
        generate(corpus, a.n)
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    mb = sum(p.stat().st_size for p in files) / 1e6
    out, cache = work / "out", work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "UNLETTERS_CACHE": str(cache), "HF_HUB_OFFLINE": "1", "HF_DATASETS_CACHE": str(work / "hf")}
    pythons = a.python or [sys.executable]
    infos = [describe(py, env) for py in pythons]
    for py in pythons:
        # byte-compile the package as a regular (non-editable) install does, so that interpreter
        # start is measured as users get it, also where PYTHONDONTWRITEBYTECODE is set
        subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "src" / "unletters")], check=True, env=env)

    def build(py: str) -> list[str]:
        cmd = [py, "-m", "unletters.cli", "build", "--corpus", str(corpus), "--out", str(out), "--no-progress", "--timings"]
        return [*cmd, "--jobs", str(a.jobs)] if a.jobs else cmd

    results: dict[str, dict[str, object]] = {}
    # the interpreters take turns, so that each sees the machine as it is over the whole set
    colds: list[list[dict[str, object]]] = [[] for _ in pythons]
    for _ in range(max(1, a.repeat)):
        for k, py in enumerate(pythons):
            shutil.rmtree(cache, ignore_errors=True)
            colds[k].append(run(build(py), env))
    in_order = [(f"{i + 1}: {infos[k]['tag']}" if len(pythons) > 1 else f"run {i + 1}", float(c[i]["seconds"]))  # type: ignore[arg-type]
                for i in range(max(1, a.repeat)) for k, c in enumerate(colds)]
    medians = [median_run(c) for c in colds]
    results["cold build"] = medians[0]
    results["no-op rebuild"] = run(build(pythons[0]), env)
    changed = files[len(files) // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA further sentence was added.\n", encoding="utf-8")
    results["one file changed"] = run(build(pythons[0]), env)
    if not a.skip_load:
        load = ("import datasets,sys\nfor c in datasets.get_dataset_config_names(sys.argv[1]):\n"
                "    datasets.load_dataset(sys.argv[1], c)\n")
        shutil.rmtree(work / "hf", ignore_errors=True)
        results["load_dataset (all configs)"] = run([pythons[0], "-c", load, str(out)], env)
    stages = stage_lines(str(results["cold build"]["stdout"]))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}"
    rows = []
    for name, r in results.items():
        secs = float(r["seconds"])  # type: ignore[arg-type]
        rate = f"{len(files) / secs:,.0f}" if "build" in name or "changed" in name else ""
        mbs = f"{mb / secs:.1f}" if name == "cold build" else ""
        rows.append(f"| {name} | {secs:.2f} | {rate} | {mbs} | {float(r['peak_mib']):.0f} |")  # type: ignore[arg-type]
    print(f"letters: {len(files)} ({mb:.1f} MB); machine: {machine}; jobs: {a.jobs or os.cpu_count()}")
    print(f"python: {interpreter_line(infos[0])}")
    print("| run | seconds | letters/s | MB/s | peak RSS of the process tree (MiB) |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    for info, runs, mid in zip(infos, colds, medians, strict=True):
        if len(runs) > 1 or len(pythons) > 1:
            secs = sorted(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
            who = f" with {interpreter_line(info)}" if len(pythons) > 1 else ""
            if len(runs) == 1:
                print(f"cold build{who}: {secs[0]:.2f} s ({len(files) / secs[0]:,.0f} letters/s), "
                      f"peak {float(mid['peak_mib']):.0f} MiB")  # type: ignore[arg-type]
                continue
            print(f"cold build over {len(runs)} runs{who}: median {mid['seconds']:.2f} s "
                  f"({len(files) / float(mid['seconds']):,.0f} letters/s, peak {float(mid['peak_mib']):.0f} MiB), "  # type: ignore[arg-type]
                  f"fastest {secs[0]:.2f} s ({len(files) / secs[0]:,.0f} letters/s), "
                  f"slowest {secs[-1]:.2f} s ({len(files) / secs[-1]:,.0f} letters/s)")
    if stages:
        print("cold build, share of worker time by stage: "
              + ", ".join(f"{k} {share:.1f}% ({secs:.2f} s summed over workers)" for k, (share, secs) in stages.items()))
    if a.plot:
        where = machine if len(pythons) > 1 else f"{machine}, Python {infos[0]['tag']}"
        for name, png in charts(stages, in_order, len(files), where, len(pythons)).items():
            a.plot.mkdir(parents=True, exist_ok=True)
            (a.plot / name).write_bytes(png)
            print(f"plot: {a.plot / name}")
    if a.json:
        print(json.dumps({"letters": len(files), "mb": mb, "machine": machine,
                          "pythons": [{k: v for k, v in i.items() if k != "tag"} for i in infos],
                          "stages": {k: {"share": sh, "seconds": sec} for k, (sh, sec) in stages.items()},
                          "cold_runs": [[r["seconds"] for r in c] for c in colds],
                          "runs": {k: {"seconds": v["seconds"], "peak_mib": v["peak_mib"]} for k, v in results.items()}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
