"""Read-only views the CLI and exports use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.candidates import candidate_sources
from store.filters import CandidateFilter, conditions, filtered
from store.models import CANDIDATE_STATUSES, Candidate, CrawlRun, Evidence, Mention, Page
from store.runs import recent_runs


def status_counts(session: Session) -> dict[str, Any]:
    """Counts of what is stored; candidates by status as the one filter takes them (merged ones
    apart, counted as ``merged``)."""
    by_status = dict(
        session.execute(
            select(Candidate.status, func.count())
            .where(*conditions(CandidateFilter()))
            .group_by(Candidate.status)
        ).all()
    )
    merged = select(func.count()).where(Candidate.merged_into_id.is_not(None))
    last = recent_runs(session, 1)
    return {
        "pages": session.scalar(select(func.count()).select_from(Page)) or 0,
        "mentions": session.scalar(select(func.count()).select_from(Mention)) or 0,
        "candidates": {s: by_status.get(s, 0) for s in CANDIDATE_STATUSES}
        | {"merged": session.scalar(merged) or 0},
        "crawl_runs": session.scalar(select(func.count()).select_from(CrawlRun)) or 0,
        "last_run": run_dict(last[0]) if last else None,
    }


def run_dict(run: CrawlRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "spider": run.spider,
        "status": run.status,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "requests": run.requests,
        "pages_new": run.pages_new,
        "pages_changed": run.pages_changed,
        "pages_unchanged": run.pages_unchanged,
        "errors": run.errors,
        "bytes": run.bytes,
    }


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    sources: list[str]

    def to_dict(self) -> dict[str, Any]:
        c = self.candidate
        return {
            "id": c.id,
            "vendor": c.vendor,
            "country": c.country,
            "city": c.city,
            "year": c.year,
            "products": list(c.products),
            "status": c.status,
            "score": c.score,
            "sources": self.sources,
        }


def list_candidates(session: Session, filters: CandidateFilter | None = None) -> list[CandidateRow]:
    """The candidates the filter takes (default: every status), best supported first."""
    found = filtered(session, filters or CandidateFilter())
    return [CandidateRow(c, candidate_sources(session, c.id)) for c in found]


def evidence_rows(session: Session, candidate_id: int) -> list[tuple[Evidence, Page]]:
    rows = session.execute(
        select(Evidence, Page)
        .join(Page, Evidence.page_id == Page.id)
        .where(Evidence.candidate_id == candidate_id)
        .order_by(Evidence.id)
    ).all()
    return [(e, p) for e, p in rows]
