"""Candidates' facets (``CandidateFacet``): the languages and site kinds of their evidence pages
and their products, kept in one small indexed table so that the queue's filters by language,
source kind and product read an index, not every candidate's evidence.

``refresh_facets`` recomputes them for some candidates: the crawl calls it for the candidates a
page supported (``store.findings``), every decision for the candidate it changed
(``store.decisions``), a site whose kind changes for the candidates it supports; ``refresh_all``
after a retag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import Candidate, CandidateFacet, Evidence, Page, Source

CHUNK = 500


def facet(name: str, value: str) -> str:
    return f"{name}:{value}"


def refresh_facets(session: Session, candidate_ids: Iterable[int]) -> None:
    ids = sorted(set(candidate_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh(session, ids[start : start + CHUNK])


def refresh_all(session: Session) -> None:
    session.execute(delete(CandidateFacet))
    _insert(session, None)


def _refresh(session: Session, ids: list[int]) -> None:
    session.flush()
    session.execute(delete(CandidateFacet).where(CandidateFacet.candidate_id.in_(ids)))
    _insert(session, ids)


def _insert(session: Session, ids: list[int] | None) -> None:
    """The facets of ``ids`` (None: every candidate), which have none now."""
    chosen = Evidence.candidate_id.in_(ids) if ids is not None else literal(True)
    languages = (
        select(Evidence.candidate_id, literal("language:") + Page.language)
        .join(Page, Page.id == Evidence.page_id)
        .where(chosen, Page.language.is_not(None))
        .distinct()
    )
    kinds = (
        select(Evidence.candidate_id, literal("kind:") + Source.kind)
        .join(Page, Page.id == Evidence.page_id)
        .join(Source, Source.id == Page.source_id)
        .where(chosen)
        .distinct()
    )
    columns = [CandidateFacet.candidate_id, CandidateFacet.facet]
    for query in (languages, kinds):
        session.execute(_insert_new(session).from_select(columns, query))
    products = select(Candidate.id, Candidate.products)
    if ids is not None:
        products = products.where(Candidate.id.in_(ids))
    rows = [
        {"candidate_id": cid, "facet": facet("product", p)}
        for cid, items in session.execute(products)
        for p in sorted(set(items or []))
    ]
    for start in range(0, len(rows), 5000):
        session.execute(_insert_new(session), rows[start : start + 5000])


def _insert_new(session: Session) -> Any:
    """INSERT that skips a facet already there: two crawl workers may refresh one candidate at
    once, and their facets are the same."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(CandidateFacet).on_conflict_do_nothing()


def supporting(session: Session, source_id: int) -> list[int]:
    """The candidates with evidence on the site's pages."""
    return list(
        session.scalars(
            select(Evidence.candidate_id)
            .join(Page, Page.id == Evidence.page_id)
            .where(Page.source_id == source_id)
            .distinct()
        )
    )
