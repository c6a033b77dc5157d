"""``unletters build``: corpus folder to dataset folder.

Starts fast: when the corpus listing, options and output are unchanged since the last build, it
exits before importing anything heavy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path


def add_parser(p: argparse.ArgumentParser) -> None:
    """Options of ``unletters build``."""
    p.add_argument("--corpus", type=Path, default=Path("corpus/raw"), help="folder of raw letters (default: corpus/raw)")
    p.add_argument("--out", type=Path, default=Path("dist/un-letters"), help="dataset folder to write (default: dist/un-letters)")
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--strict", action="store_true", help="exit non-zero when any file was rejected")
    p.add_argument("--max-bytes", type=_positive, default=None, help="reject files larger than this many bytes (default: 20 MiB)")
    p.add_argument("--timeout", type=float, default=None, help="seconds one file may take before it is rejected (default: 300)")
    p.add_argument("--no-ocr", action="store_true", help="never OCR scanned PDFs (they are rejected as needs-ocr)")
    p.add_argument("--no-cache", action="store_true", help="parse every file again, ignoring the incremental cache")
    p.add_argument("--cache-dir", type=Path, default=None, help="incremental cache folder (default: ~/.cache/unletters)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="show a progress bar (default: on a terminal)")
    p.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    p.add_argument("--timings", action="store_true", help="print the share of time spent in each stage")


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a positive number of bytes, not {value}")
    return n


def _state_file(cache_dir: Path, out: Path) -> Path:
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return cache_dir / "builds" / f"{key}.json"


def _output_listing(out: Path) -> list[list[object]]:
    listing: list[list[object]] = []
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames.sort()
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            listing.append([os.path.relpath(os.path.join(dirpath, name), out), st.st_size, st.st_mtime_ns])
    return listing


def run(args: argparse.Namespace) -> int:
    """Build; print counts; return the exit code."""
    from unletters.build import (
        DEFAULT_MAX_BYTES,
        DEFAULT_TIMEOUT,
        TRANSIENT,
        default_cache_dir,
        fingerprint,
        recover,
        walk,
    )
    from unletters.manifest import MANIFEST

    corpus: Path = args.corpus
    out: Path = args.out
    if not corpus.is_dir():
        print(f"unletters build: corpus folder {corpus} does not exist", file=sys.stderr)
        return 2
    recover(out)
    max_bytes = DEFAULT_MAX_BYTES if args.max_bytes is None else args.max_bytes
    ocr = False if args.no_ocr else None
    cache_dir = args.cache_dir or default_cache_dir()
    entries = walk(corpus)
    extra = f"max_bytes={max_bytes};ocr={ocr};corpus={corpus.resolve()}"
    manifest = corpus.parent / MANIFEST
    catalog = corpus.parent / "catalog"
    for side in (manifest, catalog):
        if side.exists():
            extra += f";{side.name}={side.stat().st_mtime_ns}"
    fp = fingerprint(entries, extra)
    state = _state_file(cache_dir, out)
    if not args.no_cache and not args.force and out.is_dir() and state.is_file():
        try:
            saved = json.loads(state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if saved.get("fingerprint") == fp and saved.get("output") == _output_listing(out):
            rejected = saved.get("rejects", 0)
            print(f"nothing changed: {len(entries)} files, {saved.get('documents', 0)} documents, "
                  f"{rejected} rejects; {out} is up to date")
            return 1 if args.strict and rejected else 0

    from unletters import cli
    from unletters.build import build, import_pyarrow_without_numpy

    if cli.in_console:  # the process ends after the build: pyarrow may do without NumPy
        import_pyarrow_without_numpy()
    try:
        report = build(corpus, out, jobs=args.jobs, max_bytes=max_bytes, ocr=ocr, cache_dir=cache_dir,
                       use_cache=not args.no_cache, progress=args.progress,
                       timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout, entries=entries)
    except KeyboardInterrupt:
        print("unletters build: interrupted; the previous dataset was left in place", file=sys.stderr)
        return 130
    for line in report.lines():
        print(line)
    print(f"dataset: {out}")
    if args.timings and report.stage_seconds:
        total = sum(report.stage_seconds.values()) or 1.0
        for stage, secs in sorted(report.stage_seconds.items(), key=lambda kv: -kv[1]):
            print(f"stage {stage}: {100 * secs / total:.1f}% ({secs:.2f} s summed over workers)")
    rejected = sum(report.rejects.values())
    transient = any(reason in TRANSIENT for reason in report.rejects)
    if not args.no_cache and not transient:
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps({"fingerprint": fp, "output": _output_listing(out),
                                     "documents": report.documents, "rejects": rejected}), encoding="utf-8")
    elif state.exists():
        state.unlink()  # a file failed for a reason that may pass: the next build must retry
    if args.strict and rejected:
        print(f"unletters build: --strict and {rejected} file(s) rejected", file=sys.stderr)
        return 1
    return 0
