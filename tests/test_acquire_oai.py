"""OAI-PMH harvesting against a local server serving the real MARC records in OAI-PMH 2.0
envelopes: paging with resumption tokens, saved state and resumption, windows, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oai_server import FakeClock, OaiServer, datestamp

from unletters.acquire.fetch import FetchError, Http
from unletters.acquire.marc import parse_record
from unletters.acquire.oai import (
    Harvester,
    OaiError,
    OaiPage,
    OaiProtocolError,
    list_records_url,
    load_state,
    parse_page,
    windows,
)


def http_for(c: FakeClock, **kw: object) -> Http:
    return Http(delay=kw.pop("delay", 2.0), clock=c.clock, sleep=c.sleep, timeout=5, **kw)  # type: ignore[arg-type]


def harvester(srv: OaiServer, tmp: Path, c: FakeClock, **kw: object) -> Harvester:
    args: dict = {"since": "1990-01-01", "until": "2026-11-27", "window_months": 0}
    args.update(kw)
    http = args.pop("http", None) or http_for(c)
    return Harvester(http=http, base_url=srv.oai_url, state_path=tmp / ".acquire-state.json", **args)


def collect(h: Harvester) -> tuple[list[OaiPage], object]:
    pages: list[OaiPage] = []
    state = h.run(lambda p: pages.append(p) is None)
    return pages, state


def test_list_records_url() -> None:
    assert list_records_url("https://x/oai2d", from_="2023-01-01", until="2023-01-31") == (
        "https://x/oai2d?verb=ListRecords&metadataPrefix=marcxml&from=2023-01-01&until=2023-01-31"
    )
    # The resumption token is exclusive: nothing else goes with it.
    assert list_records_url("https://x/oai2d", from_="2023-01-01", set_spec="s", token="a b/c") == (
        "https://x/oai2d?verb=ListRecords&resumptionToken=a+b%2Fc"
    )


def test_windows() -> None:
    assert windows("2023-01-15", "2023-03-10", 1) == [
        ("2023-01-15", "2023-01-31"),
        ("2023-02-01", "2023-02-28"),
        ("2023-03-01", "2023-03-10"),
    ]
    assert windows("2023-11-01", "2024-02-29", 2) == [
        ("2023-11-01", "2023-12-31"),
        ("2024-01-01", "2024-02-29"),
    ]
    assert windows("2023-01-01", None, 1) == [("2023-01-01", None)]
    assert windows("2023-01-01", "2023-12-31", 0) == [("2023-01-01", "2023-12-31")]
    assert len(windows("2023-01-01", "2023-12-31", 1)) == 12


def test_paging_with_resumption_tokens(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=60) as srv:
        pages, state = collect(harvester(srv, tmp_path, c))
        assert [len(p.records) for p in pages] == [60, 60, 60, 20]
        assert [p.cursor for p in pages] == [0, 60, 120, 180]
        assert pages[0].complete_list_size == 200
        assert pages[-1].token is None
        ids = [r.identifier for p in pages for r in p.records]
        assert len(ids) == len(set(ids)) == 200
        assert ids[0].startswith("oai:digitallibrary.un.org:")
        reqs = srv.oai_requests()
        assert reqs[0] == {
            "verb": "ListRecords",
            "metadataPrefix": "marcxml",
            "from": "1990-01-01",
            "until": "2026-11-27",
        }
        assert all(set(q) == {"verb", "resumptionToken"} for q in reqs[1:])
        assert state.done and state.pages == 4 and state.records == 200  # type: ignore[attr-defined]
        # Polite: one request every 2 s, no more.
        assert c.sleeps == [pytest.approx(2.0)] * 3
        # The MARC payload parses to the real records.
        rids = {
            parse_record(r.metadata)["record_id"] for p in pages for r in p.records if r.metadata is not None
        }
        assert {"482580", "846241", "3989922"} <= rids


def test_interrupted_harvest_resumes_from_saved_token(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=60) as srv:
        seen: list[str] = []

        def stop_after_first(page: OaiPage) -> bool:
            seen.extend(r.identifier for r in page.records)
            return False

        state = harvester(srv, tmp_path, c).run(stop_after_first)
        assert not state.done and state.pages == 1 and state.token
        saved = json.loads((tmp_path / ".acquire-state.json").read_text())["harvest"]
        assert saved["token"] == state.token
        n_before = len(srv.oai_requests())
        pages, state2 = collect(harvester(srv, tmp_path, c))
        assert srv.oai_requests()[n_before] == {"verb": "ListRecords", "resumptionToken": state.token}
        seen.extend(r.identifier for p in pages for r in p.records)
        assert len(seen) == len(set(seen)) == 200
        assert state2.done  # type: ignore[attr-defined]
        # Done: a rerun with the same (closed) parameters asks nothing.
        n = len(srv.oai_requests())
        pages3, _ = collect(harvester(srv, tmp_path, c))
        assert pages3 == [] and len(srv.oai_requests()) == n


def test_state_for_other_parameters_is_not_reused(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=60) as srv:
        harvester(srv, tmp_path, c).run(lambda p: False)
        state = load_state(
            tmp_path / ".acquire-state.json", harvester(srv, tmp_path, c, since="2000-01-01").key()
        )
        assert state.token is None and state.pages == 0


def test_bad_resumption_token_restarts_the_window(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=60) as srv:
        harvester(srv, tmp_path, c).run(lambda p: False)
        srv.issued_tokens.clear()  # the server forgot (tokens expired)
        pages, state = collect(harvester(srv, tmp_path, c))
        reqs = srv.oai_requests()
        assert "resumptionToken" in reqs[1] and "metadataPrefix" in reqs[2]  # refused, then restarted
        assert sum(len(p.records) for p in pages) == 200
        assert state.done  # type: ignore[attr-defined]


def test_bad_resumption_token_twice_is_an_error(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=60) as srv:
        h = harvester(srv, tmp_path, c)
        h.run(lambda p: False)
        srv.issued_tokens.clear()
        real = srv.oai_response

        def forgetful(q: dict, url: str) -> bytes:
            body = real(q, url)
            srv.issued_tokens.clear()  # every token expires at once
            return body

        srv.oai_response = forgetful  # type: ignore[method-assign]
        with pytest.raises(OaiError) as err:
            collect(harvester(srv, tmp_path, c))
        assert err.value.code == "badResumptionToken"


def test_no_records_match_is_an_empty_harvest(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer() as srv:
        pages, state = collect(harvester(srv, tmp_path, c, since="2030-01-01", until="2030-12-31"))
        assert [len(p.records) for p in pages] == [0]
        assert state.done  # type: ignore[attr-defined]


def test_monthly_windows_follow_datestamps(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=60) as srv:
        days = sorted(datestamp(r)[:10] for r in srv.records)
        in_2023 = [d for d in days if d.startswith("2023")]
        pages, state = collect(
            harvester(srv, tmp_path, c, since="2023-01-01", until="2023-12-31", window_months=1)
        )
        assert sum(len(p.records) for p in pages) == len(in_2023) > 0
        firsts = [q for q in srv.oai_requests() if "from" in q]
        assert len(firsts) == 12
        assert firsts[1] == {
            "verb": "ListRecords",
            "metadataPrefix": "marcxml",
            "from": "2023-02-01",
            "until": "2023-02-28",
        }
        assert state.done  # type: ignore[attr-defined]


def test_open_ended_harvest_is_incremental(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=100) as srv:
        h = harvester(
            srv, tmp_path, c, since="2020-01-01", until="2026-11-27", open_until=True, window_months=12
        )
        _pages, state = collect(h)
        assert state.done  # type: ignore[attr-defined]
        n = len(srv.oai_requests())
        h2 = harvester(
            srv, tmp_path, c, since="2020-01-01", until="2026-12-01", open_until=True, window_months=12
        )
        collect(h2)
        # Only the last window is asked again.
        again = srv.oai_requests()[n:]
        assert again and again[0]["from"] == "2026-01-01" and again[0]["until"] == "2026-12-01"


def test_deleted_records_have_no_metadata(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=200, deleted={"482580"}) as srv:
        pages, _ = collect(harvester(srv, tmp_path, c))
        rec = next(r for r in pages[0].records if r.identifier.endswith(":482580"))
        assert rec.deleted and rec.metadata is None


def test_html_instead_of_xml_is_retried_then_fails(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=200, oai_faults=[("html",), ("pass",)]) as srv:
        pages, state = collect(harvester(srv, tmp_path, c))
        assert len(pages[0].records) == 200 and state.done  # type: ignore[attr-defined]
    with OaiServer(page_size=200, oai_faults=[("html",)] * 10) as srv:
        with pytest.raises(OaiProtocolError):
            collect(harvester(srv, tmp_path / "b", c))


def test_oai_503_retry_after_is_honoured(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=200, oai_faults=[("status", 503, 30)]) as srv:
        _pages, state = collect(harvester(srv, tmp_path, c, http=http_for(c, backoff=1.0)))
        assert state.done  # type: ignore[attr-defined]
        assert c.sleeps == [pytest.approx(30)]


def test_server_down_raises_after_retries(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=200, oai_faults=[("drop",)] * 10) as srv:
        with pytest.raises(FetchError):
            collect(harvester(srv, tmp_path, c, http=http_for(c, max_retries=2)))
        assert (
            not (tmp_path / ".acquire-state.json").exists()
            or not load_state(tmp_path / ".acquire-state.json", harvester(srv, tmp_path, c).key()).done
        )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="badResumptionToken">x</error></OAI-PMH>',
            "badResumptionToken",
        ),
        (
            b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="noRecordsMatch"/></OAI-PMH>',
            "noRecordsMatch",
        ),
        (
            b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="badArgument">a</error>'
            b'<error code="badVerb">b</error></OAI-PMH>',
            "badArgument",
        ),
    ],
)
def test_parse_page_errors(body: bytes, code: str) -> None:
    with pytest.raises(OaiError) as err:
        parse_page(body)
    assert err.value.code == code


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Service Unavailable</body></html>",
        b"",
        b"<OAI-PMH",
        b'<x xmlns="y"/>',
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>x</responseDate></OAI-PMH>',
    ],
)
def test_parse_page_protocol_errors(body: bytes) -> None:
    with pytest.raises(OaiProtocolError):
        parse_page(body)


def test_server_protocol_errors_are_reported() -> None:
    """The test server itself follows the standard: these answers exercise the client's parser."""
    with OaiServer() as srv:
        http = Http(delay=0)
        bad = http.get(srv.oai_url + "?verb=ListRecords&metadataPrefix=oai_dc")
        with pytest.raises(OaiError) as e1:
            parse_page(bad.body)
        assert e1.value.code == "cannotDisseminateFormat"
        mixed = http.get(srv.oai_url + "?verb=ListRecords&metadataPrefix=marcxml&resumptionToken=x")
        with pytest.raises(OaiError) as e2:
            parse_page(mixed.body)
        assert e2.value.code == "badArgument"
