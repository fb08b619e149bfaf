"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, and the CLI runner.

PostgreSQL tests use SAFECITY_TEST_POSTGRES_URL (default: the local server's ``test`` database).
Where no server answers they are skipped with the reason, unless SAFECITY_REQUIRE_POSTGRES=1 (as
.ci/run sets it), where they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from store.db import Database, upgrade

POSTGRES_URL = os.environ.get(
    "SAFECITY_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("SAFECITY_REQUIRE_POSTGRES") == "1"
SHARED = Path(__file__).resolve().parents[2] / "shared"
# Files whose tests take minutes, started first: `make test` runs `pytest -n auto --dist loadfile
# --no-loadscope-reorder`, which hands files to the workers in this order, so no worker is left
# alone with a long file at the end while the others sit idle.
LONG_FIRST = [
    "test_crash_consistency.py",
    "test_corpus.py",
    "test_schedule.py",
    "test_pipeline_workers.py",
    "test_spider_news.py",
    "test_crawl_site.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONG_FIRST.index(name) if name in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: each file keeps its own order


def _postgres_problem() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    problem = _postgres_problem()
    if problem:
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {problem}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    name = f"safecity_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE decisions, evidence, candidates, mentions, pages, crawl_errors, "
                "crawl_runs, sources, users, login_attempts, search_docs RESTART IDENTITY CASCADE"
            )
        )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database URL: a new SQLite file, or the session's PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'safecity.db'}"
        db = Database(url)
        upgrade(db.engine)
        db.close()
        yield url
        return
    url = request.getfixturevalue("postgres_server")
    db = Database(url)
    upgrade(db.engine)
    _truncate_all(db)
    db.close()
    yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
