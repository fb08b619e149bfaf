"""Full-text search over stored pages and evidence sentences, in English and Chinese.

``search_docs`` holds each page's title and text, and each evidence sentence, tokenised by
``store.searchterms``; migration 0003 indexes it with FTS5 on SQLite and a GIN tsvector index on
PostgreSQL. Pages and evidence rows are never edited (a changed page is a new row), so keeping the
index in step is appending what is newer than what it holds: ``sync_index`` does that, and is
cheap when nothing is new. Call it after storing pages (the crawl pipeline may call it once per
batch); ``safecity search``, the app's search page and ``safecity serve`` call it before they read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    func,
    insert,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from store.models import Candidate, Evidence, Page, SearchDoc
from store.searchterms import Phrase, index_terms, parse_query

PAGE, EVIDENCE = "page", "evidence"
BATCH = 2000
DEFAULT_LIMIT = 50


def sync_index(session: Session) -> int:
    """Add the pages and evidence sentences the index does not hold yet; returns how many."""
    added = 0
    for kind, rows in ((PAGE, _new_pages(session)), (EVIDENCE, _new_evidence(session))):
        batch: list[dict[str, Any]] = []
        for ref_id, content in rows:
            batch.append({"kind": kind, "ref_id": ref_id, "terms": index_terms(content)})
            if len(batch) >= BATCH:
                added += _insert(session, batch)
                batch = []
        added += _insert(session, batch)
    return added


def _insert(session: Session, batch: list[dict[str, Any]]) -> int:
    if batch:
        session.execute(insert(SearchDoc), batch)
    return len(batch)


def _high_water(session: Session, kind: str) -> int:
    return session.scalar(select(func.max(SearchDoc.ref_id)).where(SearchDoc.kind == kind)) or 0


def _new_pages(session: Session) -> Iterable[tuple[int, str]]:
    query = (
        select(Page.id, Page.title, Page.text)
        .where(Page.id > _high_water(session, PAGE))
        .order_by(Page.id)
    )
    for page_id, title, body in session.execute(query).yield_per(BATCH):
        yield page_id, f"{title or ''}\n{body}"


def _new_evidence(session: Session) -> Iterable[tuple[int, str]]:
    query = (
        select(Evidence.id, Evidence.sentence)
        .where(Evidence.id > _high_water(session, EVIDENCE))
        .order_by(Evidence.id)
    )
    for row in session.execute(query).yield_per(BATCH):
        yield row.id, row.sentence


@dataclass(frozen=True)
class SearchResults:
    query: str
    evidence: list[tuple[Evidence, Candidate, Page]]
    pages: list[tuple[Page, list[Candidate]]]
    limit: int

    @property
    def empty(self) -> bool:
        return not self.evidence and not self.pages


def search(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """The newest ``limit`` evidence sentences and pages that contain every part of ``query``.

    Newest first rather than by rank: a common word matches most of the index, and ranking all of
    it would make the app wait; an analyst narrows with a second word instead.
    """
    phrases = parse_query(query)
    if not phrases:
        return SearchResults(query, [], [], limit)
    evidence_ids = _matching(session, EVIDENCE, phrases, limit)
    page_ids = _matching(session, PAGE, phrases, limit)
    return SearchResults(query, _evidence(session, evidence_ids), _pages(session, page_ids), limit)


def _matching(session: Session, kind: str, phrases: Sequence[Phrase], limit: int) -> list[int]:
    query: Select[Any]
    if session.get_bind().dialect.name == "sqlite":
        query = _sqlite_query(kind, phrases)
    else:
        query = (
            select(SearchDoc.ref_id)
            .where(_postgres_match(phrases), SearchDoc.kind == kind)
            .order_by(SearchDoc.id.desc())
        )
    return list(session.scalars(query.limit(limit)))


def _fts5(phrase: Phrase) -> str:
    quoted = '"' + phrase.text.replace('"', '""') + '"'
    return quoted + "*" if phrase.prefix else quoted


def _sqlite_query(kind: str, phrases: Sequence[Phrase]) -> Select[Any]:
    """FTS5 walks the matches newest first (rowid order) and stops at the limit; the kind is a
    column of the index, so pages and evidence are asked for apart."""
    fts = table("fts_search", column("rowid"), column("terms"))
    match = f"kind : {kind} AND terms : ({' '.join(_fts5(p) for p in phrases)})"
    return (
        select(SearchDoc.ref_id)
        .select_from(fts)
        .join(SearchDoc, fts.c.rowid == SearchDoc.id)
        .where(literal_column("fts_search").op("MATCH")(match))
        .order_by(fts.c.rowid.desc())
    )


def _postgres_match(phrases: Sequence[Phrase]) -> ColumnElement[bool]:
    config: ColumnElement[Any] = literal_column("'english'::regconfig")
    tsquery: Any = None
    for phrase in phrases:
        if phrase.prefix:
            part = func.to_tsquery(literal_column("'simple'::regconfig"), phrase.text + ":*")
        else:
            part = func.phraseto_tsquery(config, phrase.text)
        tsquery = part if tsquery is None else tsquery.op("&&")(part)
    match: ColumnElement[bool] = func.to_tsvector(config, SearchDoc.terms).op("@@")(tsquery)
    return match


def _evidence(session: Session, ids: list[int]) -> list[tuple[Evidence, Candidate, Page]]:
    if not ids:
        return []
    rows = session.execute(
        select(Evidence, Candidate, Page)
        .join(Candidate, Evidence.candidate_id == Candidate.id)
        .join(Page, Evidence.page_id == Page.id)
        .where(Evidence.id.in_(ids))
    ).all()
    order = {evidence_id: n for n, evidence_id in enumerate(ids)}
    return sorted(((e, c, p) for e, c, p in rows), key=lambda row: order[row[0].id])


def _pages(session: Session, ids: list[int]) -> list[tuple[Page, list[Candidate]]]:
    if not ids:
        return []
    pages = {p.id: p for p in session.scalars(select(Page).where(Page.id.in_(ids)))}
    pairs = session.execute(
        select(Evidence.page_id, Evidence.candidate_id).where(Evidence.page_id.in_(ids)).distinct()
    ).all()
    candidates = {
        c.id: c
        for c in session.scalars(select(Candidate).where(Candidate.id.in_({c for _p, c in pairs})))
    }
    cited: dict[int, list[Candidate]] = {}
    for page_id, candidate_id in sorted(pairs):
        cited.setdefault(page_id, []).append(candidates[candidate_id])
    return [(pages[i], cited.get(i, [])) for i in ids if i in pages]
