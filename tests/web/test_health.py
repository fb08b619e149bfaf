"""Crawl health: runs, their errors, and the sources that stopped yielding pages."""

from __future__ import annotations

from datetime import UTC, datetime

from flask.testing import FlaskClient

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
