"""OAI-PMH 2.0 harvesting (``ListRecords``) with resumption tokens and saved state.

Protocol facts used (OAI-PMH 2.0, http://www.openarchives.org/OAI/openarchivesprotocol.html):

- responses are ``<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">`` with ``responseDate``,
  ``request`` and either the verb's element or one or more ``<error code="...">``;
- a list may be split: each incomplete page ends with ``<resumptionToken>`` (attributes
  ``completeListSize``, ``cursor``, ``expirationDate`` optional); the next request carries only
  ``verb`` and ``resumptionToken`` (the token is exclusive); the last page has an empty token or none;
- ``noRecordsMatch`` is an empty result, not a failure; ``badResumptionToken`` means the token
  expired or is unknown; ``from``/``until`` are inclusive and select on the record *datestamp*
  (when the catalogue record was created or last changed, not the document's date);
- a deleted record has ``<header status="deleted">`` and no metadata.

The UN Digital Library (``https://digitallibrary.un.org/oai2d``, ``metadataPrefix=marcxml``)
answers 503 with ``Retry-After`` under load and is known to fail on long open date ranges, so the
harvest is split into windows of ``window_months`` calendar months.

State (window index, resumption token, pages done) is saved after every page that the caller has
processed, so an interrupted harvest resumes where it stopped.
"""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from unletters.acquire.fetch import FetchError, Http

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
_N = f"{{{OAI_NS}}}"


class OaiError(Exception):
    """An OAI-PMH ``<error>`` answer: ``code`` (``badResumptionToken``, ``noRecordsMatch``, ...)
    and the server's ``message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"OAI-PMH error {code}: {message}")
        self.code = code
        self.message = message


class OaiProtocolError(Exception):
    """A response that is not an OAI-PMH document (HTML, truncated XML, wrong root)."""


@dataclass(frozen=True)
class OaiRecord:
    """One record of a page: ``identifier``, ``datestamp``, ``deleted`` and the ``metadata``
    payload element (the MARC record), ``None`` for a deleted record."""

    identifier: str
    datestamp: str | None
    deleted: bool
    metadata: ET.Element | None


@dataclass(frozen=True)
class OaiPage:
    """One ``ListRecords`` page: its records, the ``token`` for the next page (``None`` on the
    last page) and the optional ``complete_list_size`` and ``cursor`` of the token."""

    records: tuple[OaiRecord, ...]
    token: str | None
    complete_list_size: int | None = None
    cursor: int | None = None


def list_records_url(
    base_url: str,
    *,
    metadata_prefix: str = "marcxml",
    from_: str | None = None,
    until: str | None = None,
    set_spec: str | None = None,
    token: str | None = None,
) -> str:
    """The ``ListRecords`` request URL: with a token only ``verb`` and ``resumptionToken``
    (the token argument is exclusive), else ``metadataPrefix`` and the optional selectors."""
    if token is not None:
        params: dict[str, str] = {"verb": "ListRecords", "resumptionToken": token}
    else:
        params = {"verb": "ListRecords", "metadataPrefix": metadata_prefix}
        if from_:
            params["from"] = from_
        if until:
            params["until"] = until
        if set_spec:
            params["set"] = set_spec
    sep = "&" if "?" in base_url else "?"
    return base_url + sep + urllib.parse.urlencode(params)


def _int(value: str | None) -> int | None:
    """An integer attribute, ``None`` when absent or not a number."""
    return int(value) if value and value.strip().isdigit() else None


def parse_page(body: bytes) -> OaiPage:
    """Parse a ``ListRecords`` response. Raises ``OaiError`` for an ``<error>`` answer (the first
    one) and ``OaiProtocolError`` when the body is not an OAI-PMH document."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise OaiProtocolError(f"not XML ({exc}); starts with {body[:80]!r}") from exc
    if root.tag != f"{_N}OAI-PMH":
        raise OaiProtocolError(f"root element is {root.tag}, not OAI-PMH")
    error = root.find(f"{_N}error")
    if error is not None:
        raise OaiError(error.get("code", "unknown"), " ".join((error.text or "").split()))
    lr = root.find(f"{_N}ListRecords")
    if lr is None:
        raise OaiProtocolError("no ListRecords element and no error")
    records = []
    for rec in lr.findall(f"{_N}record"):
        header = rec.find(f"{_N}header")
        if header is None:
            raise OaiProtocolError("record without header")
        ident = (header.findtext(f"{_N}identifier") or "").strip()
        stamp = (header.findtext(f"{_N}datestamp") or "").strip() or None
        deleted = header.get("status") == "deleted"
        meta = rec.find(f"{_N}metadata")
        payload = None if meta is None or deleted else next(iter(meta), None)
        records.append(OaiRecord(ident, stamp, deleted, payload))
    tok = lr.find(f"{_N}resumptionToken")
    token = None
    size = cursor = None
    if tok is not None:
        token = (tok.text or "").strip() or None
        size, cursor = _int(tok.get("completeListSize")), _int(tok.get("cursor"))
    return OaiPage(tuple(records), token, size, cursor)


def _add_months(d: date, months: int) -> date:
    """The first day of the month ``months`` after ``d``'s month."""
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def windows(since: str, until: str | None, months: int) -> list[tuple[str, str | None]]:
    """The harvest windows [from, until] (inclusive ISO days) from ``since`` to ``until`` in
    steps of ``months`` calendar months; one window when ``months`` is 0 or ``until`` is open."""
    if months <= 0 or until is None:
        return [(since, until)]
    start, end = date.fromisoformat(since), date.fromisoformat(until)
    out: list[tuple[str, str | None]] = []
    cur = start
    while cur <= end:
        nxt = _add_months(cur, months)
        last = date(nxt.year, nxt.month, 1).toordinal() - 1
        stop = min(date.fromordinal(last), end)
        out.append((cur.isoformat(), stop.isoformat()))
        cur = date.fromordinal(stop.toordinal() + 1)
    return out


@dataclass
class HarvestState:
    """Where a harvest stands: the ``key`` of its parameters, the current ``window`` index, the
    resumption ``token`` of the next page of that window, counters, and ``done``."""

    key: dict[str, Any]
    window: int = 0
    token: str | None = None
    pages: int = 0
    records: int = 0
    done: bool = False
    restarts: dict[str, int] = field(default_factory=dict)


def load_state(path: Path, key: dict[str, Any]) -> HarvestState:
    """The saved harvest state for ``key``, or a fresh one when there is none or it was saved
    for other parameters."""
    if path.exists():
        try:
            saved = json.loads(path.read_text(encoding="utf-8")).get("harvest") or {}
        except (OSError, ValueError):
            saved = {}
        if saved.get("key") == key:
            return HarvestState(**saved)
    return HarvestState(key=key)


def update_state_file(path: Path, key: str, value: Any) -> None:
    """Set one top-level entry of the JSON state file ``path``, keeping the others; atomic
    (temporary file, then rename)."""
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
    data[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def save_state(path: Path, state: HarvestState) -> None:
    """Write the harvest state into ``path`` (other top-level entries of the file are kept)."""
    update_state_file(path, "harvest", asdict(state))


@dataclass
class Harvester:
    """Pages through ``ListRecords`` for ``since``..``until`` in windows, resuming from and
    saving to ``state_path``."""

    http: Http
    base_url: str
    since: str
    until: str | None
    state_path: Path
    open_until: bool = False
    set_spec: str | None = None
    metadata_prefix: str = "marcxml"
    window_months: int = 1
    protocol_retries: int = 3
    log: Callable[[str], None] = lambda _msg: None

    def key(self) -> dict[str, Any]:
        """The parameters that identify this harvest (a saved state is reused only for them)."""
        return {
            "oai_url": self.base_url,
            "since": self.since,
            "until": "open" if self.open_until else self.until,
            "set": self.set_spec,
            "metadata_prefix": self.metadata_prefix,
            "window_months": self.window_months,
        }

    def run(self, process: Callable[[OaiPage], bool]) -> HarvestState:
        """Fetch pages and hand each to ``process``; the state is saved after every processed
        page. ``process`` returns False to stop early (the state then points at the next page).
        Returns the final state (``done`` when every window was harvested). Raises ``FetchError``,
        ``OaiError`` or ``OaiProtocolError`` when the server cannot be harvested; the state saved
        so far lets the next run resume."""
        state = load_state(self.state_path, self.key())
        wins = windows(self.since, self.until, self.window_months)
        if state.done:
            if not self.open_until:
                self.log("harvest already complete for these parameters")
                return state
            # An open-ended harvest is incremental: look at the last window again.
            state.done, state.token = False, None
            state.window = max(0, min(state.window, len(wins) - 1))
        while state.window < len(wins):
            w_from, w_until = wins[state.window]
            url = list_records_url(
                self.base_url,
                metadata_prefix=self.metadata_prefix,
                from_=w_from,
                until=w_until,
                set_spec=self.set_spec,
                token=state.token,
            )
            try:
                page = self._page(url)
            except OaiError as err:
                if err.code == "noRecordsMatch":
                    page = OaiPage((), None)
                elif err.code == "badResumptionToken" and state.token is not None:
                    wkey = str(state.window)
                    if state.restarts.get(wkey, 0) >= 1:
                        raise
                    self.log(f"resumption token refused ({err.message}); restarting window {w_from}")
                    state.restarts[wkey] = state.restarts.get(wkey, 0) + 1
                    state.token = None
                    save_state(self.state_path, state)
                    continue
                else:
                    raise
            self.log(
                f"page {state.pages + 1}: window {w_from}..{w_until or 'now'}, "
                f"{len(page.records)} records"
                + (f" of {page.complete_list_size}" if page.complete_list_size else "")
            )
            keep_going = process(page)
            state.pages += 1
            state.records += len(page.records)
            if page.token:
                state.token = page.token
            else:
                state.token = None
                state.window += 1
            state.done = state.window >= len(wins)
            if state.done:
                # Remember the last window for an incremental (open-ended) rerun.
                state.window = len(wins) - 1 if self.open_until else state.window
            save_state(self.state_path, state)
            if not keep_going or state.done:
                break
        return state

    def _page(self, url: str) -> OaiPage:
        """One page, retried (with back-off) when the answer is not an OAI-PMH document."""
        host = urllib.parse.urlsplit(url).netloc
        for attempt in range(self.protocol_retries + 1):
            resp = self.http.get(url, accept="text/xml, application/xml")
            if resp.status == 202:
                raise FetchError(f"{url}: HTTP 202 (a web-application-firewall challenge, not OAI-PMH)")
            if resp.status != 200:
                raise FetchError(f"{url}: HTTP {resp.status}")
            try:
                return parse_page(resp.body)
            except OaiProtocolError as exc:
                if attempt == self.protocol_retries:
                    raise
                wait = self.http.backoff_seconds(attempt)
                self.log(f"  not an OAI-PMH answer ({exc}); retrying in {wait:.0f} s")
                self.http.limiter.defer(host, wait)
        raise AssertionError("unreachable")
