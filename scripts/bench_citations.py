#!/usr/bin/env python3
"""Benchmark the citation finder: MB/s on real UN texts and linear time on adversarial input.

usage: python scripts/bench_citations.py [DOCUMENTS_DIR]   (default ../shared/documents)

1. Speed: every ``*.txt`` in DOCUMENTS_DIR is read, decoded and normalized once (not timed), then
   :func:`unletters.citations.find_citations` runs over all texts; prints citations found and MB/s.
2. Safety: adversarial inputs of 0.25, 0.5 and 1 MB (long runs of digits, slashes, parentheses,
   and citation-like fragments repeated); prints seconds per size and the 1 MB / 0.25 MB ratio,
   which stays near 4 when the time is linear (a quadratic finder would give ~16).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from unletters.citations import find_citations
from unletters.ingest import decode
from unletters.normalize import normalize

ADVERSARIAL = {
    "digits": "1",
    "slashes": "/",
    "parens": "(",
    "digit-slash": "1/",
    "paren-digits": "1 (1",
    "symbol-run": "A/1",
    "resolution-enum": "resolution 1/1, ",
    "enum-no-head": "62/243, 822 (1993) and ",
    "sc-paren-open": "resolution 1 (1",
    "article-enum": "Articles 1, 2 and ",
    "short-forms": "that resolution ",
    "ibid": "ibid., para. 1 ",
    "symbol-lines": "A/80/604/Add.1\n",
    "whitespace-commas": " ,  ,\n",
    "pinpoints": "paragraph 8 of paragraph 8 of ",
}


def _time(text: str) -> tuple[float, int]:
    t = time.perf_counter()
    n = len(find_citations(text))
    return time.perf_counter() - t, n


def speed(folder: Path) -> None:
    texts = [normalize(decode(p.read_bytes()).text).text for p in sorted(folder.glob("*.txt"))]
    if not texts:
        print(f"speed: no *.txt in {folder}")
        return
    size = sum(len(t.encode("utf-8")) for t in texts)
    find_citations(texts[0])  # load and compile the patterns outside the timing
    best = float("inf")
    found = 0
    for _ in range(3):
        t = time.perf_counter()
        found = sum(len(find_citations(x)) for x in texts)
        best = min(best, time.perf_counter() - t)
    print(
        f"speed: {len(texts)} files, {size / 1e6:.2f} MB, {found} citations, "
        f"{best:.3f} s, {size / 1e6 / best:.1f} MB/s"
    )


def adversarial() -> None:
    print(f"{'input':<20} {'0.25 MB':>9} {'0.5 MB':>9} {'1 MB':>9} {'ratio':>6} {'rows@1MB':>9}")
    worst = 0.0
    for name, unit in ADVERSARIAL.items():
        times = []
        rows = 0
        for mb in (0.25, 0.5, 1.0):
            text = (unit * (int(mb * 1_000_000) // len(unit) + 1))[: int(mb * 1_000_000)]
            secs, rows = _time(text)
            times.append(secs)
        ratio = times[2] / times[0] if times[0] > 0 else float("nan")
        worst = max(worst, times[2])
        print(f"{name:<20} {times[0]:>8.3f}s {times[1]:>8.3f}s {times[2]:>8.3f}s {ratio:>6.1f} {rows:>9}")
    print(f"slowest 1 MB adversarial input: {worst:.3f} s")


def main(argv: list[str]) -> int:
    """Run both benchmarks; returns 0."""
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "shared" / "documents"
    speed(folder)
    adversarial()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
