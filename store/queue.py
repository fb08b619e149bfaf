"""The analysts' queue: candidates by score, filtered (``store.filters``, the one candidate
filter: merged candidates are never in it), counted by status, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import distinct, func, select, text
from sqlalchemy.orm import Session

from store.filters import CandidateFilter, facet_exists, field_conditions, with_facets
from store.models import CANDIDATE_STATUSES, Candidate, Evidence, Page

PER_PAGE = 50
LEAD_CHARS = 240


@dataclass(frozen=True)
class QueueFilters:
    """``status`` None means every status; the rest narrow by candidate field (vendor, country,
    product, year) or by the evidence pages (language, source kind)."""

    status: str | None = "new"
    vendor: str | None = None
    country: str | None = None
    product: str | None = None
    language: str | None = None
    year: int | None = None
    source_kind: str | None = None
    page: int = 1
    per_page: int = PER_PAGE

    def selection(self) -> CandidateFilter:
        """The filter of ``store.filters`` these choices make (the status apart: the queue
        counts every status and shows one)."""
        return CandidateFilter(
            vendors=(self.vendor,) if self.vendor else (),
            countries=(self.country,) if self.country else (),
            products=(self.product,) if self.product else (),
            language=self.language,
            source_kind=self.source_kind,
            year=self.year,
        )

    def active(self) -> dict[str, Any]:
        """The filters set, as query-string values (the page number left out)."""
        names = ("vendor", "country", "product", "language", "year", "source_kind")
        shown = {n: getattr(self, n) for n in names if getattr(self, n) not in (None, "")}
        return {"status": self.status or "all"} | shown


@dataclass(frozen=True)
class QueueRow:
    candidate: Candidate
    evidence: int
    sources: int
    languages: list[str]
    lead: str | None  # the first evidence sentence


@dataclass(frozen=True)
class QueuePage:
    filters: QueueFilters
    rows: list[QueueRow]
    total: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.per_page))


# below this many matching candidates, the page is read from the facets' matches; above it, by
# walking the candidates best first and checking each one's facets until the page is full
FEW = 2000


def queue(session: Session, filters: QueueFilters) -> QueuePage:
    selection = filters.selection()
    narrowing = field_conditions(selection)
    having = with_facets(selection)
    matching = having.subquery() if having is not None else None
    # one pass, one count per status (a GROUP BY would make SQLite walk an index in status
    # order and fetch every row at random); with facets, driven from the facets' index
    per_status = [func.count().filter(Candidate.status == s) for s in CANDIDATE_STATUSES]
    counting = select(*per_status).select_from(Candidate)
    if matching is not None:
        counting = counting.join(matching, matching.c.candidate_id == Candidate.id)
    numbers = session.execute(counting.where(*narrowing)).one()
    counts = dict(zip(CANDIDATE_STATUSES, numbers, strict=True))
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    pages = max(1, -(-total // filters.per_page))
    filters = replace(filters, page=min(max(1, filters.page), pages))
    query = select(Candidate).where(*narrowing)
    if filters.status:
        query = query.where(Candidate.status == filters.status)
    if matching is not None and (total < FEW or not filters.status):
        query = query.join(matching, matching.c.candidate_id == Candidate.id)
    elif matching is not None:
        query = query.where(*facet_exists(selection))
    query = query.order_by(Candidate.score.desc(), Candidate.id.desc())
    query = query.limit(filters.per_page).offset((filters.page - 1) * filters.per_page)
    candidates = list(session.scalars(query)) if total else []
    return QueuePage(filters, _rows(session, candidates), total, counts)


def refresh_statistics(session: Session) -> None:
    """Give the query planner the tables' statistics: without them SQLite walks 100,000
    candidates for a facet filter, and PostgreSQL (whose autovacuum analyses a table only after
    enough changes) sorts them all. ``safecity serve`` runs it at start; it takes seconds on a
    million rows."""
    session.execute(text("ANALYZE"))


def _rows(session: Session, candidates: list[Candidate]) -> list[QueueRow]:
    ids = [c.id for c in candidates]
    if not ids:
        return []
    stats = {
        cid: (n, sites)
        for cid, n, sites in session.execute(
            select(Evidence.candidate_id, func.count(), func.count(distinct(Page.source_id)))
            .join(Page, Page.id == Evidence.page_id)
            .where(Evidence.candidate_id.in_(ids))
            .group_by(Evidence.candidate_id)
        ).all()
    }
    languages: dict[int, list[str]] = {}
    for cid, language in session.execute(
        select(Evidence.candidate_id, Page.language)
        .join(Page, Page.id == Evidence.page_id)
        .where(Evidence.candidate_id.in_(ids), Page.language.is_not(None))
        .distinct()
        .order_by(Evidence.candidate_id, Page.language)
    ).all():
        languages.setdefault(cid, []).append(language or "")
    first = (
        select(func.min(Evidence.id))
        .where(Evidence.candidate_id.in_(ids))
        .group_by(Evidence.candidate_id)
    )
    leads = dict(
        session.execute(
            select(Evidence.candidate_id, Evidence.sentence).where(Evidence.id.in_(first))
        ).all()
    )
    return [
        QueueRow(
            c,
            stats.get(c.id, (0, 0))[0],
            stats.get(c.id, (0, 0))[1],
            languages.get(c.id, []),
            _shorten(leads.get(c.id)),
        )
        for c in candidates
    ]


def _shorten(sentence: str | None) -> str | None:
    if sentence is None or len(sentence) <= LEAD_CHARS:
        return sentence
    return sentence[: LEAD_CHARS - 1].rstrip() + "…"
