"""The benefit claims (crime down 15 %, response time from 10 to 4.5 minutes) that the extractors
found in the pages behind the records, each with its source."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Candidate, Claim, Evidence, Page


@dataclass(frozen=True)
class ClaimRow:
    sentence: str
    metric: str
    direction: str | None
    before: float | None
    after: float | None
    percent: float | None
    unit: str | None
    url: str
    title: str | None
    published: str | None
    records: tuple[str, ...]  # "Huawei, Kenya, Nairobi"


def claims_for(session: Session, candidate_ids: list[int]) -> list[ClaimRow]:
    if not candidate_ids:
        return []
    pages: dict[int, set[str]] = {}
    rows = session.execute(
        select(Evidence.page_id, Candidate)
        .join(Candidate, Candidate.id == Evidence.candidate_id)
        .where(Evidence.candidate_id.in_(candidate_ids))
    ).all()
    for page_id, candidate in rows:
        place = ", ".join(x for x in (candidate.vendor, candidate.country, candidate.city) if x)
        pages.setdefault(page_id, set()).add(place)
    claims = session.execute(
        select(Claim, Page)
        .join(Page, Page.id == Claim.page_id)
        .where(Claim.page_id.in_(pages))
        .order_by(Page.url, Claim.start)
    ).all()
    return [
        ClaimRow(
            claim.sentence,
            claim.metric,
            claim.direction,
            claim.before,
            claim.after,
            claim.percent,
            claim.unit,
            page.url,
            page.title,
            page.published.isoformat() if page.published else None,
            tuple(sorted(pages[page.id])),
        )
        for claim, page in claims
    ]
