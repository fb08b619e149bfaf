"""Candidate agreements: created or updated from a page's proposals, scored by independent sites."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors import Proposal
from keywords import STAGES
from keywords.pairs import load_pair_words
from store.clock import now
from store.db import add_unique
from store.models import Candidate, Evidence, Page, Source


def city_key(city: str | None) -> str:
    return (city or "").strip().casefold()


def find_candidate(
    session: Session, vendor: str, country: str, city: str | None
) -> Candidate | None:
    return session.scalar(
        select(Candidate).where(
            Candidate.vendor == vendor,
            Candidate.country == country,
            Candidate.city_key == city_key(city),
        )
    )


def open_candidate(
    session: Session,
    *,
    vendor: str,
    country: str,
    city: str | None,
    fields: dict[str, Any] | None = None,
) -> tuple[Candidate, bool]:
    """The candidate of (vendor, country, city), or the one an analyst merged it into; created
    with ``fields`` (year, stage, products, status…) when there is none. Returns it and whether
    it was created. Used by the crawl, split and import: every way a candidate comes to be.

    Another writer (a crawl worker) may add the same candidate meanwhile: theirs is returned then.
    """
    found = find_candidate(session, vendor, country, city)
    if found is not None:
        return follow_merges(session, found), False
    stamp = now()
    candidate = Candidate(
        vendor=vendor,
        country=country,
        city=city,
        city_key=city_key(city),
        products=[],
        status="new",
        score=0.0,
        version=1,
        created_at=stamp,
        updated_at=stamp,
    )
    for name, value in (fields or {}).items():
        setattr(candidate, name, value)
    row, added = add_unique(
        session, candidate, lambda: find_candidate(session, vendor, country, city)
    )
    session.flush()
    return (row, True) if added else (follow_merges(session, row), False)


def follow_merges(session: Session, candidate: Candidate) -> Candidate:
    """The candidate this one was merged into (and so on), or itself."""
    seen = {candidate.id}
    while candidate.merged_into_id is not None and candidate.merged_into_id not in seen:
        seen.add(candidate.merged_into_id)
        candidate = session.get_one(Candidate, candidate.merged_into_id)
    return candidate


def apply_proposal(
    session: Session, page: Page, proposal: Proposal, weights: dict[str, float]
) -> Candidate:
    """Create or update the proposal's candidate and attach the page's evidence sentences.

    Fields an analyst has settled (a confirmed or rejected candidate) are not changed; evidence and
    score still grow, so the analyst sees that more sources appeared. A candidate an analyst merged
    into another passes its new evidence on to the one it was merged into.
    """
    stamp = now()
    candidate, created = open_candidate(
        session,
        vendor=proposal.vendor,
        country=proposal.country,
        city=proposal.city,
        fields=_new_fields(proposal),
    )
    if not created and candidate.status == "new":
        _merge_fields(candidate, proposal)
    known = set(
        session.scalars(
            select(Evidence.start).where(
                Evidence.candidate_id == candidate.id, Evidence.page_id == page.id
            )
        )
    )
    for span in proposal.evidence:
        if span.start not in known:
            session.add(
                Evidence(
                    candidate_id=candidate.id,
                    page_id=page.id,
                    sentence=span.sentence,
                    start=span.start,
                    end=span.end,
                    rule=span.rule,
                    added_at=stamp,
                )
            )
    session.flush()
    score = compute_score(session, candidate.id, weights)
    if score != candidate.score:
        candidate.score = score
    if session.is_modified(candidate):
        candidate.updated_at = stamp
        candidate.version += 1
    return candidate


def _new_fields(proposal: Proposal) -> dict[str, Any]:
    """A new candidate's fields, from the proposal that made it."""
    return {
        "year": proposal.year,
        "stage": proposal.stage,
        "products": sorted(proposal.products),
        "counterpart": proposal.counterpart,
        "value": proposal.value.text if proposal.value else None,
    }


def _merge_fields(candidate: Candidate, proposal: Proposal) -> None:
    """What a new page adds to an open candidate: products, an earlier year, a later stage, and a
    counterpart or value where the candidate has none (an analyst's value is never replaced)."""
    products = sorted(set(candidate.products) | set(proposal.products))
    if products != candidate.products:
        candidate.products = products
    if proposal.year and (candidate.year is None or proposal.year < candidate.year):
        candidate.year = proposal.year
    if proposal.stage and (
        candidate.stage is None or STAGES.index(proposal.stage) > STAGES.index(candidate.stage)
    ):
        candidate.stage = proposal.stage
    if candidate.counterpart is None and proposal.counterpart:
        candidate.counterpart = proposal.counterpart
    if candidate.value is None and proposal.value is not None:
        candidate.value = proposal.value.text


def compute_score(session: Session, candidate_id: int, weights: dict[str, float]) -> float:
    """The sum, over the distinct sites that give evidence, of the weight of the site's kind times
    the weight of the strongest rule among that site's sentences (a stated deal or deployment
    counts in full, a mention in passing less: ``keywords/pairs.toml``)."""
    rules = load_pair_words().rule_weights
    rows = session.execute(
        select(Source.host, Source.kind, Evidence.rule)
        .join(Page, Page.source_id == Source.id)
        .join(Evidence, Evidence.page_id == Page.id)
        .where(Evidence.candidate_id == candidate_id)
        .distinct()
    ).all()
    sites: dict[str, float] = {}
    for host, kind, rule in rows:
        weight = weights.get(kind, 1.0) * rules.get(rule, 1.0)
        sites[host] = max(sites.get(host, 0.0), weight)
    return round(sum(sites.values()), 3)


def candidate_sources(session: Session, candidate_id: int) -> list[str]:
    rows = session.scalars(
        select(Source.host)
        .join(Page, Page.source_id == Source.id)
        .join(Evidence, Evidence.page_id == Page.id)
        .where(Evidence.candidate_id == candidate_id)
        .distinct()
        .order_by(Source.host)
    )
    return list(rows)


def snapshot(candidate: Candidate) -> dict[str, Any]:
    """The analyst-facing fields, as a decision records them before and after."""
    return {
        "vendor": candidate.vendor,
        "country": candidate.country,
        "city": candidate.city,
        "year": candidate.year,
        "stage": candidate.stage,
        "products": list(candidate.products),
        "status": candidate.status,
        "counterpart": candidate.counterpart,
        "value": candidate.value,
        "agreement_type": candidate.agreement_type,
        "note": candidate.note,
    }
