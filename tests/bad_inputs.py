"""A catalogue of bad inputs for the build, written into a folder, each with the outcome it must have.

:func:`write_catalogue` writes every input class of issue 8 (bad encodings, line endings, truncated
letters, links, a named pipe, a 30 MB file, a file whose read fails, real non-letters, ...) into one
corpus folder and returns, for every file and link it wrote, an :class:`Expect`: ``document`` (and
which clean letter its fields must equal) or the reject reason slug. Good letters are made from one
real letter by byte-level changes only; :func:`distinct_letters` makes them differ from each other
(one added paragraph) so that in one corpus none is a duplicate of another.

Run as a script, it is the build driver the tests start in a subprocess (a named pipe must not be
able to block the test run)::

    python tests/bad_inputs.py --corpus DIR --out DIR [--jobs N] [--fail-read REL ...] [--max-bytes N]

``--fail-read`` makes reading those files raise ``PermissionError`` (tests run as root, so no file
is really unreadable); it patches :func:`unletters.build.read_bytes` before the worker processes are
forked, so it holds for every job count. The driver prints the build report as one JSON object.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import json
import os
import random
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: documents columns that legitimately differ between byte-level variants of one letter
VARIANT_COLUMNS = frozenset({"doc_id", "sha256", "source_file", "encoding", "parse_warnings"})

#: documents columns read from the header and the heading: a letter cut mid-body keeps them all
HEADING_COLUMNS = (
    "source_format", "symbols", "organ", "organs", "distribution", "issue_date", "original_language",
    "session", "special_session", "sc_year", "agenda_items", "doc_type", "title", "letter_date",
    "sender_role", "sender_state", "sender_iso3", "sender_states", "sender_iso3s", "sender_group",
    "addressees",
)

BIG_BYTES = 30 * 1024 * 1024 + 17  # over the default --max-bytes (20 MiB)

# the first line of a UN letter's heading (UN-FORMATS.md): where the header ends
_HEADING = re.compile(rb"^(?:Identical letters|Letter|Note verbale) dated\b", re.MULTILINE)


@dataclass(frozen=True)
class Expect:
    """What one catalogue entry must become.

    ``outcome`` is ``document`` or a reject reason slug. For a document, ``same_as`` names the clean
    letter (a key of :func:`write_catalogue`'s ``clean`` result) and ``fields`` says how it compares:
    ``all`` (every column outside :data:`VARIANT_COLUMNS`), ``all-but-one-char`` (the same, but
    ``text`` differs in exactly one character, which is U+FFFD) or ``heading`` (the
    :data:`HEADING_COLUMNS` only; the text is a prefix of the clean text). ``read_fails`` marks the
    file whose read the build driver must make fail.
    """

    input_class: str
    outcome: str
    same_as: str | None = None
    fields: str = "all"
    read_fails: bool = False


# ---------------------------------------------------------------- byte-level variants of a letter

def heading_offset(data: bytes) -> int:
    """Byte offset of the letter's heading line ('Letter dated ...'); raises ValueError without one."""
    m = _HEADING.search(data)
    if m is None:
        raise ValueError("the letter has no 'Letter dated' / 'Note verbale dated' heading line")
    return m.start()


def distinct_letters(seed: bytes, n: int) -> list[bytes]:
    """``n`` letters made from ``seed`` (UTF-8, LF), each with one numbered paragraph added to its body.

    The paragraph goes at the paragraph break nearest the middle of the body, so header, heading
    and signature are untouched and the letters differ only in their text.
    """
    start = heading_offset(seed)
    breaks = [m.start() for m in re.finditer(rb"\n\n(?=\S)", seed) if m.start() > seed.index(b"\n", start)]
    if not breaks:
        raise ValueError("the letter has no paragraph break after its heading")
    mid = (start + len(seed)) // 2
    at = min(breaks, key=lambda b: (abs(b - mid), b))
    return [seed[:at] + b"\n\nThis is paragraph %d, added by the robustness catalogue so that the letter is distinct." % i
            + seed[at:] for i in range(n)]


def _spread(data: bytes, k: int) -> list[int]:
    """``k`` offsets spread over ``data``, each between two ASCII bytes (never inside a UTF-8 sequence)."""
    out = []
    for j in range(1, k + 1):
        p = j * len(data) // (k + 1)
        while p < len(data) and (data[p] >= 0x80 or data[p - 1] >= 0x80):
            p += 1
        out.append(p)
    return out


def insert_nuls(data: bytes, k: int = 5) -> bytes:
    """``data`` with ``k`` NUL bytes inserted inside the text (few enough that it is not binary)."""
    for p in reversed(_spread(data, k)):
        data = data[:p] + b"\x00" + data[p:]
    return data


def break_last_multibyte(data: bytes) -> bytes:
    """``data`` (UTF-8) with its last multi-byte character cut to its lead byte: one invalid sequence.

    Decoding with replacement gives the same text with that one character replaced by U+FFFD.
    Raises ValueError when the text is pure ASCII.
    """
    last = None
    for m in re.finditer(rb"[\xc2-\xf4][\x80-\xbf]+", data):
        last = m
    if last is None:
        raise ValueError("the letter has no non-ASCII character to break")
    return data[:last.start() + 1] + data[last.end():]


def encoding_variants(clean: bytes) -> dict[str, tuple[bytes, str]]:
    """Byte-level variants of a clean UTF-8 (LF) letter that must read as the same letter.

    Returns ``{input class: (bytes, fields)}``, ``fields`` as in :class:`Expect`. The cp1252
    variant is left out when the letter has a character cp1252 cannot encode.
    """
    text = clean.decode("utf-8")
    out: dict[str, tuple[bytes, str]] = {
        "UTF-8 with BOM": (codecs.BOM_UTF8 + clean, "all"),
        "UTF-16 LE with BOM": (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "all"),
        "UTF-16 BE with BOM": (codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "all"),
        "UTF-16 LE without BOM": (text.encode("utf-16-le"), "all"),
        "CRLF line endings": (clean.replace(b"\n", b"\r\n"), "all"),
        "CR line endings": (clean.replace(b"\n", b"\r"), "all"),
        "NUL bytes inside the text": (insert_nuls(clean), "all"),
        "invalid UTF-8 (one broken sequence)": (break_last_multibyte(clean), "all-but-one-char"),
    }
    try:
        out["cp1252 (Windows-1252)"] = (text.encode("cp1252"), "all")
    except UnicodeEncodeError:
        pass
    return out


def truncated_mid_body(clean: bytes) -> bytes:
    """The letter cut halfway between its heading and its end, at a byte (as a broken download)."""
    start = heading_offset(clean)
    return clean[:(start + len(clean)) // 2]


def truncated_in_header(clean: bytes) -> bytes:
    """The letter cut just before its heading line: only the header block is left."""
    return clean[:heading_offset(clean)]


# ---------------------------------------------------------------- the catalogue

def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def write_catalogue(root: Path, seed: bytes, *, non_letters: Iterable[Path] = (),
                    big: bool = True) -> tuple[dict[str, Expect], dict[str, bytes]]:
    """Write every bad input class into the new corpus folder ``root`` (created; its parent must exist).

    ``seed`` is one real letter (UTF-8, LF). ``non_letters`` are real UN documents that are not
    letters (copied under ``non-letters/``). ``big=False`` leaves out the 30 MB file.
    A link pointing outside the corpus points to ``<root>.outside/``, written next to ``root``.

    Returns ``(expected, clean)``: ``expected`` maps every relative path written (files and links,
    ``/``-separated) to its :class:`Expect`; ``clean`` maps a clean letter's name to its UTF-8 (LF)
    bytes, the reference that documents made from it are compared with.
    """
    root.mkdir()
    expected: dict[str, Expect] = {}
    variants = encoding_variants(seed)
    letters = distinct_letters(seed, 5 + len(variants))
    clean: dict[str, bytes] = {}

    def put(rel: str, data: bytes, exp: Expect) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[rel] = exp

    def link(rel: str, target: str, exp: Expect) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
        expected[rel] = exp

    it = iter(letters)
    # good letters: plain, nested folders, a name with spaces and non-ASCII characters
    for rel, cls in (("letters/clean.txt", "a clean letter (UTF-8, LF)"),
                     ("letters/nested/deeper/still deeper/lettre é ü 文 (1).txt",
                      "nested folders; a name with spaces and non-ASCII characters")):
        name = f"letter-{len(clean)}"
        clean[name] = next(it)
        put(rel, clean[name], Expect(cls, "document", name))
    # encoding and line-ending variants, each of a different letter
    for cls, _ in variants.items():
        name = f"letter-{len(clean)}"
        clean[name] = next(it)
        data, fields = encoding_variants(clean[name])[cls]
        put(f"variants/{_slug(cls)}.txt", data, Expect(cls, "document", name, fields))
    # truncated letters
    name = f"letter-{len(clean)}"
    clean[name] = next(it)
    put("truncated/mid-body.txt", truncated_mid_body(clean[name]),
        Expect("a truncated letter, cut mid-body", "document", name, "heading"))
    put("truncated/in-header.txt", truncated_in_header(next(it)),
        Expect("a truncated letter, cut before its heading", "not-a-letter"))
    # duplicates: an exact copy, and a link inside the corpus to a letter (both sort after the original)
    put("letters/z-exact-copy-of-clean.txt", clean["letter-0"], Expect("an exact duplicate", "duplicate"))
    link("links/inside-to-letter.txt", "../letters/clean.txt",
         Expect("a link to a letter inside the corpus (read at both paths)", "duplicate"))
    # links that are never read
    outside = root.parent / f"{root.name}.outside"
    outside.mkdir()
    (outside / "letter.txt").write_bytes(seed)
    link("links/outside.txt", str(outside / "letter.txt"), Expect("a link pointing outside the corpus", "outside-corpus"))
    link("links/outside-folder", str(outside), Expect("a link to a folder outside the corpus", "outside-corpus"))
    link("links/dangling.txt", "no-such-file.txt", Expect("a dangling link", "dangling-link"))
    link("links/loop-a", "loop-b", Expect("a link loop", "dangling-link"))
    link("links/loop-b", "loop-a", Expect("a link loop", "dangling-link"))
    link("links/to-folder", "../letters", Expect("a link to a folder inside the corpus", "not-a-regular-file"))
    # special files
    (root / "special").mkdir()
    os.mkfifo(root / "special" / "named pipe")
    expected["special/named pipe"] = Expect("a named pipe", "not-a-regular-file")
    link("links/to-pipe", "../special/named pipe", Expect("a link to a named pipe", "not-a-regular-file"))
    # files that are not text
    put("empty.txt", b"", Expect("an empty file", "empty"))
    put("whitespace.txt", b" \n\t\r\n  \n", Expect("a file of whitespace only", "empty"))
    put("random.bin", random.Random(8).randbytes(4096), Expect("random binary", "binary"))
    put("nuls.bin", b"\x00" * 4096, Expect("NUL bytes only", "binary"))
    put("broken.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", Expect("a PDF cut short", "undecodable"))
    # limits and failures
    if big:
        reps = BIG_BYTES // len(seed) + 1
        with open(root / "big-30mb.txt", "wb") as f:
            for _ in range(reps):
                f.write(seed)
            f.truncate(BIG_BYTES)
        expected["big-30mb.txt"] = Expect("a 30 MB file (default --max-bytes is 20 MiB)", "too-large")
    put("unreadable.txt", next(it), Expect("a file that cannot be read", "unreadable", read_fails=True))
    # real documents that are not letters
    for p in sorted(non_letters):
        put(f"non-letters/{p.name}", p.read_bytes(), Expect("a real UN document that is not a letter", "not-a-letter"))
    return expected, clean


def expected_counts(expected: Mapping[str, Expect]) -> dict[str, int]:
    """How many entries end as each outcome (``document`` or a reject reason)."""
    counts: dict[str, int] = {}
    for e in expected.values():
        counts[e.outcome] = counts.get(e.outcome, 0) + 1
    return dict(sorted(counts.items()))


def comparable(doc: Mapping[str, Any], fields: str = "all") -> dict[str, Any]:
    """The columns of a documents row that a variant must share with its clean letter (see :class:`Expect`)."""
    if fields == "heading":
        return {k: doc[k] for k in HEADING_COLUMNS}
    drop = VARIANT_COLUMNS | ({"text"} if fields == "all-but-one-char" else set())
    return {k: v for k, v in doc.items() if k not in drop}


# ---------------------------------------------------------------- the build driver

def _main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="build a corpus, optionally making some reads fail")
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--max-bytes", type=int, default=None)
    ap.add_argument("--fail-read", action="append", default=[], help="relative path whose read raises")
    args = ap.parse_args(argv)

    import resource

    import unletters.build as b

    real = b.read_bytes
    failing = set(args.fail_read)
    corpus = str(args.corpus)

    def read_bytes(path: str) -> bytes:
        if os.path.relpath(path, corpus).replace(os.sep, "/") in failing:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    b.read_bytes = read_bytes
    kw = {"max_bytes": args.max_bytes} if args.max_bytes else {}
    report = b.build(args.corpus, args.out, jobs=args.jobs, use_cache=False, progress=False, **kw)
    print(json.dumps({
        "files": report.files, "documents": report.documents, "rejects": dict(sorted(report.rejects.items())),
        "rows": report.rows, "seconds": report.seconds,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(_main())
