"""exports and imports: agreement type, sources cited by imported records

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-27 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement_type", sa.String(length=30), nullable=True))
    op.create_table(
        "cited_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("archive_id", sa.String(length=200), nullable=False),
        sa.Column("capture_url", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_cited_sources_candidate_id_candidates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cited_sources")),
        sa.UniqueConstraint(
            "candidate_id",
            "url",
            "archive_id",
            name=op.f("uq_cited_sources_candidate_id_url_archive_id"),
        ),
    )
    with op.batch_alter_table("cited_sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cited_sources_candidate_id"), ["candidate_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cited_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cited_sources_candidate_id"))
    op.drop_table("cited_sources")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("agreement_type")
