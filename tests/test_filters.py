"""One candidate filter (store/filters.py) for the queue, the exports, ``safecity candidates`` and
``safecity status``: the same filter takes the same candidates everywhere, and a merged candidate
is never listed or counted as open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from safecity.cli import cli
from store.db import Database
from store.queue import QueueFilters, queue
from tests.recordseed import confirm, seed


def cli_ids(runner: CliRunner, db_url: str, *args: str) -> list[int]:
    result = runner.invoke(cli, ["candidates", "--json", *args, "--db", db_url])
    assert result.exit_code == 0, result.output
    return sorted(r["id"] for r in json.loads(result.output))


def export_ids(runner: CliRunner, db_url: str, tmp_path: Path, *args: str) -> list[int]:
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["export", "-o", str(out), *args, "--db", db_url])
    assert result.exit_code == 0, result.output
    return sorted(r["record_id"] for r in json.loads(out.read_text(encoding="utf-8")))


def queue_ids(db: Database, filters: QueueFilters) -> list[int]:
    with db.reading() as session:
        return sorted(r.candidate.id for r in queue(session, filters).rows)


def test_a_merged_candidate_is_neither_listed_nor_counted_as_open(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    ids = seed(db, "KE", "ZM", "LA")
    merge = ["merge", str(ids["ZM"]), str(ids["KE"]), "--force", "--db", db_url]
    assert runner.invoke(cli, merge).exit_code == 0
    open_ids = sorted([ids["KE"], ids["LA"]])
    assert cli_ids(runner, db_url, "--status", "new") == open_ids
    assert cli_ids(runner, db_url, "--status", "any") == open_ids
    assert export_ids(runner, db_url, tmp_path, "--status", "new") == open_ids
    assert queue_ids(db, QueueFilters(status="new")) == open_ids
    counts = json.loads(runner.invoke(cli, ["status", "--json", "--db", db_url]).output)
    assert counts["candidates"] == {"new": 2, "confirmed": 0, "rejected": 0, "merged": 1}
    said = runner.invoke(cli, ["status", "--db", db_url]).output
    assert "2 new, 0 confirmed, 0 rejected, 1 merged into others" in said


@pytest.mark.parametrize(
    "queue_filters, args",
    [
        (QueueFilters(status=None, country="ke"), ["--country", "ke"]),
        (QueueFilters(status=None, language="zh"), ["--language", "zh"]),
        (QueueFilters(status=None, product="cctv"), ["--product", "cctv"]),
        (QueueFilters(status=None, year=2018), ["--year", "2018"]),
        (QueueFilters(status=None, source_kind="media"), ["--source-kind", "media"]),
        (QueueFilters(status="confirmed", vendor="huawei"), ["--status", "confirmed"]),
    ],
    ids=["country", "language", "product", "year", "source-kind", "status"],
)
def test_the_same_filter_takes_the_same_candidates_everywhere(
    runner: CliRunner,
    db: Database,
    db_url: str,
    tmp_path: Path,
    queue_filters: QueueFilters,
    args: list[str],
) -> None:
    ids = seed(db)
    confirm(db, ids["KE"])
    confirm(db, ids["PK"], year=2016)
    listed = cli_ids(runner, db_url, *args)
    assert listed, "the filter should take some candidates"
    assert listed != sorted(ids.values()) or args == ["--source-kind", "media"]
    if "--status" not in args:
        args = [*args, "--status", "any"]
    assert export_ids(runner, db_url, tmp_path, *args) == listed
    assert queue_ids(db, queue_filters) == listed


def test_since_and_until_take_a_range_of_years(
    runner: CliRunner, db: Database, db_url: str
) -> None:
    ids = seed(db, "KE", "EC", "ZM", "LA")  # 2014, 2011, 2018, 2018
    assert cli_ids(runner, db_url, "--since", "2012", "--until", "2015") == [ids["KE"]]
    assert cli_ids(runner, db_url, "--since", "2018") == sorted([ids["ZM"], ids["LA"]])


@pytest.mark.parametrize(
    "args, said",
    [
        (["--status", "maybe"], "unknown status 'maybe'; choose from: new, confirmed, rejected"),
        (["--source-kind", "blog"], "unknown source kind 'blog'"),
        (["--since", "2020", "--until", "2010"], "--since 2020 is after --until 2010"),
    ],
)
def test_a_filter_that_names_nothing_is_one_line_and_exit_2(
    runner: CliRunner, db_url: str, args: list[str], said: str
) -> None:
    result = runner.invoke(cli, ["candidates", *args, "--db", db_url])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and said in result.output


def test_a_merge_carries_the_evidence_languages_to_the_filter(
    runner: CliRunner, db: Database, db_url: str
) -> None:
    ids = seed(db, "KE", "PK")  # PK's page is in Chinese
    assert cli_ids(runner, db_url, "--language", "zh") == [ids["PK"]]
    merge = ["merge", str(ids["PK"]), str(ids["KE"]), "--force", "--db", db_url]
    assert runner.invoke(cli, merge).exit_code == 0
    assert cli_ids(runner, db_url, "--language", "zh") == [ids["KE"]]
    assert queue_ids(db, QueueFilters(language="zh")) == [ids["KE"]]
