"""Store a fetched page with what the extractors found in it; unchanged content is not stored
twice."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors import Analysis, propose
from extractors.sites import site_host, site_kind
from keywords.model import SiteKinds
from store.candidates import apply_proposal
from store.models import CrawlRun, Mention, Page
from store.sources import get_or_add_source

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


@dataclass(frozen=True)
class FetchedPage:
    """What a crawl hands to the store: the response as it came."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def save_page(
    session: Session,
    fetched: FetchedPage,
    analysis: Analysis,
    kinds: SiteKinds,
    run_id: int | None = None,
) -> str:
    """Store ``fetched`` and its analysis; returns new, changed or unchanged."""
    digest = content_hash(fetched.body)
    existing = session.scalar(
        select(Page).where(Page.url == fetched.url, Page.content_hash == digest)
    )
    if existing is not None:
        existing.last_seen_at = fetched.fetched_at
        _count(session, run_id, UNCHANGED, len(fetched.body))
        return UNCHANGED
    earlier = session.scalar(select(Page.id).where(Page.url == fetched.url).limit(1))
    host = site_host(fetched.final_url, analysis.canonical_url)
    source = get_or_add_source(session, host, site_kind(host, kinds))
    page = Page(
        url=fetched.url,
        final_url=fetched.final_url,
        source_id=source.id,
        run_id=run_id,
        status=fetched.status,
        fetched_at=fetched.fetched_at,
        last_seen_at=fetched.fetched_at,
        content_type=fetched.content_type[:200],
        content_hash=digest,
        body=zlib.compress(fetched.body),
        title=analysis.title,
        published=analysis.published,
        language=analysis.language,
        text=analysis.text,
    )
    session.add(page)
    session.flush()
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
    for proposal in propose(analysis):
        apply_proposal(session, page, proposal, kinds.weights)
    outcome = CHANGED if earlier is not None else NEW
    _count(session, run_id, outcome, len(fetched.body))
    return outcome


def _count(session: Session, run_id: int | None, outcome: str, size: int) -> None:
    if run_id is None:
        return
    run = session.get(CrawlRun, run_id)
    if run is None:
        return
    if outcome == NEW:
        run.pages_new += 1
    elif outcome == CHANGED:
        run.pages_changed += 1
    else:
        run.pages_unchanged += 1
    run.bytes += size


def page_body(page: Page) -> bytes:
    """The raw bytes as fetched (the stored copy is compressed)."""
    return zlib.decompress(page.body)
