"""Write imported records through the decisions module (``store.decisions.import_record``): each
becomes (or updates) a candidate, its sources are kept as cited sources, and an ``import`` decision
says from which file and row. A record imported as confirmed must pass the confirm rule like any
other; a row that does not is reported as a problem of its row. Takes the caller's session and
never commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from safecity.exports.records import sources
from safecity.importing.parsing import Imported, Problem
from store.candidates import find_candidate, follow_merges
from store.decisions import Actor, Citation, import_record
from store.errors import InvalidChange

FIELDS = ("year", "stage", "agreement_type", "counterpart", "value", "products")


@dataclass(frozen=True)
class Outcome:
    row: int
    candidate_id: int
    created: bool
    sources_added: int


def _citations(session: Session, record: Imported) -> list[Citation]:
    """The row's sources the candidate does not have yet (as evidence pages or citations)."""
    found = find_candidate(session, record.vendor, record.country, record.city)
    known = set()
    if found is not None:
        known = {(s.url, s.archive_id) for s in sources(session, follow_merges(session, found))}
    return [
        Citation(ref.url, ref.published, ref.archive_id, ref.capture_url)
        for ref in record.sources
        if (ref.url, ref.archive_id) not in known
    ]


def import_one(
    session: Session, record: Imported, *, status: str, actor: Actor, file_name: str
) -> Outcome:
    fields = {name: getattr(record, name) for name in FIELDS} | {"note": record.notes}
    recorded: dict[str, object] = {"source_file": file_name, "row": record.row}
    if status == "confirmed":
        recorded |= {
            "analyst": record.analyst,
            "decided_at": record.decided_at,
            "confirmed_at": record.confirmed_at,
        }
    done = import_record(
        session,
        vendor=record.vendor,
        country=record.country,
        city=record.city,
        fields=fields,
        citations=_citations(session, record),
        status=status,
        actor=actor,
        origin=f"{file_name}, row {record.row}",
        recorded=recorded,
    )
    return Outcome(record.row, done.candidate.id, done.created, done.sources_added)


def import_records(
    session: Session, records: list[Imported], *, status: str, actor: Actor, file_name: str
) -> tuple[list[Outcome], list[Problem]]:
    """Each record in a savepoint: a record the decision rules refuse leaves nothing behind and
    is returned as a problem of its row."""
    outcomes: list[Outcome] = []
    problems: list[Problem] = []
    for record in records:
        try:
            with session.begin_nested():
                outcomes.append(
                    import_one(session, record, status=status, actor=actor, file_name=file_name)
                )
        except InvalidChange as exc:
            problems.append(Problem(record.row, "", str(exc)))
    return outcomes, problems
