"""Fixtures for the triage app, in the flaskr style: ``app``, ``client``, ``auth``; the data is
stored through the real store functions (pages through ``save_page``, users through
``add_user``), on SQLite and on PostgreSQL like every database test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from safecity.web import create_app
from store.db import Database
from store.models import Candidate
from store.runs import finish_run, record_error, start_run
from store.users import Throttle, add_user
from tests.web.pages import PAGES, store_page

PASSWORD = "correct horse battery"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test secret key, long enough to sign cookies",
            "LOGIN_THROTTLE": Throttle(per_name=3, per_address=6, window=timedelta(minutes=5)),
        }
    )
    with app.extensions["safecity_db"].transaction() as session:
        add_user(session, "ana", "analyst", PASSWORD)
    yield app
    app.extensions["safecity_db"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def database(app: Flask) -> Database:
    db: Database = app.extensions["safecity_db"]
    return db


@pytest.fixture
def colleagues(database: Database) -> None:
    """Another analyst (bo) and an admin (root) beside ana."""
    with database.transaction() as session:
        add_user(session, "bo", "analyst", PASSWORD)
        add_user(session, "root", "admin", PASSWORD)


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def token(self, path: str = "/auth/login") -> str:
        found = TOKEN.search(self._client.get(path).get_data(as_text=True))
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def login(self, username: str = "ana", password: str = PASSWORD) -> TestResponse:
        data = {"username": username, "password": password, "csrf_token": self.token()}
        return self._client.post("/auth/login", data=data)

    def logout(self) -> TestResponse:
        return self._client.post("/auth/logout", data={"csrf_token": self.token("/queue")})

    def post(self, path: str, data: dict[str, object]) -> TestResponse:
        """A form sent as the browser sends it: with the token from a page of the app."""
        return self._client.post(path, data={"csrf_token": self.token("/queue"), **data})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def seeded(database: Database) -> dict[str, int]:
    """The test pages stored by a crawl run; candidate ids by city."""
    with database.transaction() as session:
        run = start_run(session, "site", ["https://daily.example/"])
        for url, body in PAGES.values():
            store_page(session, url, body, run.id)
        record_error(session, run.id, "https://daily.example/gone", "http_404", "HTTP 404")
        finish_run(session, run.id, "finished", len(PAGES) + 1)
    with database.reading() as session:
        return {c.city or c.country: c.id for c in session.scalars(select(Candidate))}


def version_of(database: Database, candidate_id: int) -> int:
    with database.reading() as session:
        candidate = session.get(Candidate, candidate_id)
        assert candidate is not None
        return candidate.version


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)


# Debian's Chromium through Playwright, one for the whole test session: every browser test shares
# it (a second sync_playwright() in the same process would find the first one's event loop)
CHROMIUM = Path(os.environ.get("SAFECITY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    problem = _missing()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Playwright gives each launch a fresh temporary profile (user-data-dir)
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
