"""Everything an analyst does to a candidate: edit, note, confirm, reject, merge, split, undo and
import. The command line, the web app and the importer all come here, so one set of rules holds:

- confirming needs a vendor, a country, a year, products and at least one source (a crawled
  evidence sentence, or a source an imported record cites): ``REQUIRED_TO_CONFIRM``;
- rejecting needs a reason;
- a decision that changes nothing is not logged (confirming a confirmed record twice is one
  entry);
- merging candidates of different countries or vendors needs an explicit yes (``force``):
  ``NeedsConfirmation`` says what differs;
- merged candidates are closed: decide on the one they were merged into, or undo the merge;
- every decision is recorded with its ``Actor`` (who, through which channel, and who recorded
  it when an admin named someone else), the fields before and after, and a note;
- a decision made on a stale view (``expected_version`` older than the candidate's) is refused
  (``StaleCandidate``) instead of overwriting someone else's.

Merge and split move evidence rows between candidates and log a decision on both sides, with the
ids of the evidence that moved, so either history tells the story and undo can move it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from keywords import CATEGORY_IDS, STAGES, load_vocabulary
from store.candidates import city_key, compute_score, open_candidate, snapshot
from store.clock import now
from store.errors import InvalidChange, NotFound
from store.facets import refresh_facets
from store.history import FIELDS, SHOWN, last_undoable
from store.models import CANDIDATE_STATUSES, Candidate, CitedSource, Decision, Evidence

# what an analyst may set on a candidate (status goes through confirm and reject)
EDITABLE = FIELDS
# a confirmed record says who sold what to whom, where and when, and where that is written
REQUIRED_TO_CONFIRM = ("vendor", "country", "year", "products")
PAIRED = {"merge": "merge_in", "merge_in": "merge", "split": "split_in", "split_in": "split"}
CHANNELS = ("web", "cli")
FIRST_YEAR = 1990  # Safe City deals start in the 2000s; earlier years are typing slips
MAX_TEXT = 2000


@dataclass(frozen=True)
class Actor:
    """Who decides: the signed-in web user, or on the command line the operating-system user
    (``channel`` "cli"). ``named_by`` is set when someone recorded a decision in another's name
    (the CLI's admin option ``--on-behalf-of``): the log keeps both."""

    name: str
    channel: str
    named_by: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidChange("a decision needs an actor: a user name")
        if self.channel not in CHANNELS:
            raise InvalidChange(f"channel must be one of: {', '.join(CHANNELS)}")


class StaleCandidate(InvalidChange):
    """Raised by decisions given an ``expected_version`` older than the candidate's."""

    def __init__(self, candidate: Candidate, expected: int) -> None:
        super().__init__(
            f"candidate {candidate.id} changed since you loaded it "
            f"(version {candidate.version}, yours {expected}): reload and decide again"
        )
        self.candidate_id = candidate.id
        self.version = candidate.version


class NeedsConfirmation(InvalidChange):
    """Raised by ``merge`` across countries or vendors without ``force``: the web app asks, the
    command line wants ``--force``."""


# --- the pieces every decision is made of ---


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(f"no candidate with id {candidate_id} (see `safecity candidates`)")
    return candidate


def _check_version(candidate: Candidate, expected_version: int | None) -> None:
    if expected_version is not None and candidate.version != expected_version:
        raise StaleCandidate(candidate, expected_version)


def _check_open(candidate: Candidate) -> None:
    if candidate.merged_into_id is not None:
        raise InvalidChange(
            f"candidate {candidate.id} was merged into candidate {candidate.merged_into_id}: "
            "decide there, or undo the merge"
        )


def _open(session: Session, candidate_id: int, expected_version: int | None) -> Candidate:
    candidate = get_candidate(session, candidate_id)
    _check_version(candidate, expected_version)
    _check_open(candidate)
    return candidate


def _decide(
    session: Session,
    candidate: Candidate,
    action: str,
    actor: Actor,
    *,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
) -> Candidate:
    """Apply ``changes`` and the note, and log the decision, unless it changes nothing."""
    before = snapshot(candidate)
    _apply_changes(session, candidate, changes or {})
    if note is not None:
        candidate.note = note
    if snapshot(candidate) != before:
        _log(session, candidate, action, actor, before, note)
    return candidate


def _apply_changes(session: Session, candidate: Candidate, changes: dict[str, Any]) -> None:
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


def _log(
    session: Session,
    candidate: Candidate,
    action: str,
    actor: Actor,
    before: dict[str, Any],
    note: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Decision:
    """Bump the candidate's version and append the decision (``extra`` goes into ``after``:
    what moved, what was undone, which file and row)."""
    candidate.version += 1
    candidate.updated_at = now()
    decision = Decision(
        candidate_id=candidate.id,
        actor=actor.name,
        channel=actor.channel,
        named_by=actor.named_by,
        at=candidate.updated_at,
        action=action,
        before=before,
        after=snapshot(candidate) | (extra or {}),
        note=note,
    )
    session.add(decision)
    session.flush()
    refresh_facets(session, [candidate.id])  # its evidence or products may have changed
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


def source_count(session: Session, candidate_id: int) -> int:
    """Evidence sentences plus the sources analysts cited (an imported record's URLs)."""
    evidence = select(func.count()).where(Evidence.candidate_id == candidate_id)
    cited = select(func.count()).where(CitedSource.candidate_id == candidate_id)
    return (session.scalar(evidence) or 0) + (session.scalar(cited) or 0)


def check_confirmable(session: Session, candidate: Candidate, *, fields: dict[str, Any]) -> None:
    """The rule of a confirmed record: ``REQUIRED_TO_CONFIRM`` filled and a source to cite."""
    missing = [f for f in REQUIRED_TO_CONFIRM if fields.get(f) in (None, "", [])]
    if not source_count(session, candidate.id):
        missing.append("a source")
    if missing:
        raise InvalidChange(
            f"candidate {candidate.id} cannot be confirmed yet: it needs {', '.join(missing)} "
            "(a confirmed record says who sold what, where and when, and where that is written)"
        )


# --- the decisions ---


def edit(
    session: Session,
    candidate_id: int,
    *,
    actor: Actor,
    changes: dict[str, Any],
    expected_version: int | None = None,
    note: str | None = None,
) -> Candidate:
    candidate = _open(session, candidate_id, expected_version)
    return _decide(session, candidate, "edit", actor, changes=changes, note=note)


def add_note(
    session: Session,
    candidate_id: int,
    *,
    actor: Actor,
    note: str,
    expected_version: int | None = None,
) -> Candidate:
    if not note.strip():
        raise InvalidChange("the note is empty")
    candidate = _open(session, candidate_id, expected_version)
    return _decide(session, candidate, "note", actor, note=note.strip())


def confirm(
    session: Session,
    candidate_id: int,
    *,
    actor: Actor,
    expected_version: int | None = None,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
) -> Candidate:
    """Confirm with the fields a record needs (``check_confirmable``), edits included."""
    candidate = _open(session, candidate_id, expected_version)
    fields = snapshot(candidate) | (changes or {})
    check_confirmable(session, candidate, fields=fields)
    changes = (changes or {}) | {"status": "confirmed"}
    return _decide(session, candidate, "confirm", actor, changes=changes, note=note or None)


def reject(
    session: Session,
    candidate_id: int,
    *,
    actor: Actor,
    reason: str | None,
    expected_version: int | None = None,
    changes: dict[str, Any] | None = None,
) -> Candidate:
    if not (reason or "").strip():
        raise InvalidChange("say why it is rejected: a reason is required")
    candidate = _open(session, candidate_id, expected_version)
    changes = (changes or {}) | {"status": "rejected"}
    return _decide(
        session, candidate, "reject", actor, changes=changes, note=(reason or "").strip()
    )


def merge(
    session: Session,
    candidate_id: int,
    *,
    into: int,
    actor: Actor,
    expected_version: int | None = None,
    note: str | None = None,
    force: bool = False,
) -> Candidate:
    """Merge the candidate into ``into``: its evidence moves there, empty fields of the target
    are filled from it, and it leaves the queue. Returns the target. Candidates of different
    countries or vendors merge only with ``force``."""
    source = _open(session, candidate_id, expected_version)
    if into == candidate_id:
        raise InvalidChange("a candidate cannot be merged into itself")
    target = get_candidate(session, into)
    _check_open(target)
    if not force:
        _check_alike(source, target)
    source_before, target_before = snapshot(source), snapshot(target)
    moved = move_evidence(session, _evidence_ids(session, source.id), to_id=target.id)
    _fill_from(target, source)
    source.merged_into_id = target.id
    _rescore(session, source, target)
    extra = {"merged_into": target.id, "evidence": moved}
    first = _log(session, source, "merge", actor, source_before, note, extra)
    extra = {"merged_from": source.id, "evidence": moved, "pair": first.id}
    _log(session, target, "merge_in", actor, target_before, note, extra)
    return target


def _check_alike(source: Candidate, target: Candidate) -> None:
    differ = [
        f"{what} {getattr(source, field)} and {getattr(target, field)}"
        for what, field in (("countries", "country"), ("vendors", "vendor"))
        if getattr(source, field) != getattr(target, field)
    ]
    if differ:
        raise NeedsConfirmation(
            f"candidate {source.id} ({_label(source)}) and candidate {target.id} "
            f"({_label(target)}) are of different {' and '.join(differ)}: "
            "merge them only if they are one agreement (confirm the merge; CLI: --force)"
        )


def _label(candidate: Candidate) -> str:
    return ", ".join(filter(None, [candidate.vendor, candidate.city, candidate.country]))


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
    *,
    evidence_ids: list[int],
    key: dict[str, Any],
    actor: Actor,
    expected_version: int | None = None,
    note: str | None = None,
) -> Candidate:
    """Move some evidence to the candidate of another (vendor, country, city) ``key``, opened
    like any other (``open_candidate``: made new unless it exists, following merges); a new one
    starts from this one's year, stage and products."""
    source = _open(session, candidate_id, expected_version)
    own = set(_evidence_ids(session, source.id))
    chosen = sorted(set(evidence_ids))
    if not chosen or not set(chosen) <= own:
        raise InvalidChange("choose some of this candidate's evidence to split off")
    if len(chosen) == len(own):
        raise InvalidChange("that is all of its evidence: edit the candidate's fields instead")
    target, created = _split_target(session, source, key)
    source_before, target_before = snapshot(source), snapshot(target)
    moved = move_evidence(session, chosen, to_id=target.id)
    _rescore(session, source, target)
    extra = {"split_to": target.id, "evidence": moved}
    first = _log(session, source, "split", actor, source_before, note, extra)
    extra = {"split_from": source.id, "evidence": moved, "created": created, "pair": first.id}
    _log(session, target, "split_in", actor, target_before, note, extra)
    return target


def _split_target(
    session: Session, source: Candidate, key: dict[str, Any]
) -> tuple[Candidate, bool]:
    vendor = validate("vendor", key.get("vendor") or source.vendor)
    country = validate("country", key.get("country") or source.country)
    city = validate("city", key.get("city", source.city))
    if (vendor, country, city_key(city)) == (source.vendor, source.country, source.city_key):
        raise InvalidChange("the split-off evidence needs another vendor, country or city")
    fields = {"year": source.year, "stage": source.stage, "products": list(source.products)}
    target, created = open_candidate(
        session, vendor=vendor, country=country, city=city, fields=fields
    )
    if target.id == source.id:
        raise InvalidChange(f"that candidate was merged into this one (candidate {source.id})")
    return target, created


def move_evidence(session: Session, evidence_ids: list[int], *, to_id: int) -> list[int]:
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
    session: Session,
    candidate_id: int,
    *,
    actor: Actor,
    admin: bool,
    expected_version: int | None = None,
) -> Decision:
    """Undo the candidate's latest decision that is not undone yet; returns the decision undone.

    Fields go back to what they were before it, unless something changed them since. A merge or
    split is undone on both candidates: the evidence moves back. Analysts undo their own
    decisions; admins anyone's.
    """
    candidate = get_candidate(session, candidate_id)
    _check_version(candidate, expected_version)
    target = last_undoable(session, candidate_id)
    if target is None:
        raise InvalidChange(f"candidate {candidate_id} has nothing to undo")
    if target.actor != actor.name and not admin:
        raise InvalidChange(
            f"only {target.actor} or an admin can undo {target.actor}'s {target.action}"
        )
    if target.action in PAIRED:
        _undo_pair(session, candidate, target, actor)
    else:
        _undo_fields(session, candidate, target, actor)
    return target


def _restore(session: Session, candidate: Candidate, decision: Decision) -> None:
    restore = {
        f: decision.before.get(f)
        for f in SHOWN
        if decision.before.get(f) != decision.after.get(f)
        and snapshot(candidate).get(f) == decision.after.get(f)
    }
    _apply_changes(session, candidate, restore)


def _undo_fields(session: Session, candidate: Candidate, decision: Decision, actor: Actor) -> None:
    before = snapshot(candidate)
    _restore(session, candidate, decision)
    _log(session, candidate, "undo", actor, before, None, {"undoes": decision.id})


def _undo_pair(session: Session, candidate: Candidate, decision: Decision, actor: Actor) -> None:
    other = get_candidate(session, _other_side(decision))
    own = {candidate.id: decision, other.id: _paired_decision(session, other.id, decision)}
    # the side the evidence came from, and the side it went to
    moved_out = decision.action in ("merge", "split")
    origin, dest = (candidate, other) if moved_out else (other, candidate)
    befores = {c.id: snapshot(c) for c in (origin, dest)}
    moved = {int(i) for i in decision.after.get("evidence", [])}
    back = move_evidence(
        session, sorted(moved & set(_evidence_ids(session, dest.id))), to_id=origin.id
    )
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
        _log(session, side, "undo", actor, befores[side.id], None, extra)


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


# --- import ---


@dataclass(frozen=True)
class Citation:
    """A source an imported record cites: its address, date, archived copy and capture."""

    url: str
    published: date | None
    archive_id: str
    capture_url: str | None


@dataclass(frozen=True)
class ImportOutcome:
    candidate: Candidate
    created: bool
    sources_added: int


def import_record(
    session: Session,
    *,
    vendor: str,
    country: str,
    city: str | None,
    fields: dict[str, Any],
    citations: list[Citation],
    status: str,
    actor: Actor,
    origin: str,
    recorded: dict[str, Any] | None = None,
) -> ImportOutcome:
    """Bring in a record kept elsewhere (a spreadsheet row): its candidate is opened like any
    other (``open_candidate``), its non-empty ``fields`` set (on a new candidate or when
    confirming; else only where the candidate has none), its ``citations`` kept as cited sources,
    and an ``import`` decision logged with ``origin`` (file and row) and ``recorded`` (the
    analyst and dates the file gave). Imported ``confirmed``, it must pass the confirm rule."""
    if status not in ("new", "confirmed"):
        raise InvalidChange("records are imported as new or confirmed")
    candidate, created = open_candidate(session, vendor=vendor, country=country, city=city)
    _check_open(candidate)
    before = {} if created else snapshot(candidate)
    confirming = status == "confirmed"
    overwrite = confirming or created
    changes = {
        name: value
        for name, value in fields.items()
        if value not in (None, [], "") and (overwrite or getattr(candidate, name) in (None, []))
    }
    _apply_changes(session, candidate, changes)
    added = _cite(session, candidate, citations, origin)
    if confirming:
        check_confirmable(session, candidate, fields=snapshot(candidate))
        candidate.status = "confirmed"
    if created or added or snapshot(candidate) != before:
        extra = {"source_file": origin, "sources_added": added} | (recorded or {})
        _log(session, candidate, "import", actor, before, f"imported from {origin}", extra)
    return ImportOutcome(candidate, created, added)


def _cite(session: Session, candidate: Candidate, citations: list[Citation], origin: str) -> int:
    query = select(CitedSource.url, CitedSource.archive_id).where(
        CitedSource.candidate_id == candidate.id
    )
    known = {(url, archive) for url, archive in session.execute(query).all()}
    added = 0
    for ref in citations:
        if (ref.url, ref.archive_id) in known:
            continue
        known.add((ref.url, ref.archive_id))
        session.add(
            CitedSource(
                candidate_id=candidate.id,
                url=ref.url,
                published=ref.published,
                archive_id=ref.archive_id,
                capture_url=ref.capture_url,
                origin=origin,
                added_at=now(),
            )
        )
        added += 1
    session.flush()
    return added
