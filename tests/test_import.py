"""`safecity import`: records from a spreadsheet, round trips with the export, provenance in the
audit log, bad rows by row and column, whole or nothing."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, select

from keywords import SafecityError
from safecity.cli import cli
from safecity.exports.records import COLUMNS, DERIVED_COLUMNS
from store.db import Database
from store.models import Candidate, CitedSource, Decision
from tests.recordseed import confirm, seed
from tests.test_exports import read_rows, run_export

# a record whose text exercises Chinese, formula-like cells and a leading quote
FILLED = {
    "notes": "=核实：两份报告一致 'quoted'",
    "counterpart": "@旁遮普省安全城市管理局",
    "value": "-1.2亿美元 (reported)",
    "agreement_type": "contract",
    "year": 2016,  # the page in Chinese gives none: the analyst fills it in to confirm
}


def to_second(stamp: str | None) -> str | None:
    return datetime.fromisoformat(stamp).replace(microsecond=0).isoformat() if stamp else stamp


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def second_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'second.db'}"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_round_trip_keeps_every_field(
    runner: CliRunner, db: Database, db_url: str, second_db: str, tmp_path: Path, fmt: str
) -> None:
    ids = seed(db, "KE", "PK", "ZM")
    confirm(db, ids["PK"], FILLED["notes"], **{k: v for k, v in FILLED.items() if k != "notes"})
    confirm(db, ids["KE"], "'+ a note that starts with a quote")
    confirm(db, ids["ZM"])
    first = tmp_path / f"first.{fmt}"
    run_export(runner, db_url, first, "--format", fmt)
    result = runner.invoke(cli, ["import", str(first), "--as", "confirmed", "--db", second_db])
    assert result.exit_code == 0, result.output
    assert "imported 3 records" in result.output
    again = tmp_path / "again.json"
    original = tmp_path / "original.json"
    run_export(runner, second_db, again, "--format", "json")
    run_export(runner, db_url, original, "--format", "json")
    kept = [c for c in COLUMNS if c not in DERIVED_COLUMNS]

    def fields(row: dict[str, Any]) -> dict[str, Any]:
        if fmt == "xlsx":  # spreadsheet dates: to the second
            row = row | {c: to_second(row[c]) for c in ("decided_at", "confirmed_at")}
        return {c: row[c] for c in kept}

    before = sorted((fields(r) for r in read_rows(original)), key=str)
    after = sorted((fields(r) for r in read_rows(again)), key=str)
    assert after == before
    pakistan = next(r for r in read_rows(again) if r["country_code"] == "PK")
    assert pakistan["counterpart"] == FILLED["counterpart"] and pakistan["notes"] == FILLED["notes"]
    derived_here = {r["country_code"]: r for r in read_rows(again)}
    assert derived_here["KE"]["city"] == "Nairobi" and derived_here["KE"]["latitude"] is not None


def test_import_is_recorded_in_the_audit_log_with_file_and_row(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "kept.csv",
        ["vendor", "country_code", "city", "year", "products", "source_urls", "source_dates"],
        [
            [
                "huawei",
                "RS",
                "Belgrade",
                "2019",
                "facial_recognition; cctv",
                "https://gov.example/notice",
                "2019-03-01",
            ],
            ["Huawei", "ke", "", "2014", "command_center", "", ""],
        ],
    )
    # the operating-system user imports; SAFECITY_ACTOR names no one (it used to)
    env = {"SAFECITY_ACTOR": "eve", "LOGNAME": "ops", "USER": "ops"}
    result = runner.invoke(cli, ["import", str(sheet), "--db", db_url], env=env)
    assert result.exit_code == 0, result.output
    with db.reading() as session:
        logged = session.scalars(select(Decision).order_by(Decision.id)).all()
        assert [(d.action, d.actor, d.channel, d.named_by, d.note) for d in logged] == [
            ("import", "ops", "cli", None, "imported from kept.csv, row 2"),
            ("import", "ops", "cli", None, "imported from kept.csv, row 3"),
        ]
        assert logged[0].after["source_file"] == "kept.csv" and logged[0].after["row"] == 2
        belgrade = session.get_one(Candidate, logged[0].candidate_id)
        assert belgrade.status == "new" and belgrade.products == ["cctv", "facial_recognition"]
        cited = session.scalars(select(CitedSource)).one()
        assert (cited.url, cited.published.isoformat() if cited.published else None) == (
            "https://gov.example/notice",
            "2019-03-01",
        )


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "mixed.csv",
        ["vendor", "country_code", "year", "products", "source_urls", "source_dates"],
        [
            ["huawei", "PK", "2016", "cctv", "https://a.example/1", "2016-05-04"],
            ["huawei", "XX", "2016", "cctv", "", ""],
            ["huawei", "KE", "twenty", "drones", "", ""],
            ["huawei", "EC", "2011", "", "https://a.example/2; https://a.example/3", "2011-01-01"],
        ],
    )
    result = runner.invoke(cli, ["import", str(sheet), "--db", db_url])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert "row 3, column country_code: 'XX' is not an ISO 3166 two-letter country code" in lines
    assert any(line.startswith("row 4, column year:") for line in lines)
    assert any(line.startswith("row 4, column products:") and "drones" in line for line in lines)
    assert any(line.startswith("row 5, column source_dates:") for line in lines)
    assert "nothing was imported" in lines[-1] and "--skip-bad" in lines[-1]
    assert count(db, Candidate) == 0 and count(db, Decision) == 0
    kept = runner.invoke(cli, ["import", str(sheet), "--skip-bad", "--db", db_url])
    assert kept.exit_code == 0 and "imported 1 record from" in kept.output
    assert "skipped 3 bad rows" in kept.output
    with db.reading() as session:
        assert session.scalars(select(Candidate.country)).all() == ["PK"]


def test_a_failure_while_writing_leaves_the_database_as_it_was(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safecity.importing import applying

    sheet = write_csv(
        tmp_path / "two.csv", ["vendor", "country_code"], [["huawei", "PK"], ["huawei", "KE"]]
    )
    real = applying.import_record
    calls: list[int] = []

    def failing_on_the_second(*args: object, **kwargs: object) -> applying.Outcome:
        calls.append(1)
        if len(calls) == 2:
            raise SafecityError("the disk is full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(applying, "import_record", failing_on_the_second)
    result = runner.invoke(cli, ["import", str(sheet), "--db", db_url])
    assert result.exit_code == 2 and "the disk is full" in result.output
    assert len(calls) == 2
    assert count(db, Candidate) == 0 and count(db, Decision) == 0


def test_map_reads_a_spreadsheet_with_its_own_headers(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Company", "Country", "Town", "Signed", "Links", "Kind", "Systems"])
    sheet.append(["Huawei", "Kenya", "Nairobi", 2014, "https://k.example/a", "MOU", "cctv"])
    path = tmp_path / "tracker.xlsx"
    book.save(path)
    maps = ["vendor_name=Company", "country_name=Country", "city=Town", "year=Signed"]
    maps += ["source_urls=Links", "agreement_type=Kind", "products=Systems"]
    args = ["import", str(path), "--as", "confirmed", "--db", db_url]
    for pair in maps:
        args += ["--map", pair]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    with db.reading() as session:
        kenya = session.scalars(select(Candidate)).one()
        assert (kenya.vendor, kenya.country, kenya.city, kenya.year, kenya.agreement_type) == (
            "huawei",
            "KE",
            "Nairobi",
            2014,
            "mou",
        )
        assert kenya.status == "confirmed"


@pytest.mark.parametrize(
    "maps, said",
    [
        (["colour=Company"], "unknown field 'colour'; choose from: vendor"),
        (["vendor=Firm"], "the file has no column 'Firm'; its columns: Company, Country"),
        (["vendor"], "write it as field=Header"),
    ],
)
def test_a_bad_map_names_the_choices(
    runner: CliRunner, db_url: str, tmp_path: Path, maps: list[str], said: str
) -> None:
    sheet = write_csv(tmp_path / "t.csv", ["Company", "Country"], [["Huawei", "Kenya"]])
    args = ["import", str(sheet), "--db", db_url]
    for pair in maps:
        args += ["--map", pair]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and said in result.output


def test_importing_as_new_fills_gaps_and_keeps_an_analysts_decision(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    ids = seed(db, "KE")
    confirm(db, ids["KE"], "confirmed from two sources", counterpart="National Police Service")
    sheet = write_csv(
        tmp_path / "more.csv",
        ["vendor", "country_code", "city", "counterpart", "value", "source_urls"],
        [["huawei", "KE", "Nairobi", "Someone else", "US$ 70 million", "https://k.example/b"]],
    )
    result = runner.invoke(cli, ["import", str(sheet), "--db", db_url])
    assert result.exit_code == 0 and "0 new, 1 updated" in result.output
    with db.reading() as session:
        kenya = session.get_one(Candidate, ids["KE"])
        assert kenya.status == "confirmed"
        assert kenya.counterpart == "National Police Service"  # not overwritten
        assert kenya.value == "US$ 70 million"  # was empty: filled
    out = tmp_path / "kenya.json"
    run_export(runner, db_url, out, "--format", "json")
    (row,) = read_rows(out)
    assert "https://k.example/b" in row["source_urls"] and row["evidence_count"] >= 1


def test_a_file_that_is_not_csv_or_xlsx_is_refused(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "records.txt"
    path.write_text("vendor,country_code\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path), "--db", db_url])
    assert result.exit_code == 2 and "not a .csv or .xlsx file" in result.output
