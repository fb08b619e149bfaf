"""Write imported records: each becomes (or updates) a candidate, its sources are kept as cited
sources, and a decision in the audit log says it was imported, from which file and row. Takes the
caller's session and never commits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from safecity.exports.records import sources
from safecity.importing.parsing import Imported
from store.candidates import city_key, find_candidate, snapshot
from store.models import Candidate, CitedSource, Decision
from store.runs import now

FIELDS = ("year", "stage", "agreement_type", "counterpart", "value")


@dataclass(frozen=True)
class Outcome:
    row: int
    candidate_id: int
    created: bool
    sources_added: int


def _candidate(session: Session, record: Imported, status: str) -> tuple[Candidate, bool]:
    found = find_candidate(session, record.vendor, record.country, record.city)
    while found is not None and found.merged_into_id is not None:
        found = session.get(Candidate, found.merged_into_id)
    if found is not None:
        return found, False
    stamp = now()
    candidate = Candidate(
        vendor=record.vendor,
        country=record.country,
        city=record.city,
        city_key=city_key(record.city),
        products=[],
        status=status,
        score=0.0,
        version=1,
        created_at=stamp,
        updated_at=stamp,
    )
    session.add(candidate)
    session.flush()
    return candidate, True


def _set_fields(candidate: Candidate, record: Imported, overwrite: bool) -> None:
    """The row's non-empty fields; without ``overwrite`` only where the candidate has none."""
    for name in FIELDS:
        given = getattr(record, name)
        if given is not None and (overwrite or getattr(candidate, name) is None):
            setattr(candidate, name, given)
    if record.notes is not None and (overwrite or candidate.note is None):
        candidate.note = record.notes
    if record.products and (overwrite or not candidate.products):
        candidate.products = sorted(set(record.products))


def _add_sources(session: Session, candidate: Candidate, record: Imported, origin: str) -> int:
    known = {(s.url, s.archive_id) for s in sources(session, candidate)}
    added = 0
    for ref in record.sources:
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


def import_record(
    session: Session, record: Imported, status: str, actor: str, file_name: str
) -> Outcome:
    candidate, created = _candidate(session, record, status)
    before: dict[str, Any] = {} if created else snapshot(candidate)
    confirming = status == "confirmed"
    _set_fields(candidate, record, overwrite=confirming or created)
    if confirming:
        candidate.status = "confirmed"
    origin = f"{file_name}, row {record.row}"
    added = _add_sources(session, candidate, record, origin)
    candidate.version += 1
    candidate.updated_at = now()
    recorded = {
        "agreement_type": candidate.agreement_type,
        "source_file": file_name,
        "row": record.row,
        "sources_added": added,
    }
    if confirming:
        recorded |= {
            "analyst": record.analyst,
            "decided_at": record.decided_at,
            "confirmed_at": record.confirmed_at,
        }
    session.add(
        Decision(
            candidate_id=candidate.id,
            actor=actor,
            at=candidate.updated_at,
            action="import",
            before=before,
            after=snapshot(candidate) | recorded,
            note=f"imported from {origin}",
        )
    )
    session.flush()
    return Outcome(record.row, candidate.id, created, added)


def import_records(
    session: Session, records: list[Imported], status: str, actor: str, file_name: str
) -> list[Outcome]:
    return [import_record(session, r, status, actor, file_name) for r in records]
