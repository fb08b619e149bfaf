"""The `safecity` command as a user types it: settings, clean errors, extract, triage and export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from safecity.cli import cli
from safecity.settings import DEFAULT_DATABASE_URL, Settings
from store.db import Database
from store.models import Candidate, Decision
from tests.test_store import BELGRADE, article, store


def test_settings_prefer_option_then_environment_then_default() -> None:
    env = {"SAFECITY_DATABASE_URL": "sqlite:///from-env.db"}
    assert Settings.load("sqlite:///opt.db", env).database_url == "sqlite:///opt.db"
    assert Settings.load(None, env).database_url == "sqlite:///from-env.db"
    assert Settings.load(None, {}).database_url == DEFAULT_DATABASE_URL


def test_missing_sqlite_file_is_created_and_init_is_idempotent(
    runner: CliRunner, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'new.db'}"
    for _ in range(2):
        result = runner.invoke(cli, ["init", "--db", url])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "sub" / "new.db").exists()
    status = runner.invoke(cli, ["status", "--db", url, "--json"])
    assert json.loads(status.output)["pages"] == 0


@pytest.mark.parametrize(
    "url, message",
    [
        ("nonsense", "not a database URL"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot reach database"),
        ("mysql://x@127.0.0.1/y", "cannot use database"),
    ],
)
def test_bad_database_gets_one_line_and_exit_2(runner: CliRunner, url: str, message: str) -> None:
    result = runner.invoke(cli, ["status", "--db", url])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_unknown_option_and_id_are_clean_errors(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert runner.invoke(cli, ["init", "--db", url]).exit_code == 0
    assert runner.invoke(cli, ["candidates", "--status", "maybe", "--db", url]).exit_code == 2
    result = runner.invoke(cli, ["confirm", "42", "--db", url])
    assert result.exit_code == 2 and "no candidate with id 42" in result.output


def test_extract_prints_one_json_object_per_page(runner: CliRunner, tmp_path: Path) -> None:
    first = tmp_path / "a.html"
    first.write_bytes(article("daily.example", BELGRADE))
    second = tmp_path / "b.html"
    second.write_text("<html><body><p>Weather: sunny.</p></body></html>", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(first), str(second)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["source"] for r in rows] == [str(first), str(second)]
    assert rows[0]["vendors"] == ["huawei"] and rows[0]["countries"] == ["RS"]
    assert rows[1]["categories"] == []


def test_confirm_then_export_csv_and_json(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    store(db, "http://a.example/1", article("daily.example", '=HYPERLINK("x") ' + BELGRADE))
    listed = json.loads(runner.invoke(cli, ["candidates", "--json", "--db", db_url]).output)
    assert [(c["vendor"], c["country"], c["city"], c["status"]) for c in listed] == [
        ("huawei", "RS", "Belgrade", "new")
    ]
    empty = tmp_path / "empty.csv"
    result = runner.invoke(cli, ["export", "--format", "csv", "-o", str(empty), "--db", db_url])
    assert result.exit_code == 0 and "no confirmed candidates" in result.output
    assert len(list(csv.reader(empty.read_text(encoding="utf-8-sig").splitlines()))) == 1
    confirm = ["confirm", str(listed[0]["id"]), "--note", "=cmd|' /C calc'!A0", "--db", db_url]
    refused = runner.invoke(cli, confirm)
    assert refused.exit_code == 2 and "it needs year" in refused.output  # the page gives none
    result = runner.invoke(cli, [*confirm, "--set", "year=2019"])
    assert result.exit_code == 0 and "confirmed" in result.output
    out = tmp_path / "confirmed.csv"
    assert runner.invoke(cli, ["export", "-o", str(out), "--db", db_url]).exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["vendor_name"], r["country_name"], r["city"]) for r in rows] == [
        ("Huawei", "Serbia", "Belgrade")
    ]
    assert rows[0]["notes"].startswith("'=")
    assert rows[0]["source_urls"] == "http://a.example/1"
    out_json = tmp_path / "confirmed.json"
    runner.invoke(cli, ["export", "--format", "json", "-o", str(out_json), "--db", db_url])
    records = json.loads(out_json.read_text(encoding="utf-8"))
    assert records[0]["status"] == "confirmed" and records[0]["notes"].startswith("=cmd")
    with db.reading() as session:
        assert session.scalars(select(Candidate.status)).all() == ["confirmed"]
        assert [d.action for d in session.scalars(select(Decision))] == ["confirm"]


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"safecity {name}" in readme, name
