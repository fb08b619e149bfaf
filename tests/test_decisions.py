"""One set of rules for every decision, whether it comes from the command line, the web app or an
import (store/decisions.py): what confirming and rejecting need, who is recorded, that a decision
which changes nothing is not logged, that a merge across countries is asked for, and that the
database itself refuses a status or stage no rule allows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from safecity.cli import cli
from store.db import Database
from store.models import Candidate, Decision
from tests.recordseed import seed

ME = {"LOGNAME": "ops", "USER": "ops", "SAFECITY_ACTOR": "eve"}  # SAFECITY_ACTOR names no one


def sheet(path: Path, header: list[str], *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def run(runner: CliRunner, db_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, [*args, "--db", db_url], env=ME)
    return result.exit_code, result.output


def log(db: Database) -> list[tuple[int, str, str, str | None, str | None]]:
    with db.reading() as session:
        rows = session.scalars(select(Decision).order_by(Decision.id))
        return [(d.candidate_id, d.action, d.actor, d.channel, d.named_by) for d in rows]


def test_an_imported_record_is_confirmed_only_with_its_fields_and_a_cited_source(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    bare = sheet(tmp_path / "bare.csv", ["vendor", "country_code"], ["huawei", "UG"])
    assert run(runner, db_url, "import", str(bare))[0] == 0
    with db.reading() as session:
        uganda = session.scalars(select(Candidate.id)).one()
    code, said = run(runner, db_url, "confirm", str(uganda))
    assert code == 2 and said.count("\n") == 1
    assert "it needs year, products, a source" in said
    cited = sheet(
        tmp_path / "cited.csv",
        ["vendor", "country_code", "source_urls", "source_dates"],
        ["huawei", "UG", "https://ug.example/notice", "2019-08-15"],
    )
    assert run(runner, db_url, "import", str(cited))[0] == 0  # the cited URL is its source
    code, said = run(runner, db_url, "confirm", str(uganda), "--set", "year=2019")
    assert code == 2 and "it needs products (" in said and "source" not in said.split("(")[0]
    code, said = run(
        runner, db_url, "confirm", str(uganda), "--set", "year=2019", "--set", "products=cctv"
    )
    assert code == 0 and "is now confirmed" in said, said


def test_import_as_confirmed_follows_the_confirm_rule(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    rows = sheet(
        tmp_path / "tracker.csv",
        ["vendor", "country_code", "year", "products", "source_urls"],
        ["huawei", "UG", "2019", "cctv", "https://ug.example/notice"],
        ["huawei", "KE", "", "cctv", "https://ke.example/notice"],
    )
    code, said = run(runner, db_url, "import", str(rows), "--as", "confirmed")
    assert code == 2
    assert "row 3: candidate" in said and "it needs year" in said
    assert "1 bad row: nothing was imported" in said
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0
    code, said = run(runner, db_url, "import", str(rows), "--as", "confirmed", "--skip-bad")
    assert code == 0 and "imported 1 record from" in said and "skipped 1 bad row" in said
    with db.reading() as session:
        kept = session.execute(select(Candidate.country, Candidate.status)).all()
    assert [tuple(r) for r in kept] == [("UG", "confirmed")]


def test_reject_needs_a_reason_and_the_actor_is_who_ran_it(
    runner: CliRunner, db: Database, db_url: str
) -> None:
    ids = seed(db, "KE", "ZM")
    code, said = run(runner, db_url, "reject", str(ids["KE"]))
    assert code == 2 and "a reason is required" in said
    assert run(runner, db_url, "reject", str(ids["KE"]), "--reason", "traffic cameras")[0] == 0
    named = ["--reason", "a 5G network", "--on-behalf-of", "ana"]
    assert run(runner, db_url, "reject", str(ids["ZM"]), *named)[0] == 0
    assert log(db) == [
        (ids["KE"], "reject", "ops", "cli", None),
        (ids["ZM"], "reject", "ana", "cli", "ops"),
    ]


def test_a_decision_that_changes_nothing_is_not_logged_again(
    runner: CliRunner, db: Database, db_url: str
) -> None:
    kenya = seed(db, "KE")["KE"]
    assert run(runner, db_url, "confirm", str(kenya))[0] == 0
    code, said = run(runner, db_url, "confirm", str(kenya))
    assert code == 0 and "already confirmed: nothing recorded" in said
    assert [action for _c, action, *_ in log(db)] == ["confirm"]


def test_merging_across_countries_needs_force(runner: CliRunner, db: Database, db_url: str) -> None:
    ids = seed(db, "KE", "ZM")
    code, said = run(runner, db_url, "merge", str(ids["ZM"]), str(ids["KE"]))
    assert code == 2 and "different countries ZM and KE" in said and "--force" in said
    assert log(db) == []
    code, said = run(runner, db_url, "merge", str(ids["ZM"]), str(ids["KE"]), "--force")
    assert code == 0, said
    assert [action for _c, action, *_ in log(db)] == ["merge", "merge_in"]


def test_an_import_into_a_merged_candidate_goes_to_the_one_it_was_merged_into(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    ids = seed(db, "KE", "ZM")
    assert run(runner, db_url, "merge", str(ids["ZM"]), str(ids["KE"]), "--force")[0] == 0
    row = sheet(
        tmp_path / "zm.csv",
        ["vendor", "country_code", "source_urls"],
        ["huawei", "ZM", "https://zm.example/notice"],
    )
    assert run(runner, db_url, "import", str(row))[0] == 0
    assert log(db)[-1][:2] == (ids["KE"], "import")


@pytest.mark.parametrize(
    "column, value", [("status", "maybe"), ("stage", "rumoured")], ids=["status", "stage"]
)
def test_the_database_refuses_a_status_or_stage_no_rule_allows(
    db: Database, column: str, value: str
) -> None:
    seed(db, "KE")
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(text(f"UPDATE candidates SET {column} = :v"), {"v": value})
