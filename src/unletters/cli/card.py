"""``unletters card``: regenerate DATACARD.md's statistics and field sections from a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(p: argparse.ArgumentParser) -> None:
    """Options of ``unletters card``."""
    p.add_argument("--dataset", type=Path, default=Path("dist/un-letters"), help="a built dataset folder (default: dist/un-letters)")
    p.add_argument("--card", type=Path, default=Path("DATACARD.md"), help="the card to update (default: DATACARD.md)")
    p.add_argument("--check", action="store_true", help="do not write; exit 1 when the card is out of date")


def regenerate(card_text: str, dataset: Path) -> str:
    """The card with its statistics and field sections regenerated from ``dataset``."""
    from unletters.card import (
        BEGIN,
        END,
        FIELDS_BEGIN,
        FIELDS_END,
        fields_markdown,
        replace_section,
        stats_from_dataset,
        stats_markdown,
    )

    stats, rows = stats_from_dataset(dataset)
    text = replace_section(card_text, BEGIN, END, stats_markdown(stats, rows))
    return replace_section(text, FIELDS_BEGIN, FIELDS_END, fields_markdown())


def run(args: argparse.Namespace) -> int:
    """Rewrite (or check) the card; return the exit code."""
    if not (args.dataset / "data").is_dir():
        print(f"unletters card: {args.dataset} is not a built dataset (run `unletters build` first)", file=sys.stderr)
        return 2
    old = args.card.read_text(encoding="utf-8")
    new = regenerate(old, args.dataset)
    if args.check:
        if new != old:
            print(f"{args.card} is out of date: run `unletters card`", file=sys.stderr)
            return 1
        print(f"{args.card} is up to date")
        return 0
    args.card.write_text(new, encoding="utf-8")
    print(f"{args.card}: {'updated' if new != old else 'unchanged'}")
    return 0
