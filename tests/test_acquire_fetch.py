"""The polite downloader: rate limit, Retry-After, back-off, User-Agent, the PDF check, and the
file answers of the Official Document System (PDF, HTML miss with 200, empty body, 503, dropped
connection), all against a local server; nothing sleeps for real."""

from __future__ import annotations

import email.utils

import pytest
from oai_server import FakeClock, OaiServer, make_pdf

from unletters.acquire.fetch import (
    USER_AGENT,
    FetchError,
    Http,
    RateLimiter,
    english_links,
    fetch_letter,
    ods_url,
    pdf_problem,
    rebase,
    retry_after_seconds,
)

PDF = make_pdf("Letter dated 4 October 2022")


def http_for(clock: FakeClock, **kw: object) -> Http:
    return Http(delay=kw.pop("delay", 3.0), clock=clock.clock, sleep=clock.sleep, timeout=5, **kw)  # type: ignore[arg-type]


# ---- rate limiter -----------------------------------------------------------------------


def test_rate_limiter_spaces_requests_per_host() -> None:
    c = FakeClock()
    rl = RateLimiter(5.0, c.clock, c.sleep)
    assert rl.wait("a") == 0.0
    assert rl.wait("b") == 0.0  # another host is not held back
    c.now += 2.0
    assert rl.wait("a") == pytest.approx(3.0)
    assert rl.wait("a") == pytest.approx(5.0)
    c.now += 60
    assert rl.wait("a") == 0.0
    assert c.sleeps == [pytest.approx(3.0), pytest.approx(5.0)]


def test_rate_limiter_defer() -> None:
    c = FakeClock()
    rl = RateLimiter(1.0, c.clock, c.sleep)
    rl.wait("a")
    rl.defer("a", 30)
    assert rl.wait("a") == pytest.approx(30)
    rl.defer("a", 0.1)  # a shorter deferral never shortens the normal spacing
    assert rl.wait("a") == pytest.approx(1.0)


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("120", now=0) == 120
    assert retry_after_seconds(None, now=0) is None
    assert retry_after_seconds("soon", now=0) is None
    when = email.utils.formatdate(1_000_060, usegmt=True)
    assert retry_after_seconds(when, now=1_000_000) == pytest.approx(60)
    assert retry_after_seconds(when, now=2_000_000) == 0


def test_backoff_is_exponential_and_capped() -> None:
    http = Http(backoff=10, max_wait=100)
    assert [http.backoff_seconds(i) for i in range(5)] == [10, 20, 40, 80, 100]


# ---- the PDF check -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (PDF, None),
        (b"", "empty body"),
        (b"  \n", "empty body"),
        (b"<!DOCTYPE html><html><body>No document</body></html>", "HTML page instead of a PDF"),
        (b"\n<html>x</html>", "HTML page instead of a PDF"),
        (b"GIF89a....", "not a PDF"),
        (PDF[: len(PDF) // 2], "truncated PDF (no %%EOF at the end)"),
    ],
)
def test_pdf_problem(body: bytes, problem: str | None) -> None:
    assert pdf_problem(body) == problem


def test_urls() -> None:
    assert ods_url("https://documents.un.org", "A/57/685") == (
        "https://documents.un.org/api/symbol/access?s=A%2F57%2F685&l=en&t=pdf"
    )
    assert ods_url("http://127.0.0.1:9/", "S/2022/743").startswith("http://127.0.0.1:9/api/symbol/access?")
    assert rebase("http://digitallibrary.un.org/record/1/files/X-EN.pdf", "http://127.0.0.1:8/oai2d") == (
        "http://127.0.0.1:8/record/1/files/X-EN.pdf"
    )
    files = [
        {"language": "Français", "url": "u/X-FR.pdf"},
        {"language": "English", "url": "u/X-EN.pdf"},
        {"language": None, "url": "u/Y-EN.pdf"},
    ]
    assert english_links(files) == ["u/X-EN.pdf", "u/Y-EN.pdf"]


# ---- against the local server --------------------------------------------------------------


def record(*symbols: str, files: list[dict] | None = None) -> dict:
    return {"symbols": list(symbols), "files": files or []}


def test_pdf_is_fetched_with_user_agent() -> None:
    c = FakeClock()
    with OaiServer(faults={"S/2022/743": [("pdf", PDF)]}) as srv:
        got = fetch_letter(http_for(c), record("S/2022/743"), files_url=srv.url)
        assert got.body == PDF
        assert got.source == "UN Digital Library / ODS"
        assert got.url == ods_url(srv.url, "S/2022/743")
        assert got.tried == ()
        headers = srv.requests[0][2]
        assert headers["user-agent"] == USER_AGENT
        assert "unletters/" in headers["user-agent"]
        assert srv.requests[0][1] == {"s": "S/2022/743", "l": "en", "t": "pdf"}


@pytest.mark.parametrize("miss", [("html",), ("empty",), ("status", 404)])
def test_miss_then_second_symbol(miss: tuple) -> None:
    c = FakeClock()
    with OaiServer(faults={"A/71/555": [miss], "S/2016/872": [("pdf", PDF)]}) as srv:
        got = fetch_letter(http_for(c), record("A/71/555", "S/2016/872"), files_url=srv.url)
        assert got.body == PDF
        assert got.url == ods_url(srv.url, "S/2016/872")
        assert len(got.tried) == 1
        assert len(srv.requests) == 2  # a miss is an answer, not something to retry


def test_html_miss_everywhere_is_a_miss() -> None:
    c = FakeClock()
    with OaiServer(faults={}) as srv:
        got = fetch_letter(http_for(c), record("A/1", "S/2"), files_url=srv.url)
        assert got.body is None
        assert [t.split(": ", 1)[1] for t in got.tried] == ["HTML page instead of a PDF"] * 2


def test_503_with_retry_after_then_success() -> None:
    c = FakeClock()
    with OaiServer(faults={"S/2022/743": [("status", 503, 42), ("pdf", PDF)]}) as srv:
        http = http_for(c, backoff=1.0)
        got = fetch_letter(http, record("S/2022/743"), files_url=srv.url)
        assert got.body == PDF
        assert len(srv.requests) == 2
        assert c.sleeps == [pytest.approx(42)]  # the server's 42 s beat our 1 s back-off


def test_503_without_retry_after_backs_off_exponentially() -> None:
    c = FakeClock()
    script = [("status", 503, None)] * 3 + [("pdf", PDF)]
    with OaiServer(faults={"S/1": script}) as srv:
        got = fetch_letter(http_for(c, backoff=10.0, delay=0.0), record("S/1"), files_url=srv.url)
        assert got.body == PDF
        assert c.sleeps == [pytest.approx(10), pytest.approx(20), pytest.approx(40)]


def test_dropped_connection_then_success() -> None:
    c = FakeClock()
    with OaiServer(faults={"S/1": [("drop",), ("pdf", PDF)]}) as srv:
        got = fetch_letter(http_for(c, backoff=7.0, delay=0.0), record("S/1"), files_url=srv.url)
        assert got.body == PDF
        assert len(srv.requests) == 2
        assert c.sleeps == [pytest.approx(7)]


def test_truncated_body_is_retried() -> None:
    c = FakeClock()
    with OaiServer(faults={"S/1": [("truncate", PDF[:100]), ("pdf", PDF)]}) as srv:
        got = fetch_letter(http_for(c, delay=0.0), record("S/1"), files_url=srv.url)
        assert got.body == PDF


def test_connection_always_dropped_gives_up() -> None:
    c = FakeClock()
    with OaiServer(faults={"S/1": [("drop",)]}) as srv:
        http = http_for(c, max_retries=2, delay=0.0)
        with pytest.raises(FetchError, match="gave up after 3 attempts"):
            http.get(ods_url(srv.url, "S/1"))
        got = fetch_letter(http, record("S/1"), files_url=srv.url)
        assert got.body is None and "gave up" in got.tried[0]


def test_retry_after_beyond_max_wait_stops() -> None:
    c = FakeClock()
    with OaiServer(faults={"S/1": [("status", 503, 100_000)]}) as srv:
        with pytest.raises(FetchError, match="asks to wait"):
            http_for(c, max_wait=600).get(ods_url(srv.url, "S/1"))
        assert len(srv.requests) == 1


def test_delay_between_requests_to_the_file_server() -> None:
    c = FakeClock()
    with OaiServer(faults={"S/1": [("pdf", PDF)], "S/2": [("pdf", PDF)], "S/3": [("pdf", PDF)]}) as srv:
        http = http_for(c, delay=4.0)
        for s in ("S/1", "S/2", "S/3"):
            assert fetch_letter(http, record(s), files_url=srv.url).body == PDF
        assert c.sleeps == [pytest.approx(4.0), pytest.approx(4.0)]


def test_library_link_fallback() -> None:
    c = FakeClock()
    link = "http://digitallibrary.un.org/record/846241/files/A_71_555%26S_2016_872-EN.pdf"
    path = "/record/846241/files/A_71_555%26S_2016_872-EN.pdf"
    with OaiServer(faults={path: [("pdf", PDF)]}) as srv:
        rec = record("A/71/555", files=[{"language": "English", "url": link}])
        assert fetch_letter(http_for(c), rec, files_url=srv.url).body is None  # fallback is opt-in
        got = fetch_letter(http_for(c), rec, files_url=srv.url, library_url=srv.oai_url)
        assert got.body == PDF
        assert got.source == "UN Digital Library"
        assert got.url == srv.url + path
