"""Alembic environment: runs migrations on the engine store.db hands over, or on the URL from
``-x url=...`` / ``SAFECITY_DATABASE_URL`` when alembic is run by hand (e.g. ``alembic check``)."""

from typing import Any, Literal

from alembic import context
from sqlalchemy import Engine

from store.db import make_engine
from store.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        import os

        url = os.environ.get("SAFECITY_DATABASE_URL", "sqlite:///safecity.db")
    return make_engine(url)


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our UTCDateTime as the plain type it stores as: migrations import nothing of ours."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Leave out what migrations build by hand and the ORM does not model: the full-text index
    (``fts_*``: SQLite's FTS5 table and its shadow tables, PostgreSQL's GIN index; see 0003)."""
    return not (name or "").startswith("fts_")


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if connection.dialect.name == "sqlite":
            # a migration that rebuilds a table turns foreign keys off (0007); the pooled
            # connection gets them back now that no transaction is open
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run_migrations_online()
