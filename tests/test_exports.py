"""`safecity export` in every format: the columns of docs/export.md, inert formula cells, filters,
empty exports, and files that their own tools accept (openpyxl, geojson, warcio, ftm)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import geojson
import pytest
from click.testing import CliRunner
from followthemoney import model
from openpyxl import load_workbook
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from keywords import load_vocabulary
from safecity.cli import cli
from safecity.exports import COLUMNS, FORMATS
from store.db import Database
from store.models import Evidence, Page
from store.pages import page_body
from tests.recordseed import confirm, seed

DOCS = Path(__file__).resolve().parents[1] / "docs" / "export.md"
TABULAR = ("csv", "json", "jsonl", "xlsx", "geojson")
RISKY = {
    "notes": '=HYPERLINK("http://x.example","点击")',
    "counterpart": "+内政部 Ministry",
    "value": "-15 million",
    "agreement_type": "contract",
}


def run_export(runner: CliRunner, db_url: str, path: Path, *args: str) -> str:
    result = runner.invoke(cli, ["export", "--db", db_url, "-o", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The records of a tabular export as {column: text or value}, whatever the format."""
    fmt = path.suffix[1:]
    if fmt == "csv":
        return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    if fmt == "json":
        return list(json.loads(path.read_text(encoding="utf-8")))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "geojson":
        return [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def confirmed(db: Database) -> dict[str, int]:
    ids = seed(db, "KE", "PK", "ZM")
    confirm(db, ids["KE"], RISKY["notes"], **{k: v for k, v in RISKY.items() if k != "notes"})
    confirm(db, ids["ZM"], "national network, no city named")
    return ids


@pytest.mark.parametrize("fmt", TABULAR)
def test_tabular_formats_hold_the_confirmed_records_with_every_column(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"records.{fmt}"
    assert "wrote 2 records" in run_export(runner, db_url, out, "--format", fmt)
    rows = read_rows(out)
    assert sorted(str(r["record_id"]) for r in rows) == sorted(
        str(confirmed[c]) for c in ("KE", "ZM")
    )
    for row in rows:
        assert list(row) == list(COLUMNS)
        assert row["status"] == "confirmed" and row["analyst"] == "amina"
    kenya = next(r for r in rows if r["country_code"] == "KE")
    assert kenya["city"] == "Nairobi" and str(kenya["year"]) == "2014"
    assert "http://ke-daily.example/police-cameras" in str(kenya["source_urls"])


def test_xlsx_opens_with_openpyxl_and_keeps_formula_text_as_text(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "records.xlsx"
    run_export(runner, db_url, out, "--format", "xlsx")
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    kenya_row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("city")].value)
    for column, text in RISKY.items():
        cell = kenya_row[header.index(column)]
        assert cell.value == text and cell.data_type == "s", column


def test_csv_cells_that_would_start_a_formula_are_inert(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "records.csv"
    run_export(runner, db_url, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need to read UTF-8
    kenya = next(r for r in read_rows(out) if r["country_code"] == "KE")
    for column in ("notes", "counterpart", "value"):
        assert kenya[column] == "'" + RISKY[column]
    for row in read_rows(out):
        for column, value in row.items():
            if column in ("latitude", "longitude", "score", "year", "record_id"):
                continue  # numbers stay numbers
            assert not value.startswith(("=", "+", "-", "@")), value
    # Nairobi is south of the equator: its latitude is a negative number, not text
    assert float(kenya["latitude"]) < 0 and not kenya["latitude"].startswith("'")
    frame = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    header = frame[0]
    for line in frame[1:]:
        float(line[header.index("latitude")])  # every one reads as a number


def test_geojson_is_valid_and_places_records_at_city_or_capital(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "records.geojson"
    run_export(runner, db_url, out, "--format", "geojson")
    collection = geojson.loads(out.read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    places = {
        f["properties"]["country_code"]: f["geometry"]["coordinates"]
        for f in collection["features"]
    }
    vocabulary = load_vocabulary()
    nairobi = next(c for c in vocabulary.cities if c.name == "Nairobi" and c.country == "KE")
    zambia = next(c for c in vocabulary.countries if c.code == "ZM")
    assert places["KE"] == pytest.approx([nairobi.lon, nairobi.lat])
    assert places["ZM"] == pytest.approx([zambia.lon, zambia.lat])  # no city: the capital


def test_warc_passes_warcio_check_and_carries_the_evidence_pages(
    runner: CliRunner, db: Database, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "evidence.warc.gz"
    assert "2 archived pages" in run_export(runner, db_url, out, "--format", "warc")
    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    with out.open("rb") as handle:
        responses = {
            r.rec_headers.get_header("WARC-Target-URI"): (
                r.rec_headers.get_header("WARC-Record-ID"),
                r.content_stream().read(),
            )
            for r in ArchiveIterator(handle)
            if r.rec_type == "response"
        }
    with db.reading() as session:
        pages = session.scalars(
            select(Page)
            .join(Evidence, Evidence.page_id == Page.id)
            .where(Evidence.candidate_id.in_([confirmed["KE"], confirmed["ZM"]]))
            .distinct()
        ).all()
        assert {p.url: page_body(p) for p in pages} == {
            u: body for u, (_, body) in responses.items()
        }
    listed = tmp_path / "records.json"
    run_export(runner, db_url, listed, "--format", "json")
    archive_ids = {a for r in read_rows(listed) for a in r["archive_ids"]}
    assert archive_ids == {rid.strip("<>") for rid, _ in responses.values()}


def test_ftm_entities_load_back_and_link_contract_vendor_and_authority(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "records.ftm.json"
    run_export(runner, db_url, out, "--format", "ftm")
    validated = subprocess.run(
        [str(Path(sys.executable).parent / "ftm"), "validate", "-i", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert validated.returncode == 0, validated.stderr
    entities = [model.get_proxy(json.loads(line)) for line in out.read_text().splitlines()]
    by_id = {e.id: e for e in entities}
    contracts = [e for e in entities if e.schema.name == "Contract"]
    assert len(contracts) == 2
    kenya = next(c for c in contracts if c.get("country") == ["ke"])
    authority = by_id[kenya.get("authority")[0]]
    assert authority.schema.name == "PublicBody" and authority.get("name") == [RISKY["counterpart"]]
    award = next(
        e for e in entities if e.schema.name == "ContractAward" and e.get("contract") == [kenya.id]
    )
    assert by_id[award.get("supplier")[0]].get("name") == ["Huawei"]
    documented = {
        by_id[e.get("document")[0]].get("sourceUrl")[0]
        for e in entities
        if e.schema.name == "Documentation" and e.get("entity") == [kenya.id]
    }
    assert documented == {"http://ke-daily.example/police-cameras"}


@pytest.mark.parametrize(
    "args, countries",
    [
        ((), {"KE", "ZM"}),
        (("--status", "new"), {"PK"}),
        (("--status", "any"), {"KE", "ZM", "PK"}),
        (("--country", "ke"), {"KE"}),
        (("--since", "2015"), {"ZM"}),
        (("--until", "2015"), {"KE"}),
        (("--product", "cctv", "--status", "any"), {"KE", "ZM"}),
        (("--vendor", "huawei", "--country", "ZM", "--country", "KE"), {"KE", "ZM"}),
    ],
)
def test_filters_select_the_records(
    runner: CliRunner,
    db_url: str,
    confirmed: dict[str, int],
    tmp_path: Path,
    args: tuple[str, ...],
    countries: set[str],
) -> None:
    out = tmp_path / "records.json"
    run_export(runner, db_url, out, "--format", "json", *args)
    assert {r["country_code"] for r in read_rows(out)} == countries


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_with_no_records_is_a_valid_empty_file_and_says_so(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"empty.{fmt}"
    said = run_export(runner, db_url, out, "--format", fmt, "--country", "FR")
    assert "wrote 0 records" in said and "holds no records" in said
    if fmt in TABULAR:
        assert read_rows(out) == []
    if fmt == "csv":
        assert out.read_text(encoding="utf-8-sig").strip() == ",".join(COLUMNS)
    if fmt == "geojson":
        assert geojson.loads(out.read_text(encoding="utf-8")).is_valid
    if fmt == "warc":
        with out.open("rb") as handle:
            assert [r.rec_type for r in ArchiveIterator(handle)] == ["warcinfo"]


@pytest.mark.parametrize(
    "args, named",
    [
        (("--format", "pdf"), "csv, json, jsonl, xlsx, geojson, ftm, warc"),
        (("--fields", "vendor,colour"), "record_id, vendor"),
        (("--product", "drones"), "facial_recognition"),
        (("--vendor", "acme"), "huawei"),
        (("--status", "pending"), "new, confirmed, rejected"),
    ],
)
def test_unknown_format_field_or_value_names_the_choices(
    runner: CliRunner, db_url: str, tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    result = runner.invoke(cli, ["export", "--db", db_url, "-o", str(tmp_path / "x"), *args])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and named in result.output


def test_fields_choose_and_order_the_columns(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "few.csv"
    run_export(runner, db_url, out, "--fields", "country_code,vendor")
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == "country_code,vendor"


def test_every_column_is_in_the_data_dictionary() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)`", DOCS.read_text(encoding="utf-8"), re.M))
    assert set(COLUMNS) <= documented, set(COLUMNS) - documented
