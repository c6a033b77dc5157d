"""Build a corpus folder into a Hugging Face dataset folder.

    walk (sorted, no link followed out of the corpus) -> process each file (in parallel,
    cached by content and pipeline version) -> drop duplicates -> split -> stream to Parquet
    -> dataset card and plots -> replace the output folder atomically

Invariant: every file and every link under the corpus root ends as exactly one documents row or
one rejects row. The output folder is replaced only when the new build is complete, so a build
killed halfway leaves the previous dataset intact.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import os
import shutil
import signal
import stat as stat_mod
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, MutableMapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unletters import __version__
from unletters.dataset import SPLITS, Piece, split_of
from unletters.pipeline import (
    Result,
    all_valid,
    code_digest,
    process,
    reject_row,
    valid_span_columns,
    warm_up,
)
from unletters.schema import arrow_schema

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: reject reasons that may go away without the file changing: never cached, always retried
TRANSIENT = frozenset({"unreadable", "extraction-error", "timeout"})
#: seconds one file may take (OCR of a long scan included) before it becomes a reject
DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class Entry:
    """One file or link under the corpus root: to process (``path``) or already a reject."""

    rel: str
    path: str
    size: int | None = None
    mtime_ns: int | None = None
    reject: dict[str, Any] | None = None
    warning: str | None = None

    @property
    def stat_key(self) -> str:
        """What the incremental build compares to know whether the file changed."""
        return f"{self.rel}\x00{self.size}\x00{self.mtime_ns}"


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk(root: Path) -> list[Entry]:
    """Every file and link under ``root``, sorted by relative path; never follows a link out.

    Links that leave the corpus, dangling links, links to folders and special files (pipes,
    sockets, devices) come back as reject entries; nothing is opened here.
    """
    root_real = os.path.realpath(root)
    out: list[Entry] = []
    base = str(root)
    # every path below is ``base``, a separator, then the relative path (scandir joins them so)
    cut = len(base) if base.endswith(os.sep) else len(base) + 1
    stack = [base]
    while stack:
        folder = stack.pop()
        try:
            it = list(os.scandir(folder))
        except OSError as exc:
            rel = os.path.relpath(folder, root).replace(os.sep, "/")
            out.append(Entry(rel, folder, reject=reject_row(rel, None, None, "unreadable", f"{rel}: the folder cannot be listed ({exc.strerror})")))
            continue
        for de in it:
            rel, warning = _rel_name(de.path[cut:])
            try:
                st = de.stat(follow_symlinks=False)
            except OSError as exc:
                out.append(Entry(rel, de.path, reject=reject_row(rel, None, None, "unreadable", f"{rel}: cannot be inspected ({exc.strerror})")))
                continue
            if stat_mod.S_ISLNK(st.st_mode):
                target = os.path.realpath(de.path)
                if _is_loop(de.path):
                    out.append(Entry(rel, de.path, reject=reject_row(rel, None, None, "dangling-link", f"{rel}: a link that leads back to itself (a loop of links)")))
                elif not os.path.exists(target):
                    out.append(Entry(rel, de.path, reject=reject_row(rel, None, None, "dangling-link", f"{rel}: a link to {os.readlink(de.path)!r}, which does not exist")))
                elif not _under(target, root_real):
                    out.append(Entry(rel, de.path, reject=reject_row(rel, None, None, "outside-corpus", f"{rel}: a link to {target}, outside the corpus; copy the file into the corpus instead")))
                elif os.path.isdir(target):
                    out.append(Entry(rel, de.path, reject=reject_row(rel, None, None, "not-a-regular-file", f"{rel}: a link to a folder inside the corpus; its files are read at their own path")))
                else:
                    tst = os.stat(target)
                    if not stat_mod.S_ISREG(tst.st_mode):
                        out.append(Entry(rel, de.path, reject=reject_row(rel, None, None, "not-a-regular-file", f"{rel}: a link to a special file (pipe, socket or device), which is not read")))
                    else:
                        out.append(Entry(rel, de.path, tst.st_size, tst.st_mtime_ns, warning=warning))
            elif stat_mod.S_ISDIR(st.st_mode):
                stack.append(de.path)
            elif stat_mod.S_ISREG(st.st_mode):
                out.append(Entry(rel, de.path, st.st_size, st.st_mtime_ns, warning=warning))
            else:
                out.append(Entry(rel, de.path, reject=reject_row(rel, None, None, "not-a-regular-file", f"{rel}: a special file (pipe, socket or device), not a letter; it was not opened")))
    out.sort(key=lambda e: e.rel)
    return out


def _rel_name(rel: str) -> tuple[str, str | None]:
    """The POSIX form of a path relative to the corpus root, and a warning when the name is not UTF-8.

    A name that is not valid UTF-8 is shown with its bad bytes escaped (``bad\\xffname.txt``)
    so that it can be stored; the file itself is still read.
    """
    if os.sep != "/":
        rel = rel.replace(os.sep, "/")
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
        return shown, f"the file name is not valid UTF-8; it is shown as {shown!r}: rename the file"
    return rel, None


def _is_loop(path: str) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def read_bytes(path: str) -> bytes:
    """The bytes of a file (a seam for tests that need a read to fail)."""
    with open(path, "rb") as f:
        return f.read()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`FileTimeout` in the block after ``seconds`` (main thread on POSIX; else no limit)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise FileTimeout(f"gave up after {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class FileTimeout(Exception):
    """One file took longer than the per-file time limit."""


def process_entry(entry: Entry, *, max_bytes: int = DEFAULT_MAX_BYTES, ocr: bool | None = None,
                  timeout: float | None = DEFAULT_TIMEOUT, validate: bool = True) -> Result:
    """Process one walked entry into a :class:`Result` (never raises for bad input).

    A file whose processing takes longer than ``timeout`` seconds becomes a ``timeout`` reject.
    ``validate=False`` leaves the rows unchecked (the caller checks them with :func:`all_valid`).
    """
    if entry.reject is not None:
        return Result(entry.rel, entry.reject.get("sha256"), reject=entry.reject)
    if entry.size is not None and entry.size > max_bytes:
        return Result(entry.rel, None, reject=reject_row(entry.rel, None, entry.size, "too-large",
                      f"{entry.rel}: {entry.size:,} bytes is over the limit of {max_bytes:,}; raise --max-bytes to include it"))
    try:
        data = read_bytes(entry.path)
    except OSError as exc:
        return Result(entry.rel, None, reject=reject_row(entry.rel, None, entry.size, "unreadable",
                      f"{entry.rel}: the file cannot be read ({exc.strerror or exc})"))
    if len(data) > max_bytes:
        return Result(entry.rel, None, reject=reject_row(entry.rel, None, len(data), "too-large",
                      f"{entry.rel}: {len(data):,} bytes is over the limit of {max_bytes:,}; raise --max-bytes to include it"))
    try:
        with time_limit(timeout):
            res = process(data, entry.rel, ocr=ocr, validate=validate)
    except FileTimeout as exc:
        return Result(entry.rel, None, reject=reject_row(entry.rel, None, len(data), "timeout",
                      f"{entry.rel}: processing {exc}; raise --timeout, or report the file if it is an ordinary letter"))
    if entry.warning and res.document is not None:
        res.document["parse_warnings"].append(entry.warning)
    return res


def _work(batch: list[Entry], max_bytes: int, ocr: bool | None, timeout: float | None) -> bytes:
    """Process a batch (in a worker); the results come back as one :func:`pack` blob.

    Every row is validated, all the batch's rows at once (in :func:`pack`); in the rare batch
    where a row fails, each letter that fails is processed again with per-letter validation, which
    drops the bad span rows with a warning or rejects the letter, exactly as ``process`` does.
    """
    results = [process_entry(e, max_bytes=max_bytes, ocr=ocr, timeout=timeout, validate=False) for e in batch]
    blob = pack(results, clock=time.perf_counter)
    if blob is None:
        results = [r if all_valid([r]) else process_entry(e, max_bytes=max_bytes, ocr=ocr, timeout=timeout)
                   for e, r in zip(batch, results, strict=True)]
        blob = pack(results, clock=time.perf_counter)
        if blob is None:  # per-letter validation leaves only valid rows: never
            raise RuntimeError("a batch fails its schemas after per-letter validation")
    return blob


#: the tables whose rows a batch carries as Arrow tables
ROW_TABLES = ("documents", "citations", "entities", "events")
SPAN_TABLES = ROW_TABLES[1:]


@dataclass
class Packed:
    """One letter's result as the build moves and caches it.

    ``pieces[table]`` locates the letter's rows of each table that has any in its batch's Arrow
    record batch of the letter's split (nothing is copied); ``summary`` holds what the build itself
    reads from the documents row (:data:`unletters.card.DOC_FIELDS`, ``doc_id``, ``split``, the
    text's SHA-256, the number of warnings and the (kind, target) pairs of the citations), so that
    no row is turned back into Python objects.
    """

    source_file: str
    sha256: str | None
    summary: dict[str, Any] | None
    reject: dict[str, Any] | None
    timings: dict[str, float]
    pieces: dict[str, Piece]

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The letter's rows of ``table`` as dicts (empty when it has none)."""
        got = self.pieces.get(table)
        return got.source.slice(got.start, got.length).to_pylist() if got is not None else []

    def document(self) -> dict[str, Any] | None:
        """The documents row as a dict, or None for a reject."""
        rows = self.rows("documents")
        return rows[0] if rows else None


def _summary(result: Result) -> dict[str, Any] | None:
    from unletters.card import DOC_FIELDS

    doc = result.document
    if doc is None:
        return None
    out = {k: doc[k] for k in DOC_FIELDS}
    out["doc_id"] = doc["doc_id"]
    out["split"] = split_of(doc["doc_id"])
    out["text_sha256"] = hashlib.sha256(doc["text"].encode()).hexdigest()
    out["warnings"] = len(doc["parse_warnings"])
    out["cited"] = [(c["kind"], c["target"]) for c in result.citations]
    return out


def pack(results: list[Result], *, clock: Callable[[], float] | None = None) -> bytes | None:
    """A batch of results serialized as the build moves and caches it, or None when a row of
    one of them fails its schema or a span does not match its surface (nothing is packed then).

    Each row table becomes one Arrow record batch (in an IPC stream) holding the rows of the
    batch's letters by split (in :data:`SPLITS` order), then in batch order. The rows are
    validated all at once (:func:`unletters.pipeline.valid_span_columns`) and converted once per
    batch, in the worker: the span tables from the columns the validation returns, one call per
    column. The rest (and the streams' sizes) is pickled and put first, after its own size, then
    the four streams, so that :class:`Batch` reads them without unpickling; the whole is
    compressed with zstd (through pyarrow) and prefixed with its uncompressed size. With
    ``clock``, the validation's time is shared among the letters' ``validate`` timings (for the
    benchmark; it never reaches a row).
    """
    import pickle

    import pyarrow as pa

    from unletters.dataset import record_batch_from_columns, to_record_batch

    metas = []
    by_split: dict[str, list[Result]] = {s: [] for s in SPLITS}
    for r in results:
        summary = _summary(r)
        if summary is not None:
            by_split[summary["split"]].append(r)
        counts = (int(r.document is not None), len(r.citations), len(r.entities), len(r.events))
        metas.append((r.source_file, r.sha256, summary, r.reject, r.timings, counts))
    # the letters with a document in the order their rows are stored: by split, then batch order
    ordered = [r for s in SPLITS for r in by_split[s]]
    started = clock() if clock is not None else 0.0
    columns = valid_span_columns(ordered)
    if columns is None:
        return None
    if clock is not None and ordered:
        share = (clock() - started) / len(ordered)
        for r in ordered:
            r.timings["validate"] = r.timings.get("validate", 0.0) + share
    streams = []
    for t in ROW_TABLES:
        if t == "documents":
            record_batch = to_record_batch(t, [r.document for r in ordered if r.document is not None])
        else:
            record_batch = record_batch_from_columns(t, columns[t])
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, arrow_schema(t)) as writer:
            writer.write_batch(record_batch)
        streams.append(sink.getvalue())
    head = pickle.dumps((metas, [s.size for s in streams]), protocol=5)
    raw = b"".join([len(head).to_bytes(8, "little"), head, *streams])
    return len(raw).to_bytes(8, "little") + pa.compress(raw, codec="zstd", asbytes=True)


class Batch:
    """A :func:`pack` blob opened: its letters by position, their rows as pieces of its record batches."""

    def __init__(self, blob: bytes) -> None:
        import pickle

        import pyarrow as pa

        size = int.from_bytes(blob[:8], "little")
        raw = pa.decompress(memoryview(blob)[8:], decompressed_size=size, codec="zstd")
        view = memoryview(raw)
        at = 8 + int.from_bytes(view[:8], "little")
        self.metas, sizes = pickle.loads(view[8:at])
        # each table's IPC stream copied out of the decompressed buffer once: the rows of a sparse
        # split may wait in the sink for a long time, and should keep only their table alive
        streams = {}
        for t, n in zip(ROW_TABLES, sizes, strict=True):
            streams[t] = pa.py_buffer(view[at : at + n].tobytes())
            at += n
        # rows per (table, split), to cut each table's record batch into one piece per split
        counts = {(t, sp): 0 for t in ROW_TABLES for sp in SPLITS}
        for meta in self.metas:
            if meta[2] is not None:
                for t, n in zip(ROW_TABLES, meta[5], strict=True):
                    counts[t, meta[2]["split"]] += n
        self.batches: dict[tuple[str, str], Any] = {}
        for t in ROW_TABLES:
            (whole,) = pa.ipc.open_stream(streams[t])
            at = 0
            for sp in SPLITS:
                self.batches[t, sp] = whole.slice(at, counts[t, sp])
                at += counts[t, sp]
        # where each letter's rows start in its split's piece of each table
        self.starts: list[tuple[int, ...]] = []
        at_split = dict.fromkeys(counts, 0)
        for meta in self.metas:
            summary = meta[2]
            if summary is None:
                self.starts.append((0,) * len(ROW_TABLES))
                continue
            here = []
            for t, n in zip(ROW_TABLES, meta[5], strict=True):
                here.append(at_split[t, summary["split"]])
                at_split[t, summary["split"]] += n
            self.starts.append(tuple(here))

    def __len__(self) -> int:
        return len(self.metas)

    def letter(self, pos: int) -> Packed:
        """The result of the batch's ``pos``-th letter."""
        source_file, sha256, summary, reject, timings, counts = self.metas[pos]
        pieces = {}
        if summary is not None:
            split = summary["split"]
            for t, start, n in zip(ROW_TABLES, self.starts[pos], counts, strict=True):
                if n:
                    pieces[t] = Piece(self.batches[t, split], start, n)
        return Packed(source_file, sha256, summary, reject, dict(timings), pieces)


# ---------------------------------------------------------------- cache

def default_cache_dir() -> Path:
    """``$UNLETTERS_CACHE``, else ``$XDG_CACHE_HOME/unletters``, else ``~/.cache/unletters``."""
    if os.environ.get("UNLETTERS_CACHE"):
        return Path(os.environ["UNLETTERS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "unletters"


#: seconds a build waits for another build that holds the cache file locked
_LOCK_PATIENCE = 120.0
#: keys looked up in one query (SQLite allows at least 999 parameters)
_KEYS_PER_QUERY = 500


class Cache:
    """Results of earlier builds, keyed by file (path, size, mtime), options and pipeline version.

    Kept in one SQLite file outside the output folder: table ``batches`` holds :func:`pack` blobs
    (named by their SHA-256), table ``letters`` maps a letter's key to its batch and position. The
    stored result carries the raw file's SHA-256; a file whose size or modification time changed
    is parsed again. On close, entries of other pipeline versions (which can never be hit again)
    and batches no letter points to are deleted, so the file does not grow with every code change.
    """

    def __init__(self, folder: Path | None) -> None:
        self.db = None
        self._open: dict[str, Batch] = {}
        if folder is None:
            return
        import sqlite3

        folder.mkdir(parents=True, exist_ok=True)
        # short transactions (one per batch) and a patient lock: builds may share the cache
        self.db = sqlite3.connect(str(folder / "results.sqlite"), timeout=_LOCK_PATIENCE)
        # builds that open a new cache file at the same moment race to set it up, and SQLite may
        # refuse the switch to WAL at once, without waiting for the lock: try again meanwhile
        deadline = time.monotonic() + _LOCK_PATIENCE
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        self.db.execute("PRAGMA synchronous=NORMAL")  # a cache: durable enough without a sync per commit
        self.db.execute("DROP TABLE IF EXISTS results")  # the layout before batches
        self.db.execute("CREATE TABLE IF NOT EXISTS letters (key TEXT PRIMARY KEY, version TEXT, sha256 TEXT, batch TEXT, pos INTEGER)")
        self.db.execute("CREATE TABLE IF NOT EXISTS batches (batch TEXT PRIMARY KEY, blob BLOB)")

    @staticmethod
    def version() -> str:
        """The pipeline version a cache entry belongs to."""
        return f"{code_digest()}\x00{__version__}"

    def _key(self, entry: Entry, options: str, version: str) -> str:
        return hashlib.sha256(f"{version}\x00{options}\x00{entry.stat_key}".encode()).hexdigest()

    def get(self, entry: Entry, options: str) -> tuple[str, int] | None:
        """Where the result of an unchanged file is kept (batch name, position), or None."""
        return self.lookup([entry], options)[0]

    def lookup(self, entries: list[Entry], options: str) -> list[tuple[str, int] | None]:
        """:meth:`get` of each of ``entries``, a few hundred keys per query."""
        if self.db is None:
            return [None] * len(entries)
        version = self.version()
        keys = [None if e.reject is not None else self._key(e, options, version) for e in entries]
        wanted = [k for k in keys if k is not None]
        found: dict[str, tuple[str, int]] = {}
        for at in range(0, len(wanted), _KEYS_PER_QUERY):
            chunk = wanted[at : at + _KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            for key, batch, pos in self.db.execute(f"SELECT key, batch, pos FROM letters WHERE key IN ({marks})", chunk):
                found[key] = (batch, pos)
        return [None if k is None else found.get(k) for k in keys]

    def batch(self, name: str) -> Batch:
        """A stored batch, opened (the last few opened are kept: a batch's letters come together)."""
        got = self._open.get(name)
        if got is None:
            assert self.db is not None
            (blob,) = self.db.execute("SELECT blob FROM batches WHERE batch=?", (name,)).fetchone()
            got = self._open[name] = Batch(bytes(blob))
            while len(self._open) > 4:
                del self._open[next(iter(self._open))]
        return got

    def put(self, entries: list[Entry], options: str, blob: bytes, batch: Batch) -> None:
        """Store a batch of fresh results; letters whose reject may be transient are left out."""
        if self.db is None:
            return
        name = hashlib.sha256(blob).hexdigest()[:32]
        version = self.version()
        keep = [(self._key(e, options, version), version, m[1], name, pos)
                for pos, (e, m) in enumerate(zip(entries, batch.metas, strict=True))
                if e.reject is None and (m[3] is None or m[3]["reason"] not in TRANSIENT)]
        if keep:
            with self.db:  # one transaction, committed: another build's writes wait only this long
                self.db.execute("INSERT OR REPLACE INTO batches VALUES (?, ?)", (name, blob))
                self.db.executemany("INSERT OR REPLACE INTO letters VALUES (?, ?, ?, ?, ?)", keep)

    def blobs(self) -> MutableMapping[str, bytes] | None:
        """A key -> bytes store in the same file (the card's plots keep their PNGs there)."""
        if self.db is None:
            return None
        self.db.execute("CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, blob BLOB)")
        return _Blobs(self.db)

    def close(self) -> None:
        """Drop entries that can never be hit again, commit and close."""
        if self.db is not None:
            self.db.execute("DELETE FROM letters WHERE version != ?", (self.version(),))
            self.db.execute("DELETE FROM batches WHERE batch NOT IN (SELECT batch FROM letters)")
            self.db.commit()
            self.db.close()
            self.db = None


class _Blobs(MutableMapping[str, bytes]):
    """The ``blobs`` table of the cache file as a mapping."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def __getitem__(self, key: str) -> bytes:
        row = self.db.execute("SELECT blob FROM blobs WHERE key=?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return bytes(row[0])

    def __setitem__(self, key: str, value: bytes) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?)", (key, value))

    def __delitem__(self, key: str) -> None:
        with self.db:
            gone = self.db.execute("DELETE FROM blobs WHERE key=?", (key,)).rowcount
        if gone == 0:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter([k for (k,) in self.db.execute("SELECT key FROM blobs ORDER BY key")])

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM blobs").fetchone()[0])


# ---------------------------------------------------------------- the build

@dataclass
class BuildReport:
    """What a build did: counts that always add up (files = documents + rejects)."""

    files: int = 0
    documents: int = 0
    rejects: Counter[str] = field(default_factory=Counter)
    warnings: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    cached: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False

    def lines(self) -> list[str]:
        """The summary printed after a build."""
        rej = sum(self.rejects.values())
        out = [f"files: {self.files}  documents: {self.documents}  rejects: {rej}  warnings: {self.warnings}"]
        for reason, n in sorted(self.rejects.items()):
            out.append(f"  rejected {reason}: {n}")
        if self.rows:
            out.append("rows: " + "  ".join(f"{t}={n}" for t, n in self.rows.items()))
        out.append(f"time: {self.seconds:.2f} s ({self.files / self.seconds if self.seconds else 0:.0f} files/s), {self.cached} from cache")
        return out


def iter_results(entries: list[Entry], *, jobs: int, max_bytes: int, ocr: bool | None, cache: Cache,
                 options: str, timeout: float | None = DEFAULT_TIMEOUT,
                 ) -> Iterator[tuple[Entry, Packed, bool]]:
    """Results in entry order: from the cache, or processed (in ``jobs`` processes)."""
    todo: list[Entry] = []
    plan: list[tuple[Entry, tuple[str, int] | None]] = []
    for e, hit in zip(entries, cache.lookup(entries, options), strict=True):
        plan.append((e, hit))
        if hit is None:
            todo.append(e)
    chunks = batches(todo, jobs)
    fresh: Iterator[bytes]
    ctx = None
    if jobs <= 1 or len(chunks) < 2:
        fresh = (_work(chunk, max_bytes, ocr, timeout) for chunk in chunks)
        pool = None
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        if ctx is not None:
            # load the knowledge (gazetteers, patterns, validators) once, here: forked workers
            # share it instead of each loading it, which would cost a core-second per worker;
            # frozen, so that no collection in any process walks those objects again
            # (the collector paused meanwhile: it would only walk the new, long-lived objects)
            gc.disable()
            try:
                warm_up()
                import pyarrow  # noqa: F401  (the workers convert rows with it, the parent writes with it)
            finally:
                gc.enable()
            gc.freeze()
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_forked_worker if ctx else warm_up)
        fresh = _windowed(pool, chunks, jobs * 4, max_bytes, ocr, timeout)
    current: Batch | None = None
    used = 0
    unpacked = iter(chunks)
    try:
        for e, hit in plan:
            if hit is not None:
                yield e, cache.batch(hit[0]).letter(hit[1]), True
                continue
            if current is None or used == len(current):
                blob = next(fresh)
                current, used = Batch(blob), 0
                cache.put(next(unpacked), options, blob, current)
            used += 1
            yield e, current.letter(used - 1), False
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
            if ctx is not None:
                gc.unfreeze()


#: letters per batch: at most (a batch's fixed costs, such as its Arrow conversion, its row
#: checks and its cache transaction, are paid once per batch), and at least (toward the end)
BATCH_MOST, BATCH_LEAST = 64, 4


def batches(todo: list[Entry], jobs: int) -> list[list[Entry]]:
    """``todo`` cut into consecutive batches, large first, then smaller toward the end.

    A batch holds an eighth of what is left per worker, between :data:`BATCH_LEAST` and
    :data:`BATCH_MOST` letters, so that the last batches are small and the workers finish
    together instead of one of them working alone through a large last batch. The output does
    not depend on how the letters are batched.
    """
    out = []
    i = 0
    while i < len(todo):
        size = max(BATCH_LEAST, min(BATCH_MOST, (len(todo) - i) // (8 * max(jobs, 1))))
        out.append(todo[i:i + size])
        i += size
    return out


def _forked_worker() -> None:
    """Set up a forked worker: spare it the import of pandas (about 0.4 s of CPU per worker).

    pyarrow imports pandas the first time it converts a Python list, only to ask whether the list
    is a pandas object. A worker converts nothing but lists of plain values, so it lets that one
    import fail, which pyarrow records as "no pandas" for its list conversions; pyarrow still
    imports pandas if the worker ever asks it for pandas objects. Nothing changes in a process
    that had already imported pandas before the fork.
    """
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    with _blocked("pandas", "in a build worker"):
        pa.array([0])


def import_pyarrow_without_numpy() -> None:
    """Import pyarrow without letting it import NumPy: about 0.2 s of CPU less in the serial
    start of a build, before the workers fork (pyarrow 18 and later run without NumPy).

    Only for a process that ends with its build, as the ``unletters`` command does: pyarrow
    decides once, when it is imported, whether NumPy is there, so in this process it can no
    longer give NumPy or pandas objects (the build asks for none). Nothing is done when pyarrow
    or NumPy is imported already.
    """
    if "pyarrow" in sys.modules or "numpy" in sys.modules:
        return
    with _blocked("numpy", "while pyarrow is imported for a build"):
        import pyarrow  # noqa: F401


@contextlib.contextmanager
def _blocked(package: str, why: str) -> Iterator[None]:
    """In the block, ``import package`` (and of its modules) fails at once with an ImportError."""
    blocker = _Blocker(package, why)
    sys.meta_path.insert(0, blocker)
    try:
        yield
    finally:
        sys.meta_path.remove(blocker)


class _Blocker:
    """A meta path finder under which importing one package fails at once."""

    def __init__(self, package: str, why: str) -> None:
        self.package, self.why = package, why

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == self.package or name.startswith(self.package + "."):
            raise ImportError(f"{name} is not imported {self.why}")


def _windowed(pool: ProcessPoolExecutor, chunks: list[list[Entry]], window: int, max_bytes: int,
              ocr: bool | None, timeout: float | None) -> Iterator[bytes]:
    """:func:`pack` blobs of ``chunks``, in order, with at most ``window`` batches queued at a time.

    The first window is submitted at once (the workers start now, not when the caller first
    asks), so that they parse while the caller works through results that came from the cache.
    """
    pending: list[Future[bytes]] = []
    nxt = 0

    def top_up() -> None:
        nonlocal nxt
        while nxt < len(chunks) and len(pending) < window:
            pending.append(pool.submit(_work, chunks[nxt], max_bytes, ocr, timeout))
            nxt += 1

    def results() -> Iterator[bytes]:
        while pending:
            done = pending.pop(0)
            top_up()
            yield done.result()

    top_up()
    return results()


def build(corpus: Path, out: Path, *, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          ocr: bool | None = None, cache_dir: Path | None = None, use_cache: bool = True,
          progress: bool | None = None,
          catalog: bool = True, timeout: float | None = DEFAULT_TIMEOUT,
          entries: list[Entry] | None = None) -> BuildReport:
    """Build ``corpus`` into the dataset folder ``out``; return the :class:`BuildReport`.

    ``entries`` is ``walk(corpus)`` when the caller has it already. Raises ``FileNotFoundError``
    when the corpus folder does not exist.
    """
    from unletters.card import CardStats, write_card
    from unletters.dataset import REJECT_SPLIT, ParquetSink

    t0 = time.perf_counter()
    # the build keeps many small objects alive (buffered rows): collect young garbage less often
    old_gc = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus} does not exist")
    out = Path(out)
    jobs = jobs or os.cpu_count() or 1
    cache = Cache((cache_dir or default_cache_dir()) if use_cache else None)
    options = f"max_bytes={max_bytes};ocr={ocr}"
    if entries is None:
        entries = walk(corpus)
    catalogs = _load_catalog(corpus) if catalog else {}

    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    report = BuildReport(files=len(entries))
    sink = ParquetSink(tmp)
    stats = CardStats()
    seen_text: dict[str, str] = {}
    bar = _progress(len(entries), progress)
    try:
        for entry, res, cached in iter_results(entries, jobs=jobs, max_bytes=max_bytes, ocr=ocr, cache=cache,
                                               options=options, timeout=timeout):
            report.cached += cached
            for k, v in res.timings.items():
                report.stage_seconds[k] = report.stage_seconds.get(k, 0.0) + v
            summary = res.summary
            reject = res.reject
            if summary is not None:
                key = summary["text_sha256"]
                if key in seen_text:
                    summary, reject = None, reject_row(entry.rel, res.sha256, entry.size, "duplicate",
                                                       f"{entry.rel}: same text as {seen_text[key]}, which was kept")
                else:
                    seen_text[key] = entry.rel
            if summary is not None:
                split = summary["split"]
                warnings = summary["warnings"]
                if catalogs and res.sha256 in catalogs:
                    doc = _join_catalog(res.document() or {}, catalogs[res.sha256])
                    warnings = len(doc["parse_warnings"])
                    sink.add("documents", split, [doc])
                else:
                    sink.add_piece("documents", split, res.pieces["documents"])
                for table in SPAN_TABLES:
                    if table in res.pieces:
                        sink.add_piece(table, split, res.pieces[table])
                report.documents += 1
                report.warnings += warnings
                stats.add(summary, summary["cited"])
            else:
                assert reject is not None
                sink.add("rejects", REJECT_SPLIT, [reject])
                report.rejects[reject["reason"]] += 1
                stats.add_reject(reject)
            if bar is not None:
                bar.update(1)
        counts = sink.close()
        for (table, _split), n in sorted(counts.items()):
            report.rows[table] = report.rows.get(table, 0) + n
        write_card(tmp, stats, corpus=corpus, plot_cache=cache.blobs())
        _replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        gc.set_threshold(*old_gc)
        if bar is not None:
            bar.close()
        cache.close()
    report.seconds = time.perf_counter() - t0
    assert report.documents + sum(report.rejects.values()) == report.files
    return report


def _progress(total: int, progress: bool | None) -> Any:
    if progress is None:
        progress = sys.stderr.isatty() and total > 50
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="build", file=sys.stderr, smoothing=0.1)


def _replace(tmp: Path, out: Path) -> None:
    """Put the finished build in place of ``out``; the old one is removed only afterwards."""
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def recover(out: Path) -> None:
    """Restore a previous dataset if a build died between its two renames."""
    old = out.parent / f".{out.name}.old"
    if old.exists() and not out.exists():
        os.replace(old, out)


def _load_catalog(corpus: Path) -> dict[str, dict[str, Any]]:
    from unletters.manifest import MANIFEST, corpus_root

    parent = corpus.parent if corpus.name == "raw" else corpus
    # without a manifest where the catalogue's reader looks there is nothing to join, and the
    # reader (about 40 ms of imports) is not loaded
    if not (corpus_root(parent) / MANIFEST).is_file():
        return {}
    try:
        from unletters.acquire.catalog import load_catalog
    except ImportError:
        return {}
    try:
        return load_catalog(parent)
    except FileNotFoundError:
        return {}


def _join_catalog(doc: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    from unletters.acquire.catalog import compare

    doc = dict(doc)
    doc["catalog"] = record
    doc["parse_warnings"] = list(doc["parse_warnings"]) + compare(doc, record)
    return doc


def fingerprint(entries: list[Entry], extra: str) -> str:
    """A digest of the corpus listing (paths, sizes, modification times) and build options."""
    h = hashlib.sha256(f"{code_digest()}\x00{__version__}\x00{extra}\n".encode())
    for e in entries:
        h.update(e.stat_key.encode("utf-8", "surrogateescape") + b"\x00" + json.dumps(e.reject, sort_keys=True).encode() + b"\n")
    return h.hexdigest()
