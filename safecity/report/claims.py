"""The benefit claims (crime down 15 %, response time from 10 to 4.5 minutes) that the extractors
found in the pages behind the records, each with its speaker (the page's site and the site's kind:
vendor, government, media, NGO, archive), grouped by figure so a claim only the vendor makes is
marked as such."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Candidate, Claim, Evidence, Page

VENDOR = "vendor"


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
    site: str = ""
    kind: str = ""
    language: str | None = None

    def figure(self) -> tuple[object, ...]:
        """What the claim says, whoever says it: the same figure on two sites is one claim."""
        return (self.metric, self.direction, self.before, self.after, self.percent, self.unit)


@dataclass(frozen=True)
class ClaimGroup:
    """The sentences that state the same figures, on one page or several, and who said them."""

    rows: tuple[ClaimRow, ...]

    @property
    def figures(self) -> list[ClaimRow]:
        """One claim per figure, in the order first stated."""
        return list({r.figure(): r for r in reversed(self.rows)}.values())[::-1]

    @property
    def statements(self) -> list[ClaimRow]:
        """One claim per sentence and page."""
        return list({(r.url, r.sentence): r for r in reversed(self.rows)}.values())[::-1]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({r.kind for r in self.rows}))

    @property
    def vendor_only(self) -> bool:
        return self.kinds == (VENDOR,)


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
            page.source.host,
            page.source.kind,
            page.language,
        )
        for claim, page in claims
    ]


def grouped(claims: list[ClaimRow]) -> list[ClaimGroup]:
    """The sentences that state the same set of figures together (the vendor's brochure and the
    newspaper that repeats it are one group); vendor-only groups first."""
    sentences: dict[tuple[str, str], list[ClaimRow]] = {}
    for claim in claims:
        sentences.setdefault((claim.url, claim.sentence), []).append(claim)
    groups: dict[frozenset[tuple[object, ...]], list[ClaimRow]] = {}
    for rows in sentences.values():
        groups.setdefault(frozenset(r.figure() for r in rows), []).extend(rows)
    found = [ClaimGroup(tuple(rows)) for rows in groups.values()]
    return sorted(found, key=lambda g: (not g.vendor_only, g.rows[0].metric, g.rows[0].url))
