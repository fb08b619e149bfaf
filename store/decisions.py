"""Analysts' decisions: each changes a candidate and appends its record to the audit log.

Every decision checks the candidate's version when the caller says which version it decided on
(``expected_version``), so a decision made on a stale page is refused (``StaleCandidate``) instead
of overwriting someone else's. ``store.triage`` builds merge, split and undo on these pieces.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from keywords import CATEGORY_IDS, STAGES, load_vocabulary
from store.candidates import city_key, snapshot
from store.errors import InvalidChange, NotFound
from store.models import CANDIDATE_STATUSES, Candidate, Decision
from store.runs import now

# what an analyst may set on a candidate (status goes through confirm and reject)
EDITABLE = ("vendor", "counterpart", "country", "city", "year", "stage", "value", "products")
FIRST_YEAR = 1990  # Safe City deals start in the 2000s; earlier years are typing slips
MAX_TEXT = 2000


class StaleCandidate(InvalidChange):
    """Raised by decisions given an ``expected_version`` older than the candidate's."""

    def __init__(self, candidate: Candidate, expected: int) -> None:
        super().__init__(
            f"candidate {candidate.id} changed since you loaded it "
            f"(version {candidate.version}, yours {expected}): reload and decide again"
        )
        self.candidate_id = candidate.id
        self.version = candidate.version


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(f"no candidate with id {candidate_id} (see `safecity candidates`)")
    return candidate


def check_version(candidate: Candidate, expected_version: int | None) -> None:
    if expected_version is not None and candidate.version != expected_version:
        raise StaleCandidate(candidate, expected_version)


def check_open(candidate: Candidate) -> None:
    if candidate.merged_into_id is not None:
        raise InvalidChange(
            f"candidate {candidate.id} was merged into candidate {candidate.merged_into_id}: "
            "decide there, or undo the merge"
        )


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
    check_version(candidate, expected_version)
    check_open(candidate)
    before = snapshot(candidate)
    apply_changes(session, candidate, changes or {})
    if note is not None:
        candidate.note = note
    log_decision(session, candidate, action, actor, before, note)
    return candidate


def apply_changes(session: Session, candidate: Candidate, changes: dict[str, Any]) -> None:
    """Set validated fields; the city's key follows the city, and may not collide."""
    fields = set(snapshot(candidate))
    for field, given in changes.items():
        if field not in fields:
            raise InvalidChange(f"candidates have no field {field!r}; fields: {sorted(fields)}")
        value = validate(field, given)
        if getattr(candidate, field) != value:
            setattr(candidate, field, value)
    if candidate.city_key != city_key(candidate.city):
        candidate.city_key = city_key(candidate.city)
    _check_unique(session, candidate)


def _check_unique(session: Session, candidate: Candidate) -> None:
    with session.no_autoflush:
        other = session.scalar(
            select(Candidate.id).where(
                Candidate.vendor == candidate.vendor,
                Candidate.country == candidate.country,
                Candidate.city_key == candidate.city_key,
                Candidate.id != candidate.id,
            )
        )
    if other is not None:
        raise InvalidChange(
            f"candidate {other} is already {candidate.vendor}, {candidate.country}, "
            f"{candidate.city or 'no city'}: merge into it instead"
        )


def log_decision(
    session: Session,
    candidate: Candidate,
    action: str,
    actor: str,
    before: dict[str, Any],
    note: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Decision:
    """Bump the candidate's version and append the decision (``extra`` goes into ``after``:
    what moved, what was undone)."""
    candidate.version += 1
    candidate.updated_at = now()
    decision = Decision(
        candidate_id=candidate.id,
        actor=actor,
        at=candidate.updated_at,
        action=action,
        before=before,
        after=snapshot(candidate) | (extra or {}),
        note=note,
    )
    session.add(decision)
    session.flush()
    return decision


def validate(field: str, value: Any) -> Any:
    """The value as stored, or ``InvalidChange`` saying what is wrong with it."""
    if isinstance(value, str):
        value = value.strip() or None
    if field == "status" and value not in CANDIDATE_STATUSES:
        raise InvalidChange(f"status must be one of: {', '.join(CANDIDATE_STATUSES)}")
    if field == "vendor":
        if not value or load_vocabulary().vendor(value) is None:
            raise InvalidChange(
                f"unknown vendor {value!r}: use a vendor id of keywords/vendors.toml"
            )
    elif field == "country":
        value = (value or "").upper()
        if load_vocabulary().country(value) is None:
            raise InvalidChange(f"unknown country {value!r}: use an ISO 3166 two-letter code")
    elif field == "year" and value is not None:
        value = _year(value)
    elif field == "stage" and value is not None and value not in STAGES:
        raise InvalidChange(f"stage must be one of: {', '.join(STAGES)} (or empty)")
    elif field == "products":
        value = _products(value)
    elif isinstance(value, str) and len(value) > MAX_TEXT:
        raise InvalidChange(f"{field} is longer than {MAX_TEXT} characters")
    return value


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InvalidChange(f"year must be a number, not {value!r}") from None
    if not FIRST_YEAR <= year <= date.today().year + 1:
        raise InvalidChange(f"year {year} is out of range ({FIRST_YEAR} to next year)")
    return year


def _products(value: Any) -> list[str]:
    products = sorted(set(value or []))
    unknown = [p for p in products if p not in CATEGORY_IDS]
    if unknown:
        raise InvalidChange(f"unknown products {unknown}: use ids of keywords/products.toml")
    return products


def confirm(session: Session, candidate_id: int, actor: str, note: str | None = None) -> Candidate:
    return decide(
        session, candidate_id, "confirm", actor, changes={"status": "confirmed"}, note=note
    )


def reject(session: Session, candidate_id: int, actor: str, note: str | None = None) -> Candidate:
    return decide(session, candidate_id, "reject", actor, changes={"status": "rejected"}, note=note)
