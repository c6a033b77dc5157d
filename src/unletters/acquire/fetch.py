"""Polite HTTP: one request at a time per host, a minimum delay between requests, ``Retry-After``
and exponential back-off honoured, a clear ``User-Agent``, and a check that a "PDF" is a PDF.

The Official Document System answers HTTP 200 even when it has no file (an HTML page or an empty
body), so a download is accepted only when its bytes start with ``%PDF-`` and end with ``%%EOF``.

Clocks and sleeping are injected (``clock``, ``sleep``, ``wall_clock``) so tests never sleep.
"""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from unletters import __version__

USER_AGENT = (
    f"unletters/{__version__} (un-letters research corpus builder; polite OAI-PMH harvester; Python urllib)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A request that failed after every retry (network error or a server error status)."""


@dataclass(frozen=True)
class Response:
    """An HTTP response: final ``url``, ``status``, ``headers`` (lower-case names) and ``body``."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass
class RateLimiter:
    """At most one request every ``interval`` seconds per key (a host); ``defer`` pushes the next
    allowed time further (``Retry-After``, back-off). ``wait`` returns the seconds it slept."""

    interval: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _next: dict[str, float] = field(default_factory=dict)

    def wait(self, key: str) -> float:
        """Sleep until a request to ``key`` is allowed, then book the next slot."""
        now = self.clock()
        due = self._next.get(key, now)
        slept = 0.0
        if due > now:
            slept = due - now
            self.sleep(slept)
            now = self.clock()
            now = max(now, due)
        self._next[key] = now + self.interval
        return slept

    def defer(self, key: str, seconds: float) -> None:
        """Make the next request to ``key`` wait at least ``seconds`` from now."""
        self._next[key] = max(self._next.get(key, 0.0), self.clock() + seconds)


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or HTTP-date, RFC 9110), ``None``
    when absent or unreadable; ``now`` is the wall-clock time (epoch seconds) for an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


class Http:
    """A small polite HTTP client (``urllib``) shared by the harvester and the downloader."""

    def __init__(
        self,
        *,
        delay: float = 5.0,
        user_agent: str = USER_AGENT,
        timeout: float = 60.0,
        max_retries: int = 5,
        backoff: float = 10.0,
        max_wait: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall_clock: Callable[[], float] = time.time,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.limiter = RateLimiter(delay, clock, sleep)
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.wall_clock = wall_clock
        self.log = log or (lambda _msg: None)
        self.requests = 0
        self._opener = urllib.request.build_opener()

    def backoff_seconds(self, attempt: int) -> float:
        """Exponential back-off before retry ``attempt`` (0-based): ``backoff * 2**attempt``,
        capped at ``max_wait``."""
        return min(self.backoff * (2**attempt), self.max_wait)

    def get(self, url: str, accept: str = "*/*") -> Response:
        """GET ``url`` politely; returns the response of any status that is not retried (2xx, 3xx
        after redirects, 4xx other than 429). Raises ``FetchError`` when retries run out or the
        server asks to wait longer than ``max_wait``."""
        host = urllib.parse.urlsplit(url).netloc
        problem = ""
        for attempt in range(self.max_retries + 1):
            self.limiter.wait(host)
            self.requests += 1
            try:
                resp = self._once(url, accept)
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                wait = self.backoff_seconds(attempt)
                self.log(f"  network error on {url} ({problem}); retrying in {wait:.0f} s")
                self.limiter.defer(host, wait)
                continue
            if resp.status not in RETRY_STATUSES:
                return resp
            asked = retry_after_seconds(resp.headers.get("retry-after"), self.wall_clock())
            if asked is not None and asked > self.max_wait:
                raise FetchError(f"HTTP {resp.status} from {url}: server asks to wait {asked:.0f} s")
            wait = max(asked or 0.0, self.backoff_seconds(attempt))
            problem = f"HTTP {resp.status}"
            self.log(f"  HTTP {resp.status} on {url}; retrying in {wait:.0f} s")
            self.limiter.defer(host, wait)
        raise FetchError(f"{url}: gave up after {self.max_retries + 1} attempts ({problem})")

    def _once(self, url: str, accept: str) -> Response:
        """One request; an HTTP error status is returned as a response, not raised."""
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": accept})
        try:
            with self._opener.open(req, timeout=self.timeout) as r:
                body = r.read()
                return Response(r.geturl(), r.status, _headers(r.headers), body)
        except urllib.error.HTTPError as err:
            try:
                body = err.read()
            except (TimeoutError, http.client.HTTPException, OSError):
                body = b""
            return Response(url, err.code, _headers(err.headers), body)


def _headers(msg: object) -> dict[str, str]:
    """Response headers as a dict with lower-case names."""
    items = msg.items() if hasattr(msg, "items") else []
    return {k.lower(): v for k, v in items}


def pdf_problem(body: bytes) -> str | None:
    """Why ``body`` is not a complete PDF (``empty body``, ``HTML page instead of a PDF``,
    ``not a PDF``, ``truncated PDF``), or ``None`` when it is one."""
    if not body.strip():
        return "empty body"
    if not body.startswith(b"%PDF-"):
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            return "HTML page instead of a PDF"
        return "not a PDF"
    if b"%%EOF" not in body[-2048:]:
        return "truncated PDF (no %%EOF at the end)"
    return None


def ods_url(files_url: str, symbol: str, lang: str = "en") -> str:
    """The Official Document System address of a symbol's PDF in a language:
    ``<files_url>/api/symbol/access?s=<symbol>&l=<lang>&t=pdf``."""
    query = urllib.parse.urlencode({"s": symbol, "l": lang, "t": "pdf"})
    return f"{files_url.rstrip('/')}/api/symbol/access?{query}"


def rebase(url: str, base: str) -> str:
    """``url`` with its scheme and host replaced by those of ``base`` (a mirror, a test server)."""
    u = urllib.parse.urlsplit(url)
    b = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit((b.scheme, b.netloc, u.path, u.query, u.fragment))


@dataclass(frozen=True)
class Download:
    """The outcome of fetching one letter: ``body`` and ``url`` of the PDF (``None`` on a miss),
    ``source`` label, and one line per attempt that failed (``tried``)."""

    body: bytes | None
    url: str | None
    source: str | None
    tried: tuple[str, ...]


def english_links(files: list[dict[str, str | None]]) -> list[str]:
    """The 856 links of a record that are its English PDF."""
    out = []
    for f in files:
        url = f.get("url") or ""
        if f.get("language") == "English" or url.upper().endswith("-EN.PDF"):
            out.append(url)
    return out


def fetch_letter(
    http: Http,
    record: Mapping[str, object],
    *,
    files_url: str,
    library_url: str | None = None,
) -> Download:
    """Fetch the English PDF of a parsed record: each symbol from the Official Document System in
    turn, then (when ``library_url`` is given) the Digital Library's own English file link rebased
    on ``library_url``. Returns the first complete PDF, or a miss listing why each try failed."""
    tried: list[str] = []
    candidates: list[tuple[str, str]] = [
        (ods_url(files_url, str(s)), "UN Digital Library / ODS")
        for s in record.get("symbols") or []  # type: ignore[attr-defined]
    ]
    if library_url:
        for link in english_links(record.get("files") or []):  # type: ignore[arg-type]
            candidates.append((rebase(link, library_url), "UN Digital Library"))
    for url, source in candidates:
        try:
            resp = http.get(url, accept="application/pdf")
        except FetchError as exc:
            tried.append(f"{url}: {exc}")
            continue
        if resp.status != 200:
            tried.append(f"{url}: HTTP {resp.status}")
            continue
        problem = pdf_problem(resp.body)
        if problem:
            tried.append(f"{url}: {problem}")
            continue
        return Download(resp.body, url, source, tuple(tried))
    if not candidates:
        tried.append("record has no symbol and no English file link")
    return Download(None, None, None, tuple(tried))
