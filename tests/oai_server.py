"""A local stand-in for the UN Digital Library (OAI-PMH) and the Official Document System.

``OaiServer`` serves, on 127.0.0.1 in a thread:

- ``/oai2d``: OAI-PMH 2.0 ``ListRecords`` envelopes around real MARC records (from the
  recording in ``shared/undl/``), ``page_size`` records a page, with resumption tokens carrying
  ``completeListSize`` and ``cursor``, ``from``/``until`` filtering on the datestamp (MARC 005),
  and the protocol errors ``badArgument``, ``badVerb``, ``cannotDisseminateFormat``,
  ``noRecordsMatch`` and ``badResumptionToken``;
- ``/api/symbol/access?s=SYMBOL&l=en&t=pdf``: per symbol, a scripted list of answers;
- ``/record/<id>/files/<name>``: the Digital Library's own file links, scripted the same way.

Answers are scripted with ``faults`` (a list per key, consumed in order, the last one repeated):
``("pdf", bytes)``, ``("status", code, retry_after)``, ``("html",)``, ``("empty",)``,
``("drop",)`` (connection closed without an answer), ``("truncate", bytes)`` (Content-Length
larger than the body). Every request is logged in ``requests`` as (path, query dict, headers).
"""

from __future__ import annotations

import functools
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

RECORDING = Path("/work/shared/undl/digitallibrary-search-of-xm-2023.xml")
MARC_NS = "http://www.loc.gov/MARC21/slim"
HTML_MISS = (
    b"<!DOCTYPE html><html><head><title>Official Document System</title></head>"
    b"<body><p>Document not found.</p></body></html>"
)


def make_pdf(text: str) -> bytes:
    """A small, well-formed one-page PDF whose content stream shows ``text``."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


_MARC_TEXT: dict[int, str] = {}  # serialised records of the (immutable, cached) recording


@functools.cache
def _recording() -> tuple[ET.Element, ...]:
    root = ET.parse(RECORDING).getroot()
    return tuple(root.findall(f"{{{MARC_NS}}}record"))


@functools.cache
def _recording_ids() -> frozenset[int]:
    return frozenset(id(r) for r in _recording())


def _cached_marc_xml(record: ET.Element) -> str:
    """``marc_xml`` of a record, memoised for the records of the recording (which live forever)."""
    if id(record) not in _recording_ids():
        return marc_xml(record)
    return _MARC_TEXT.get(id(record)) or _MARC_TEXT.setdefault(id(record), marc_xml(record))


def recorded_records() -> list[ET.Element]:
    """The 200 MARC record elements of the recording, in order (parsed once; do not modify)."""
    return list(_recording())


def marc_xml(record: ET.Element) -> str:
    """A MARC record as MARCXML text with the MARC 21 slim namespace as default namespace (as the
    Digital Library writes it inside ``<metadata>``)."""

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def ser(el: ET.Element) -> str:
        attrs = "".join(f" {k}={quoteattr(v)}" for k, v in el.attrib.items())
        inner = escape(el.text or "") + "".join(ser(ch) + escape(ch.tail or "") for ch in el)
        return f"<{local(el.tag)}{attrs}>{inner}</{local(el.tag)}>"

    body = ser(record)
    return body.replace("<record>", f'<record xmlns="{MARC_NS}">', 1)


def datestamp(record: ET.Element) -> str:
    """The record's datestamp (OAI ``YYYY-MM-DDThh:mm:ssZ``) from MARC 005."""
    for cf in record.findall(f"{{{MARC_NS}}}controlfield"):
        if cf.get("tag") == "005" and cf.text:
            v = cf.text.strip()
            return f"{v[0:4]}-{v[4:6]}-{v[6:8]}T{v[8:10]}:{v[10:12]}:{v[12:14]}Z"
    return "1900-01-01T00:00:00Z"


def recid(record: ET.Element) -> str:
    """MARC 001 of a record."""
    for cf in record.findall(f"{{{MARC_NS}}}controlfield"):
        if cf.get("tag") == "001" and cf.text:
            return cf.text.strip()
    return ""


@dataclass
class OaiServer:
    """The scripted server (see the module docstring). Use as a context manager."""

    records: list[ET.Element] = field(default_factory=recorded_records)
    page_size: int = 60
    faults: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    oai_faults: list[tuple[Any, ...]] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)
    requests: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)
    issued_tokens: set[str] = field(default_factory=set)

    def __enter__(self) -> OaiServer:
        handler = _make_handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:PORT``."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def oai_url(self) -> str:
        """The OAI-PMH base URL."""
        return self.url + "/oai2d"

    def oai_requests(self) -> list[dict[str, str]]:
        """Query dicts of the OAI requests received, in order."""
        return [q for path, q, _h in self.requests if path == "/oai2d"]

    def file_requests(self) -> list[str]:
        """Paths (with query) of the file requests received, in order."""
        out = []
        for path, q, _h in self.requests:
            if path != "/oai2d":
                out.append(path + ("?" + urllib.parse.urlencode(q) if q else ""))
        return out

    # ---- OAI-PMH -------------------------------------------------------------------------

    def _matching(self, frm: str | None, until: str | None) -> list[ET.Element]:
        out = []
        for r in self.records:
            day = datestamp(r)[:10]
            if frm and day < frm:
                continue
            if until and day > until:
                continue
            out.append(r)
        return out

    def oai_response(self, q: dict[str, str], request_url: str) -> bytes:
        """The OAI-PMH document answering query ``q``."""
        verb = q.get("verb")
        if verb != "ListRecords":
            return _envelope(request_url, q, '<error code="badVerb">only ListRecords here</error>')
        token = q.get("resumptionToken")
        if token is not None:
            if set(q) != {"verb", "resumptionToken"}:
                return _envelope(
                    request_url, q, '<error code="badArgument">resumptionToken is exclusive</error>'
                )
            if token not in self.issued_tokens:
                return _envelope(
                    request_url, q, '<error code="badResumptionToken">unknown or expired</error>'
                )
            frm, until, start = token.split("|")
            frm_v, until_v, offset = (frm or None), (until or None), int(start)
        else:
            if q.get("metadataPrefix") != "marcxml":
                return _envelope(request_url, q, '<error code="cannotDisseminateFormat">marcxml only</error>')
            frm_v, until_v, offset = q.get("from"), q.get("until"), 0
        matching = self._matching(frm_v, until_v)
        if not matching:
            return _envelope(request_url, q, '<error code="noRecordsMatch">no records</error>')
        chunk = matching[offset : offset + self.page_size]
        parts = ["<ListRecords>"]
        for r in chunk:
            rid = recid(r)
            header_status = ' status="deleted"' if rid in self.deleted else ""
            parts.append(
                f"<record><header{header_status}><identifier>oai:digitallibrary.un.org:{rid}</identifier>"
                f"<datestamp>{datestamp(r)}</datestamp></header>"
            )
            if rid not in self.deleted:
                marc = _cached_marc_xml(r)
                parts.append(f"<metadata>{marc}</metadata>")
            parts.append("</record>")
        nxt = offset + self.page_size
        size = len(matching)
        if nxt < size:
            new = f"{frm_v or ''}|{until_v or ''}|{nxt}"
            self.issued_tokens.add(new)
            parts.append(
                f'<resumptionToken completeListSize="{size}" cursor="{offset}">{escape(new)}</resumptionToken>'
            )
        elif token is not None:
            parts.append(f'<resumptionToken completeListSize="{size}" cursor="{offset}"/>')
        parts.append("</ListRecords>")
        return _envelope(request_url, q, "".join(parts))


def _envelope(request_url: str, q: dict[str, str], inner: str) -> bytes:
    """An OAI-PMH 2.0 response document."""
    attrs = " ".join(f'{k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in sorted(q.items()))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
        "<responseDate>2026-11-27T00:00:00Z</responseDate>"
        f"<request {attrs}>{escape(request_url)}</request>{inner}</OAI-PMH>"
    ).encode()


def _make_handler(server: OaiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # silence
            return

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
            server.requests.append((parts.path, q, {k.lower(): v for k, v in self.headers.items()}))
            if parts.path == "/oai2d":
                if server.oai_faults:
                    fault = server.oai_faults.pop(0)
                    if fault[0] != "pass":
                        self._answer(fault)
                        return
                body = server.oai_response(q, server.url + "/oai2d")
                self._send(200, body, "text/xml; charset=utf-8")
                return
            if parts.path == "/api/symbol/access":
                key = q.get("s", "")
            else:
                key = parts.path
            script = server.faults.get(key)
            if not script:
                self._answer(("html",))
                return
            fault = script.pop(0) if len(script) > 1 else script[0]
            self._answer(fault)

        def _answer(self, fault: tuple[Any, ...]) -> None:
            kind = fault[0]
            if kind == "pdf":
                self._send(200, fault[1], "application/pdf")
            elif kind == "html":
                self._send(200, HTML_MISS, "text/html; charset=utf-8")
            elif kind == "empty":
                self._send(200, b"", "application/pdf")
            elif kind == "status":
                extra = {"Retry-After": str(fault[2])} if len(fault) > 2 and fault[2] is not None else {}
                self._send(fault[1], b"busy", "text/plain", extra)
            elif kind == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(2)
                except OSError:
                    pass
            elif kind == "truncate":
                body = fault[1]
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(len(body) + 1000))
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True
            else:
                raise ValueError(kind)

        def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@dataclass
class FakeClock:
    """A monotonic clock and a ``sleep`` that only advances it, recording every sleep."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
