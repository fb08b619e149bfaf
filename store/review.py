"""What an analyst sees of one candidate: its evidence with the terms found in each sentence, the
pages' benefit claims, the history of decisions, and the candidates it may duplicate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from store.decisions import get_candidate
from store.history import HistoryEntry, history, last_undoable
from store.models import Candidate, Claim, Evidence, Mention, Page, Source

MAX_EVIDENCE = 200
MAX_SIMILAR = 10


@dataclass(frozen=True)
class Mark:
    """A term found in an evidence sentence: offsets into the sentence, and its kind (product,
    vendor, country, city, cue)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class EvidenceItem:
    evidence: Evidence
    page: Page
    source: Source
    marks: list[Mark]


@dataclass(frozen=True)
class Review:
    candidate: Candidate
    evidence: list[EvidenceItem]
    evidence_total: int
    claims: list[tuple[Claim, Page]]
    history: list[HistoryEntry]
    undoable: str | None  # the action undo would undo
    merged_here: list[Candidate]
    similar: list[Candidate]

    @property
    def pages(self) -> list[tuple[Page, Source, list[EvidenceItem]]]:
        """The evidence grouped by page, pages in the order of their first sentence."""
        groups: dict[int, tuple[Page, Source, list[EvidenceItem]]] = {}
        for item in self.evidence:
            groups.setdefault(item.page.id, (item.page, item.source, []))[2].append(item)
        return list(groups.values())


def review(session: Session, candidate_id: int) -> Review:
    candidate = get_candidate(session, candidate_id)
    rows = session.execute(
        select(Evidence, Page, Source)
        .join(Page, Page.id == Evidence.page_id)
        .join(Source, Source.id == Page.source_id)
        .where(Evidence.candidate_id == candidate_id)
        .order_by(Evidence.id)
        .options(defer(Page.body), defer(Page.text))
    ).all()
    page_ids = sorted({p.id for _e, p, _s in rows})
    marks = _marks(session, [e for e, _p, _s in rows[:MAX_EVIDENCE]])
    undoable = last_undoable(session, candidate_id)
    return Review(
        candidate=candidate,
        evidence=[EvidenceItem(e, p, s, marks.get(e.id, [])) for e, p, s in rows[:MAX_EVIDENCE]],
        evidence_total=len(rows),
        claims=_claims(session, page_ids),
        history=history(session, candidate_id),
        undoable=undoable.action if undoable else None,
        merged_here=list(
            session.scalars(
                select(Candidate)
                .where(Candidate.merged_into_id == candidate_id)
                .order_by(Candidate.id)
            )
        ),
        similar=_similar(session, candidate),
    )


def _marks(session: Session, evidence: list[Evidence]) -> dict[int, list[Mark]]:
    """Each sentence's terms, from the mentions stored for its page (offsets in the page text)."""
    by_page: dict[int, list[Evidence]] = {}
    for e in evidence:
        by_page.setdefault(e.page_id, []).append(e)
    marks: dict[int, list[Mark]] = {}
    if not by_page:
        return marks
    mentions = session.execute(
        select(Mention.page_id, Mention.start, Mention.end, Mention.kind)
        .where(Mention.page_id.in_(by_page))
        .order_by(Mention.start)
    ).all()
    for page_id, start, end, kind in mentions:
        for e in by_page[page_id]:
            if e.start <= start and end <= e.end:
                marks.setdefault(e.id, []).append(Mark(start - e.start, end - e.start, kind))
    return {eid: _without_overlaps(m) for eid, m in marks.items()}


def _without_overlaps(marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
    return kept


def _claims(session: Session, page_ids: list[int]) -> list[tuple[Claim, Page]]:
    if not page_ids:
        return []
    rows = session.execute(
        select(Claim, Page)
        .join(Page, Page.id == Claim.page_id)
        .where(Claim.page_id.in_(page_ids))
        .order_by(Claim.page_id, Claim.start)
        .options(defer(Page.body), defer(Page.text))
    ).all()
    return [(c, p) for c, p in rows]


def _similar(session: Session, candidate: Candidate) -> list[Candidate]:
    """Open candidates of the same vendor and country: the usual duplicates to merge."""
    return list(
        session.scalars(
            select(Candidate)
            .where(
                Candidate.vendor == candidate.vendor,
                Candidate.country == candidate.country,
                Candidate.id != candidate.id,
                Candidate.merged_into_id.is_(None),
            )
            .order_by(Candidate.score.desc(), Candidate.id)
            .limit(MAX_SIMILAR)
        )
    )
