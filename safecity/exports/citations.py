"""What a published record needs to be checked without the database: per source its title, site and
the site's kind (beside the address, date and archived copy ``records.sources`` gives), and one
evidence quote, in its language, with the page it comes from.

The quote is an evidence sentence from the most weighty kind of site (government before vendor
before media, as the score weighs them): the longest there up to 300 characters (a headline says
less than the sentence that names the parties), the earliest page first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.sites import site_host, site_kind
from keywords import load_vocabulary
from store.models import Candidate, Evidence, Page

CITATION_COLUMNS = (
    "source_titles",
    "source_sites",
    "source_kinds",
    "source_original_urls",
    "quote",
    "quote_language",
    "quote_url",
)
CITATION_LISTS = frozenset(
    {"source_titles", "source_sites", "source_kinds", "source_original_urls"}
)


class SourceLike(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def page_id(self) -> int | None: ...


@dataclass(frozen=True)
class Quote:
    sentence: str
    language: str | None
    url: str
    title: str | None
    kind: str


def describe(session: Session, source: SourceLike) -> tuple[str, str, str, str]:
    """(title, site, kind, original address) of a source: from its stored page (the original
    address when the page is an archived snapshot, else ""), or for a source an import brought,
    the host of its address and the kind the host rules give it (no title)."""
    page = session.get(Page, source.page_id) if source.page_id is not None else None
    if page is not None:
        # "; " separates list items in CSV and XLSX cells
        title = (page.title or "").replace("; ", ", ")
        return title, page.source.host, page.source.kind, page.original_url or ""
    host = site_host(source.url)
    return "", host, site_kind(host, load_vocabulary().site_kinds), ""


def quote(session: Session, candidate: Candidate) -> Quote | None:
    rows = session.execute(
        select(Evidence, Page).join(Page, Page.id == Evidence.page_id)
        .where(Evidence.candidate_id == candidate.id)
        .order_by(Page.published, Page.fetched_at, Evidence.page_id, Evidence.start)
    ).all()  # fmt: skip
    if not rows:
        return None
    weights = load_vocabulary().site_kinds.weights
    evidence, page = max(
        rows, key=lambda row: (weights.get(row[1].source.kind, 0.0), min(len(row[0].sentence), 300))
    )
    return Quote(evidence.sentence, page.language, page.url, page.title, page.source.kind)


def citation_fields(
    session: Session, candidate: Candidate, sources: Sequence[SourceLike]
) -> dict[str, Any]:
    """The export columns of ``CITATION_COLUMNS``, lists in the order of ``sources``."""
    described = [describe(session, s) for s in sources]
    found = quote(session, candidate)
    return {
        "source_titles": [d[0] for d in described],
        "source_sites": [d[1] for d in described],
        "source_kinds": [d[2] for d in described],
        "source_original_urls": [d[3] for d in described],
        "quote": found.sentence if found else None,
        "quote_language": found.language if found else None,
        "quote_url": found.url if found else None,
    }
