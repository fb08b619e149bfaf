"""The request's way to the database: the app's one ``Database``; views open a transaction or a
read-only session for the work of one request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy.orm import Session

from store.db import Database


def database() -> Database:
    db: Database = current_app.extensions["safecity_db"]
    return db


@contextmanager
def transaction() -> Iterator[Session]:
    with database().transaction() as session:
        yield session


@contextmanager
def reading() -> Iterator[Session]:
    with database().reading() as session:
        yield session
