"""A candidate's history: its decisions, newest first, with the fields each one changed, and the
latest one undo would take back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Decision

# the fields a decision's before and after compare
FIELDS = ("vendor", "counterpart", "country", "city", "year", "stage", "value", "products")
SHOWN = (*FIELDS, "status", "note")
LINKS = ("merged_into", "merged_from", "split_to", "split_from", "undoes", "evidence")


@dataclass(frozen=True)
class HistoryEntry:
    decision: Decision
    changes: list[tuple[str, Any, Any]]
    undone: bool

    @property
    def links(self) -> dict[str, Any]:
        return {k: self.decision.after[k] for k in LINKS if k in self.decision.after}

    @property
    def who(self) -> str:
        """The actor, with the channel and whoever named them when someone else recorded it."""
        d = self.decision
        via = f" via {d.channel}" if d.channel else ""
        named = f", recorded by {d.named_by}" if d.named_by else ""
        return f"{d.actor}{via}{named}"


def decision_log(session: Session, candidate_id: int) -> list[Decision]:
    """The candidate's decisions, oldest first."""
    return list(
        session.scalars(
            select(Decision).where(Decision.candidate_id == candidate_id).order_by(Decision.id)
        )
    )


def _undone(log: list[Decision]) -> set[Any]:
    return {d.after.get("undoes") for d in log if d.action == "undo"}


def last_undoable(session: Session, candidate_id: int) -> Decision | None:
    log = decision_log(session, candidate_id)
    undone = _undone(log)
    return next((d for d in reversed(log) if d.action != "undo" and d.id not in undone), None)


def history(session: Session, candidate_id: int) -> list[HistoryEntry]:
    """The candidate's decisions, newest first, with the fields each one changed."""
    log = decision_log(session, candidate_id)
    undone = _undone(log)
    return [HistoryEntry(d, changes(d), d.id in undone) for d in reversed(log)]


def changes(decision: Decision) -> list[tuple[str, Any, Any]]:
    """The fields the decision changed: (field, before, after)."""
    before, after = decision.before, decision.after
    return [(f, before.get(f), after.get(f)) for f in SHOWN if before.get(f) != after.get(f)]
