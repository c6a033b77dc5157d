#!/usr/bin/env python3
"""Time every pipeline stage on 1 MB adversarial inputs and check that it grows linearly.

usage: scripts/adversarial.py [--mb 1.0] [--inputs NAME,...] [--stages NAME,...] [--timeout 120] [--json]

Each input is one short unit repeated to the size (long runs of digits, slashes, parentheses,
dashes, spaces, newlines, capitalized words, ``A/``, ``(Signed)``, ``Annex``, ...). Every stage gets
the adversarial text as it is (``decode`` gets its UTF-8 bytes); the extractors get the documents
row the pipeline would build around it, with empty parse fields, so that a slow parser does not
hide them. Each (stage, input) runs in a child process at 1/4 of the size and then at the full
size; the child is killed after ``--timeout`` seconds.

The linearity ratio is time(full) / time(quarter): about 4 for a linear stage, 16 for a quadratic
one. A ratio above 6 (when the full size takes over 50 ms), or a timeout, is a FINDING: the
stage's owner should make the regex or loop linear. Prints a table (JSON with ``--json``);
exits 1 when there is a finding.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

RATIO_LIMIT = 6.0
MIN_SECONDS = 0.05  # below this at the full size, the ratio is timer noise

# name -> the unit repeated to the size
INPUTS: dict[str, str] = {
    "digits": "7",
    "digits and spaces": "12 ",
    "slashes": "/",
    "A/": "A/",
    "A/75/": "A/75/",
    "S/RES/1 (": "S/RES/1 (",
    "1/": "1/",
    "open parentheses": "(",
    "parentheses": "()",
    "(1": "(1",
    "dashes": "-",
    "en dashes": "\u2013",
    "hyphen at line end": "ab-\n",
    "spaces": " ",
    "newlines": "\n",
    "blank lines": "a\n\n",
    "dots": ".",
    "capitalized words": "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima ",
    "capitalized lines": "Republic Of Nowhere\n",
    "(Signed)": "(Signed) ",
    "(Signed) lines": "(Signed) Name Surname\n",
    "Annex": "Annex ",
    "Annex lines": "Annex\n",
    "Letter dated": "Letter dated ",
    "resolution": "resolution ",
    "dates": "on 1 January 2020 ",
    "Mr.": "Mr. ",
    "markdown links": "[a](",
    "backslash escapes": "\\(",
    "quotes": "\u201c",
    "capitalized hyphenated": "Abc-",
    "capitals": "ABC ",
    "apostrophes": "A\u2019",
    "Title of": "Republic of ",
    "names and commas": "Abc, and ",
    "numbered dots": "1.",
    "paragraph lists": "paragraph 1, ",
    "Article paragraph": "Article 1, paragraph ",
    "ISO dates": "2021-",
    "dotted dates": "1.1.2020 ",
    "A/A/": "A/A",
    "organ names": "General Assembly and Security Council ",
    "seed letter (realistic)": "",
}

STAGES = ("decode", "normalize", "not_a_letter", "parse_letter", "extract_citations", "extract_entities",
          "extract_events")


def make_input(name: str, size: int) -> str:
    """The adversarial text ``name`` at ``size`` characters (the seed letter repeated for the realistic one)."""
    unit = INPUTS[name] or (ROOT / "corpus" / "raw" / "000_f1155e9dab17b9d4.txt").read_text(encoding="utf-8")
    return (unit * (size // len(unit) + 1))[:size]


def _doc(text: str) -> dict[str, Any]:
    from unletters.ingest import sha256_hex
    from unletters.pipeline import document_row

    return document_row(text, sha256_hex(text.encode()), "adversarial.txt",
                        {"source_format": "text", "encoding": "utf-8", "page_count": None}, 0, (), {}, [])


def stage_call(stage: str, text: str) -> Callable[[], Any]:
    """A no-argument function running ``stage`` on ``text`` (its inputs prepared outside the timing)."""
    if stage == "decode":
        from unletters.ingest import decode

        data = text.encode("utf-8")
        return lambda: _quiet(decode, data)
    if stage == "normalize":
        from unletters.normalize import normalize

        return lambda: normalize(text)
    if stage in ("not_a_letter", "parse_letter"):
        import unletters.parsing as parse

        fn = getattr(parse, stage)
        return lambda: fn(text)
    doc = _doc(text)
    if stage == "extract_citations":
        from unletters.citations import extract_citations

        return lambda: extract_citations(doc)
    if stage == "extract_entities":
        from unletters.entities import extract_entities

        return lambda: extract_entities(doc)
    if stage == "extract_events":
        from unletters.events import extract_events

        return lambda: extract_events(doc, [], [])
    raise ValueError(f"unknown stage {stage}")


def _quiet(fn: Callable[[bytes], Any], data: bytes) -> Any:
    from unletters.errors import RejectError

    try:
        return fn(data)
    except RejectError as exc:  # a reject is a normal outcome of decode
        return exc.reason


def _timed(call: Callable[[], Any]) -> float:
    """Seconds of one run: the minimum of 3 runs (of 1 when a run takes over 10 s), garbage collector off."""
    best = float("inf")
    spent = 0.0
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            t = time.perf_counter()
            call()
            dt = time.perf_counter() - t
            best, spent = min(best, dt), spent + dt
            if spent > 10:
                break
    finally:
        gc.enable()
    return best


def _child(stage: str, name: str, sizes: list[int], conn: Any) -> None:
    try:
        for size in sizes:
            call = stage_call(stage, make_input(name, size))
            conn.send(("ok", size, _timed(call)))
    except BaseException as exc:  # any crash of the stage is reported as a finding
        conn.send(("error", 0, f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        conn.close()


def measure(stage: str, name: str, size: int, timeout: float) -> dict[str, Any]:
    """Time ``stage`` on input ``name`` at size/4 and size in a child process; return the row."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(stage, name, [size // 4, size], child))
    proc.start()
    child.close()
    times: dict[int, float] = {}
    error = None
    deadline = time.monotonic() + timeout
    while proc.is_alive() or parent.poll():
        left = deadline - time.monotonic()
        if left <= 0:
            break
        if parent.poll(min(left, 0.5)):
            try:
                kind, sz, val = parent.recv()
            except EOFError:
                break
            if kind == "ok":
                times[sz] = val
            else:
                error = val
    proc.join(max(0.0, min(5.0, deadline - time.monotonic())))
    if proc.is_alive():
        proc.kill()
        proc.join()
    timed_out = error is None and len(times) < 2
    q, f = times.get(size // 4), times.get(size)
    row: dict[str, Any] = {"stage": stage, "input": name, "seconds_quarter": q, "seconds_full": f,
                           "seconds_per_mb": f / (size / 2**20) if f is not None else None,
                           "ratio": f / q if f is not None and q else None, "error": error,
                           "timed_out": timed_out}
    row["finding"] = bool(error or timed_out or (row["ratio"] is not None and f is not None
                                                 and f >= MIN_SECONDS and row["ratio"] > RATIO_LIMIT))
    return row


def main(argv: list[str] | None = None) -> int:
    """Run the measurements; print the table; return 1 when there is a finding."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="full input size in MB (default 1)")
    ap.add_argument("--inputs", default=",".join(INPUTS), help="comma-separated input names")
    ap.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per (stage, input) before it is killed")
    ap.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = ap.parse_args(argv)
    size = int(args.mb * 2**20)
    names = [n for n in args.inputs.split(",") if n]
    stages = [s for s in args.stages.split(",") if s]
    for n in names:
        if n not in INPUTS:
            ap.error(f"unknown input {n!r}; known: {', '.join(INPUTS)}")
    rows = []
    if not args.json:
        print(f"| stage | input | s/MB | ratio {args.mb:g} MB / {args.mb / 4:g} MB | |")
        print("|---|---|---:|---:|---|")
    for stage in stages:
        for name in names:
            row = measure(stage, name, size, args.timeout)
            for _ in range(2):  # a high ratio is measured again: timer noise does not repeat, growth does
                if not row["finding"] or row["timed_out"] or row["error"]:
                    break
                again = measure(stage, name, size, args.timeout)
                if again["ratio"] is not None and again["ratio"] < row["ratio"]:
                    row = again
            rows.append(row)
            if not args.json:
                spm = f"{row['seconds_per_mb']:.3f}" if row["seconds_per_mb"] is not None else "-"
                ratio = f"{row['ratio']:.1f}" if row["ratio"] is not None else "-"
                note = ("TIMEOUT" if row["timed_out"] else row["error"] or "") if row["finding"] and (
                    row["timed_out"] or row["error"]) else ("FINDING" if row["finding"] else "")
                if row["timed_out"] and row["seconds_quarter"] is not None:
                    note += f" ({row['seconds_quarter']:.1f} s at {args.mb / 4:g} MB)"
                print(f"| {stage} | {name} | {spm} | {ratio} | {note} |", flush=True)
    findings = [r for r in rows if r["finding"]]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(f"\n{len(findings)} finding(s) in {len(rows)} measurements"
              + "".join(f"\n- {r['stage']} on {r['input']!r}: " + (
                  "timed out" if r["timed_out"] else r["error"] or f"ratio {r['ratio']:.1f}") for r in findings))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
