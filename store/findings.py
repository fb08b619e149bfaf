"""What the extractors found in a page, stored with it: mentions, claims, and the candidates the
page supports. Shared by the crawl (new pages) and `safecity retag` (stored pages, new
vocabulary)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from extractors import Analysis, propose
from store.candidates import apply_proposal
from store.facets import refresh_facets
from store.models import Claim, Mention, Page


def add_findings(
    session: Session, page: Page, analysis: Analysis, weights: dict[str, float]
) -> None:
    session.add_all(
        Mention(
            page_id=page.id,
            kind=m.kind,
            category=m.category,
            term=m.term,
            start=m.start,
            end=m.end,
            sentence=m.sentence,
        )
        for m in analysis.mentions
    )
    session.add_all(
        Claim(
            page_id=page.id,
            metric=c.metric,
            direction=c.direction,
            before=c.before,
            after=c.after,
            percent=c.percent,
            unit=c.unit,
            sentence=c.sentence,
            start=c.start,
            end=c.end,
        )
        for c in analysis.claims
    )
    supported = [apply_proposal(session, page, p, weights).id for p in propose(analysis)]
    refresh_facets(session, supported)


def clear_findings(session: Session, page_id: int) -> None:
    """Drop a page's mentions and claims (its evidence is the candidates' business)."""
    session.execute(delete(Mention).where(Mention.page_id == page_id))
    session.execute(delete(Claim).where(Claim.page_id == page_id))
