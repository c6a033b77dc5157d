"""The catalogue join: a letter's UN Digital Library record beside its text.

``acquire`` keeps each selected record as ``corpus/catalog/<record_id>.xml`` and writes the
record id into the manifest row of the letter's file. ``load_catalog`` gives the build, for each
raw file's sha256, the ``catalog`` struct of ``schema/documents.schema.json``; ``compare`` turns
the disagreements between catalogue and text into parse warnings. The catalogue never overrides
what the text says.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from unletters.acquire.marc import iter_records, parse_record
from unletters.acquire.select import title_form
from unletters.manifest import MANIFEST, corpus_root, read_manifest

log = logging.getLogger(__name__)

CATALOG_DIR = "catalog"


def _resolver() -> Callable[..., Any] | None:
    """``unletters.states.resolve`` when that module exists, else ``None``."""
    try:
        from unletters import states
    except ImportError:
        return None
    return getattr(states, "resolve", None)


def _year(date: str | None) -> int | None:
    """The year of an ISO date, ``None`` when unknown."""
    return int(date[:4]) if date and date[:4].isdigit() else None


def _resolve(name: str, year: int | None = None) -> Any:
    """The State a name resolves to (an object with ``.iso3`` and ``.name``; ``year`` picks the
    State a former name denoted then), or ``None``."""
    resolve = _resolver()
    if resolve is None:
        return None
    try:
        return resolve(name, year) if year is not None else resolve(name)
    except TypeError:
        return resolve(name)
    except Exception:  # a resolver bug must not break the build
        log.exception("unletters.states.resolve failed on %r", name)
        return None


def sending_states(record: Mapping[str, Any]) -> list[str]:
    """The sending States of a parsed record, as the catalogue names them: the 710 authors marked
    ``$9 ms``, and unmarked ones that ``unletters.states.resolve`` recognises as a State
    (older records lack the mark); without a resolver unmarked authors are left out."""
    out: list[str] = []
    year = _year(record.get("letter_date") or record.get("issue_date"))
    for author in record.get("authors") or []:
        name = author.get("name")
        if not name or name in out:
            continue
        if author.get("member_state") or _resolve(name, year) is not None:
            out.append(name)
    return out


def catalog_entry(record: Mapping[str, Any]) -> dict[str, Any]:
    """The ``catalog`` struct of a parsed record: record_id, symbols, title, issue_date,
    letter_date (992, else the date in the title), subjects, agenda, sending_states."""
    letter_date = record.get("letter_date")
    if letter_date is None:
        form = title_form(record.get("title"))
        letter_date = form.date if form else None
    return {
        "record_id": record.get("record_id"),
        "symbols": list(record.get("symbols") or []),
        "title": record.get("title"),
        "issue_date": record.get("issue_date"),
        "letter_date": letter_date,
        "subjects": list(record.get("subjects") or []),
        "agenda": [
            {"symbol": a.get("symbol"), "item": a.get("item"), "title": a.get("title")}
            for a in record.get("agenda") or []
        ],
        "sending_states": sending_states(record),
    }


def read_catalog_record(path: Path) -> dict[str, Any] | None:
    """The parsed MARC record kept in a catalogue file, ``None`` when unreadable."""
    try:
        root = ET.fromstring(path.read_bytes())
    except (OSError, ET.ParseError):
        return None
    records = iter_records(root)
    return parse_record(records[0]) if records else None


def load_catalog(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """Map each raw file's sha256 to its ``catalog`` struct, for the manifest rows that carry a
    record id whose catalogue file exists. ``corpus_dir`` is the corpus root (``corpus/``) or
    its raw folder. Returns an empty dict when there is no manifest."""
    root = corpus_root(Path(corpus_dir))
    out: dict[str, dict[str, Any]] = {}
    parsed: dict[str, dict[str, Any] | None] = {}
    for row in read_manifest(root / MANIFEST):
        rid, sha = row.get("record_id", ""), row.get("sha256", "")
        if not rid or not sha:
            continue
        if rid not in parsed:
            parsed[rid] = read_catalog_record(root / CATALOG_DIR / f"{rid}.xml")
        record = parsed[rid]
        if record is not None:
            out[sha] = catalog_entry(record)
    return out


def _norm_symbol(s: str) -> str:
    """A symbol compared without spaces and case."""
    return "".join(s.split()).upper()


def _dates_disagree(a: str | None, b: str | None) -> bool:
    """True when two ISO dates (any precision) are both known and differ on their common part."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] != b[:n]


def _state_key(name: str, year: int | None = None) -> str:
    """ISO3 of a State name when the resolver knows it, else the casefolded name without a
    leading article."""
    state = _resolve(name, year)
    if state is not None and getattr(state, "iso3", None):
        return str(state.iso3)
    folded = " ".join(name.casefold().split())
    return folded[4:] if folded.startswith("the ") else folded


def _names_match(a: str, b: str) -> bool:
    """Without a resolver: two State keys match when equal or one begins the other
    (``united kingdom`` / ``united kingdom of great britain and northern ireland``)."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def compare(doc: Mapping[str, Any], catalog: Mapping[str, Any]) -> list[str]:
    """Parse warnings where the catalogue record and the text disagree: symbols, issue date,
    letter date and sending States (compared by ISO3 through ``unletters.states.resolve`` when
    available, by name otherwise). A field missing on either side is no disagreement."""
    warnings: list[str] = []
    text_syms = [s for s in doc.get("symbols") or [] if s]
    cat_syms = [s for s in catalog.get("symbols") or [] if s]
    if text_syms and cat_syms and {_norm_symbol(s) for s in text_syms} != {_norm_symbol(s) for s in cat_syms}:
        warnings.append(
            f"catalogue symbols ({', '.join(cat_syms)}) differ from the symbols in the text ({', '.join(text_syms)})"
        )
    for field, label in (("issue_date", "issue date"), ("letter_date", "letter date")):
        if _dates_disagree(doc.get(field), catalog.get(field)):
            warnings.append(
                f"catalogue {label} {catalog.get(field)} differs from the {label} in the text {doc.get(field)}"
            )
    text_states = [s for s in doc.get("sender_states") or [] if s]
    cat_states = [s for s in catalog.get("sending_states") or [] if s]
    if text_states and cat_states:
        year = _year(catalog.get("letter_date") or catalog.get("issue_date"))
        exact = _resolver() is not None
        iso3s = [s for s in doc.get("sender_iso3s") or [] if s]
        tk = iso3s if exact and len(iso3s) == len(text_states) else [_state_key(s, year) for s in text_states]
        ck = [_state_key(s, year) for s in cat_states]
        same = (
            set(tk) == set(ck)
            if exact
            else all(any(_names_match(t, c) for c in ck) for t in tk)
            and all(any(_names_match(c, t) for t in tk) for c in ck)
        )
        if not same:
            warnings.append(
                f"catalogue sending States ({', '.join(cat_states)}) differ from the senders in the text "
                f"({', '.join(text_states)})"
            )
    return warnings
