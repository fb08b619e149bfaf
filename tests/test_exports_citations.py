"""Exports a researcher can publish: every format carries, per record, its citations (title, site,
kind, date, URL, archived copy) and one evidence quote in its language, and
``--format datapackage`` writes a Frictionless Data Package that frictionless validates."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from followthemoney import model
from frictionless import Package, validate
from warcio.archiveiterator import ArchiveIterator

from extractors import analyze
from safecity.cli import cli
from store.db import Database
from store.pages import FetchedPage, save_page
from tests.recordseed import KINDS, PAGES, confirm, page_html, seed
from tests.test_exports import TABULAR, read_rows, run_export

KENYA_URL, KENYA_SENTENCE = PAGES["KE"]
LAHORE_URL, LAHORE_SENTENCE = PAGES["PK"]


@pytest.fixture
def confirmed(db: Database) -> dict[str, int]:
    ids = seed(db, "KE", "PK", "ZM")
    for code in ("KE", "PK"):
        # the page in Chinese gives no year: the analyst fills it in
        year = None if code == "KE" else 2016
        confirm(
            db,
            ids[code],
            counterpart="National Police Service" if code == "KE" else None,
            **({"year": year} if year else {}),
        )
    return ids


@pytest.mark.parametrize("fmt", TABULAR)
def test_every_tabular_format_carries_titles_sites_kinds_and_a_quote(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"records.{fmt}"
    run_export(runner, db_url, out, "--format", fmt)
    rows = {r["country_code"]: r for r in read_rows(out)}
    kenya, pakistan = rows["KE"], rows["PK"]
    assert "Report from ke-daily.example" in str(kenya["source_titles"])
    assert "ke-daily.example" in str(kenya["source_sites"])
    assert "media" in str(kenya["source_kinds"])
    assert kenya["quote"] == KENYA_SENTENCE
    assert kenya["quote_language"] == "en" and kenya["quote_url"] == KENYA_URL
    # the quote stays in its page's language
    assert pakistan["quote"] == LAHORE_SENTENCE and pakistan["quote_language"] == "zh"


def test_ftm_documents_have_titles_and_publishers_and_the_contract_its_quote(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "records.ftm.json"
    run_export(runner, db_url, out, "--format", "ftm")
    entities = [model.get_proxy(json.loads(line)) for line in out.read_text().splitlines()]
    document = next(
        e for e in entities if e.get("sourceUrl") == [KENYA_URL] and e.schema.name == "Document"
    )
    assert document.get("title") == ["Report from ke-daily.example"]
    assert document.get("publisher") == ["ke-daily.example"]
    contract = next(
        e for e in entities if e.schema.name == "Contract" and e.get("country") == ["ke"]
    )
    assert contract.get("description") == [KENYA_SENTENCE]


def test_warc_holds_the_records_with_their_citations_beside_the_pages(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "evidence.warc"
    run_export(runner, db_url, out, "--format", "warc")
    with out.open("rb") as handle:
        found = [
            json.loads(r.content_stream().read())
            for r in ArchiveIterator(handle)
            if r.rec_type == "resource"
            and r.rec_headers.get_header("WARC-Target-URI") == "urn:safecity-watch:records"
        ]
    assert len(found) == 1
    kenya = next(r for r in found[0] if r["country_code"] == "KE")
    assert kenya["quote"] == KENYA_SENTENCE
    assert kenya["source_titles"] == ["Report from ke-daily.example"]


def test_datapackage_validates_and_numbers_each_records_citations(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "package"
    assert "wrote 2 records" in run_export(runner, db_url, out, "--format", "datapackage")
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(out / "datapackage.json"))
    assert sorted(package.resource_names) == ["citations", "records"]
    records = {r["country_code"]: r for r in package.get_resource("records").read_rows()}
    citations = package.get_resource("citations").read_rows()
    kenya = records["KE"]
    assert kenya["quote"] == KENYA_SENTENCE and kenya["counterpart"] == "National Police Service"
    assert kenya["year"] == 2014 and float(kenya["latitude"]) == pytest.approx(-1.28, abs=0.01)
    cited = [c for c in citations if c["record_id"] == kenya["record_id"]]
    assert [c["number"] for c in cited] == [1]
    assert cited[0]["url"] == KENYA_URL and cited[0]["site"] == "ke-daily.example"
    assert cited[0]["kind"] == "media" and cited[0]["archive_id"].startswith("urn:uuid:")
    assert {c["record_id"] for c in citations} == {r["record_id"] for r in records.values()}
    with (out / "records.csv").open(encoding="utf-8") as handle:  # plain CSV a person can open
        assert len(list(csv.DictReader(handle))) == 2


def test_an_empty_datapackage_still_validates(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "package"
    run_export(runner, db_url, out, "--format", "datapackage")
    assert validate(str(out / "datapackage.json")).valid


def test_a_source_an_import_brought_is_cited_with_its_site_and_kind(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "vendor,country_code,city,year,products,source_urls,source_dates\n"
        "huawei,RS,Belgrade,2019,cctv,https://www.mup.gov.rs/safe-city-notice,2019-02-01\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import", str(tracker), "--as", "confirmed", "--db", db_url])
    assert result.exit_code == 0, result.output
    out = tmp_path / "records.json"
    run_export(runner, db_url, out, "--format", "json")
    (belgrade,) = read_rows(out)
    assert belgrade["source_sites"] == ["mup.gov.rs"]
    assert belgrade["source_kinds"] == ["government"]  # by the host rules
    assert belgrade["source_titles"] == [""]  # no stored page: no title
    assert belgrade["quote"] is None  # and no evidence sentence to quote


SNAPSHOT = "http://archive.example/web/20190301000000id_/http://interior.gov.example/zambia-cctv"
ORIGINAL = "http://interior.gov.example/zambia-cctv"


def test_an_archived_snapshot_is_cited_by_its_original_address_with_the_copy_beside_it(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    body = page_html("interior.gov.example", PAGES["ZM"][1])
    captured = datetime(2019, 3, 1, tzinfo=UTC)
    fetched = FetchedPage(SNAPSHOT, SNAPSHOT, 200, "text/html", body, datetime.now(UTC),
                          original_url=ORIGINAL, snapshot_at=captured)  # fmt: skip
    with db.transaction() as session:
        save_page(session, fetched, analyze(body, ORIGINAL), KINDS)
    ids = seed(db, "ZM")
    confirm(db, ids["ZM"])
    out = tmp_path / "records.json"
    run_export(runner, db_url, out, "--format", "json")
    (zambia,) = read_rows(out)
    snapshot = zambia["source_urls"].index(SNAPSHOT)
    assert zambia["source_original_urls"][snapshot] == ORIGINAL
    assert zambia["source_sites"][snapshot] == "interior.gov.example"
    assert zambia["source_kinds"][snapshot] == "government"  # the original site's kind
    report = tmp_path / "report"
    assert runner.invoke(cli, ["report", "-o", str(report), "--db", db_url]).exit_code == 0
    page = (report / "index.html").read_text(encoding="utf-8")
    assert f"<a class=url href='{ORIGINAL}'>{ORIGINAL}</a>; archived copy: " in page
    assert f"archived copy: <a class=url href='{SNAPSHOT}'>" in page
