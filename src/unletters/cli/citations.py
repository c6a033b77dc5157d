"""``unletters citations FILE...``: the citations of any UN text, one JSON object per line.

Each file is read like a raw letter (text through :func:`unletters.ingest.decode`, a PDF through
:mod:`unletters.pdf`), normalized with :func:`unletters.normalize.normalize`, and searched with
:func:`unletters.citations.find_citations`. Offsets point into the normalized text. A file that
cannot be read is reported on stderr and makes the exit code 1; the other files still run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FIELDS = ("id", "target", "kind", "start", "end", "surface", "cited_date", "pinpoint", "antecedent")


def add_parser(p: argparse.ArgumentParser) -> None:
    """Declare the arguments of the ``citations`` sub-command."""
    p.add_argument("files", nargs="+", metavar="FILE", help="UN texts (.txt or .pdf)")
    p.add_argument(
        "--text",
        action="store_true",
        help="also print the normalized text as a first object per file ({file, text})",
    )


def citations_of_bytes(data: bytes, name: str) -> tuple[str, list[dict[str, Any]]]:
    """Normalized text of a file's bytes and its citation objects (without the ``file`` key)."""
    from unletters.citations import find_citations
    from unletters.normalize import normalize
    from unletters.pipeline import to_text

    raw, _, _ = to_text(data, name)
    text = normalize(raw).text
    cites = find_citations(text)
    out = []
    for i, c in enumerate(cites, start=1):
        out.append(
            {
                "id": f"c{i}",
                "target": c.target,
                "kind": c.kind,
                "start": c.start,
                "end": c.end,
                "surface": c.surface,
                "cited_date": c.cited_date,
                "pinpoint": c.pinpoint,
                "antecedent": f"c{c.antecedent + 1}" if c.antecedent is not None else None,
            }
        )
    return text, out


def run(args: argparse.Namespace) -> int:
    """Print one JSON object per citation of every file; returns 0, or 1 when a file failed."""
    status = 0
    out = sys.stdout
    for name in args.files:
        try:
            data = Path(name).read_bytes()
            text, rows = citations_of_bytes(data, name)
        except Exception as exc:  # one unreadable file must not stop the others
            print(f"unletters citations: {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
            continue
        if getattr(args, "text", False):
            out.write(json.dumps({"file": name, "text": text}, ensure_ascii=False) + "\n")
        try:
            for row in rows:
                out.write(json.dumps({"file": name, **row}, ensure_ascii=False) + "\n")
        except BrokenPipeError:  # the reader (head, less) has gone: stop quietly
            return status
    return status
