"""Re-run the extractors over stored pages after the vocabulary (or an extractor) changed.

Mentions and claims are rebuilt page by page. Candidates no analyst has touched (status new, no
decision, not merged) lose their evidence and are rebuilt from the pages; those that end with no
evidence are removed. Candidates an analyst decided keep their fields and evidence, and gain any
new evidence. All in the caller's transaction: an interrupted retag changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session

from extractors import Analysis
from store.facets import refresh_all
from store.findings import add_findings, clear_findings
from store.models import Candidate, Decision, Evidence, Mention, Page


@dataclass(frozen=True)
class RetagResult:
    pages: int
    mentions_before: int
    mentions_after: int
    candidates_before: int
    candidates_after: int


def untouched_candidates(session: Session) -> list[int]:
    """Candidates only the machine has shaped: new, never decided, not merged."""
    decided = exists().where(Decision.candidate_id == Candidate.id)
    return list(
        session.scalars(
            select(Candidate.id).where(
                Candidate.status == "new", ~decided, Candidate.merged_into_id.is_(None)
            )
        )
    )


def retag(
    session: Session,
    analyze_page: Callable[[Page], Analysis],
    weights: dict[str, float],
    progress: Callable[[int], None] | None = None,
) -> RetagResult:
    mentions_before = _count(session, Mention)
    candidates_before = _count(session, Candidate)
    machine = untouched_candidates(session)
    if machine:
        session.execute(delete(Evidence).where(Evidence.candidate_id.in_(machine)))
        session.execute(
            update(Candidate)
            .where(Candidate.id.in_(machine))
            .values(products=[], year=None, stage=None, score=0.0)
        )
    pages = 0
    for page in _pages(session):
        clear_findings(session, page.id)
        analysis = analyze_page(page)
        page.title, page.published = analysis.title, analysis.published
        page.language, page.text = analysis.language, analysis.text
        add_findings(session, page, analysis, weights)
        pages += 1
        if progress:
            progress(1)
    if machine:
        unsupported = select(Candidate.id).where(
            Candidate.id.in_(machine),
            ~exists().where(Evidence.candidate_id == Candidate.id),
        )
        session.execute(delete(Candidate).where(Candidate.id.in_(unsupported)))
    session.flush()
    refresh_all(session)  # page languages and evidence changed
    return RetagResult(
        pages,
        mentions_before,
        _count(session, Mention),
        candidates_before,
        _count(session, Candidate),
    )


def _pages(session: Session, batch: int = 200) -> Iterator[Page]:
    """Every stored page in id order, a batch at a time (bodies are large)."""
    last = 0
    while True:
        chunk = list(
            session.scalars(select(Page).where(Page.id > last).order_by(Page.id).limit(batch))
        )
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].id
        session.flush()
        session.expunge_all()


def _count(session: Session, model: type[Mention] | type[Candidate]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0
