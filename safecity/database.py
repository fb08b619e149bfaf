"""The app's way to open the database: created if missing, migrated, closed after use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from safecity.settings import Settings
from store.db import Database, upgrade


@contextmanager
def open_database(settings: Settings) -> Iterator[Database]:
    """The settings' database, created if missing and migrated to the current schema; closed
    after."""
    database = Database(settings.database_url)
    try:
        upgrade(database.engine)
        yield database
    finally:
        database.close()
