"""``acquire`` end to end, in two resumable phases.

1. Harvest: page through OAI-PMH ``ListRecords``; every record that ``select`` accepts is kept
   as ``<corpus>/catalog/<record_id>.xml``. The state (window, resumption token) is saved in
   ``<corpus>/.acquire-state.json`` after every page.
2. Fetch: every catalogued letter that has no row in ``<corpus>/MANIFEST.csv`` gets its English
   PDF (ODS by symbol, then optionally the Digital Library's own link), written to
   ``<corpus>/raw/<symbol>.pdf`` with a manifest row. Misses are remembered in the state file and
   not retried unless asked, so a rerun downloads nothing it already has or already missed.

The retrieval date is passed in (the CLI reads the clock); nothing here reads it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unletters.acquire import catalog as cat
from unletters.acquire.fetch import Http, fetch_letter, pdf_problem
from unletters.acquire.marc import parse_record, record_to_xml
from unletters.acquire.oai import Harvester, OaiPage, update_state_file
from unletters.acquire.select import selected
from unletters.manifest import read_manifest, sha256_file, write_manifest

DEFAULT_OAI_URL = "https://digitallibrary.un.org/oai2d"
DEFAULT_FILES_URL = "https://documents.un.org"
STATE_FILE = ".acquire-state.json"
TMP_DIR = ".acquire-tmp"


@dataclass(frozen=True)
class AcquireConfig:
    """What to acquire and where. ``raw_dir`` is the raw folder (``corpus/raw``); the manifest,
    the catalogue and the state sit in its parent. ``since``/``until`` bound the OAI datestamps
    (``until`` ``None``: open-ended, ``today`` then closes the last window); ``issued_from`` /
    ``issued_to`` filter on the issue date (269)."""

    raw_dir: Path
    since: str
    until: str | None = None
    today: str | None = None
    organ: str | None = None
    limit: int | None = None
    oai_url: str = DEFAULT_OAI_URL
    files_url: str = DEFAULT_FILES_URL
    set_spec: str | None = None
    window_months: int = 1
    issued_from: str | None = None
    issued_to: str | None = None
    library_fallback: bool = False
    retry_misses: bool = False
    max_consecutive_misses: int = 25

    @property
    def root(self) -> Path:
        """The corpus root (parent of the raw folder)."""
        return self.raw_dir.parent


@dataclass
class Summary:
    """Counts of one run and why it stopped (``stopped`` empty when it ran to the end)."""

    pages: int = 0
    records: int = 0
    letters: int = 0
    downloaded: list[str] = field(default_factory=list)
    already: int = 0
    misses: dict[str, str] = field(default_factory=dict)
    harvest_done: bool = False
    stopped: str = ""


def safe_name(symbol: str) -> str:
    """A file name stem for a symbol: ``/`` and anything outside ``[A-Za-z0-9.()-]`` become ``_``."""
    return re.sub(r"[^A-Za-z0-9.()\-]+", "_", symbol.strip()).strip("_") or "untitled"


def _write_if_changed(path: Path, data: bytes, tmp_dir: Path | None = None) -> bool:
    """Write ``data`` atomically (a temporary file in ``tmp_dir``, default the target's folder,
    then a rename) unless the file already holds exactly it; True when written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = tmp_dir or path.parent
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / (path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def _load_misses(path: Path) -> dict[str, str]:
    """Record ids whose file could not be fetched, with the reason (from the state file)."""
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")).get("misses") or {})
    except (OSError, ValueError):
        return {}


def _save_misses(path: Path, misses: dict[str, str]) -> None:
    """Store the misses in the state file, keeping its other entries."""
    update_state_file(path, "misses", dict(sorted(misses.items(), key=lambda kv: (len(kv[0]), kv[0]))))


def harvest(cfg: AcquireConfig, http: Http, summary: Summary, log: Callable[[str], None]) -> None:
    """Phase 1: harvest and keep the selected records in the catalogue folder."""
    catalog_dir = cfg.root / cat.CATALOG_DIR
    open_until = cfg.until is None
    harvester = Harvester(
        http=http,
        base_url=cfg.oai_url,
        since=cfg.since,
        until=cfg.until if cfg.until is not None else cfg.today,
        open_until=open_until,
        state_path=cfg.root / STATE_FILE,
        set_spec=cfg.set_spec,
        window_months=cfg.window_months,
        log=log,
    )

    def process(page: OaiPage) -> bool:
        summary.pages += 1
        summary.records += len(page.records)
        for rec in page.records:
            if rec.deleted or rec.metadata is None:
                continue
            parsed = parse_record(rec.metadata)
            rid = parsed["record_id"]
            if not rid or not rid.isdigit():
                continue
            if not selected(parsed, organ=cfg.organ, issued_from=cfg.issued_from, issued_to=cfg.issued_to):
                continue
            summary.letters += 1
            _write_if_changed(catalog_dir / f"{rid}.xml", record_to_xml(rec.metadata))
        return cfg.limit is None or summary.letters < cfg.limit

    state = harvester.run(process)
    summary.harvest_done = state.done


def _catalogued(catalog_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """(record id, parsed record) of every catalogue file, by numeric record id."""
    out = []
    for path in sorted(catalog_dir.glob("*.xml"), key=lambda p: (len(p.stem), p.stem)):
        record = cat.read_catalog_record(path)
        if record is not None and record.get("record_id"):
            out.append((path.stem, record))
    return out


def fetch_files(
    cfg: AcquireConfig,
    http: Http,
    retrieved: str,
    summary: Summary,
    log: Callable[[str], None],
) -> None:
    """Phase 2: download the English PDF of every catalogued letter without a manifest row."""
    root = cfg.root
    manifest_path = root / cat.MANIFEST
    state_path = root / STATE_FILE
    rows = read_manifest(manifest_path)
    by_record = {r["record_id"]: r for r in rows if r.get("record_id")}
    by_sha = {r["sha256"]: r for r in rows if r.get("sha256")}
    taken = {r["file"] for r in rows}
    misses = _load_misses(state_path)
    consecutive = attempts = 0
    library_url = cfg.oai_url if cfg.library_fallback else None
    for rid, record in _catalogued(root / cat.CATALOG_DIR):
        if not selected(record, organ=cfg.organ, issued_from=cfg.issued_from, issued_to=cfg.issued_to):
            continue
        row = by_record.get(rid)
        if row is not None and (cfg.raw_dir / row["file"]).exists():
            summary.already += 1
            continue
        if rid in misses and not cfg.retry_misses:
            continue
        if cfg.limit is not None and attempts >= cfg.limit:
            summary.stopped = f"--limit {cfg.limit} reached"
            break
        symbols = record.get("symbols") or []
        name = f"{safe_name(symbols[0]) if symbols else 'record'}.pdf"
        if name in taken and (row is None or row["file"] != name):
            name = f"{name[:-4]}_{rid}.pdf"
        target = cfg.raw_dir / name
        attempts += 1
        if target.exists() and pdf_problem(target.read_bytes()) is None and row is None:
            # Written by an interrupted run before its manifest row: adopt it, no request.
            body, url, source = target.read_bytes(), "", "UN Digital Library / ODS"
            note = "file found on disk without a manifest row; adopted"
        else:
            got = fetch_letter(http, record, files_url=cfg.files_url, library_url=library_url)
            if got.body is None:
                misses[rid] = "; ".join(got.tried)
                summary.misses[rid] = misses[rid]
                _save_misses(state_path, misses)
                log(f"miss {rid} ({' '.join(symbols)}): {misses[rid]}")
                consecutive += 1
                if consecutive >= cfg.max_consecutive_misses:
                    summary.stopped = (
                        f"{consecutive} misses in a row: the file server may be refusing requests; "
                        "stopped, rerun later to resume"
                    )
                    break
                continue
            body, url, source = got.body, got.url or "", got.source or ""
            note = f"earlier tries missed: {'; '.join(got.tried)}" if got.tried else ""
        consecutive = 0
        sha = hashlib.sha256(body).hexdigest()
        dup = by_sha.get(sha)
        if dup is not None and dup.get("record_id") != rid:
            misses[rid] = f"same bytes as {dup['file']} (record {dup.get('record_id') or '-'})"
            summary.misses[rid] = misses[rid]
            _save_misses(state_path, misses)
            continue
        # The temporary file stays out of raw/, which holds letters and nothing else.
        _write_if_changed(target, body, tmp_dir=root / TMP_DIR)
        if sha256_file(target) != sha:
            raise OSError(f"{target}: bytes on disk differ from the bytes downloaded")
        new_row: dict[str, str] = {
            "file": name,
            "sha256": sha,
            "bytes": str(len(body)),
            "source": source,
            "note": note,
            "record_id": rid,
            "symbols": " ".join(symbols),
            "url": url,
            "retrieved": retrieved,
        }
        rows = [r for r in rows if r.get("record_id") != rid and r["file"] != name] + [new_row]
        write_manifest(manifest_path, rows)
        by_record[rid] = new_row
        by_sha[sha] = new_row
        taken.add(name)
        if rid in misses:
            del misses[rid]
            _save_misses(state_path, misses)
        summary.downloaded.append(name)
        log(f"got {name} ({len(body)} bytes) for record {rid}")


def acquire(cfg: AcquireConfig, http: Http, retrieved: str, log: Callable[[str], None] = print) -> Summary:
    """Harvest then fetch (see the module docstring); returns the run's summary. Network
    failures of the harvest propagate after its state is saved; fetch misses are recorded."""
    cfg.raw_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    harvest(cfg, http, summary, log)
    fetch_files(cfg, http, retrieved, summary, log)
    return summary
