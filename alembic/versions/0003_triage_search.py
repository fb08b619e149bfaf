"""triage app: queue index, login attempts, full-text search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:00:00

The full-text index is not modelled by the ORM (store.models.SearchDoc holds the tokenised text):
on SQLite it is the FTS5 table ``fts_search`` over ``search_docs`` (external content, kept in step
by three triggers); on PostgreSQL a GIN index over ``to_tsvector('english', terms)``. Their names
start with ``fts_`` so that alembic's autogenerate leaves them alone (alembic/env.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    # porter stems English words ("cameras" finds "camera"); Chinese arrives already cut into
    # overlapping character pairs, which unicode61 keeps as tokens
    # `kind` is indexed too, so that a MATCH can ask for pages or evidence alone and FTS5 can walk
    # its lists newest first and stop at the limit
    "CREATE VIRTUAL TABLE fts_search USING fts5(terms, kind, content='search_docs', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER fts_search_ai AFTER INSERT ON search_docs BEGIN "
    "INSERT INTO fts_search(rowid, terms, kind) VALUES (new.id, new.terms, new.kind); END",
    "CREATE TRIGGER fts_search_ad AFTER DELETE ON search_docs BEGIN "
    "INSERT INTO fts_search(fts_search, rowid, terms, kind) "
    "VALUES ('delete', old.id, old.terms, old.kind); END",
    "CREATE TRIGGER fts_search_au AFTER UPDATE ON search_docs BEGIN "
    "INSERT INTO fts_search(fts_search, rowid, terms, kind) "
    "VALUES ('delete', old.id, old.terms, old.kind); "
    "INSERT INTO fts_search(rowid, terms, kind) VALUES (new.id, new.terms, new.kind); END",
]
POSTGRES_FTS = (
    "CREATE INDEX fts_search_docs_terms ON search_docs "
    "USING gin (to_tsvector('english'::regconfig, terms))"
)


def upgrade() -> None:
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidates_queue", ["status", "merged_into_id", "score", "id"], unique=False
        )
        # partial: an index of mostly NULLs would tempt SQLite's planner for `IS NULL`
        batch_op.create_index(
            "ix_candidates_merged_into_id",
            ["merged_into_id"],
            unique=False,
            sqlite_where=sa.text("merged_into_id IS NOT NULL"),
            postgresql_where=sa.text("merged_into_id IS NOT NULL"),
        )
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.create_index("ix_pages_language", ["language"], unique=False)
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evidence_page_id_candidate_id", ["page_id", "candidate_id"], unique=False
        )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_address_at", ["address", "at"], unique=False)
    op.create_table(
        "search_docs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_docs")),
        sa.UniqueConstraint("kind", "ref_id", name=op.f("uq_search_docs_kind_ref_id")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(POSTGRES_FTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("fts_search_ai", "fts_search_ad", "fts_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS fts_search")
    else:
        op.execute("DROP INDEX IF EXISTS fts_search_docs_terms")
    op.drop_table("search_docs")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_address_at")
    op.drop_table("login_attempts")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_page_id_candidate_id")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_index("ix_pages_language")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_candidates_merged_into_id")
        batch_op.drop_index("ix_candidates_queue")
