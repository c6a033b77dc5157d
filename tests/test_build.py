"""The build end to end: gold, determinism, rejects, counts, crash safety, cache, offline loading."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, DOCUMENTS, GOLD, ROOT, SCORE, need

from unletters.build import build
from unletters.cli import main as cli_main
from unletters.schema import SPAN_TABLES, TABLES, arrow_schema

CLI = [sys.executable, "-m", "unletters.cli"]


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _rows(out: Path, table: str) -> list[dict]:
    rows: list[dict] = []
    for f in sorted((out / "data" / table).glob("*.parquet")):
        rows.extend(pq.read_table(f).to_pylist())
    return rows


@pytest.fixture
def corpus_build(corpus_dataset: Path) -> Path:
    return corpus_dataset


def test_seed_scores_perfect_metadata_and_no_missing_document(corpus_build: Path) -> None:
    need(GOLD)
    res = subprocess.run([sys.executable, str(need(SCORE)), str(corpus_build), str(GOLD), "--json"],
                         capture_output=True, text=True, check=True)
    score = json.loads(res.stdout)
    assert score["documents_missing"] == []
    assert score["field_errors"] == []
    assert score["metadata_accuracy"] == 1.0
    assert score["span_errors"] == 0


def test_every_span_row_points_into_its_document_text(corpus_build: Path) -> None:
    texts = {d["doc_id"]: d["text"] for d in _rows(corpus_build, "documents")}
    n = 0
    for table in SPAN_TABLES:
        for r in _rows(corpus_build, table):
            assert texts[r["doc_id"]][r["start"]:r["end"]] == r["surface"], (table, r)
            n += 1
    assert n > 0


def test_parquet_files_carry_the_schema_derived_arrow_schema(corpus_build: Path) -> None:
    for table in TABLES:
        files = sorted((corpus_build / "data" / table).glob("*.parquet"))
        assert files, table
        for f in files:
            assert pq.read_schema(f).remove_metadata().equals(arrow_schema(table)), f


def test_two_builds_are_byte_identical(tmp_path: Path, corpus_build: Path) -> None:
    again = tmp_path / "again"
    build(CORPUS, again, jobs=2, use_cache=False, progress=False)
    assert _tree_bytes(again) == _tree_bytes(corpus_build)


def test_cached_rebuild_is_byte_identical_to_a_cold_build(tmp_path: Path, corpus_build: Path) -> None:
    cache = tmp_path / "cache"
    build(CORPUS, tmp_path / "a", jobs=1, cache_dir=cache, progress=False)
    report = build(CORPUS, tmp_path / "b", jobs=1, cache_dir=cache, progress=False)
    assert report.cached == report.files
    assert _tree_bytes(tmp_path / "b") == _tree_bytes(corpus_build)


def test_real_non_letters_are_each_rejected_as_not_a_letter(tmp_path: Path) -> None:
    files = sorted(need(DOCUMENTS).glob("*.txt"))
    raw = tmp_path / "raw"
    raw.mkdir()
    for f in files:
        shutil.copy(f, raw / f.name)
    report = build(raw, tmp_path / "out", jobs=2, use_cache=False, progress=False)
    assert report.documents == 0
    assert report.rejects == {"not-a-letter": len(files)}
    rejects = _rows(tmp_path / "out", "rejects")
    assert sorted(r["source_file"] for r in rejects) == [f.name for f in files]
    assert all(r["detail"].startswith(r["source_file"] + ": ") for r in rejects)


def test_counts_add_up_and_strict_exits_non_zero(tmp_path: Path, seed_bytes: bytes) -> None:
    raw = tmp_path / "raw"
    (raw / "sub dir").mkdir(parents=True)
    (raw / "a.txt").write_bytes(seed_bytes)
    (raw / "sub dir" / "copy é.txt").write_bytes(seed_bytes)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "noise.bin").write_bytes(os.urandom(4096))
    os.symlink("/etc/hostname", raw / "outside")
    out = tmp_path / "out"
    code = cli_main(["build", "--corpus", str(raw), "--out", str(out), "--no-cache", "--jobs", "1"])
    assert code == 0
    docs, rejects = _rows(out, "documents"), _rows(out, "rejects")
    assert len(docs) + len(rejects) == 5
    assert {r["reason"] for r in rejects} == {"duplicate", "empty", "binary", "outside-corpus"}
    dup = next(r for r in rejects if r["reason"] == "duplicate")
    assert dup["source_file"] == "sub dir/copy é.txt" and "a.txt" in dup["detail"]
    assert cli_main(["build", "--corpus", str(raw), "--out", str(out), "--no-cache", "--strict", "--jobs", "1"]) == 1


def test_an_error_inside_one_letter_is_an_extraction_error_reject(tmp_path: Path, seed_bytes: bytes,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import unletters.citations

    def boom(doc: dict) -> list:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(unletters.citations, "extract_citations", boom)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(seed_bytes)
    report = build(raw, tmp_path / "out", jobs=1, use_cache=False, progress=False)
    assert report.rejects == {"extraction-error": 1}
    (row,) = _rows(tmp_path / "out", "rejects")
    assert "ZeroDivisionError" in row["detail"] and "citations" in row["detail"]


@pytest.mark.parametrize("fault", ["none", "bad surface", "bad schema", "bad documents row"])
def test_batch_validation_has_exactly_the_effect_of_per_letter_validation(
        tmp_path: Path, seed_bytes: bytes, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    # the build validates a batch's rows at once; a letter with a bad row must end exactly as
    # process(validate=True) leaves it (bad span rows dropped with a warning, a bad documents row
    # an extraction-error reject), and its good neighbours untouched
    import unletters.entities
    import unletters.parsing
    from unletters.build import Batch, _work, pack, process_entry, walk

    real_entities, real_parse = unletters.entities.extract_entities, unletters.parsing.parse_letter

    def entities(doc: dict) -> list:
        rows = real_entities(doc)
        if doc["source_file"] == "b.txt" and fault == "bad surface":
            rows[0] = {**rows[0], "surface": rows[0]["surface"] + "x"}
        if doc["source_file"] == "b.txt" and fault == "bad schema":
            rows[1] = {**rows[1], "type": "WEAPON"}
        return rows

    def parse(text: str) -> dict:
        fields = real_parse(text)
        if fault == "bad documents row" and "Reference 2" in text:
            fields["letter_date"] = "2 September 2021"  # not an ISO date
        return fields

    monkeypatch.setattr(unletters.entities, "extract_entities", entities)
    monkeypatch.setattr(unletters.parsing, "parse_letter", parse)
    raw = tmp_path / "raw"
    raw.mkdir()
    for i, name in enumerate(["a.txt", "b.txt", "c.txt"], 1):
        (raw / name).write_bytes(seed_bytes + f"\nReference {i}.\n".encode())
    entries = walk(raw)
    together = Batch(_work(entries, 10**7, None, None))
    batched = [together.letter(i) for i in range(len(together))]
    single = [Batch(pack([process_entry(e, timeout=None)])).letter(0) for e in entries]
    tables = ("documents", "citations", "entities", "events")
    for got, want in zip(batched, single, strict=True):
        assert (got.source_file, got.sha256, got.summary, got.reject) == (want.source_file, want.sha256, want.summary, want.reject)
        assert [got.rows(t) for t in tables] == [want.rows(t) for t in tables]
    warnings = [p.document()["parse_warnings"] if p.summary else p.reject["reason"] for p in batched]
    if fault == "none":
        assert all(not any("dropped" in w for w in ws) for ws in warnings)
    elif fault == "bad documents row":
        assert warnings[1] == "extraction-error" and batched[0].summary and batched[2].summary
    else:
        assert sum("dropped a entities row" in w for w in warnings[1]) == 1
        assert not any("dropped" in w for w in warnings[0] + warnings[2])


def test_a_killed_build_leaves_the_previous_dataset_intact(tmp_path: Path, seed_bytes: bytes) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(400):  # enough work that the kill lands mid-build
        (raw / f"l{i:04d}.txt").write_bytes(seed_bytes.replace(b"Yashar Aliyev", f"Yashar Aliyev {i}".encode()))
    out = tmp_path / "out"
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_bytes(seed_bytes)
    build(small, out, jobs=1, use_cache=False, progress=False)
    before = _tree_bytes(out)
    proc = subprocess.Popen([*CLI, "build", "--corpus", str(raw), "--out", str(out), "--no-cache", "--jobs", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".out.tmp-*")):
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _tree_bytes(out) == before


def test_no_op_rebuild_exits_early_and_a_changed_file_is_rebuilt(tmp_path: Path, seed_bytes: bytes) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(seed_bytes)
    env = {**os.environ, "UNLETTERS_CACHE": str(tmp_path / "cache")}
    args = [*CLI, "build", "--corpus", str(raw), "--out", str(tmp_path / "out"), "--jobs", "1"]
    first = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "documents: 1" in first.stdout
    second = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert second.stdout.startswith("nothing changed")
    (raw / "b.txt").write_bytes(seed_bytes.replace(b"Yashar", b"Jashar"))
    third = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "documents: 2" in third.stdout and "1 from cache" in third.stdout


def test_every_config_loads_offline_with_the_parquet_row_counts(tmp_path: Path, seed_bytes: bytes,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    import datasets

    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(12):
        (raw / f"l{i:02d}.txt").write_bytes(seed_bytes.replace(b"Yashar Aliyev", f"Yashar Aliyev {i}".encode()))
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    build(raw, out, jobs=1, use_cache=False, progress=False)
    configs = datasets.get_dataset_config_names(str(out))
    assert set(configs) == set(TABLES)
    for table in TABLES:
        ds = datasets.load_dataset(str(out), table)
        assert sum(s.num_rows for s in ds.values()) == len(_rows(out, table)), table
        if table in SPAN_TABLES:
            for split in ds.values():
                if split.num_rows:
                    assert isinstance(split[0]["start"], int)
    docs = datasets.load_dataset(str(out), "documents")
    for split, d in docs.items():
        ids = set(d["doc_id"])
        cits = datasets.load_dataset(str(out), "citations")
        if split in cits:
            assert set(cits[split]["doc_id"]) <= ids, "a letter's rows sit in the same split in every table"


def test_a_file_that_takes_too_long_becomes_a_timeout_reject_and_is_not_cached(
        tmp_path: Path, seed_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    import unletters.build as b

    def slow(data: bytes, name: str, **kw: object) -> None:
        time.sleep(5)

    monkeypatch.setattr(b, "process", slow)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(seed_bytes)
    (entry,) = b.walk(raw)
    t0 = time.time()
    assert b.process_entry(entry, timeout=0.3).reject["reason"] == "timeout"
    assert time.time() - t0 < 3, "the limit interrupts the work"
    report = build(raw, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache", progress=False, timeout=0.3)
    assert report.rejects == {"timeout": 1}
    (row,) = _rows(tmp_path / "out", "rejects")
    assert "0.3 s" in row["detail"] and row["source_file"] == "a.txt"
    monkeypatch.undo()
    again = build(raw, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache", progress=False)
    assert again.documents == 1 and again.cached == 0


def test_parquet_sink_keeps_row_order_across_row_dicts_pieces_row_groups_and_shards(tmp_path: Path) -> None:
    from unletters.dataset import ParquetSink, Piece, to_record_batch
    from unletters.schema import columns

    def row(i: int) -> dict:
        return {"source_file": f"f{i:03d}.txt", "sha256": None, "bytes": i, "reason": "empty", "detail": f"d{i}"}

    sink = ParquetSink(tmp_path, row_group_rows=4, shard_rows={"rejects": 7})
    i = 0
    for size, as_piece in [(1, False), (2, True), (3, False), (5, True), (1, False), (9, False), (2, True)]:
        rows = [row(i + k) for k in range(size)]
        i += size
        if as_piece:
            # the rows as pieces of a record batch with rows around them: contiguous pieces merge
            batch = to_record_batch("rejects", [row(-1), *rows, row(-2)])
            for k in range(size):
                sink.add_piece("rejects", "train", Piece(batch, 1 + k, 1))
        else:
            sink.add("rejects", "train", rows)
    counts = sink.close()
    assert counts[("rejects", "train")] == i == 23
    files = sorted((tmp_path / "data" / "rejects").glob("train-*.parquet"))
    assert [f.name for f in files] == [f"train-{n:05d}-of-00004.parquet" for n in range(4)]
    tables = [pq.read_table(f) for f in files]
    assert [t.num_rows for t in tables] == [7, 7, 7, 2]
    got = [r for t in tables for r in t.to_pylist()]
    assert got == [row(k) for k in range(23)]
    assert tuple(tables[0].column_names) == columns("rejects")
    # only the columns with a closed set of values (a schema `enum`) are dictionary-encoded
    meta = pq.ParquetFile(files[0]).metadata.row_group(0)
    encoded = {meta.column(k).path_in_schema: "RLE_DICTIONARY" in meta.column(k).encodings for k in range(meta.num_columns)}
    assert encoded == {"source_file": False, "sha256": False, "bytes": False, "reason": True, "detail": False}
    # empty splits still get a file each
    assert sorted(p.name for p in (tmp_path / "data" / "documents").glob("*.parquet")) == [
        "test-00000-of-00001.parquet", "train-00000-of-00001.parquet", "validation-00000-of-00001.parquet"]


def test_parquet_sink_row_groups_are_sized_per_table(tmp_path: Path) -> None:
    from unletters.dataset import ROW_GROUP_ROWS, ParquetSink

    def row(i: int) -> dict:
        return {"source_file": f"f{i:03d}.txt", "sha256": None, "bytes": i, "reason": "empty", "detail": f"d{i}"}

    # the long documents rows come in smaller row groups than the short span rows
    assert ROW_GROUP_ROWS["documents"] < ROW_GROUP_ROWS["entities"]
    assert set(ROW_GROUP_ROWS) == set(TABLES)
    sink = ParquetSink(tmp_path, row_group_rows={"rejects": 3})
    assert sink.row_group_rows == {**ROW_GROUP_ROWS, "rejects": 3}
    for i in range(8):
        sink.add("rejects", "train", [row(i)])
    sink.close()
    (only,) = (tmp_path / "data" / "rejects").glob("train-*.parquet")
    meta = pq.ParquetFile(only).metadata
    assert [meta.row_group(k).num_rows for k in range(meta.num_row_groups)] == [3, 3, 2]
    # one number sizes every table's row groups
    assert ParquetSink(tmp_path / "b", row_group_rows=5).row_group_rows == dict.fromkeys(TABLES, 5)


def test_parquet_sink_copies_out_pieces_of_many_batches_and_writes_the_same_bytes(tmp_path: Path) -> None:
    import pyarrow as pa

    from unletters.dataset import ParquetSink, Piece, to_record_batch

    def row(i: int) -> dict:
        return {"source_file": f"f{i:03d}.txt", "sha256": None, "bytes": i, "reason": "empty", "detail": f"d{i}" * (i % 5)}

    # 40 record batches of 5 rows; one row of each is queued (a sparse split), row dicts between
    sources = [to_record_batch("rejects", [row(10 * b + k) for k in range(5)]) for b in range(40)]
    outputs = []
    for held in (3, 1000):
        sink = ParquetSink(tmp_path / str(held), row_group_rows=25, pieces_held=held)
        compacted = 0
        for b, source in enumerate(sources):
            sink.add_piece("rejects", "train", Piece(source, b % 5, 1))
            if b % 7 == 0:
                sink.add("rejects", "train", [row(1000 + b)])
            queued = sink._pieces.get(("rejects", "train"), [])
            in_sources = [p for p in queued if isinstance(p, Piece) and any(p.source is s for s in sources)]
            copied = [p for p in queued if isinstance(p, Piece) and all(p is not q for q in in_sources)]
            # at most `held` source batches are kept alive by the queue; the rest was copied out
            assert len(in_sources) <= held
            compacted += bool(copied)
        assert compacted if held == 3 else not compacted
        sink.close()
        (only,) = (tmp_path / str(held) / "data" / "rejects").glob("train-*.parquet")
        outputs.append(only.read_bytes())
    assert outputs[0] == outputs[1]
    got = pq.read_table(pa.BufferReader(outputs[0])).to_pylist()
    want = []
    for b in range(40):
        want.append(row(10 * b + b % 5))
        if b % 7 == 0:
            want.append(row(1000 + b))
    assert got == want


def _varied_letters(raw: Path, seed_bytes: bytes, n: int) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (raw / f"{i:03d}.txt").write_bytes(seed_bytes.replace(b"Yashar Aliyev", f"Yashar Aliyev {i}".encode())
                                           + f"\nReference {i}.\n".encode())


def test_incremental_rebuilds_after_edits_deletions_and_additions_equal_cold_builds(
        tmp_path: Path, seed_bytes: bytes) -> None:
    # results are cached a batch at a time: a rebuild takes some letters of a batch from the
    # cache and parses the rest again, and must still write exactly what a cold build writes
    raw = tmp_path / "raw"
    _varied_letters(raw, seed_bytes, 40)
    (raw / "dup.txt").write_bytes((raw / "005.txt").read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    cache = tmp_path / "cache"

    def warm_and_cold(label: str) -> Any:
        warm = build(raw, tmp_path / f"warm-{label}", jobs=2, cache_dir=cache, progress=False)
        cold = build(raw, tmp_path / f"cold-{label}", jobs=2, use_cache=False, progress=False)
        assert _tree_bytes(tmp_path / f"warm-{label}") == _tree_bytes(tmp_path / f"cold-{label}")
        assert (warm.documents, warm.rejects, warm.rows) == (cold.documents, cold.rejects, cold.rows)
        return warm

    first = warm_and_cold("first")
    assert first.cached == 0 and first.documents == 40 and first.rejects == {"duplicate": 1, "empty": 1}
    (raw / "007.txt").write_bytes((raw / "007.txt").read_bytes().replace(b"Reference 7.", b"Reference seven."))
    (raw / "012.txt").unlink()
    (raw / "zzz.txt").write_bytes(seed_bytes.replace(b"Yashar Aliyev", b"Someone Else"))
    (raw / "005.txt").unlink()  # dup.txt is now the one kept
    second = warm_and_cold("second")
    assert second.files == 41 and second.cached == 39 and second.rejects == {"empty": 1}
    third = warm_and_cold("third")
    assert third.cached == third.files


def test_the_cache_keeps_only_the_current_pipeline_version(tmp_path: Path, seed_bytes: bytes,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from unletters.build import Cache
    from unletters.build import batches as cut

    raw = tmp_path / "raw"
    _varied_letters(raw, seed_bytes, 20)
    expected = len(cut(list(range(20)), 1))  # type: ignore[arg-type]
    assert expected > 1
    cache = tmp_path / "cache"

    def contents() -> tuple[set[str], int, int]:
        db = sqlite3.connect(cache / "results.sqlite")
        versions = {v for (v,) in db.execute("SELECT version FROM letters")}
        batches = db.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
        used = db.execute("SELECT COUNT(DISTINCT batch) FROM letters").fetchone()[0]
        db.close()
        return versions, batches, used

    build(raw, tmp_path / "out", jobs=1, cache_dir=cache, progress=False)
    versions, batches, used = contents()
    assert versions == {Cache.version()} and batches == used == expected
    monkeypatch.setattr(Cache, "version", staticmethod(lambda: "a later pipeline"))
    report = build(raw, tmp_path / "out", jobs=1, cache_dir=cache, progress=False)
    assert report.cached == 0
    versions, batches, used = contents()
    assert versions == {"a later pipeline"} and batches == used == expected


def test_a_forked_worker_converts_rows_without_importing_pandas_and_can_still_use_it() -> None:
    code = (
        "import sys\n"
        "import pyarrow as pa\n"
        "from unletters.build import _forked_worker\n"
        "_forked_worker()\n"
        "assert pa.array(['a', None], type=pa.string()).null_count == 1\n"
        "assert 'pandas' not in sys.modules\n"
        "import pandas as pd\n"
        "assert pa.Table.from_pandas(pd.DataFrame({'a': [1, 2]})).num_rows == 2\n"
        "assert pa.table({'a': [1]}).to_pandas().shape == (1, 1)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_build_command_runs_without_numpy_and_writes_what_a_library_build_writes(
        tmp_path: Path, seed_bytes: bytes) -> None:
    raw = tmp_path / "raw"
    _varied_letters(raw, seed_bytes, 12)
    (raw / "empty.txt").write_bytes(b"")
    env = {**os.environ, "UNLETTERS_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "unletters.cli", "build", "--corpus", str(raw),
                           "--out", str(tmp_path / "cli"), "--jobs", "2", "--no-progress"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "pyarrow" in imported and "pyarrow.parquet" in imported
    # the refused attempt is listed as `numpy` itself; a real import of numpy loads its modules
    assert not {m for m in imported if m.startswith("numpy.")}
    library = build(raw, tmp_path / "library", jobs=2, use_cache=False, progress=False)
    assert library.documents == 12 and library.rejects == {"empty": 1}
    assert _tree_bytes(tmp_path / "cli") == _tree_bytes(tmp_path / "library")


def test_numpy_is_kept_from_pyarrow_only_in_a_fresh_process(tmp_path: Path) -> None:
    from unletters.build import _blocked, import_pyarrow_without_numpy

    # here pyarrow (and numpy) are imported already: nothing changes
    finders = list(sys.meta_path)
    import_pyarrow_without_numpy()
    assert sys.meta_path == finders
    import importlib

    pkg = tmp_path / "mods" / "blocked_pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "part.py").write_text("VALUE = 1\n")
    sys.path.insert(0, str(tmp_path / "mods"))
    try:
        with _blocked("blocked_pkg", "in this test"):
            with pytest.raises(ImportError, match="blocked_pkg is not imported in this test"):
                importlib.import_module("blocked_pkg.part")
        assert sys.meta_path == finders
        assert importlib.import_module("blocked_pkg.part").VALUE == 1
    finally:
        sys.path.remove(str(tmp_path / "mods"))
        for name in ("blocked_pkg.part", "blocked_pkg"):
            sys.modules.pop(name, None)
    # in a fresh process, pyarrow comes without numpy, works, and numpy can still be imported
    code = (
        "import sys\n"
        "from unletters.build import import_pyarrow_without_numpy\n"
        "import_pyarrow_without_numpy()\n"
        "import pyarrow as pa, pyarrow.parquet as pq\n"
        "assert 'numpy' not in sys.modules\n"
        f"pq.write_table(pa.table({{'a': ['x', None], 'b': [1, 2]}}), {str(tmp_path / 't.parquet')!r})\n"
        f"assert pq.read_table({str(tmp_path / 't.parquet')!r}).to_pylist() == [{{'a': 'x', 'b': 1}}, {{'a': None, 'b': 2}}]\n"
        "import numpy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_two_builds_sharing_one_cache_at_the_same_time_both_finish_and_fill_it(tmp_path: Path, seed_bytes: bytes) -> None:
    # each batch is stored in its own short transaction, so a build never holds the cache locked
    # for its whole run and a second build waits for a batch, not for the first build to end
    env = {**os.environ, "UNLETTERS_CACHE": str(tmp_path / "cache")}
    procs = []
    for name in ("one", "two"):
        raw = tmp_path / name / "raw"
        _varied_letters(raw, seed_bytes.replace(b"Azerbaijan", name.encode() + b" Azerbaijan", 1), 40)
        procs.append(subprocess.Popen([*CLI, "build", "--corpus", str(raw), "--out", str(tmp_path / name / "out"),
                                       "--jobs", "2", "--no-progress"], cwd=ROOT, env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "documents: 40" in out
    for name in ("one", "two"):
        report = build(tmp_path / name / "raw", tmp_path / name / "again", jobs=1, cache_dir=tmp_path / "cache", progress=False)
        assert report.cached == report.files == 40


def test_a_cache_opened_while_another_build_sets_the_file_up_waits_instead_of_failing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from unletters.build import Cache

    # SQLite may refuse the switch to WAL at once while another process sets the new file up
    real_connect = sqlite3.connect
    refusals = []

    class Busy:
        def __init__(self, db: Any, message: str, times: int) -> None:
            self.db, self.message, self.times = db, message, times

        def execute(self, sql: str, *args: Any) -> Any:
            if sql.startswith("PRAGMA journal_mode") and len(refusals) < self.times:
                refusals.append(sql)
                raise sqlite3.OperationalError(self.message)
            return self.db.execute(sql, *args)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.db, name)

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Busy(real_connect(*a, **k), "database is locked", 3))
    cache = Cache(tmp_path / "a")
    assert len(refusals) == 3
    assert cache.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cache.close()
    # another error is not waited out
    refusals.clear()
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Busy(real_connect(*a, **k), "disk I/O error", 1))
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        Cache(tmp_path / "b")
    monkeypatch.undo()
    # and for real: four processes open one new cache file at the same moment, thirty times over
    code = (
        "import multiprocessing as mp, sys\n"
        "from pathlib import Path\n"
        "from unletters.build import Cache\n"
        "def open_it(folder, bar, q):\n"
        "    bar.wait()\n"
        "    try:\n"
        "        Cache(Path(folder)).close(); q.put('ok')\n"
        "    except Exception as exc:\n"
        "        q.put(repr(exc))\n"
        "ctx = mp.get_context('fork')\n"
        "for i in range(30):\n"
        "    bar, q = ctx.Barrier(4), ctx.Queue()\n"
        "    ps = [ctx.Process(target=open_it, args=(f'{sys.argv[1]}/{i}', bar, q)) for _ in range(4)]\n"
        "    for p in ps: p.start()\n"
        "    got = [q.get() for _ in ps]\n"
        "    for p in ps: p.join()\n"
        "    assert got == ['ok'] * 4, got\n"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "race")], check=True, cwd=ROOT, timeout=300)


def test_a_cache_holds_no_lock_between_batches(tmp_path: Path, seed_bytes: bytes) -> None:
    from unletters.build import Batch, Cache, _work, walk

    raw = tmp_path / "raw"
    _varied_letters(raw, seed_bytes, 2)
    entries = walk(raw)
    first, second = Cache(tmp_path / "cache"), Cache(tmp_path / "cache")
    assert first.db is not None and second.db is not None
    second.db.execute("PRAGMA busy_timeout=50")  # a held lock would fail the second writer at once
    for cache, entry in ((first, entries[0]), (second, entries[1]), (first, entries[1])):
        blob = _work([entry], 10**7, None, None)
        cache.put([entry], "o", blob, Batch(blob))
    assert second.get(entries[0], "o") == first.get(entries[0], "o") is not None
    first.close()
    second.close()


def test_cache_lookup_answers_each_entry_across_queries(tmp_path: Path, seed_bytes: bytes,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import unletters.build as b

    monkeypatch.setattr(b, "_KEYS_PER_QUERY", 3)  # several queries for a few letters
    raw = tmp_path / "raw"
    _varied_letters(raw, seed_bytes, 7)
    entries = b.walk(raw)
    cache = b.Cache(tmp_path / "cache")
    stored = entries[1:6]
    blob = b._work(stored, 10**7, None, None)
    cache.put(stored, "o", blob, b.Batch(blob))
    # a walked reject is never looked up, even when a stored letter has its path, size and time
    asked = [*entries, dataclasses.replace(entries[2], reject={"reason": "unreadable"})]
    got = cache.lookup(asked, "o")
    assert [None if g is None else g[1] for g in got] == [None, 0, 1, 2, 3, 4, None, None]
    assert len({g[0] for g in got if g is not None}) == 1
    assert got == [cache.get(e, "o") for e in asked]
    assert cache.lookup(asked, "other options") == [None] * len(asked)
    assert cache.lookup([], "o") == []
    assert b.Cache(None).lookup(entries, "o") == [None] * len(entries)
    cache.close()


@pytest.mark.parametrize("spelling", ["relative", "relative/", "./relative", "absolute", "absolute/", "dot"])
def test_walk_names_files_relative_to_the_root_however_it_is_spelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      spelling: str) -> None:
    from unletters.build import walk

    root = tmp_path / "corpus"
    (root / "a" / "b c").mkdir(parents=True)
    for name in ("a/b c/x.txt", "y.txt", "a/é.txt"):
        (root / name).write_text("x")
    monkeypatch.chdir(tmp_path if spelling != "dot" else root)
    given = {"relative": "corpus", "relative/": "corpus/", "./relative": "./corpus", "absolute": str(root),
             "absolute/": f"{root}/", "dot": "."}[spelling]
    got = [(e.rel, e.path) for e in walk(given)]  # type: ignore[arg-type]
    assert [rel for rel, _ in got] == ["a/b c/x.txt", "a/é.txt", "y.txt"]
    assert all(os.path.samefile(path, root / rel) for rel, path in got)


def test_the_command_ends_with_its_exit_code_and_every_line_written(tmp_path: Path, seed_bytes: bytes) -> None:
    # the command ends its process without the interpreter's shutdown: nothing printed may be lost
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(seed_bytes)
    (raw / "empty.txt").write_bytes(b"")
    env = {**os.environ, "UNLETTERS_CACHE": str(tmp_path / "cache")}
    log = tmp_path / "out.log"
    with log.open("w") as f:  # a file, not a pipe: block-buffered output
        proc = subprocess.run([*CLI, "build", "--corpus", str(raw), "--out", str(tmp_path / "out"), "--jobs", "1",
                               "--strict", "--timings"], cwd=ROOT, env=env, stdout=f, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 1, proc.stderr
    text = log.read_text()
    assert "documents: 1" in text and f"dataset: {tmp_path / 'out'}" in text and "stage parse" in text
    missing = subprocess.run([*CLI, "build", "--corpus", str(tmp_path / "nowhere")], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


@pytest.mark.parametrize("jobs", [1, 2, 8])
def test_batches_cover_the_letters_in_order_and_shrink_toward_the_end(jobs: int) -> None:
    from unletters.build import BATCH_LEAST, BATCH_MOST, batches

    for n in (0, 1, 3, 17, 100, 3000, 30001):
        todo = list(range(n))
        got = batches(todo, jobs)  # type: ignore[arg-type]
        assert [x for b in got for x in b] == todo
        sizes = [len(b) for b in got]
        assert all(BATCH_LEAST <= s <= BATCH_MOST for s in sizes[:-1]) and all(0 < s <= BATCH_MOST for s in sizes)
        assert sizes == sorted(sizes, reverse=True)
        if n >= 8 * jobs * BATCH_MOST * 2:  # a large corpus: large batches first, small ones last
            assert sizes[0] == BATCH_MOST and sizes[-2] == BATCH_LEAST


def test_the_command_waits_for_a_thread_left_running(tmp_path: Path) -> None:
    # a command that leaves a (non-daemon) thread running takes the interpreter's ordinary way out
    mark = tmp_path / "done"
    code = (
        "import sys, threading, time\n"
        "import unletters.cli as cli\n"
        f"def work():\n    time.sleep(0.3)\n    open({str(mark)!r}, 'w').write('x')\n"
        "def main(argv=None):\n    threading.Thread(target=work).start()\n    return 3\n"
        "cli.main = main\n"
        "cli.entry()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 3, proc.stderr
    assert mark.read_text() == "x"
