"""``acquire`` end to end against the local server: the three real letters are harvested,
catalogued and fetched; an interrupted harvest resumes to the same manifest; a second run
downloads nothing; the catalogue join and the CLI."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from oai_server import FakeClock, OaiServer, make_pdf

from unletters.acquire import catalog as catalog_mod
from unletters.acquire.catalog import compare, load_catalog
from unletters.acquire.fetch import FetchError, Http
from unletters.acquire.pipeline import AcquireConfig, acquire, safe_name
from unletters.manifest import COLUMNS, read_manifest, write_manifest

PDFS = {
    "A/57/685": make_pdf("A/57/685 S/2002/1408 Chile Denmark"),
    "S/2016/872": make_pdf("A/71/555 S/2016/872 United Kingdom"),
    "S/2022/743": make_pdf("S/2022/743 Gabon"),
}


def scripts() -> dict[str, list[tuple]]:
    """The file server: the joint Chile/Denmark letter by its first symbol; the UK letter misses
    on A/71/555 (HTML page with 200) and is found by S/2016/872; Gabon's answers 503 first."""
    return {
        "A/57/685": [("pdf", PDFS["A/57/685"])],
        "A/71/555": [("html",)],
        "S/2016/872": [("pdf", PDFS["S/2016/872"])],
        "S/2022/743": [("status", 503, 12), ("pdf", PDFS["S/2022/743"])],
    }


def config(srv: OaiServer, raw: Path, **kw: object) -> AcquireConfig:
    args: dict = {"since": "1990-01-01", "until": "2026-11-27", "window_months": 0}
    args.update(kw)
    return AcquireConfig(raw_dir=raw, oai_url=srv.oai_url, files_url=srv.url, **args)


def http_for(c: FakeClock, **kw: object) -> Http:
    return Http(delay=kw.pop("delay", 3.0), clock=c.clock, sleep=c.sleep, timeout=5, backoff=1.0, **kw)  # type: ignore[arg-type]


def quiet(_msg: str) -> None:
    return None


def test_full_run(tmp_path: Path) -> None:
    c = FakeClock()
    raw = tmp_path / "corpus" / "raw"
    with OaiServer(page_size=60, faults=scripts()) as srv:
        summary = acquire(config(srv, raw), http_for(c), retrieved="2026-11-27", log=quiet)
    assert summary.harvest_done and summary.pages == 4 and summary.records == 200
    assert summary.letters == 3
    # Files are named after the record's first symbol, whichever symbol found them.
    assert summary.downloaded == ["A_57_685.pdf", "A_71_555.pdf", "S_2022_743.pdf"]
    assert summary.misses == {}
    assert sorted(p.name for p in raw.iterdir()) == ["A_57_685.pdf", "A_71_555.pdf", "S_2022_743.pdf"]
    assert sorted(p.name for p in (tmp_path / "corpus" / "catalog").iterdir()) == [
        "3989922.xml",
        "482580.xml",
        "846241.xml",
    ]
    rows = {r["record_id"]: r for r in read_manifest(tmp_path / "corpus" / "MANIFEST.csv")}
    assert set(rows) == {"482580", "846241", "3989922"}
    uk = rows["846241"]
    assert uk["file"] == "A_71_555.pdf"
    assert uk["symbols"] == "A/71/555 S/2016/872"
    assert uk["sha256"] == hashlib.sha256(PDFS["S/2016/872"]).hexdigest()
    assert uk["bytes"] == str(len(PDFS["S/2016/872"]))
    assert uk["source"] == "UN Digital Library / ODS"
    assert uk["retrieved"] == "2026-11-27"
    assert uk["url"].endswith("/api/symbol/access?s=S%2F2016%2F872&l=en&t=pdf")
    assert "HTML page instead of a PDF" in uk["note"]
    assert rows["482580"]["symbols"] == "A/57/685 S/2002/1408"
    assert rows["3989922"]["note"] == ""
    for r in rows.values():
        assert (raw / r["file"]).read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "corpus" / ".acquire-state.json").exists()


def test_second_run_downloads_nothing(tmp_path: Path) -> None:
    c = FakeClock()
    raw = tmp_path / "corpus" / "raw"
    with OaiServer(page_size=60, faults=scripts()) as srv:
        acquire(config(srv, raw), http_for(c), retrieved="2026-11-27", log=quiet)
        manifest = (tmp_path / "corpus" / "MANIFEST.csv").read_bytes()
        n_files = len(srv.file_requests())
        mtimes = {p.name: p.stat().st_mtime_ns for p in raw.iterdir()}
        again = acquire(config(srv, raw), http_for(c), retrieved="2026-12-25", log=quiet)
        assert again.downloaded == [] and again.already == 3
        assert len(srv.file_requests()) == n_files
        assert (tmp_path / "corpus" / "MANIFEST.csv").read_bytes() == manifest
        assert {p.name: p.stat().st_mtime_ns for p in raw.iterdir()} == mtimes
        # Open-ended reruns harvest again (incrementally) but still download nothing new.
        open_cfg = config(srv, raw, until=None, today="2026-11-27")
        acquire(open_cfg, http_for(c), retrieved="2026-12-25", log=quiet)
        third = acquire(open_cfg, http_for(c), retrieved="2026-12-25", log=quiet)
        assert third.downloaded == [] and len(srv.file_requests()) == n_files


def test_interrupted_harvest_resumes_to_the_same_manifest(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=60, faults=scripts()) as srv:
        # Uninterrupted reference run.
        acquire(config(srv, tmp_path / "a" / "raw"), http_for(c), retrieved="2026-11-27", log=quiet)
        reference = (tmp_path / "a" / "MANIFEST.csv").read_bytes()
        # Now the server answers the first page, then fails until the client gives up.
        srv.faults = scripts()
        srv.oai_faults = [("pass",)] + [("status", 500)] * 3
        n = len(srv.oai_requests())
        raw = tmp_path / "b" / "raw"
        with pytest.raises(FetchError):
            acquire(config(srv, raw), http_for(c, max_retries=2), retrieved="2026-11-27", log=quiet)
        first_token = srv.oai_requests()[n + 1]["resumptionToken"]
        assert not (tmp_path / "b" / "MANIFEST.csv").exists()
        assert len(list((tmp_path / "b" / "catalog").iterdir())) >= 1  # page 1 was kept
        summary = acquire(config(srv, raw), http_for(c), retrieved="2026-11-27", log=quiet)
        resumed = srv.oai_requests()[n + 4]
        assert resumed == {"verb": "ListRecords", "resumptionToken": first_token}
        assert summary.pages == 3  # pages 2-4 only
    assert (tmp_path / "b" / "MANIFEST.csv").read_bytes() == reference
    assert sorted(p.name for p in (tmp_path / "b" / "catalog").iterdir()) == sorted(
        p.name for p in (tmp_path / "a" / "catalog").iterdir()
    )


def test_misses_are_remembered_and_retried_on_request(tmp_path: Path) -> None:
    c = FakeClock()
    raw = tmp_path / "corpus" / "raw"
    faults = scripts()
    faults["S/2022/743"] = [("empty",)]
    with OaiServer(page_size=200, faults=faults) as srv:
        s1 = acquire(config(srv, raw), http_for(c), retrieved="2026-11-27", log=quiet)
        assert set(s1.misses) == {"3989922"} and "empty body" in s1.misses["3989922"]
        n = len(srv.file_requests())
        s2 = acquire(config(srv, raw), http_for(c), retrieved="2026-11-27", log=quiet)
        assert s2.downloaded == [] and len(srv.file_requests()) == n
        srv.faults["S/2022/743"] = [("pdf", PDFS["S/2022/743"])]
        s3 = acquire(config(srv, raw, retry_misses=True), http_for(c), retrieved="2026-11-28", log=quiet)
        assert s3.downloaded == ["S_2022_743.pdf"]
    rows = {r["record_id"]: r for r in read_manifest(tmp_path / "corpus" / "MANIFEST.csv")}
    assert rows["3989922"]["retrieved"] == "2026-11-28"


def test_consecutive_misses_stop_the_run(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(page_size=200, faults={}) as srv:  # every file answer is an HTML page
        s = acquire(
            config(srv, tmp_path / "raw", max_consecutive_misses=2),
            http_for(c),
            retrieved="2026-11-27",
            log=quiet,
        )
    assert len(s.misses) == 2 and "misses in a row" in s.stopped


def test_limit_and_organ(tmp_path: Path) -> None:
    c = FakeClock()
    raw = tmp_path / "corpus" / "raw"
    with OaiServer(page_size=60, faults=scripts()) as srv:
        s = acquire(config(srv, raw, organ="GA", limit=1), http_for(c), retrieved="2026-11-27", log=quiet)
        assert not s.harvest_done and s.letters == 1 and s.downloaded == ["A_57_685.pdf"]
        s = acquire(config(srv, raw, organ="GA"), http_for(c), retrieved="2026-11-27", log=quiet)
        assert s.harvest_done and s.downloaded == ["A_71_555.pdf"]
    rows = read_manifest(tmp_path / "corpus" / "MANIFEST.csv")
    assert sorted(r["record_id"] for r in rows) == ["482580", "846241"]  # Gabon is S/ only


def test_existing_rows_are_kept_and_same_bytes_are_not_duplicated(tmp_path: Path) -> None:
    c = FakeClock()
    root = tmp_path / "corpus"
    raw = root / "raw"
    raw.mkdir(parents=True)
    (raw / "000_seed.txt").write_text("seed letter")
    seed = {"file": "000_seed.txt", "sha256": "ab" * 32, "bytes": 11, "source": "seed", "note": ""}
    write_manifest(root / "MANIFEST.csv", [seed])
    faults = scripts()
    faults["S/2022/743"] = [("pdf", PDFS["A/57/685"])]  # same bytes as another letter
    with OaiServer(page_size=200, faults=faults) as srv:
        s = acquire(config(srv, raw), http_for(c), retrieved="2026-11-27", log=quiet)
    assert "same bytes as A_57_685.pdf" in s.misses["3989922"]
    rows = read_manifest(root / "MANIFEST.csv")
    assert [r["file"] for r in rows] == ["000_seed.txt", "A_57_685.pdf", "A_71_555.pdf"]
    assert rows[0]["source"] == "seed"
    assert list(rows[0]) == list(COLUMNS)


def test_file_left_by_an_interrupted_run_is_adopted(tmp_path: Path) -> None:
    c = FakeClock()
    raw = tmp_path / "corpus" / "raw"
    raw.mkdir(parents=True)
    (raw / "S_2022_743.pdf").write_bytes(PDFS["S/2022/743"])
    with OaiServer(page_size=200, faults=scripts()) as srv:
        acquire(config(srv, raw), http_for(c), retrieved="2026-11-27", log=quiet)
        assert not any("S%2F2022%2F743" in p for p in srv.file_requests())
    rows = {r["record_id"]: r for r in read_manifest(tmp_path / "corpus" / "MANIFEST.csv")}
    assert rows["3989922"]["note"].endswith("adopted")


@pytest.mark.parametrize(
    ("symbol", "name"),
    [
        ("A/57/685", "A_57_685"),
        ("S/2022/743", "S_2022_743"),
        ("A/HRC/46/G/1", "A_HRC_46_G_1"),
        ("S/RES/822 (1993)", "S_RES_822_(1993)"),
        ("../../etc", ".._.._etc"),
    ],
)
def test_safe_name(symbol: str, name: str) -> None:
    assert safe_name(symbol) == name
    assert "/" not in safe_name(symbol)


# ---- catalogue join --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    c = FakeClock()
    root = tmp_path_factory.mktemp("join") / "corpus"
    with OaiServer(page_size=200, faults=scripts()) as srv:
        acquire(config(srv, root / "raw"), http_for(c), retrieved="2026-11-27", log=quiet)
    return root


def test_load_catalog_maps_sha_to_catalog_struct(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_mod, "_resolver", lambda: None)
    cat = load_catalog(corpus)
    assert cat == load_catalog(corpus / "raw")  # the raw folder works too
    shas = {hashlib.sha256(b).hexdigest(): s for s, b in PDFS.items()}
    assert set(cat) == set(shas)
    gabon = cat[hashlib.sha256(PDFS["S/2022/743"]).hexdigest()]
    assert set(gabon) == {
        "record_id",
        "symbols",
        "title",
        "issue_date",
        "letter_date",
        "subjects",
        "agenda",
        "sending_states",
    }
    assert gabon["record_id"] == "3989922"
    assert gabon["symbols"] == ["S/2022/743"]
    assert gabon["letter_date"] == "2022-10-04"
    assert gabon["sending_states"] == ["Gabon"]
    assert gabon["agenda"] == [{"symbol": "S/77", "item": "[201]", "title": None}]
    joint = cat[hashlib.sha256(PDFS["A/57/685"]).hexdigest()]
    assert joint["sending_states"] == []  # unmarked 710s and no resolver: left out, not guessed


def test_a_build_of_the_raw_folder_joins_the_catalogue_and_one_without_a_manifest_does_not(
        corpus: Path, tmp_path: Path, seed_bytes: bytes) -> None:
    import pyarrow.parquet as pq

    from unletters.build import build

    # the harvested corpus with letters in place of its test PDFs (which are not letters)
    root = tmp_path / "corpus"
    shutil.copytree(corpus / "catalog", root / "catalog")
    (root / "raw").mkdir()
    rows = []
    for i, row in enumerate(read_manifest(corpus / "MANIFEST.csv")):
        letter = seed_bytes.replace(b"Yashar Aliyev", f"Yashar Aliyev {i}".encode())
        name = f"letter{i}.txt"
        (root / "raw" / name).write_bytes(letter)
        rows.append({**row, "file": name, "sha256": hashlib.sha256(letter).hexdigest(), "bytes": len(letter)})
    write_manifest(root / "MANIFEST.csv", rows)

    def catalogued(out: Path) -> dict[str, str | None]:
        docs = [r for f in sorted((out / "data" / "documents").glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
        return {r["source_file"]: (r["catalog"] or {}).get("record_id") for r in docs}

    report = build(root / "raw", tmp_path / "with", jobs=1, use_cache=False, progress=False)
    assert report.documents == len(rows) == 3
    assert catalogued(tmp_path / "with") == {f"letter{i}.txt": row["record_id"] for i, row in enumerate(rows)}
    assert "3989922" in catalogued(tmp_path / "with").values()
    # the same letters with no manifest beside them: nothing to join
    (root / "MANIFEST.csv").unlink()
    build(root / "raw", tmp_path / "without", jobs=1, use_cache=False, progress=False)
    assert catalogued(tmp_path / "without") == dict.fromkeys(catalogued(tmp_path / "with"))


def test_catalog_struct_validates_against_the_schema(corpus: Path) -> None:
    import json

    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "schema" / "documents.schema.json").read_text())[
        "properties"
    ]["catalog"]
    for entry in load_catalog(corpus).values():
        jsonschema.validate(entry, schema)


class _State:
    def __init__(self, iso3: str, name: str) -> None:
        self.iso3, self.name = iso3, name


_FAKE_STATES = {
    "chile": _State("CHL", "Chile"),
    "denmark": _State("DNK", "Denmark"),
    "united kingdom": _State("GBR", "United Kingdom of Great Britain and Northern Ireland"),
    "united kingdom of great britain and northern ireland": _State(
        "GBR", "United Kingdom of Great Britain and Northern Ireland"
    ),
    "gabon": _State("GAB", "Gabon"),
}


def test_unmarked_authors_use_the_state_resolver(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_mod, "_resolver", lambda: lambda n: _FAKE_STATES.get(n.casefold()))
    joint = load_catalog(corpus)[hashlib.sha256(PDFS["A/57/685"]).hexdigest()]
    assert joint["sending_states"] == ["Chile", "Denmark"]


def test_missing_manifest_or_catalog_file(tmp_path: Path, corpus: Path) -> None:
    assert load_catalog(tmp_path) == {}
    copy = tmp_path / "c"
    shutil.copytree(corpus, copy)
    (copy / "catalog" / "3989922.xml").unlink()
    assert len(load_catalog(copy)) == 2


UK = {
    "record_id": "846241",
    "symbols": ["A/71/555", "S/2016/872"],
    "title": "Letter dated 6 October 2016 ...",
    "issue_date": "2016-10-20",
    "letter_date": "2016-10-06",
    "subjects": [],
    "agenda": [],
    "sending_states": ["United Kingdom"],
}


@pytest.mark.parametrize("resolver", [False, True])
@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            {
                "symbols": ["A/71/555", "S/2016/872"],
                "letter_date": "2016-10-06",
                "issue_date": "2016-10-20",
                "sender_states": ["United Kingdom of Great Britain and Northern Ireland"],
            },
            [],
        ),
        ({"symbols": [], "letter_date": None, "sender_states": []}, []),
        ({"symbols": ["A/71/555 ", "s/2016/872"], "letter_date": "2016-10"}, []),
        ({"symbols": ["A/71/556"]}, ["catalogue symbols"]),
        ({"letter_date": "2016-10-07"}, ["catalogue letter date 2016-10-06"]),
        ({"issue_date": "2016-11"}, ["catalogue issue date"]),
        ({"sender_states": ["Denmark"]}, ["catalogue sending States (United Kingdom)"]),
        (
            {"sender_states": ["United Kingdom of Great Britain and Northern Ireland", "Denmark"]},
            ["catalogue sending States"],
        ),
    ],
)
def test_compare(doc: dict, expected: list[str], resolver: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = (lambda: lambda n: _FAKE_STATES.get(n.strip().casefold())) if resolver else (lambda: None)
    monkeypatch.setattr(catalog_mod, "_resolver", fake)
    warnings = compare(doc, UK)
    assert len(warnings) == len(expected)
    for w, start in zip(warnings, expected, strict=True):
        assert w.startswith(start), w


def test_compare_without_catalog_fields() -> None:
    assert compare({"symbols": ["S/1"], "letter_date": "2020"}, {"symbols": [], "letter_date": None}) == []


# ---- CLI -------------------------------------------------------------------------------------


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from unletters.cli import main

    faults = scripts()
    faults["S/2022/743"] = [("pdf", PDFS["S/2022/743"])]  # no 503 here: the CLI sleeps for real
    raw = tmp_path / "corpus" / "raw"
    with OaiServer(page_size=60, faults=faults) as srv:
        argv = [
            "acquire",
            "--since",
            "1990-01-01",
            "--until",
            "2026-11-27",
            "--window-months",
            "0",
            "--out",
            str(raw),
            "--oai-url",
            srv.oai_url,
            "--files-url",
            srv.url,
            "--delay",
            "0",
            "--contact",
            "research@example.org",
        ]
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "letters selected 3, downloaded 3" in out
        assert "contact: research@example.org" in srv.requests[0][2]["user-agent"]
        assert main(argv) == 0
        assert "downloaded 0, already present 3" in capsys.readouterr().out
    assert len(read_manifest(tmp_path / "corpus" / "MANIFEST.csv")) == 3


@pytest.mark.parametrize(
    "argv",
    [
        ["acquire", "--since", "2023-02-30"],
        ["acquire", "--since", "2023-01-01", "--organ", "ECOSOC"],
        ["acquire", "--since", "2023-01-01", "--issued-from", "2023-13"],
    ],
)
def test_cli_rejects_bad_arguments(argv: list[str]) -> None:
    from unletters.cli import main

    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2


def test_cli_until_before_since(tmp_path: Path) -> None:
    from unletters.cli import main

    assert main(["acquire", "--since", "2023-02-01", "--until", "2023-01-01", "--out", str(tmp_path)]) == 2


def test_with_the_real_state_resolver(corpus: Path) -> None:
    states = pytest.importorskip("unletters.states")
    assert catalog_mod._resolver() is states.resolve
    cat = load_catalog(corpus)
    joint = cat[hashlib.sha256(PDFS["A/57/685"]).hexdigest()]
    assert joint["sending_states"] == ["Chile", "Denmark"]
    uk = cat[hashlib.sha256(PDFS["S/2016/872"]).hexdigest()]
    assert uk["sending_states"] == ["United Kingdom"]  # as the catalogue writes it
    doc = {"sender_states": ["United Kingdom of Great Britain and Northern Ireland"], "sender_iso3s": ["GBR"]}
    assert compare(doc, uk) == []
    assert compare({"sender_states": ["France"], "sender_iso3s": ["FRA"]}, uk) != []


def test_waf_challenge_stops_the_harvest(tmp_path: Path) -> None:
    c = FakeClock()
    with OaiServer(oai_faults=[("status", 202)]) as srv:
        with pytest.raises(FetchError, match="firewall"):
            acquire(config(srv, tmp_path / "raw"), http_for(c), retrieved="2026-11-27", log=quiet)
