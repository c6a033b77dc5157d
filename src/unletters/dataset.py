"""Write tables as Parquet shards in the Hugging Face layout, streaming and deterministic.

Layout: ``data/<table>/<split>-NNNNN-of-NNNNN.parquet``. Rows arrive in a defined order and are
written in row groups as they come, so memory does not grow with the corpus; a shard is closed
after ``shard_rows`` rows. Every (table, split) gets at least one file, empty if need be, so that
``load_dataset`` finds every split. Files carry no clock and no host: the same rows give the same
bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from unletters.schema import TABLES, arrow_schema, load_schema

SPLITS: tuple[str, ...] = ("train", "validation", "test")
#: the rejects table has no letters to split: it is one split
REJECT_SPLIT = "train"
_SALT = b"un-letters split v1\x00"


def split_of(doc_id: str) -> str:
    """The split of a letter: about 80/10/10 by a salted hash of its ``doc_id``, stable forever."""
    bucket = int.from_bytes(hashlib.sha256(_SALT + doc_id.encode()).digest()[:4], "big") % 100
    return "train" if bucket < 80 else "validation" if bucket < 90 else "test"


def splits_of(table: str) -> tuple[str, ...]:
    """Splits a table is written in."""
    return (REJECT_SPLIT,) if table == "rejects" else SPLITS


#: rows per Parquet row group: a few thousand letters' texts in the documents table (about 15 MB),
#: more of the short span rows (a few MB each); fewer, larger row groups compress better and are
#: written and scanned faster
ROW_GROUP_ROWS: dict[str, int] = {"documents": 2048, "rejects": 2048, "citations": 16384, "entities": 16384, "events": 16384}


class Piece(NamedTuple):
    """Rows ``start`` to ``start + length`` of an Arrow record batch (not copied until written)."""

    source: Any
    start: int
    length: int


class ParquetSink:
    """Streams the rows of every (table, split) into zstd Parquet shards under ``root/data``.

    Rows arrive as pieces of Arrow record batches with the table's schema (:meth:`add_piece`; the
    build's workers make the batches; a piece that continues the previous one is merged into it)
    or as row dicts (:meth:`add`, turned into Arrow all at once when the row group is written).
    Each row group is written from one contiguous Arrow table, so the bytes do not depend on how
    the rows arrived.
    """

    def __init__(self, root: Path, *, row_group_rows: int | Mapping[str, int] | None = None,
                 shard_rows: Mapping[str, int] | None = None, pieces_held: int = 64) -> None:
        self.root = root
        if isinstance(row_group_rows, int):
            row_group_rows = dict.fromkeys(TABLES, row_group_rows)
        #: rows per row group, by table (:data:`ROW_GROUP_ROWS` where not given)
        self.row_group_rows: Mapping[str, int] = {**ROW_GROUP_ROWS, **(row_group_rows or {})}
        #: queued pieces of other record batches per (table, split) before they are copied into one
        self.pieces_held = pieces_held
        self.shard_rows: Mapping[str, int] = shard_rows or {}
        # per (table, split): pieces in arrival order, each a Piece or a list of row dicts
        self._pieces: dict[tuple[str, str], list[Any]] = {}
        self._buffered: dict[tuple[str, str], int] = {}
        self._writers: dict[tuple[str, str], Any] = {}
        self._shard_count: dict[tuple[str, str], int] = {}
        self._in_shard: dict[tuple[str, str], int] = {}
        self.rows: dict[tuple[str, str], int] = {}

    def _limit(self, table: str) -> int:
        default = 20000 if table == "documents" else 500000
        return self.shard_rows.get(table, default)

    def _tmp_path(self, key: tuple[str, str], n: int) -> Path:
        table, split = key
        return self.root / "data" / table / f"{split}-{n:05d}.parquet.part"

    def _open(self, key: tuple[str, str]) -> Any:
        import pyarrow.parquet as pq

        n = self._shard_count.get(key, 0)
        path = self._tmp_path(key, n)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = pq.ParquetWriter(path, arrow_schema(key[0]), compression="zstd", use_dictionary=_dictionary_columns(key[0]),
                                  write_statistics=True, store_schema=True)
        self._shard_count[key] = n + 1
        self._in_shard[key] = 0
        self._writers[key] = writer
        return writer

    def _combined(self, key: tuple[str, str]) -> Any:
        """The rows queued for ``key`` as one contiguous Arrow table (the queue is emptied)."""
        import pyarrow as pa

        batches = []
        for p in self._pieces.pop(key):
            if isinstance(p, Piece):
                batches.append(p.source.slice(p.start, p.length))
            else:
                batches.append(to_record_batch(key[0], p))
        return pa.Table.from_batches(batches, schema=arrow_schema(key[0])).combine_chunks()

    def _flush(self, key: tuple[str, str]) -> None:
        n = self._buffered.get(key, 0)
        if not n:
            return
        whole = self._combined(key)
        self._buffered[key] = 0
        done = 0
        while done < n:
            writer = self._writers.get(key) or self._open(key)
            room = min(self._limit(key[0]) - self._in_shard[key], n - done)
            chunk = whole if done == 0 and room == n else whole.slice(done, room).combine_chunks()
            writer.write_table(chunk)
            self._in_shard[key] += room
            done += room
            if self._in_shard[key] >= self._limit(key[0]):
                writer.close()
                del self._writers[key]

    def add_piece(self, table: str, split: str, piece: Piece) -> None:
        """Queue rows of one table and split given as a piece of an Arrow record batch."""
        if piece.length:
            key = (table, split)
            pieces = self._pieces.setdefault(key, [])
            last = pieces[-1] if pieces else None
            if isinstance(last, Piece) and last.source is piece.source and last.start + last.length == piece.start:
                pieces[-1] = Piece(last.source, last.start, last.length + piece.length)
            else:
                pieces.append(piece)
                if len(pieces) > self.pieces_held:
                    self._compact(key)
            self._count(key, piece.length)

    def _compact(self, key: tuple[str, str]) -> None:
        """Copy the rows queued for ``key`` into one record batch of their own.

        A piece keeps its whole source batch alive, rows of every split included; the rows of a
        sparse split (a tenth of the letters each) would otherwise hold a row group's worth of
        other splits' rows in memory while they wait.
        """
        (batch,) = self._combined(key).to_batches()
        self._pieces[key] = [Piece(batch, 0, batch.num_rows)]

    def add(self, table: str, split: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Queue rows (dicts with every column) of one table and split, in order."""
        if rows:
            key = (table, split)
            pieces = self._pieces.setdefault(key, [])
            if pieces and isinstance(pieces[-1], list):
                pieces[-1].extend(rows)
            else:
                pieces.append(list(rows))
            self._count(key, len(rows))

    def _count(self, key: tuple[str, str], n: int) -> None:
        total = self._buffered.get(key, 0) + n
        self._buffered[key] = total
        self.rows[key] = self.rows.get(key, 0) + n
        if total >= self.row_group_rows[key[0]]:
            self._flush(key)

    def close(self) -> dict[tuple[str, str], int]:
        """Write what is buffered, close every shard, name shards ``-NNNNN-of-NNNNN`` and return row counts."""
        for table in TABLES:
            for split in splits_of(table):
                key = (table, split)
                self._flush(key)
                if key not in self._shard_count:
                    self._open(key)
                if key in self._writers:
                    self._writers.pop(key).close()
                total = self._shard_count[key]
                for n in range(total):
                    src = self._tmp_path(key, n)
                    os.replace(src, src.parent / f"{split}-{n:05d}-of-{total:05d}.parquet")
                self.rows.setdefault(key, 0)
        return dict(self.rows)


def to_record_batch(table: str, rows: Sequence[Mapping[str, Any]]) -> Any:
    """Rows (dicts with every column) of ``table`` as one Arrow record batch with the table's schema.

    Converted in one call, as a struct array (a third cheaper than a conversion per column, and
    some fifty times cheaper than ``RecordBatch.from_pylist`` on the nested documents rows).
    """
    import pyarrow as pa

    return pa.RecordBatch.from_struct_array(pa.array(rows, type=_struct_type(table)))


def record_batch_from_columns(table: str, columns: Mapping[str, Sequence[Any]]) -> Any:
    """Columns (column name -> values, every column of ``table``) as one Arrow record batch with
    the table's schema: the same batch as :func:`to_record_batch` of the rows, cheaper for flat
    tables (one conversion per column, no lookup per row and column)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.RecordBatch.from_arrays([pa.array(columns[f.name], type=f.type) for f in schema], schema=schema)


@cache
def _dictionary_columns(table: str) -> list[str]:
    """The columns written dictionary-encoded: those with a closed set of values (an ``enum`` in
    the table's schema). Free text, ids and names compress better (and are written faster) plainly
    encoded under zstd: a fifth smaller files than with every column dictionary-encoded."""
    return [name for name, prop in load_schema(table)["properties"].items() if "enum" in prop]


@cache
def _struct_type(table: str) -> Any:
    import pyarrow as pa

    return pa.struct(list(arrow_schema(table)))


def data_files(root: Path, table: str) -> dict[str, list[str]]:
    """Shard paths (relative to ``root``) of each split of ``table``."""
    out: dict[str, list[str]] = {}
    folder = root / "data" / table
    for split in splits_of(table):
        out[split] = sorted(str(p.relative_to(root)).replace(os.sep, "/") for p in folder.glob(f"{split}-*-of-*.parquet"))
    return out
