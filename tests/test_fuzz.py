"""Property tests (hypothesis) for every stage: no exception, spans exact, output deterministic.

Inputs are random bytes and text, "token soups" of the pieces UN letters are made of (headings,
symbols, ``(Signed)``, ``Annex``, brackets, dashes, form feeds, odd spaces) and the seed letter
spliced with such pieces or cut anywhere. The extractors get what the pipeline gives them: the
normalized text and the documents row built from :func:`unletters.parsing.parse_letter`.

Profiles: ``ci`` (default; derandomized, the same examples every run) and ``deep``
(``HYPOTHESIS_PROFILE=deep``: many more random examples, for a fuzzing session).
"""

from __future__ import annotations

import codecs
import importlib
import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import pytest
from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unletters.errors import RejectError
from unletters.ingest import decode, doc_id_for, sha256_hex
from unletters.normalize import normalize
from unletters.schema import validator

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=1500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SEED_TEXT = (CORPUS / "000_f1155e9dab17b9d4.txt").read_bytes().decode("utf-8")

# the pieces letters are made of, and the characters that stress the stages
TOKENS = [
    "Letter dated 2 September 2021 from the Permanent Representative of ", "Note verbale dated 3 May 2019 from ",
    "Identical letters dated 1 January 2020 from ", "addressed to the Secretary-General", "to the United Nations ",
    "addressed to the President of the Security Council", "General Assembly", "Security Council",
    "Distr.: General", "Original: English", "Agenda item 40", "Seventy-fifth session", "Human Rights Council",
    "(Signed) ", "Ambassador", "Permanent Representative", "Annex", "Annex I", "Annex to the letter dated ",
    "Enclosure", "A/", "S/", "A/75/", "S/2021/", "A/HRC/46/", "S/RES/", "E/CN.4/", "/Add.1", "/Rev.2", "–", "—",
    "resolution ", "resolutions ", "decision ", "822 (1993)", "60/285", "(1993)", "paragraph 8 of ",
    "Article 51 of the Charter of the United Nations", "that resolution", "on 27 September 2020", "in 2005",
    "from 1 to 3 March", "Azerbaijan", "Armenia", "the Russian Federation", "Geneva", "New York", "Shusha",
    "Mr. ", "H.E. ", "President", "Minister for Foreign Affairs", "attacked", "killed", "shelling",
    "I should be grateful if you would have the present letter circulated as a document of the ",
    "\n", "\n\n", "\n\n\n\n", "\f", " ", "  ", "\t", "-", "-\n", "/", "(", ")", "[", "]", "](#)", "\\(", "\\)",
    "*", "#", ".", ",", ";", ":", "\u201c", "\u201d", "\u2019", "\u00ad", "\u00a0", "\u200b", "\ufb01", "e\u0301",
    "\u00e9", "\u0639\u0631\u0628\u064a", "\u4e2d\u6587", "1", "12", "2021", "XII", "A", "a",
    "Please recycle", "21-12345 (E)", "*2112345*", "2/3",
]

token_soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=80).map("".join)


@st.composite
def letterish(draw: st.DrawFn) -> str:
    """The seed letter (whole or cut anywhere) with token soup spliced in at random places, or soup alone."""
    if draw(st.integers(0, 3)) == 0:
        return draw(token_soup)
    text = SEED_TEXT
    if draw(st.booleans()):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        text = text[a:b]
    for _ in range(draw(st.integers(0, 6))):
        p = draw(st.integers(0, len(text)))
        text = text[:p] + draw(token_soup) + text[p:]
    return text


def _normalized(raw: str) -> str:
    """The text the extractors see: decoded (controls removed, LF) and normalized."""
    try:
        text = decode(raw.encode("utf-8", "surrogatepass")).text
    except RejectError:
        return ""
    return normalize(text).text


# ---------------------------------------------------------------- ingest

_ALLOWED_CONTROLS = {"\t", "\n", "\f"}
plain_text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
                     | st.sampled_from(sorted(_ALLOWED_CONTROLS)), max_size=400).filter(lambda s: s.strip() != "")


def _check_decoded(data: bytes) -> None:
    try:
        got = decode(data)
    except RejectError as exc:
        assert exc.reason in {"empty", "binary", "undecodable"}, exc.reason
        with pytest.raises(RejectError):
            decode(data)
        return
    assert got == decode(data)
    assert got.text.strip()
    assert "\r" not in got.text
    assert not any((c < " " and c not in _ALLOWED_CONTROLS) or c == "\x7f" for c in got.text)


@given(st.binary(max_size=3000))
def test_decode_random_bytes(data: bytes) -> None:
    _check_decoded(data)


@given(letterish(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]),
       st.binary(max_size=8), st.integers(0, 10**6))
def test_decode_letters_in_any_encoding_with_damage(text: str, encoding: str, junk: bytes, at: int) -> None:
    data = text.encode(encoding, errors="replace")
    at %= len(data) + 1
    _check_decoded(data)
    _check_decoded(data[:at] + junk + data[at:])
    _check_decoded(data[:at])


@given(plain_text, st.sampled_from(["\n", "\r\n", "\r"]))
def test_decode_reads_valid_utf8_and_utf16_back_exactly(text: str, newline: str) -> None:
    data = text.replace("\n", newline)
    for raw, enc in ((data.encode("utf-8"), "utf-8"), (codecs.BOM_UTF8 + data.encode("utf-8"), "utf-8-sig"),
                     (codecs.BOM_UTF16_LE + data.encode("utf-16-le"), "utf-16"),
                     (codecs.BOM_UTF16_BE + data.encode("utf-16-be"), "utf-16")):
        got = decode(raw)
        assert (got.text, got.encoding) == (text, enc)


# ---------------------------------------------------------------- normalize

@given(letterish())
def test_normalize(raw: str) -> None:
    try:
        text = decode(raw.encode()).text  # what the pipeline gives normalize
    except RejectError:
        text = raw.replace("\r", "\n")  # and any other text
    got = normalize(text)
    assert got == normalize(text)
    out = got.text
    assert out == out.strip()
    assert "\f" not in out and "\t" not in out and "\r" not in out and "\n\n\n" not in out
    assert all(line == line.strip() for line in out.split("\n"))
    assert got.furniture_removed >= 0
    assert normalize(out).text == out  # idempotent: offsets into a normalized text survive normalizing it again
    if "\f" in text:
        assert len(got.page_offsets) == text.count("\f") + 1
        assert list(got.page_offsets) == sorted(got.page_offsets)
        assert all(0 <= o <= len(out) for o in got.page_offsets)
    else:
        assert got.page_offsets == ()


# ---------------------------------------------------------------- parse and the extractors

def _stage(module: str, name: str) -> Callable[..., Any]:
    """The stage function, or a skip naming why it cannot be imported yet."""
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        pytest.skip(f"{module}.{name} does not import yet: {type(exc).__name__}: {exc}")


@cache
def _validator(table: str) -> Callable[[Mapping[str, Any]], list[str]]:
    return validator(table)


def _doc(text: str) -> dict[str, Any]:
    """The documents row the pipeline builds for a normalized text (fields from parse_letter)."""
    from unletters.pipeline import document_row

    fields = _stage("unletters.parsing", "parse_letter")(text)
    sha = sha256_hex(text.encode())
    offsets = (0,)  # one page: exercises the page column
    return document_row(text, sha, "fuzz.txt", {"source_format": "text", "encoding": "utf-8", "page_count": 1},
                        0, offsets, fields, [])


def _check_span(text: str, start: int | None, end: int | None) -> None:
    if start is None or end is None:
        assert start is None and end is None
        return
    assert 0 <= start <= end <= len(text), (start, end, len(text))


@given(letterish())
def test_parse_letter(raw: str) -> None:
    parse_letter = _stage("unletters.parsing", "parse_letter")
    not_a_letter = _stage("unletters.parsing", "not_a_letter")
    text = _normalized(raw)
    why = not_a_letter(text)
    assert why is None or (isinstance(why, str) and why)
    assert why == not_a_letter(text)
    fields = parse_letter(text)
    assert fields == parse_letter(text)
    doc = _doc(text)
    assert _validator("documents")(doc) == []
    for s in fields["signatories"]:
        _check_span(text, s["start"], s["end"])
        if s["start"] is not None and s["name"] is not None:
            assert text[s["start"]:s["end"]] == s["name"], s
    for part in (*fields["annexes"], *fields["footnotes"], *([fields["circulation"]] if fields["circulation"] else [])):
        _check_span(text, part["start"], part["end"])


def _check_rows(table: str, rows: list[dict[str, Any]], doc: Mapping[str, Any], id_col: str) -> None:
    text = doc["text"]
    check = _validator(table)
    ids = [r[id_col] for r in rows]
    assert len(ids) == len(set(ids)), f"{table}: duplicate ids"
    for r in rows:
        assert check(r) == [], (table, r, check(r))
        assert r["doc_id"] == doc["doc_id"]
        _check_span(text, r["start"], r["end"])
        assert text[r["start"]:r["end"]] == r["surface"], (table, r)


@given(letterish())
def test_extract_citations(raw: str) -> None:
    extract = _stage("unletters.citations", "extract_citations")
    doc = _doc(_normalized(raw))
    rows = extract(doc)
    assert rows == extract(doc)
    _check_rows("citations", rows, doc, "citation_id")
    ids = {r["citation_id"] for r in rows}
    assert all(r["antecedent"] is None or r["antecedent"] in ids for r in rows)


@given(letterish())
def test_extract_entities(raw: str) -> None:
    extract = _stage("unletters.entities", "extract_entities")
    doc = _doc(_normalized(raw))
    rows = extract(doc)
    assert rows == extract(doc)
    _check_rows("entities", rows, doc, "entity_id")


@given(letterish())
def test_extract_events(raw: str) -> None:
    extract = _stage("unletters.events", "extract_events")
    entities = _stage("unletters.entities", "extract_entities")
    citations = _stage("unletters.citations", "extract_citations")
    doc = _doc(_normalized(raw))
    ents, cits = entities(doc), citations(doc)
    rows = extract(doc, ents, cits)
    assert rows == extract(doc, ents, cits)
    _check_rows("events", rows, doc, "event_id")
    for r in rows:
        assert r["sentence_start"] <= r["start"] <= r["end"] <= r["sentence_end"], r


@given(letterish())
def test_the_whole_pipeline_never_raises_and_rejects_with_a_slug(raw: str) -> None:
    from unletters.pipeline import process

    data = raw.encode("utf-8", "surrogatepass")
    res = process(data, "fuzz.txt")
    again = process(data, "fuzz.txt")
    assert (res.document, res.citations, res.entities, res.events, res.reject) == (
        again.document, again.citations, again.entities, again.events, again.reject)
    if res.reject is not None:
        assert res.document is None
        assert res.reject["reason"] != "extraction-error", res.reject["detail"]
    else:
        assert res.document is not None and res.document["doc_id"] == doc_id_for(sha256_hex(data))
