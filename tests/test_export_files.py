"""What the export's file is: the format its extension names when --format is absent, a refusal
when they disagree; in XLSX numbers stay numbers, timestamps are dates, the header filters."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from safecity.cli import cli
from store.db import Database
from tests.recordseed import confirm, seed


@pytest.fixture
def confirmed(db: Database) -> dict[str, int]:
    ids = seed(db, "KE", "ZM")
    confirm(db, ids["KE"], "a note long enough to need a wider column than the default one")
    confirm(db, ids["ZM"])
    return ids


def export(runner: CliRunner, db_url: str, out: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["export", "-o", str(out), *args, "--db", db_url])
    return result.exit_code, result.output


@pytest.mark.usefixtures("confirmed")
def test_the_extension_names_the_format(runner: CliRunner, db_url: str, tmp_path: Path) -> None:
    book = tmp_path / "records.xlsx"
    assert export(runner, db_url, book) == (0, f"wrote 2 records to {book}\n")
    assert load_workbook(book).active is not None
    listed = tmp_path / "records.json"
    assert export(runner, db_url, listed)[0] == 0
    assert len(json.loads(listed.read_text(encoding="utf-8"))) == 2
    plain = tmp_path / "records"  # no extension: CSV, as before
    assert export(runner, db_url, plain)[0] == 0
    assert plain.read_text(encoding="utf-8-sig").startswith("record_id,")


@pytest.mark.usefixtures("confirmed")
def test_a_format_the_extension_contradicts_is_refused(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "records.xlsx"
    code, said = export(runner, db_url, out, "--format", "csv")
    assert code == 2 and said.count("\n") == 1
    assert "records.xlsx names a xlsx file but --format says csv" in said
    assert not out.exists()
    geo = tmp_path / "records.json"  # GeoJSON is JSON: allowed
    assert export(runner, db_url, geo, "--format", "geojson")[0] == 0
    assert json.loads(geo.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


@pytest.mark.usefixtures("confirmed")
def test_xlsx_keeps_numbers_and_dates_and_filters_its_header(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "records.xlsx"
    assert export(runner, db_url, out)[0] == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    kenya = next(r for r in rows if r["country_code"] == "KE")
    assert isinstance(kenya["latitude"], float) and kenya["latitude"] < 0
    assert isinstance(kenya["year"], int)
    assert isinstance(kenya["decided_at"], datetime)
    assert isinstance(kenya["confirmed_at"], datetime)
    assert sheet.auto_filter.ref == sheet.dimensions
    notes = sheet.column_dimensions[chr(ord("A") + header.index("notes"))].width
    assert notes is not None and notes > len("a note long enough")
