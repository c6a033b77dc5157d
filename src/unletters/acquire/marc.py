"""MARCXML (MARC 21 slim) records of the UN Digital Library, read into plain dicts.

The fields a letter record uses (verified on the real recording in ``shared/undl/``):

- ``001`` record id; ``029 $a JN $b`` job number; ``089 $b`` content code (``B18`` letters,
  unreliable); ``191 $a`` one per document symbol (two for a joint GA/SC letter);
- ``245 $a $b`` title; ``269 $a`` issue date; ``992 $a`` date of the letter (not always present);
- ``650 $a`` UNBIS subjects; ``710 $a`` corporate authors (``$9 ms`` marks a Member State);
- ``856 $u $y $s`` one file link per language; ``981 $a`` organ; ``989 $a $b $c`` collection
  (``Letters and Notes Verbales``, unreliable); ``991 $a $b $c`` agenda (symbol, item, title).

Parsing never touches the network and never guesses: a field that is absent is ``None`` or an
empty list.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MARC_NS = "http://www.loc.gov/MARC21/slim"

_ISO_DATE = re.compile(r"^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?$")


def _local(tag: str) -> str:
    """The local name of an element tag, without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def iter_records(root: ET.Element) -> list[ET.Element]:
    """Every MARC ``record`` element under ``root`` (itself included), in document order."""
    return [el for el in root.iter() if _local(el.tag) == "record" and _is_marc(el)]


def _is_marc(el: ET.Element) -> bool:
    """True when a ``record`` element is a MARC record (namespace MARC 21 slim, or none)."""
    return el.tag in ("record", f"{{{MARC_NS}}}record")


def _text(el: ET.Element | None) -> str | None:
    """Whitespace-collapsed text of an element, ``None`` when empty."""
    if el is None or el.text is None:
        return None
    value = " ".join(el.text.split())
    return value or None


def field_index(record: ET.Element) -> dict[str, list[dict[str, list[str]]]]:
    """Every data field of a record, by tag, each as ``{code: [values in order]}`` (one pass)."""
    out: dict[str, list[dict[str, list[str]]]] = {}
    for df in record:
        if _local(df.tag) != "datafield":
            continue
        subs: dict[str, list[str]] = {}
        for sf in df:
            value = _text(sf)
            if value is not None and _local(sf.tag) == "subfield":
                subs.setdefault(sf.get("code", ""), []).append(value)
        out.setdefault(df.get("tag", ""), []).append(subs)
    return out


def fields(record: ET.Element, tag: str) -> list[dict[str, list[str]]]:
    """The data fields ``tag`` of a record, each as ``{code: [values in order]}``."""
    return field_index(record).get(tag, [])


def controlfield(record: ET.Element, tag: str) -> str | None:
    """The value of control field ``tag`` (``001``, ``005``, ...), ``None`` when absent."""
    for cf in record:
        if _local(cf.tag) == "controlfield" and cf.get("tag") == tag:
            return _text(cf)
    return None


def _first(field: dict[str, list[str]], code: str) -> str | None:
    """First value of subfield ``code`` in a field, ``None`` when absent."""
    values = field.get(code)
    return values[0] if values else None


def iso_date(value: str | None) -> str | None:
    """``2002-12-23``, ``20021223``, ``2021-12``, ``2003`` as an ISO date truncated to its
    precision; ``None`` for anything else (never a guessed day)."""
    if not value:
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= 31:
        return None
    return "-".join(p for p in (year, month, day) if p)


def _strip_isbd(value: str) -> str:
    """A title part without the trailing ISBD punctuation the cataloguers add (`` /``, `` :``)."""
    return re.sub(r"\s*[/:;,=]\s*$", "", value).strip()


def title(record: ET.Element, index: dict[str, list[dict[str, list[str]]]] | None = None) -> str | None:
    """The title (245 ``$a`` and ``$b``, ISBD punctuation removed), ``None`` when absent."""
    for f in (index if index is not None else field_index(record)).get("245", []):
        parts = [_strip_isbd(v) for code in ("a", "b") for v in f.get(code, [])]
        text = " : ".join(p for p in parts if p)
        if text:
            return text
    return None


def parse_record(record: ET.Element) -> dict[str, Any]:
    """One MARC record as a dict: ``record_id``, ``symbols``, ``title``, ``issue_date``,
    ``letter_date`` (992 only), ``subjects``, ``agenda`` [{symbol, item, title}],
    ``authors`` [{name, member_state}], ``files`` [{language, url, size}], ``job_number``,
    ``content_codes`` (089 $b), ``collections`` (989 as ``a > b > c`` strings), ``organs`` (981 $a)
    and ``modified`` (005)."""
    idx = field_index(record)
    symbols: list[str] = []
    for f in idx.get("191", []):
        for s in f.get("a", []):
            if s not in symbols:
                symbols.append(s)
    issue = next((iso_date(_first(f, "a")) for f in idx.get("269", []) if _first(f, "a")), None)
    letter = next((iso_date(_first(f, "a")) for f in idx.get("992", []) if _first(f, "a")), None)
    job = next((_first(f, "b") for f in idx.get("029", []) if _first(f, "a") == "JN"), None)
    return {
        "record_id": controlfield(record, "001"),
        "symbols": symbols,
        "title": title(record, idx),
        "issue_date": issue,
        "letter_date": letter,
        "subjects": [s for f in idx.get("650", []) for s in f.get("a", [])],
        "agenda": [
            {"symbol": _first(f, "a"), "item": _first(f, "b"), "title": _first(f, "c")}
            for f in idx.get("991", [])
        ],
        "authors": [
            {"name": _first(f, "a"), "member_state": "ms" in f.get("9", [])}
            for f in idx.get("710", [])
            if _first(f, "a")
        ],
        "files": [
            {"language": _first(f, "y"), "url": _first(f, "u"), "size": _first(f, "s")}
            for f in idx.get("856", [])
            if _first(f, "u")
        ],
        "job_number": job,
        "content_codes": [c for f in idx.get("089", []) for c in f.get("b", [])],
        "collections": [
            " > ".join(v for code in ("a", "b", "c") for v in f.get(code, [])) for f in idx.get("989", [])
        ],
        "organs": [o for f in idx.get("981", []) for o in f.get("a", [])],
        "modified": controlfield(record, "005"),
    }


def record_to_xml(record: ET.Element) -> bytes:
    """A MARC record serialised as a standalone MARCXML document (UTF-8, MARC 21 slim namespace,
    one field per line): leader, control fields and data fields in their order, subfield values
    as recorded (whitespace-only text dropped). The same record always gives the same bytes."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<record xmlns="{MARC_NS}">']
    for el in record:
        name = _local(el.tag)
        text = el.text if el.text and el.text.strip() else ""
        if name == "leader":
            lines.append(f"  <leader>{escape(text)}</leader>")
        elif name == "controlfield":
            lines.append(f"  <controlfield tag={quoteattr(el.get('tag', ''))}>{escape(text)}</controlfield>")
        elif name == "datafield":
            attrs = " ".join(f"{k}={quoteattr(el.get(k, ' '))}" for k in ("tag", "ind1", "ind2"))
            lines.append(f"  <datafield {attrs}>")
            for sf in el:
                if _local(sf.tag) == "subfield":
                    value = sf.text or ""
                    lines.append(
                        f"    <subfield code={quoteattr(sf.get('code', ''))}>{escape(value)}</subfield>"
                    )
            lines.append("  </datafield>")
    lines.append("</record>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse_xml(data: bytes) -> ET.Element:
    """The root element of an XML document (raises ``xml.etree.ElementTree.ParseError``)."""
    return ET.fromstring(data)
