"""Engines, sessions and migrations. One engine per process; callers own the transaction."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent
SQLITE_BUSY_TIMEOUT_MS = 30_000
T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger(__name__)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout on every
    connection."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///safecity.db)") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.drivername.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except Exception as exc:  # a missing driver or a bad option, reported as one line
        raise StoreError(f"cannot use database {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def check_connection(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            f"cannot reach database {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from None


def alembic_config(engine: Engine) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` (idempotent)."""
    check_connection(engine)
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        heads = set(MigrationContext.configure(conn).get_current_heads())
    return heads == set(script.get_heads())


def require_current(engine: Engine) -> None:
    check_connection(engine)
    if not is_current(engine):
        raise StoreError("the database schema is not up to date: run `safecity init` first")


class Database:
    """An engine and its session factory: what a process opens once and passes around."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self, *, savepoints: bool = False) -> Iterator[Session]:
        """A session whose work commits at the end of the block, or rolls back on any error.

        ``savepoints``: the block uses ``begin_nested``. On SQLite the transaction then starts at
        once with ``BEGIN IMMEDIATE``: pysqlite emits BEGIN only before a data change, so a
        SAVEPOINT would open the transaction itself and its RELEASE commit it (the work before a
        later failure kept); the write lock is taken, waiting for another writer, up front."""
        with self.sessions.begin() as session:
            if savepoints and self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session

    def retrying(
        self, work: Callable[[Session], R], *, attempts: int = 3, savepoints: bool = False
    ) -> R:
        """``work(session)`` in one transaction, like ``transaction``, run again (up to
        ``attempts`` times in all) when it failed for a passing reason (``is_transient``): the
        database dropped the connection (a restart, a failover, a proxy's idle timeout; the next
        try gets a fresh one), or chose this transaction as a deadlock's victim. ``work`` must be
        safe to run again: nothing it did in a failed try was committed."""
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction(savepoints=savepoints) as session:
                    return work(session)
            except Exception as exc:  # only a passing failure is retried; the rest re-raised
                if attempt == attempts or not is_transient(exc):
                    raise
                log.warning("transaction failed (%s); trying again", first_line(exc))
                time.sleep(random.uniform(0.05, 0.25) * attempt)  # let the other side commit
        raise AssertionError("unreachable")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


RETRYABLE_STATES = ("40001", "40P01")  # serialization failure, deadlock detected


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` (or an error it was raised from) is one a new try may not meet: the
    connection to the database was lost (the pool then drops it; pool_pre_ping checks the next),
    or PostgreSQL rolled the transaction back to break a deadlock or a serialization conflict."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DBAPIError) and (
            seen.connection_invalidated or getattr(seen.orig, "sqlstate", None) in RETRYABLE_STATES
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def first_line(error: BaseException) -> str:
    """The first line of what ``error`` says, or its type's name when it says nothing."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def add_unique(session: Session, row: T, find: Callable[[], T | None]) -> tuple[T, bool]:
    """Add ``row``, which a unique key makes the only one of its kind; returns it and True, or,
    when a concurrent writer (another crawl worker) committed the same one first, theirs (found by
    ``find``) and False. Call it after ``find`` found nothing."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        existing = find()
        if existing is None:
            raise
        return existing, False
    return row, True
