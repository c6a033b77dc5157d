"""``unletters acquire``: harvest letter records from the UN Digital Library (OAI-PMH) and fetch
their English PDFs into the raw folder, politely and resumably."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _iso_day(value: str) -> str:
    """An argparse type: a YYYY-MM-DD date, returned unchanged."""
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc
    return value


def _iso_partial(value: str) -> str:
    """An argparse type: YYYY, YYYY-MM or YYYY-MM-DD."""
    from unletters.acquire.marc import iso_date

    if iso_date(value) != value:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return value


def add_parser(p: argparse.ArgumentParser) -> None:
    """Declare the options of ``unletters acquire``."""
    from unletters.acquire.pipeline import DEFAULT_FILES_URL, DEFAULT_OAI_URL

    p.add_argument(
        "--since",
        required=True,
        type=_iso_day,
        help="harvest catalogue records created or changed on or after DATE (OAI 'from')",
    )
    p.add_argument(
        "--until",
        type=_iso_day,
        help="... and on or before DATE (OAI 'until'); default: open-ended, rerun to update",
    )
    p.add_argument("--organ", choices=("GA", "SC"), help="only letters with an A/ (GA) or S/ (SC) symbol")
    p.add_argument(
        "--issued-from",
        type=_iso_partial,
        metavar="DATE",
        help="only letters issued (MARC 269) on or after DATE",
    )
    p.add_argument(
        "--issued-to", type=_iso_partial, metavar="DATE", help="only letters issued on or before DATE"
    )
    p.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help="stop after N letters selected and N downloads tried in this run",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("corpus/raw"),
        help="raw folder (default corpus/raw); manifest, catalog/ and state go beside it",
    )
    p.add_argument("--oai-url", default=DEFAULT_OAI_URL, help=f"OAI-PMH base URL (default {DEFAULT_OAI_URL})")
    p.add_argument(
        "--files-url",
        default=DEFAULT_FILES_URL,
        help=f"replaces {DEFAULT_FILES_URL} in file addresses (a mirror, a test server)",
    )
    p.add_argument(
        "--delay",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="minimum seconds between two requests to the same host (default 5)",
    )
    p.add_argument("--set", dest="set_spec", help="OAI-PMH set to harvest (default: none)")
    p.add_argument(
        "--window-months",
        type=int,
        default=1,
        metavar="N",
        help="harvest in windows of N calendar months (default 1; 0 = one request chain)",
    )
    p.add_argument(
        "--library-fallback",
        action="store_true",
        help="when ODS has no file, try the Digital Library's own English file link "
        "(automated downloads from the Digital Library need the Library's approval)",
    )
    p.add_argument("--retry-misses", action="store_true", help="try again the letters whose file was missing")
    p.add_argument(
        "--contact", help="an e-mail address or URL added to the User-Agent, so the UN can reach you"
    )


def run(args: argparse.Namespace) -> int:
    """Run the acquisition; returns 0 when it completed, 1 when it stopped early or failed (rerun to
    resume), 2 on bad arguments."""
    from unletters.acquire.fetch import USER_AGENT, FetchError, Http
    from unletters.acquire.oai import OaiError, OaiProtocolError
    from unletters.acquire.pipeline import AcquireConfig, acquire

    if args.until and args.until < args.since:
        print("error: --until is before --since", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    today = date.today().isoformat()  # the clock is read here, at the edge, and nowhere else
    cfg = AcquireConfig(
        raw_dir=args.out,
        since=args.since,
        until=args.until,
        today=today,
        organ=args.organ,
        limit=args.limit,
        oai_url=args.oai_url,
        files_url=args.files_url,
        set_spec=args.set_spec,
        window_months=args.window_months,
        issued_from=args.issued_from,
        issued_to=args.issued_to,
        library_fallback=args.library_fallback,
        retry_misses=args.retry_misses,
    )
    ua = USER_AGENT if not args.contact else f"{USER_AGENT[:-1]}; contact: {args.contact})"

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    http = Http(delay=args.delay, user_agent=ua, log=log)
    try:
        summary = acquire(cfg, http, retrieved=today, log=log)
    except (FetchError, OaiError, OaiProtocolError) as exc:
        log(
            f"harvest stopped: {exc}\nthe state is saved in {cfg.root / '.acquire-state.json'}; rerun to resume"
        )
        return 1
    except KeyboardInterrupt:
        log("interrupted; rerun the same command to resume")
        return 1
    print(
        f"pages {summary.pages}, records {summary.records}, letters selected {summary.letters}, "
        f"downloaded {len(summary.downloaded)}, already present {summary.already}, "
        f"missing {len(summary.misses)}, requests {http.requests}"
        + ("" if summary.harvest_done else ", harvest not finished (rerun to continue)")
    )
    if summary.stopped:
        log(f"stopped: {summary.stopped}")
    return 0 if summary.harvest_done and not summary.stopped else 1
