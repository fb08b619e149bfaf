"""Analysts' decisions: each changes a candidate and appends its record to the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from store.candidates import snapshot
from store.errors import InvalidChange, NotFound
from store.models import Candidate, Decision
from store.runs import now


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(f"no candidate with id {candidate_id} (see `safecity candidates`)")
    return candidate


def decide(
    session: Session,
    candidate_id: int,
    action: str,
    actor: str,
    *,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """Apply ``changes`` to the candidate and log who did what, before and after.

    ``expected_version`` guards against a decision made on a stale view: it must equal the
    candidate's current version.
    """
    candidate = get_candidate(session, candidate_id)
    if expected_version is not None and candidate.version != expected_version:
        raise InvalidChange(
            f"candidate {candidate_id} changed since you loaded it "
            f"(version {candidate.version}, yours {expected_version}): reload and decide again"
        )
    before = snapshot(candidate)
    for field, value in (changes or {}).items():
        if field not in before:
            raise InvalidChange(f"candidates have no field {field!r}; fields: {sorted(before)}")
        setattr(candidate, field, value)
    if note is not None:
        candidate.note = note
    candidate.version += 1
    candidate.updated_at = now()
    session.add(
        Decision(
            candidate_id=candidate.id,
            actor=actor,
            at=candidate.updated_at,
            action=action,
            before=before,
            after=snapshot(candidate),
            note=note,
        )
    )
    session.flush()
    return candidate


def confirm(session: Session, candidate_id: int, actor: str, note: str | None = None) -> Candidate:
    return decide(
        session, candidate_id, "confirm", actor, changes={"status": "confirmed"}, note=note
    )


def reject(session: Session, candidate_id: int, actor: str, note: str | None = None) -> Candidate:
    return decide(session, candidate_id, "reject", actor, changes={"status": "rejected"}, note=note)
