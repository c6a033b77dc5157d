"""Parse stage: the documents fields that come from a letter's normalized text.

Public functions:

- :func:`parse_letter` -- header, heading, sender, addressees, signatories, annexes, footnotes,
  circulation request and ``parse_warnings``;
- :func:`not_a_letter` -- None for a letter, else one sentence saying why the text is not one.

Offsets in the result point into the text as given.
"""

from __future__ import annotations

from typing import Any

from unletters.parsing import annexes as _annexes
from unletters.parsing import footnotes as _footnotes
from unletters.parsing import signature as _signature
from unletters.parsing.annexes import parse_annexes
from unletters.parsing.circulation import parse_circulation
from unletters.parsing.classify import not_a_letter
from unletters.parsing.common import candidate_lines_each, lines_of, vocabulary
from unletters.parsing.footnotes import parse_footnotes
from unletters.parsing.header import parse_header
from unletters.parsing.heading import find_heading, parse_heading_text
from unletters.parsing.signature import parse_signatories

__all__ = ["not_a_letter", "parse_letter"]

# the line-open patterns of the body's parsers, in the order of their `candidates` lists
_BODY_LINE_OPENS = (_annexes._ANNEX_LINE, _signature._SIGNED_LINE, _footnotes._NOTE_LINE_AFTER_NEWLINE)


def _organ(symbols: list[str], organs: list[str]) -> str | None:
    """The organ a document is issued for: an A/HRC/ symbol gives the Human Rights Council, else the
    first organ of the header, else the organ of the first symbol's prefix."""
    table = vocabulary()["organs"]["values"]
    if (symbols and symbols[0].startswith("A/HRC/")) or "Human Rights Council" in organs:
        return "Human Rights Council"
    if organs:
        return organs[0]
    for sym in symbols:
        for o in sorted(table, key=lambda o: -len(o["symbol_prefix"])):
            if sym.startswith(o["symbol_prefix"]):
                return str(o["canonical"])
    return None


def parse_letter(text: str) -> dict[str, Any]:
    """Parse a letter's normalized ``text``.

    Returns a dict with the documents columns that come from the text (see
    schema/documents.schema.json): symbols, organ, organs, distribution, issue_date,
    original_language, session, special_session, sc_year, agenda_items, doc_type, title,
    letter_date, sender_role, sender_state, sender_iso3, sender_states, sender_iso3s,
    sender_group, addressees, signatories, annexes, footnotes, circulation, parse_warnings.
    A field that cannot be read is None (or empty) and ``parse_warnings`` says why.
    """
    warnings: list[str] = []
    heading = find_heading(text)
    header_end = heading.start if heading else 0
    header = parse_header(lines_of(text, 0, header_end)) if heading else None
    if heading is None:
        warnings.append(
            "no heading ('Letter dated ...', 'Note verbale dated ...') found near the top of the text"
        )
    else:
        parse_heading_text(heading)
    body_start = heading.end if heading else 0
    # the lines that may open an annex, a (Signed) block or a footnote, found in one search
    # (None when the search cannot be made: then each parser finds its own)
    found = candidate_lines_each(text, body_start, None, _BODY_LINE_OPENS)
    cands: list[list[int] | None] = list(found) if found is not None else [None, None, None]
    annexes = parse_annexes(text, body_start, candidates=cands[0])
    sigs, sig_warnings = parse_signatories(
        text, body_start, len(text), [a["start"] for a in annexes], candidates=cands[1]
    )
    first_annex = annexes[0]["start"] if annexes else len(text)
    footnotes = parse_footnotes(text, body_start, candidates=cands[2])
    circulation = parse_circulation(text, body_start, first_annex, footnotes)

    h = header
    symbols = h.symbols if h else []
    organs = h.organs if h else []
    states = heading.sender_states if heading else []
    if h is not None:
        warnings.extend(h.warnings)
        if not symbols:
            warnings.append("the header prints no document symbol")
        if h.distribution is None:
            warnings.append("no distribution ('Distr.: General') in the header")
        if h.issue_date is None:
            warnings.append("no issue date in the header")
        if h.original_language is None:
            warnings.append("no original language ('Original: English') in the header")
        if not organs and not symbols:
            warnings.append("the header names no organ")
    if heading is not None:
        warnings.extend(heading.warnings)
        if heading.doc_type == "note_verbale" and any(s["part"] == "body" for s in sigs):
            pass
        if not states and heading.sender_group is None and heading.sender_role not in ("Secretary-General",):
            warnings.append("no sending State or group could be read in the heading")
    if (
        heading is not None
        and heading.doc_type != "note_verbale"
        and not any(s["part"] == "body" for s in sigs)
    ):
        warnings.append("no (Signed) block in the letter")
    warnings.extend(sig_warnings)
    return {
        "symbols": list(symbols),
        "organ": _organ(symbols, organs),
        "organs": list(organs),
        "distribution": h.distribution if h else None,
        "issue_date": h.issue_date if h else None,
        "original_language": h.original_language if h else None,
        "session": h.session if h else None,
        "special_session": h.special_session if h else None,
        "sc_year": h.sc_year if h else None,
        "agenda_items": list(h.agenda_items) if h else [],
        "doc_type": heading.doc_type if heading else None,
        "title": heading.title if heading else None,
        "letter_date": heading.letter_date if heading else None,
        "sender_role": heading.sender_role if heading else None,
        "sender_state": states[0].name if len(states) == 1 else None,
        "sender_iso3": states[0].iso3 if len(states) == 1 else None,
        "sender_states": [s.name for s in states],
        "sender_iso3s": [s.iso3 for s in states],
        "sender_group": heading.sender_group if heading else None,
        "addressees": list(heading.addressees) if heading else [],
        "signatories": sigs,
        "annexes": annexes,
        "footnotes": footnotes,
        "circulation": circulation,
        "parse_warnings": warnings,
    }
