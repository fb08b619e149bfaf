"""candidate facets: the languages and site kinds of each candidate's evidence and its products,
indexed for the queue's filters; filled from what is stored. And the open candidates indexed best
first (of one status, or all), for the queue's page on PostgreSQL

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILL = (
    "INSERT INTO candidate_facets (candidate_id, facet) "
    "SELECT DISTINCT e.candidate_id, 'language:' || p.language FROM evidence e "
    "JOIN pages p ON p.id = e.page_id WHERE p.language IS NOT NULL",
    "INSERT INTO candidate_facets (candidate_id, facet) "
    "SELECT DISTINCT e.candidate_id, 'kind:' || s.kind FROM evidence e "
    "JOIN pages p ON p.id = e.page_id JOIN sources s ON s.id = p.source_id",
)
PRODUCTS = {
    "sqlite": "INSERT INTO candidate_facets (candidate_id, facet) "
    "SELECT DISTINCT c.id, 'product:' || j.value FROM candidates c, json_each(c.products) j",
    "postgresql": "INSERT INTO candidate_facets (candidate_id, facet) "
    "SELECT DISTINCT c.id, 'product:' || j FROM candidates c, "
    "json_array_elements_text(c.products) j",
}


def upgrade() -> None:
    op.create_table(
        "candidate_facets",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_facets_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "facet", name=op.f("pk_candidate_facets")),
    )
    with op.batch_alter_table("candidate_facets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidate_facets_facet_candidate_id", ["facet", "candidate_id"], unique=False
        )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        open_only = sa.text("merged_into_id IS NULL")
        batch_op.create_index(
            "ix_candidates_open_queue",
            ["status", "score", "id"],
            unique=False,
            sqlite_where=open_only,
            postgresql_where=open_only,
        )
        batch_op.create_index(
            "ix_candidates_open_by_score",
            ["score", "id"],
            unique=False,
            sqlite_where=open_only,
            postgresql_where=open_only,
        )
    for statement in FILL:
        op.execute(statement)
    op.execute(PRODUCTS[op.get_bind().dialect.name])


def downgrade() -> None:
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_candidates_open_by_score")
        batch_op.drop_index("ix_candidates_open_queue")
    with op.batch_alter_table("candidate_facets", schema=None) as batch_op:
        batch_op.drop_index("ix_candidate_facets_facet_candidate_id")
    op.drop_table("candidate_facets")
