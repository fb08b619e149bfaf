"""Our records beside a reference list: one rule (safecity.comparing) behind `safecity compare`
and `safecity report --reference`, reading the file as `safecity import` does."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from safecity.cli import cli
from safecity.comparing import Entry, compare
from store.db import Database
from tests.recordseed import confirm, seed

REFERENCE = [  # an earlier study's list, its own headers
    ("Company", "Country", "City", "Year"),
    ("Huawei", "Kenya", "Nairobi", "2015"),  # ours says 2014: within a year
    ("Huawei", "Ecuador", "Quito", "2011"),
    ("Huawei", "Brazil", "Campinas", "2016"),  # not found again
    ("Huawei", "Ruritania", "", "2016"),  # unreadable: left out and reported
]
MAP = ("--map", "vendor_name=Company", "--map", "country_name=Country")


def entry(country: str, city: str | None, year: int | None, ref: str = "x") -> Entry:
    return Entry("huawei", country, city, year, ref)


def test_the_rule_needs_vendor_country_a_compatible_city_and_a_year_within_one() -> None:
    ours = [entry("KE", "Nairobi", 2014, "a"), entry("KE", "Mombasa", 2014, "b")]
    theirs = [
        entry("KE", "nairobi", 2015, "1"),  # case aside, one year apart
        entry("KE", "Mombasa", 2017, "2"),  # three years apart: another agreement
        entry("ZM", None, 2018, "3"),
    ]
    found = compare(ours, theirs, "ref.csv")
    assert [(m.ours.ref, m.theirs.ref) for m in found.matched] == [("a", "1")]
    assert "years 2014 and 2015" in found.matched[0].how
    assert [e.ref for e in found.only_ours] == ["b"]
    assert [e.ref for e in found.only_theirs] == ["2", "3"]


def test_each_entry_matches_once_and_the_closest_pair_wins() -> None:
    ours = [entry("RS", None, 2017, "national"), entry("RS", "Belgrade", 2017, "belgrade")]
    theirs = [entry("RS", "Belgrade", 2017, "1")]
    found = compare(ours, theirs, "ref.csv")
    # the same city beats a record that names none
    assert [(m.ours.ref, m.theirs.ref) for m in found.matched] == [("belgrade", "1")]
    assert [e.ref for e in found.only_ours] == ["national"]
    blank = compare([entry("RS", None, None, "n")], [entry("RS", "Novi Sad", 2019, "2")], "r")
    assert [m.how for m in blank.matched] == [
        "same country; a city on one side only, a year on one side only"
    ]


@pytest.fixture
def confirmed(db: Database) -> dict[str, int]:
    ids = seed(db, "KE", "EC", "ZM")
    for code in ("KE", "EC", "ZM"):
        confirm(db, ids[code])
    return ids


def write_reference(path: Path) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in REFERENCE:
            sheet.append(list(row))
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(REFERENCE)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_compare_prints_and_writes_matched_only_ours_and_only_theirs(
    runner: CliRunner,
    db_url: str,
    confirmed: dict[str, int],
    tmp_path: Path,
    suffix: str,
) -> None:
    reference = write_reference(tmp_path / f"study{suffix}")
    out = tmp_path / "comparison.csv"
    result = runner.invoke(cli, ["compare", str(reference), *MAP, "-o", str(out), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "matched: 2" in result.output
    assert f"huawei KE Nairobi 2014  record {confirmed['KE']} = row 2" in result.output
    assert "only ours (new since the reference): 1" in result.output
    assert "only theirs (not found again): 1" in result.output
    assert "huawei BR Campinas 2016  row 4" in result.output
    assert "left out: row 5" in result.output and "Ruritania" in result.output
    assert (
        f"3 records compared with 3 entries of study{suffix}: 2 matched, 1 only ours, "
        "1 only theirs; 1 row of the reference could not be read" in result.output
    )
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["result"], r["country"], r["ours"], r["theirs"]) for r in rows] == [
        ("matched", "EC", f"record {confirmed['EC']}", "row 3"),
        ("matched", "KE", f"record {confirmed['KE']}", "row 2"),
        ("only ours", "ZM", f"record {confirmed['ZM']}", ""),
        ("only theirs", "BR", "", "row 4"),
    ]
    assert rows[1]["their_year"] == "2015"


def test_the_report_shows_the_same_comparison(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    reference = write_reference(tmp_path / "study.csv")
    compared = tmp_path / "comparison.csv"
    result = runner.invoke(
        cli, ["compare", str(reference), *MAP, "-o", str(compared), "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "report"
    args = ["--reference", str(reference), "--reference-map", "vendor_name=Company"]
    args += ["--reference-map", "country_name=Country"]
    result = runner.invoke(cli, ["report", "-o", str(out), *args, "--db", db_url])
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    section = page.split("Compared with a reference list")[1].split('id="method"')[0]
    assert "2 matched, 1 only ours, 1 only theirs" in section
    assert section.count("<tr class='matched'>") == 2 and "Campinas" in section
    assert (out / "comparison.csv").read_text(encoding="utf-8-sig") == compared.read_text(
        encoding="utf-8-sig"
    )


def test_without_a_reference_the_report_has_no_comparison(
    runner: CliRunner, db_url: str, confirmed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "report"
    assert runner.invoke(cli, ["report", "-o", str(out), "--db", db_url]).exit_code == 0
    assert "Compared with a reference list" not in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "comparison.csv").exists()


def test_a_reference_without_vendor_or_country_columns_is_a_clean_error(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    reference = tmp_path / "list.csv"
    reference.write_text("Place,When\nNairobi,2014\n", encoding="utf-8")
    result = runner.invoke(cli, ["compare", str(reference), "--db", db_url])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "--map" in result.output
