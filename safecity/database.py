"""The app's way to open the database: created if missing (for the commands that write), migrated,
closed after use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from safecity.settings import Settings
from store.db import Database, upgrade
from store.errors import StoreError


@contextmanager
def open_database(settings: Settings, *, create: bool = True) -> Iterator[Database]:
    """The settings' database, migrated to the current schema; closed after. Without ``create``
    (commands that only read or decide on what is stored) a SQLite file that does not exist is
    refused, not made empty."""
    if not create:
        require_existing(settings.database_url)
    database = Database(settings.database_url)
    try:
        upgrade(database.engine)
        yield database
    finally:
        database.close()


def require_existing(url: str) -> None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # Database says what is wrong with it
    path = parsed.database
    if not parsed.drivername.startswith("sqlite") or not path or path == ":memory:":
        return
    if not Path(path).is_file():
        raise StoreError(
            f"no database at {path}: run `safecity init --db {url}` or a crawl first, "
            "or give --db the database you meant"
        )
