"""The schema is built by the migrations alone, on SQLite and PostgreSQL: down to nothing and back
up, with no drift between the models and the migrated database (what `alembic check` reports)."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from store.db import Database, alembic_config, is_current, upgrade
from store.models import Base


def drift(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": _ours}
        )
        return list(compare_metadata(context, Base.metadata))


def _ours(name: str | None, type_: str, parent_names: object) -> bool:
    return not (name or "").startswith("fts_")  # built by hand in a migration (full-text index)


def test_downgrade_to_nothing_and_upgrade_again_without_drift(db: Database) -> None:
    assert is_current(db.engine)
    assert drift(db) == []
    command.downgrade(alembic_config(db.engine), "base")
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert not {t for t in tables if not t.startswith("fts_")}
    upgrade(db.engine)
    assert is_current(db.engine)
    assert drift(db) == []
    assert {"pages", "mentions", "candidates", "evidence", "decisions"} <= set(
        inspect(db.engine).get_table_names()
    )
