"""``corpus/MANIFEST.csv``: one row per raw file, with its hash, size and provenance.

The manifest sits beside ``corpus/raw/`` (so the build never sees it). Columns: ``file`` (path
relative to the raw folder, POSIX separators), ``sha256``, ``bytes``, ``source`` (where the file
came from), ``note``, and for harvested letters ``record_id`` (UN Digital Library record),
``symbols`` (space-separated), ``url`` and ``retrieved`` (ISO date of retrieval).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

#: the manifest's file name, in the corpus root (``corpus/``)
MANIFEST = "MANIFEST.csv"
COLUMNS = ("file", "sha256", "bytes", "source", "note", "record_id", "symbols", "url", "retrieved")


def corpus_root(corpus_dir: Path) -> Path:
    """The corpus root holding ``MANIFEST.csv`` and ``catalog/``: ``corpus_dir`` itself, or its
    parent when ``corpus_dir`` is the raw folder (``corpus/raw``)."""
    if not (corpus_dir / MANIFEST).exists() and (corpus_dir.parent / MANIFEST).exists():
        return corpus_dir.parent
    return corpus_dir


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(path: Path) -> list[dict[str, str]]:
    """Rows of a manifest (every column present, missing ones as empty strings)."""
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return [{c: (row.get(c) or "") for c in COLUMNS} for row in csv.DictReader(f)]


def write_manifest(path: Path, rows: Iterable[Mapping[str, object]]) -> None:
    """Write rows sorted by file, with the fixed column order and LF line endings."""
    ordered = sorted(({c: "" if r.get(c) is None else str(r.get(c)) for c in COLUMNS} for r in rows),
                     key=lambda r: r["file"])
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(ordered)
    tmp.replace(path)
