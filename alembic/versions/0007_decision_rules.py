"""decision rules: candidates' status and stage checked by the database; decisions record their
channel (web or cli) and who recorded a decision made in another's name

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:00:00

On SQLite the CHECK constraints rebuild the candidates table (batch mode); the decisions table
gains its columns with a plain ALTER TABLE, so its triggers (an audit log the database refuses to
alter) stay in place.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# as of this revision (store/models.py: CANDIDATE_STATUSES, keywords STAGES)
STATUSES = ("new", "confirmed", "rejected")
STAGES = ("proposed", "signed", "deployed")


def _listed(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


@contextmanager
def _rebuilding() -> Iterator[None]:
    """SQLite rebuilds a table by copying it and dropping the old one, which the rows that refer
    to it (evidence, decisions) would refuse. Outside a transaction foreign keys are switched off
    for the rebuild; inside one (several migrations in a row) their check waits for the commit,
    when the rebuilt table holds the same ids again. Either way they are on again after."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA foreign_keys = OFF")
        op.execute("PRAGMA defer_foreign_keys = ON")
    try:
        yield
    finally:
        if sqlite:
            op.execute("PRAGMA foreign_keys = ON")


def upgrade() -> None:
    with _rebuilding(), op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f("ck_candidates_status"), f"status IN ({_listed(STATUSES)})"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_candidates_stage"), f"stage IS NULL OR stage IN ({_listed(STAGES)})"
        )
    op.add_column("decisions", sa.Column("channel", sa.String(length=10), nullable=True))
    op.add_column("decisions", sa.Column("named_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    # SQLite drops a column in place (3.35+): no rebuild, the audit triggers stay
    op.drop_column("decisions", "named_by")
    op.drop_column("decisions", "channel")
    with _rebuilding(), op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_candidates_stage"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_candidates_status"), type_="check")
