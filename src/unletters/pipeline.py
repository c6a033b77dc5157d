"""The per-letter pipeline: raw bytes in, rows out. Pure: no file system, no clock.

    ingest -> normalize -> classify -> parse -> extract (citations, entities, events) -> validate

:func:`process` never raises for bad input: a file that cannot become a document comes back as
a reject row (:class:`Result.reject`), and an unexpected error inside one letter's extraction
becomes a reject with reason ``extraction-error`` instead of failing the build.
"""

from __future__ import annotations

import functools
import hashlib
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import eq, itemgetter
from pathlib import Path
from typing import Any

from unletters.errors import RejectError
from unletters.ingest import decode, doc_id_for, sha256_hex

#: bump when any stage changes its output; the cache key also carries :func:`code_digest`
PIPELINE_VERSION = "1"

STAGES = ("ingest", "normalize", "parse", "citations", "entities", "events", "validate")


@dataclass
class Result:
    """What one raw file became: a document with its span rows, or a reject row."""

    source_file: str
    sha256: str | None
    document: dict[str, Any] | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    reject: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the file became a document."""
        return self.document is not None


@functools.cache
def code_digest() -> str:
    """SHA-256 over the package's code, knowledge files and table schemas.

    It keys the incremental-build cache together with :data:`PIPELINE_VERSION`, so a changed
    pattern or rule is never answered from a stale cache.
    """
    from unletters.schema import schema_dir

    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    files = sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".json") and "__pycache__" not in p.parts)
    files += sorted(schema_dir().glob("*.schema.json"))
    for f in files:
        h.update(f.name.encode() + b"\x00" + f.read_bytes() + b"\x00")
    return h.hexdigest()[:16]


def reject_row(source_file: str, sha256: str | None, size: int | None, reason: str, detail: str) -> dict[str, Any]:
    """A row of the rejects table."""
    return {"source_file": source_file, "sha256": sha256, "bytes": size, "reason": reason, "detail": detail}


def is_pdf(data: bytes, source_file: str) -> bool:
    """True when the bytes (or, failing that, the file name) say PDF."""
    return data[:1024].lstrip().startswith(b"%PDF") or source_file.lower().endswith(".pdf")


def to_text(data: bytes, source_file: str, *, ocr: bool | None = None) -> tuple[str, dict[str, Any], list[str]]:
    """Raw bytes to decoded text (form feeds between pages), source facts and warnings.

    Raises :class:`RejectError` for input that cannot become text.
    """
    if is_pdf(data, source_file):
        from unletters import pdf

        got = pdf.extract(data, ocr=ocr, source=source_file)
        facts = {"source_format": "pdf-ocr" if got.ocr_used else "pdf", "encoding": None, "page_count": got.page_count}
        return got.text, facts, list(got.warnings)
    dec = decode(data)
    pages = dec.text.count("\f") + 1 if "\f" in dec.text.strip("\f") else None
    return dec.text, {"source_format": "text", "encoding": dec.encoding, "page_count": pages}, list(dec.warnings)


def _summarize(exc: BaseException, stage: str) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    msg = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"unexpected {type(exc).__name__} in the {stage} stage{where}: {msg}".rstrip(": ") + "; please report it"


def document_row(text: str, sha256: str, source_file: str, facts: dict[str, Any], furniture: int,
                 page_offsets: tuple[int, ...], fields: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """Assemble a documents row in schema column order."""
    from unletters.schema import columns

    row: dict[str, Any] = {c: None for c in columns("documents")}
    row.update(fields)
    row.update(
        doc_id=doc_id_for(sha256), sha256=sha256, source_file=source_file, text=text,
        page_furniture_removed=furniture, page_offsets=list(page_offsets), catalog=None,
        source_format=facts["source_format"], encoding=facts["encoding"],
        page_count=facts["page_count"] if page_offsets or facts["source_format"] != "text" else None,
        parse_warnings=warnings + list(fields.get("parse_warnings") or []),
    )
    for col in ("symbols", "organs", "agenda_items", "sender_states", "sender_iso3s", "addressees",
                "signatories", "annexes", "footnotes"):
        if row.get(col) is None:
            row[col] = []
    return row


def process(data: bytes, source_file: str, *, ocr: bool | None = None, validate: bool = True,
            clock: Callable[[], float] = time.perf_counter) -> Result:
    """Run every stage on one raw file's bytes; see the module docstring.

    ``clock`` only measures stage timings (for the benchmark); it never reaches a row.
    """
    sha = sha256_hex(data)
    res = Result(source_file=source_file, sha256=sha)
    t = clock()
    stage = "ingest"

    def lap(name: str) -> None:
        nonlocal t
        now = clock()
        res.timings[name] = res.timings.get(name, 0.0) + now - t
        t = now

    try:
        raw_text, facts, warnings = to_text(data, source_file, ocr=ocr)
        if facts["source_format"] == "pdf-ocr" and not any("OCR" in w for w in warnings):
            warnings.append("text from OCR")
        lap("ingest")
        stage = "normalize"
        from unletters.normalize import normalize

        norm = normalize(raw_text)
        if not norm.text.strip():
            raise RejectError("empty", "no text is left once page furniture and markup are removed")
        lap("normalize")
        stage = "parse"
        from unletters.parsing import not_a_letter, parse_letter

        why = not_a_letter(norm.text)
        if why:
            raise RejectError("not-a-letter", why)
        fields = parse_letter(norm.text)
        doc = document_row(norm.text, sha, source_file, facts, norm.furniture_removed, norm.page_offsets,
                           fields, warnings)
        lap("parse")
        stage = "citations"
        from unletters.citations import extract_citations

        res.citations = extract_citations(doc)
        lap("citations")
        stage = "entities"
        from unletters.entities import extract_entities

        res.entities = extract_entities(doc)
        lap("entities")
        stage = "events"
        from unletters.events import extract_events

        res.events = extract_events(doc, res.entities, res.citations)
        lap("events")
        stage = "validate"
        if validate:
            _validate(doc, res)
        lap("validate")
        res.document = doc
    except RejectError as exc:
        res.reject = reject_row(source_file, sha, len(data), exc.reason, f"{source_file}: {exc.detail}")
        res.citations, res.entities, res.events = [], [], []
    except Exception as exc:
        res.reject = reject_row(source_file, sha, len(data), "extraction-error", f"{source_file}: {_summarize(exc, stage)}")
        res.citations, res.entities, res.events = [], [], []
    return res


_WARM_UP = b"""General Assembly
Distr.: General
2 May 2020
Original: English

Seventy-fourth session
Agenda item 40
A title

Letter dated 1 May 2020 from the Permanent Representative of Armenia to the United Nations addressed to the Secretary-General

On 30 April 2020, Azerbaijani forces shelled the city of Berdzor, in violation of Security Council resolution 822 (1993) and Article 2 of the Charter of the United Nations. Mr. John Smith of the Non-Aligned Movement met on 2 May 2020 in Geneva.

I should be grateful if the present letter could be circulated as a document of the General Assembly, under agenda item 40.

(Signed) Jane Doe
Ambassador
Permanent Representative
"""


def warm_up() -> None:
    """Load every stage's knowledge (gazetteers, patterns, vocabularies, validators) once.

    The build calls it before forking its worker processes, which then share the loaded data
    instead of each loading it again.
    """
    process(_WARM_UP, "warm-up.txt")


def _validate(doc: dict[str, Any], res: Result) -> None:
    """Validate every row; a bad documents row is an error, a bad span row is dropped and noted."""
    from unletters.schema import invalid_rows

    errors = invalid_rows("documents", [doc])
    if errors:
        raise ValueError(f"documents row fails its schema: {errors[0][0]}")
    text = doc["text"]
    for table in ("citations", "entities", "events"):
        rows = getattr(res, table)
        invalid = invalid_rows(table, rows)
        kept = []
        for i, row in enumerate(rows):
            problems = invalid.get(i)
            if not problems and text[row["start"]:row["end"]] != row["surface"]:
                problems = [f"span {row['start']}:{row['end']} does not match its surface"]
            if problems:
                doc["parse_warnings"].append(f"dropped a {table} row ({row.get('surface')!r}): {problems[0]}")
            else:
                kept.append(row)
        setattr(res, table, kept)


def all_valid(results: list[Result]) -> bool:
    """True when every row of every document in ``results`` satisfies its schema and every span
    matches its surface: then validating each one (``process(validate=True)``) would change nothing.
    See :func:`valid_span_columns`."""
    return valid_span_columns(results) is not None


def valid_span_columns(results: list[Result]) -> dict[str, Mapping[str, Sequence[Any]]] | None:
    """The rows of each span table (citations, entities, events) of ``results`` as columns (column
    name -> values; the documents' rows one after the other, in the order of ``results``) when every
    row of every document in ``results`` satisfies its schema and every span matches its surface;
    None when some row does not (:func:`all_valid` is False).

    The build checks a batch of letters at once with it, which is several times cheaper than letter
    by letter (the column-wise checks pay their setup once), and turns the columns it returns into
    Arrow arrays; a letter of a batch that fails is processed again with ``validate=True``.
    """
    from itertools import repeat
    from operator import getitem

    from unletters.schema import columns, invalid_rows, valid_columns

    docs = [r for r in results if r.document is not None]
    out: dict[str, Mapping[str, Sequence[Any]]] = {}
    if docs and invalid_rows("documents", [r.document for r in docs]):
        return None
    texts = [r.document["text"] for r in docs]  # type: ignore[index]
    for table in ("citations", "entities", "events"):
        per_doc = [getattr(r, table) for r in docs]
        rows = list(chain.from_iterable(per_doc))
        cols = valid_columns(table, rows)
        if cols is None:  # not proven valid column by column: row by row
            if invalid_rows(table, rows):
                return None
            cols = {name: list(map(itemgetter(name), rows)) for name in columns(table)}
        # text[start:end] == surface for every row of every document, without a Python step per row
        row_texts = chain.from_iterable(map(repeat, texts, map(len, per_doc)))
        if not all(map(eq, map(getitem, row_texts, map(slice, cols["start"], cols["end"])), cols["surface"])):
            return None
        out[table] = cols
    return out
