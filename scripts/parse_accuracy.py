"""Per-family field accuracy of the parser on generated letters.

usage: python scripts/parse_accuracy.py [N_PER_FAMILY] [--seed S] [--errors K]

Generates N letters per family with tests/letter_gen.py, runs ingest -> normalize -> parse
and prints a table (family x field accuracy) and each family's overall accuracy; with
--errors K prints the first K mismatches.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from letter_gen import FAMILIES, FIELDS, comparable, generate  # noqa: E402

from unletters.ingest import decode  # noqa: E402
from unletters.normalize import normalize  # noqa: E402
from unletters.parsing import not_a_letter, parse_letter  # noqa: E402


def parse_raw(raw: str) -> tuple[dict, str | None]:
    """Parse a generated raw text; returns (fields, not_a_letter verdict)."""
    text = normalize(decode(raw.encode("utf-8")).text).text
    return parse_letter(text), not_a_letter(text)


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 50
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
    show = int(argv[argv.index("--errors") + 1]) if "--errors" in argv else 0
    errors: list[str] = []
    table: dict[str, dict[str, float]] = {}
    t0 = time.perf_counter()
    for fam in FAMILIES:
        right = dict.fromkeys(FIELDS, 0)
        for k in range(n):
            raw, exp = generate(fam, seed + k)
            got, verdict = parse_raw(raw)
            if verdict is not None:
                errors.append(f"{fam} seed={seed + k}: judged not a letter: {verdict}")
            for f in FIELDS:
                if comparable(f, got.get(f)) == exp[f]:
                    right[f] += 1
                else:
                    errors.append(
                        f"{fam} seed={seed + k} {f}: got {comparable(f, got.get(f))!r} want {exp[f]!r}"
                    )
        table[fam] = {f: right[f] / n for f in FIELDS}
    elapsed = time.perf_counter() - t0
    short = {f: f[:9] for f in FIELDS}
    print("family".ljust(17) + " ".join(short[f].rjust(9) for f in FIELDS) + "      ALL")
    for fam, row in table.items():
        overall = sum(row.values()) / len(row)
        print(fam.ljust(17) + " ".join(f"{row[f]:9.2f}" for f in FIELDS) + f" {overall:8.3f}")
    print(
        f"{n} letters per family, {n * len(FAMILIES)} letters in {elapsed:.1f}s "
        f"({n * len(FAMILIES) / elapsed:.0f} letters/s, generation included)"
    )
    for e in errors[:show]:
        print(e)
    worst = min(sum(r.values()) / len(r) for r in table.values())
    return 0 if worst >= 0.98 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
