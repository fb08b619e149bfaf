"""Crawl health: runs, their errors, and the sources that stopped yielding pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner
from flask.testing import FlaskClient

from safecity.cli import cli
from store.db import Database
from store.runs import finish_run, record_error, start_run
from tests.web.conftest import AuthActions, text_of
from tests.web.pages import PAGES, store_page


def crawl(database: Database, start: str, pages: list[str], errors: int = 0) -> int:
    with database.transaction() as session:
        run = start_run(session, "site", [start])
        for key in pages:
            store_page(session, *PAGES[key], run.id, datetime.now(UTC))
        for n in range(errors):
            record_error(session, run.id, f"{start}gone/{n}", "http_404", "HTTP 404")
        finish_run(session, run.id, "finished", len(pages) + errors)
        return run.id


def test_runs_and_their_errors(client: FlaskClient, auth: AuthActions, database: Database) -> None:
    run_id = crawl(database, "https://daily.example/", ["belgrade"], errors=2)
    auth.login()
    html = text_of(client.get("/health"))
    assert f'href="/health/runs/{run_id}"' in html
    assert "daily.example" in html and "http_404 2" in html
    detail = text_of(client.get(f"/health/runs/{run_id}"))
    assert "https://daily.example/gone/1" in detail and "HTTP 404" in detail


def test_a_source_that_stopped_yielding_pages_is_flagged(
    client: FlaskClient, auth: AuthActions, database: Database
) -> None:
    yielded = crawl(database, "https://daily.example/", ["belgrade"])
    crawl(database, "https://wire.example/", ["quito"])
    quiet = crawl(database, "https://daily.example/", [], errors=3)
    crawl(database, "https://wire.example/", ["quito"])  # unchanged pages still count
    auth.login()
    html = text_of(client.get("/health"))
    flagged = html.split("Flagged sources")[1].split("Recent runs")[0]
    assert "<td>daily.example</td>" in flagged
    assert f"run {quiet}</a>" in flagged and f"run {yielded}</a>" in flagged
    assert "wire.example" not in flagged


def test_nothing_flagged_without_history(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    html = text_of(client.get("/health"))
    assert "No source has gone quiet." in html and "No crawl has run yet" in html


def test_safecity_runs_and_the_health_page_flag_the_same_sources(
    client: FlaskClient, auth: AuthActions, database: Database, runner: CliRunner
) -> None:
    """One rule: a source is quiet when its latest ended run yielded nothing (no page, not even a
    result seen before) though an earlier one did; an interrupted run says nothing either way."""
    counts = [
        ("feeds", 3, 0, "finished"),
        ("feeds", 0, 3, "finished"),  # results seen before: it still answers
        ("portal", 4, 0, "finished"),
        ("portal", 0, 0, "interrupted"),  # stopped by hand: not a verdict on the site
        ("vendor", 5, 0, "finished"),
        ("vendor", 0, 0, "finished"),  # quiet
    ]
    with database.transaction() as session:
        for source, new, seen, status in counts:
            run = start_run(session, "news", [], source)
            run.pages_new = new
            finish_run(session, run.id, status, 10, 1000, seen)
    auth.login()
    html = text_of(client.get("/health"))
    flagged_on_page = html.split("Flagged sources")[1].split("Recent runs")[0]
    url = str(database.engine.url.render_as_string(hide_password=False))
    listed = json.loads(runner.invoke(cli, ["runs", "--json", "--db", url]).output)
    flagged_by_cli = {r["source"] for r in listed if r["went_quiet"]}
    assert flagged_by_cli == {"vendor"}
    assert "<td>vendor</td>" in flagged_on_page
    assert "feeds" not in flagged_on_page and "portal" not in flagged_on_page
