"""Events: the dated events a letter reports, as its sender asserts them.

:func:`extract_events` is the pipeline stage: a documents row (plus its entity and citation
rows) in, event rows out, with exactly the columns of ``schema/events.schema.json``.

Stages: :mod:`unletters.events.dates` finds and resolves date expressions,
:mod:`unletters.events.sentences` splits sentences, :mod:`unletters.events.classify` decides
which dated clauses report an event and of what type.

``asserted_by`` is the sender (``sender_iso3s``, or ``[sender_group]``) for every row, annexes
included: a letter that circulates an annex (a ministry's statement, another body's report)
puts that account forward, and ``part`` = ``annex`` (with ``annex_index``) tells the reader
that the words may be another author's.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from unletters.events.classify import (
    DocumentDates,
    SpanSet,
    Trigger,
    anaphoric_count,
    attributive_ok,
    event_types,
    find_triggers,
    is_non_event_lead,
    nearest_trigger,
    trigger_pool,
)
from unletters.events.dates import DateMention, find_dates
from unletters.events.sentences import SentenceIndex, blank_lines
from unletters.spans import heading_span, locator

__all__ = ["event_types", "extract_events", "find_dates", "header_end"]

_HEADING = re.compile(
    r"^(?:Identical[ \n]+letters|Letter|Note[ \n]+verbale)[ \n]+dated\b", re.IGNORECASE | re.MULTILINE
)
_PARAGRAPH_END = re.compile(r"\n[ ]*\n")


def header_end(doc: Mapping[str, Any]) -> int:
    """Offset where the letter's body starts: the end of its heading (``doc["title"]``) in the text.

    The header and the heading hold the issue date and the letter's own date, which are not
    events. With no title, the first ``Letter dated``/``Note verbale dated`` paragraph ends the
    header; with neither, 0.
    """
    text: str = doc.get("text") or ""
    span = heading_span(doc)
    if span:
        return span[1]
    m = _HEADING.search(text)
    if m:
        end = _PARAGRAPH_END.search(text, m.end())
        return end.start() if end else len(text)
    return 0


def _asserted_by(doc: Mapping[str, Any]) -> list[str]:
    iso3s = [c for c in (doc.get("sender_iso3s") or []) if c]
    if iso3s:
        return list(iso3s)
    group = doc.get("sender_group")
    return [group] if group else []


def _actor_key(entity: Mapping[str, Any]) -> str | None:
    if entity.get("type") == "STATE" and entity.get("iso3"):
        return str(entity["iso3"])
    value = entity.get("canonical") or entity.get("surface")
    return str(value) if value else None


_START = itemgetter("start")
_END = itemgetter("end")


def _by_span(entities: Sequence[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], list[int]]:
    """The entities that have a span, sorted by (start, end), and their starts (as ints).

    Rows of the entities stage (int offsets, every one set, most often in order already) are
    checked and ordered without a Python step per row; any other rows take the general way.
    """
    try:
        starts = list(map(_START, entities))
        ends = list(map(_END, entities))
    except KeyError:
        starts = ends = []
    if len(starts) == len(entities) and set(map(type, starts)) | set(map(type, ends)) <= {int}:
        if all(map(operator.lt, starts, itertools.islice(starts, 1, None))):
            return list(entities), starts  # sorted by start, no two alike: sorted by (start, end)
        spans = list(zip(starts, ends, strict=True))
        if spans == sorted(spans):
            return list(entities), starts
        order = sorted(range(len(spans)), key=spans.__getitem__)
        return [entities[i] for i in order], [starts[i] for i in order]
    ents = sorted(
        (e for e in entities if e.get("start") is not None and e.get("end") is not None),
        key=lambda e: (int(e["start"]), int(e["end"])),
    )
    return ents, [int(e["start"]) for e in ents]


def _spans_of(rows: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """The sorted ``(start, end)`` of the rows that have both (as ints).

    Rows of the citations stage (int offsets, every one set) are read without a Python step
    per row; any other rows take the general way.
    """
    try:
        spans = list(zip(map(_START, rows), map(_END, rows), strict=True))
    except KeyError:
        spans = []
    if len(spans) == len(rows) and set(map(type, itertools.chain.from_iterable(spans))) <= {int}:
        spans.sort()
        return spans
    return sorted(
        (int(r["start"]), int(r["end"]))
        for r in rows
        if r.get("start") is not None and r.get("end") is not None
    )


# between two dates of one list of documents: "dated 29 September 2020 (A/75/357) and 1 October 2020"
_DOCUMENT_LIST_GAP = re.compile(r"[ \n]*(?:\([^()\n]{1,80}\)[ \n]*)?,?[ \n]*(?:(?:and|or)[ \n]+)?\Z")


def _is_event_date(text: str, mention: DateMention) -> bool:
    """True unless the date is a deadline or duration, or an attributive date before a non-event noun."""
    if is_non_event_lead(text, mention):
        return False
    return not (mention.attributive and not attributive_ok(text, mention))


def _sentence_facts(
    text: str,
    start: int,
    end: int,
    skip: SpanSet,
    ents: list[Mapping[str, Any]],
    ent_starts: list[int],
) -> tuple[list[Trigger], list[str], list[Mapping[str, Any]]]:
    """What every date of the sentence ``start:end`` shares: the triggers it may take
    (:func:`trigger_pool`), the actors named in it (ISO3 for States, canonical names for others,
    first mention first, no places) and the place entities in it, in order."""
    lo = bisect.bisect_left(ent_starts, start)
    hi = bisect.bisect_left(ent_starts, end)
    actors: list[str] = []
    places: list[Mapping[str, Any]] = []
    for e in ents[lo:hi]:
        if int(e["end"]) > end:
            continue
        if e.get("type") == "PLACE":
            places.append(e)
            continue
        key = _actor_key(e)
        if key and key not in actors:
            actors.append(key)
    return trigger_pool(find_triggers(text, start, end, skip)), actors, places


def extract_events(
    doc: Mapping[str, Any],
    entities: Sequence[Mapping[str, Any]],
    citations: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Return the event rows of one letter, in reading order, ids ``doc_id/v1``, ``/v2`` ...

    One row per date expression (each element of an enumeration; a range is one row) whose
    clause reports something done or happening; never for the header and heading, for a date
    that only identifies a document, or for a deadline or a duration. ``actors`` are the
    entities named in the sentence (ISO3 for States, canonical names for others), ``location``
    the place named nearest the date.
    """
    text: str = doc.get("text") or ""
    doc_id: str = doc["doc_id"]
    body_start = header_end(doc)
    citation_spans = _spans_of(citations)

    documents = DocumentDates(text, citation_spans)

    def anchor_ok(start: int, end: int) -> bool:
        return not documents.names(start)

    def refer_ok(start: int, end: int) -> bool:
        return not documents.cites(start)

    blanks = blank_lines(text)
    mentions = find_dates(text, doc.get("letter_date"), body_start, anchor_ok, refer_ok, blanks[::2])
    sentences = SentenceIndex(text, blanks)
    ents, ent_starts = _by_span(entities)
    skip_spans = SpanSet([(m.run_start, m.run_end) for m in mentions] + citation_spans)
    asserted = _asserted_by(doc)

    locate = locator(doc)

    rows: list[dict[str, Any]] = []
    previous_actors: list[str] = []
    last_document_end = -1
    # per sentence: the triggers a date may take, the actors named, the places named
    cache: dict[tuple[int, int], tuple[list[Trigger], list[str], list[Mapping[str, Any]]]] = {}
    anaphora: dict[tuple[int, int], int | None] = {}
    for mention in mentions:
        if mention.start < body_start:
            continue
        if documents.identifies(mention) or (
            0 <= last_document_end <= mention.run_start
            and mention.run_start - last_document_end <= 100
            and _DOCUMENT_LIST_GAP.match(text, last_document_end, mention.run_start)
        ):
            last_document_end = mention.run_end
            continue
        if not _is_event_date(text, mention):
            continue
        sentence = sentences.containing(mention.start) or (mention.run_start, mention.run_end)
        s_start, s_end = sentence
        got = cache.get(sentence)
        if got is None:
            got = cache[sentence] = _sentence_facts(text, s_start, s_end, skip_spans, ents, ent_starts)
        pool, sentence_actors, places = got
        trigger = nearest_trigger(pool, mention.start, mention.end)
        if trigger is None:
            continue
        actors = list(sentence_actors)
        if not actors and previous_actors:
            if sentence not in anaphora:
                anaphora[sentence] = anaphoric_count(text, s_start, s_end)
            n = anaphora[sentence]
            if n is not None and (n == 0 or n == len(previous_actors)):
                actors = list(previous_actors)
        location = None
        if places:
            nearest = min(places, key=lambda e: (abs(int(e["start"]) - mention.start), int(e["start"])))
            location = nearest.get("canonical") or nearest.get("surface")
        if actors:
            previous_actors = actors
        part, annex_index, page = locate(mention.start)
        rows.append(
            {
                "event_id": "",
                "doc_id": doc_id,
                "start": mention.start,
                "end": mention.end,
                "surface": text[mention.start : mention.end],
                "sentence_start": s_start,
                "sentence_end": s_end,
                "date": mention.date,
                "date_end": mention.date_end,
                "date_precision": mention.precision,
                "date_basis": mention.basis,
                "event_type": trigger.event_type,
                "trigger": trigger.surface,
                "actors": actors,
                "location": location,
                "asserted_by": list(asserted),
                "part": part,
                "annex_index": annex_index,
                "page": page,
            }
        )
    rows.sort(key=itemgetter("start", "end"))
    for i, row in enumerate(rows, 1):
        row["event_id"] = f"{doc_id}/v{i}"
    return rows
