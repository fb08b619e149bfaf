"""The records an export writes: one flat dict per candidate, with the columns of docs/export.md,
and the filters that select them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from keywords import load_vocabulary
from keywords.model import City
from safecity.exports.citations import CITATION_COLUMNS, CITATION_LISTS, citation_fields
from safecity.exports.errors import ExportError
from store.filters import CandidateFilter
from store.filters import select_candidates as select_filtered
from store.models import Candidate, CitedSource, Decision, Evidence, Page

COLUMNS = (
    "record_id",
    "vendor",
    "vendor_name",
    "counterpart",
    "country_code",
    "country_name",
    "city",
    "latitude",
    "longitude",
    "year",
    "stage",
    "value",
    "products",
    "agreement_type",
    "status",
    "score",
    "source_urls",
    "source_dates",
    "archive_ids",
    "capture_urls",
    "evidence_count",
    "analyst",
    "decided_at",
    "confirmed_at",
    "notes",
    *CITATION_COLUMNS,
)
# what kind of agreement a record is (set by an analyst or an import); the study counts MOUs,
# contracts "and other types of collaboration"
AGREEMENT_TYPES = ("mou", "contract", "loan", "donation", "pilot", "other")
LIST_COLUMNS = frozenset(
    {"products", "source_urls", "source_dates", "archive_ids", "capture_urls", *CITATION_LISTS}
)
# recomputed from this database's evidence: an import ignores them
DERIVED_COLUMNS = frozenset(
    {"record_id", "vendor_name", "country_name", "latitude", "longitude", "score", "evidence_count"}
    | set(CITATION_COLUMNS)
)
# the namespace of archived-copy ids: the same page revision has the same id in every database
ARCHIVE_NAMESPACE = uuid.UUID("6f1c2b0e-3f55-4d6c-9a43-5a1e0c7d2b90")


# the one candidate filter (store.filters), under the name the exports and the report know
Filters = CandidateFilter


@dataclass(frozen=True)
class Source:
    url: str
    date: date | None
    archive_id: str
    capture_url: str | None
    page_id: int | None = field(default=None, compare=False)


def archive_id(page: Page) -> str:
    """The WARC-Record-ID our WARC export gives this page revision."""
    return f"urn:uuid:{uuid.uuid5(ARCHIVE_NAMESPACE, f'{page.url} {page.content_hash}')}"


@lru_cache(maxsize=1)
def _cities() -> dict[tuple[str, str], City]:
    return {(c.country, c.name.casefold()): c for c in load_vocabulary().cities}


def coordinates(country: str, city: str | None) -> tuple[float | None, float | None]:
    """The city's coordinates (GeoNames), else the country's capital's, else none."""
    found = _cities().get((country, city.casefold())) if city else None
    if found is not None:
        return found.lat, found.lon
    known = next((c for c in load_vocabulary().countries if c.code == country), None)
    return (known.lat, known.lon) if known else (None, None)


def select_candidates(session: Session, filters: Filters) -> list[Candidate]:
    query = select_filtered(filters).options(
        selectinload(Candidate.decisions), selectinload(Candidate.evidence)
    )
    return list(session.scalars(query))


def sources(session: Session, candidate: Candidate) -> list[Source]:
    """The pages that give evidence (each revision once) and the sources analysts cited, in a
    stable order."""
    pages = session.execute(
        select(Page, Evidence.capture_url)
        .join(Evidence, Evidence.page_id == Page.id)
        .where(Evidence.candidate_id == candidate.id)
    ).all()
    found: dict[str, Source] = {}
    for page, capture in pages:
        key = archive_id(page)
        earlier = found.get(key)
        found[key] = Source(
            page.url,
            page.published or page.fetched_at.date(),
            key,
            capture or (earlier.capture_url if earlier else None),
            page.id,
        )
    cited = session.scalars(select(CitedSource).where(CitedSource.candidate_id == candidate.id))
    for c in cited:
        key = c.archive_id or f"cited:{c.id}"
        if key not in found:
            found[key] = Source(c.url, c.published, c.archive_id, c.capture_url)
    return sorted(found.values(), key=lambda s: (s.url, s.date or date.min, s.archive_id))


def decision_facts(decisions: list[Decision]) -> tuple[str | None, str | None, str | None]:
    """Who made the last decision and when, and when the record was confirmed. An imported record
    carries the analyst and dates its file gave (the import itself stays in the audit log)."""
    if not decisions:
        return None, None, None
    last = decisions[-1]
    recorded = last.after if last.action == "import" else {}
    analyst = recorded.get("analyst") or last.actor
    decided_at = recorded.get("decided_at") or last.at.isoformat()
    confirmed_at = None
    for d in decisions:
        if d.after.get("status") != "confirmed":
            confirmed_at = None
        elif confirmed_at is None or d.action == "import":
            imported = d.after.get("confirmed_at") if d.action == "import" else None
            confirmed_at = imported or d.at.isoformat()
    return analyst, decided_at, confirmed_at


def record(session: Session, candidate: Candidate) -> dict[str, Any]:
    vocabulary = load_vocabulary()
    vendor = vocabulary.vendor(candidate.vendor)
    country = next((c for c in vocabulary.countries if c.code == candidate.country), None)
    lat, lon = coordinates(candidate.country, candidate.city)
    cited = sources(session, candidate)
    analyst, decided_at, confirmed_at = decision_facts(list(candidate.decisions))
    return {
        "record_id": candidate.id,
        "vendor": candidate.vendor,
        "vendor_name": vendor.name if vendor else candidate.vendor,
        "counterpart": candidate.counterpart,
        "country_code": candidate.country,
        "country_name": country.name if country else candidate.country,
        "city": candidate.city,
        "latitude": lat,
        "longitude": lon,
        "year": candidate.year,
        "stage": candidate.stage,
        "value": candidate.value,
        "products": sorted(candidate.products),
        "agreement_type": candidate.agreement_type,
        "status": candidate.status,
        "score": candidate.score,
        "source_urls": [s.url for s in cited],
        "source_dates": [s.date.isoformat() if s.date else "" for s in cited],
        "archive_ids": [s.archive_id for s in cited],
        "capture_urls": [s.capture_url or "" for s in cited],
        "evidence_count": len(candidate.evidence),
        "analyst": analyst,
        "decided_at": decided_at,
        "confirmed_at": confirmed_at,
        "notes": candidate.note,
        **citation_fields(session, candidate, cited),
    }


def records(session: Session, filters: Filters) -> list[dict[str, Any]]:
    return [record(session, c) for c in select_candidates(session, filters.check())]


def page_ids(session: Session, filters: Filters) -> list[int]:
    """The stored pages behind the selected records (for the WARC export)."""
    ids: set[int] = set()
    for candidate in select_candidates(session, filters.check()):
        ids.update(s.page_id for s in sources(session, candidate) if s.page_id is not None)
    return sorted(ids)


def pick_columns(fields: tuple[str, ...]) -> tuple[str, ...]:
    """The columns asked for, in the order given; all when none; ``ExportError`` for unknown
    ones."""
    unknown = [f for f in fields if f not in COLUMNS]
    if unknown:
        raise ExportError(f"unknown field {unknown[0]!r}; choose from: {', '.join(COLUMNS)}")
    return fields or COLUMNS
