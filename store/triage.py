"""What an analyst does to candidates: edit, note, confirm, reject, merge, split, undo; and the
history that records it.

Each function takes the version the analyst saw (``expected_version``) and refuses a stale one.
Merge and split move evidence rows between candidates and log a decision on both sides, with the
ids of the evidence that moved, so that either history tells the story and undo can move it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from keywords import STAGES, load_vocabulary
from store.candidates import city_key, compute_score, find_candidate, snapshot
from store.decisions import (
    apply_changes,
    check_open,
    check_version,
    decide,
    get_candidate,
    log_decision,
    validate,
)
from store.errors import InvalidChange
from store.models import Candidate, Decision, Evidence
from store.runs import now

# a confirmed record says who sold what to whom, where and when
REQUIRED_TO_CONFIRM = ("vendor", "country", "year", "products")
FIELDS = ("vendor", "counterpart", "country", "city", "year", "stage", "value", "products")
PAIRED = {"merge": "merge_in", "merge_in": "merge", "split": "split_in", "split_in": "split"}


def edit(
    session: Session,
    candidate_id: int,
    actor: str,
    changes: dict[str, Any],
    expected_version: int | None,
    note: str | None = None,
) -> Candidate:
    return decide(
        session,
        candidate_id,
        "edit",
        actor,
        changes=changes,
        note=note,
        expected_version=expected_version,
    )


def add_note(
    session: Session, candidate_id: int, actor: str, note: str, expected_version: int | None
) -> Candidate:
    if not note.strip():
        raise InvalidChange("the note is empty")
    return decide(
        session, candidate_id, "note", actor, note=note.strip(), expected_version=expected_version
    )


def confirm(
    session: Session,
    candidate_id: int,
    actor: str,
    expected_version: int | None,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
) -> Candidate:
    """Confirm with the fields a record needs (``REQUIRED_TO_CONFIRM``), edits included."""
    candidate = get_candidate(session, candidate_id)
    check_version(candidate, expected_version)
    fields = snapshot(candidate) | (changes or {})
    missing = [f for f in REQUIRED_TO_CONFIRM if fields.get(f) in (None, "", [])]
    if missing:
        raise InvalidChange(f"a confirmed record needs {', '.join(missing)}: fill them in first")
    return decide(
        session,
        candidate_id,
        "confirm",
        actor,
        changes=(changes or {}) | {"status": "confirmed"},
        note=note or None,
        expected_version=expected_version,
    )


def reject(
    session: Session,
    candidate_id: int,
    actor: str,
    reason: str,
    expected_version: int | None,
    changes: dict[str, Any] | None = None,
) -> Candidate:
    if not reason.strip():
        raise InvalidChange("say why it is rejected: a reason is required")
    return decide(
        session,
        candidate_id,
        "reject",
        actor,
        changes=(changes or {}) | {"status": "rejected"},
        note=reason.strip(),
        expected_version=expected_version,
    )


def merge(
    session: Session,
    candidate_id: int,
    into_id: int,
    actor: str,
    expected_version: int | None,
    note: str | None = None,
) -> Candidate:
    """Merge the candidate into ``into_id``: its evidence moves there, empty fields of the target
    are filled from it, and it leaves the queue. Returns the target."""
    source = get_candidate(session, candidate_id)
    check_version(source, expected_version)
    check_open(source)
    if into_id == candidate_id:
        raise InvalidChange("a candidate cannot be merged into itself")
    target = get_candidate(session, into_id)
    check_open(target)
    source_before, target_before = snapshot(source), snapshot(target)
    moved = move_evidence(session, _evidence_ids(session, source.id), target.id)
    _fill_from(target, source)
    source.merged_into_id = target.id
    _rescore(session, source, target)
    first = log_decision(
        session,
        source,
        "merge",
        actor,
        source_before,
        note,
        {"merged_into": target.id, "evidence": moved},
    )
    extra = {"merged_from": source.id, "evidence": moved, "pair": first.id}
    log_decision(session, target, "merge_in", actor, target_before, note, extra)
    return target


def _fill_from(target: Candidate, source: Candidate) -> None:
    for field in ("city", "year", "counterpart", "value"):
        if getattr(target, field) in (None, "") and getattr(source, field) not in (None, ""):
            setattr(target, field, getattr(source, field))
    if source.stage and (
        target.stage is None or STAGES.index(source.stage) > STAGES.index(target.stage)
    ):
        target.stage = source.stage
    products = sorted(set(target.products) | set(source.products))
    if products != target.products:
        target.products = products
    target.city_key = city_key(target.city)


def split(
    session: Session,
    candidate_id: int,
    evidence_ids: list[int],
    actor: str,
    expected_version: int | None,
    key: dict[str, Any],
    note: str | None = None,
) -> Candidate:
    """Move some evidence to the candidate of another (vendor, country, city) ``key``, made new
    unless it exists; the new one starts from this one's year, stage and products."""
    source = get_candidate(session, candidate_id)
    check_version(source, expected_version)
    check_open(source)
    own = set(_evidence_ids(session, source.id))
    chosen = sorted(set(evidence_ids))
    if not chosen or not set(chosen) <= own:
        raise InvalidChange("choose some of this candidate's evidence to split off")
    if len(chosen) == len(own):
        raise InvalidChange("that is all of its evidence: edit the candidate's fields instead")
    target, created = _split_target(session, source, key)
    source_before, target_before = snapshot(source), snapshot(target)
    moved = move_evidence(session, chosen, target.id)
    _rescore(session, source, target)
    first = log_decision(
        session,
        source,
        "split",
        actor,
        source_before,
        note,
        {"split_to": target.id, "evidence": moved},
    )
    extra = {"split_from": source.id, "evidence": moved, "created": created, "pair": first.id}
    log_decision(session, target, "split_in", actor, target_before, note, extra)
    return target


def _split_target(
    session: Session, source: Candidate, key: dict[str, Any]
) -> tuple[Candidate, bool]:
    vendor = validate("vendor", key.get("vendor", source.vendor))
    country = validate("country", key.get("country", source.country))
    city = validate("city", key.get("city", source.city))
    if (vendor, country, city_key(city)) == (source.vendor, source.country, source.city_key):
        raise InvalidChange("the split-off evidence needs another vendor, country or city")
    existing = find_candidate(session, vendor, country, city)
    if existing is not None:
        check_open(existing)
        return existing, False
    stamp = now()
    target = Candidate(
        vendor=vendor,
        country=country,
        city=city,
        city_key=city_key(city),
        year=source.year,
        stage=source.stage,
        products=list(source.products),
        status="new",
        score=0.0,
        version=0,  # logging its first decision makes it 1
        created_at=stamp,
        updated_at=stamp,
    )
    session.add(target)
    session.flush()
    return target, True


def move_evidence(session: Session, evidence_ids: list[int], to_id: int) -> list[int]:
    """Move evidence rows to candidate ``to_id``; a sentence it already has stays behind.
    Returns the ids that moved."""
    if not evidence_ids:
        return []
    there = set(
        session.execute(
            select(Evidence.page_id, Evidence.start).where(Evidence.candidate_id == to_id)
        ).all()
    )
    rows = session.execute(
        select(Evidence.id, Evidence.page_id, Evidence.start).where(Evidence.id.in_(evidence_ids))
    ).all()
    moving = sorted(i for i, page_id, start in rows if (page_id, start) not in there)
    if moving:
        session.execute(
            update(Evidence)
            .where(Evidence.id.in_(moving))
            .values(candidate_id=to_id)
            .execution_options(synchronize_session=False)
        )
        session.expire_all()
    return moving


def _evidence_ids(session: Session, candidate_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Evidence.id).where(Evidence.candidate_id == candidate_id).order_by(Evidence.id)
        )
    )


def _rescore(session: Session, *candidates: Candidate) -> None:
    weights = load_vocabulary().site_kinds.weights
    for candidate in candidates:
        score = compute_score(session, candidate.id, weights)
        if score != candidate.score:
            candidate.score = score


def undo(
    session: Session, candidate_id: int, actor: str, expected_version: int | None, *, admin: bool
) -> Decision:
    """Undo the candidate's latest decision that is not undone yet; returns the decision undone.

    Fields go back to what they were before it, unless something changed them since. A merge or
    split is undone on both candidates: the evidence moves back. Analysts undo their own
    decisions; admins anyone's.
    """
    candidate = get_candidate(session, candidate_id)
    check_version(candidate, expected_version)
    target = last_undoable(session, candidate_id)
    if target is None:
        raise InvalidChange(f"candidate {candidate_id} has nothing to undo")
    if target.actor != actor and not admin:
        raise InvalidChange(
            f"only {target.actor} or an admin can undo {target.actor}'s {target.action}"
        )
    if target.action in PAIRED:
        _undo_pair(session, candidate, target, actor)
    else:
        _undo_fields(session, candidate, target, actor)
    return target


def last_undoable(session: Session, candidate_id: int) -> Decision | None:
    log = list(
        session.scalars(
            select(Decision).where(Decision.candidate_id == candidate_id).order_by(Decision.id)
        )
    )
    undone = {d.after.get("undoes") for d in log if d.action == "undo"}
    return next((d for d in reversed(log) if d.action != "undo" and d.id not in undone), None)


def _restore(session: Session, candidate: Candidate, decision: Decision) -> None:
    fields = [*FIELDS, "status", "note"]
    restore = {
        f: decision.before.get(f)
        for f in fields
        if decision.before.get(f) != decision.after.get(f)
        and snapshot(candidate).get(f) == decision.after.get(f)
    }
    apply_changes(session, candidate, restore)


def _undo_fields(session: Session, candidate: Candidate, decision: Decision, actor: str) -> None:
    before = snapshot(candidate)
    _restore(session, candidate, decision)
    log_decision(session, candidate, "undo", actor, before, None, {"undoes": decision.id})


def _undo_pair(session: Session, candidate: Candidate, decision: Decision, actor: str) -> None:
    other = get_candidate(session, _other_side(decision))
    own = {candidate.id: decision, other.id: _paired_decision(session, other.id, decision)}
    # the side the evidence came from, and the side it went to
    moved_out = decision.action in ("merge", "split")
    origin, dest = (candidate, other) if moved_out else (other, candidate)
    befores = {c.id: snapshot(c) for c in (origin, dest)}
    moved = {int(i) for i in decision.after.get("evidence", [])}
    back = move_evidence(session, sorted(moved & set(_evidence_ids(session, dest.id))), origin.id)
    dest_decision = own[dest.id]
    if decision.action in ("merge", "merge_in"):
        origin.merged_into_id = None
        if dest_decision is not None:
            _restore(session, dest, dest_decision)
    elif dest_decision is not None and dest_decision.after.get("created"):
        dest.merged_into_id = origin.id  # a candidate the split made goes back into its origin
    _rescore(session, origin, dest)
    for side in (origin, dest):
        undone = own[side.id]
        extra = {"undoes": undone.id if undone else None, "evidence": back}
        log_decision(session, side, "undo", actor, befores[side.id], None, extra)


def _other_side(decision: Decision) -> int:
    for key in ("merged_into", "merged_from", "split_to", "split_from"):
        if key in decision.after:
            return int(decision.after[key])
    raise InvalidChange(f"decision {decision.id} does not say which candidate it moved evidence to")


def _paired_decision(session: Session, other_id: int, decision: Decision) -> Decision | None:
    """The other candidate's record of the same merge or split: the second of the two records
    names the first as its ``pair``."""
    if "pair" in decision.after:
        return session.get(Decision, int(decision.after["pair"]))
    candidates = session.scalars(
        select(Decision).where(
            Decision.candidate_id == other_id, Decision.action == PAIRED[decision.action]
        )
    )
    return next((d for d in candidates if d.after.get("pair") == decision.id), None)


@dataclass(frozen=True)
class HistoryEntry:
    decision: Decision
    changes: list[tuple[str, Any, Any]]
    undone: bool

    @property
    def links(self) -> dict[str, Any]:
        keys = ("merged_into", "merged_from", "split_to", "split_from", "undoes", "evidence")
        return {k: self.decision.after[k] for k in keys if k in self.decision.after}


def history(session: Session, candidate_id: int) -> list[HistoryEntry]:
    """The candidate's decisions, newest first, with the fields each one changed."""
    log = list(
        session.scalars(
            select(Decision).where(Decision.candidate_id == candidate_id).order_by(Decision.id)
        )
    )
    undone = {d.after.get("undoes") for d in log if d.action == "undo"}
    fields = [*FIELDS, "status", "note"]
    entries = []
    for d in reversed(log):
        changed = [
            (f, d.before.get(f), d.after.get(f))
            for f in fields
            if d.before.get(f) != d.after.get(f)
        ]
        entries.append(HistoryEntry(d, changed, d.id in undone))
    return entries
