"""Store fetched pages as revisions: unchanged content is not stored twice, a changed page adds a
revision (the earlier ones stay, as evidence), a page that answers 404/410 after having answered is
marked removed. Also the memory of feed and search results already handed on (``seen_items``).

Which site a page counts for: the host of its canonical address, else of the address fetched; for an
archived snapshot, the host of the original URL, with that host's kind (an archive copy is the
publisher's page, not a second independent site). A source's ``kind`` from the sources file
overrides the host rules for the pages it fetches directly, never for snapshots.
"""

from __future__ import annotations

import hashlib
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, select, update
from sqlalchemy.orm import Session

from extractors import Analysis
from extractors.sites import site_host, site_kind
from keywords.model import SiteKinds
from store.findings import add_findings
from store.models import Page, SeenItem
from store.sources import get_or_add_source

if sys.version_info >= (3, 14):
    from compression import zstd
else:  # the standard library's from 3.14 on
    from backports import zstd

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
# Zstandard at level 3 packs pages as tightly as zlib's default level in a sixth of the time (0.5 ms
# against 3.5 ms a page on the crawl bench's pages, 20 % of their size either way); bodies stored
# with zlib before are still read.
ZSTD_LEVEL = 3
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@dataclass(frozen=True)
class FetchedPage:
    """What a crawl hands to the store: the response as it came."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    spider: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    original_url: str | None = None  # an archived snapshot: the address it is a copy of
    snapshot_at: datetime | None = None
    kind: str | None = None  # the source's kind from the sources file, if it sets one
    digest: str = ""  # content_hash(body), computed here if not given

    def __post_init__(self) -> None:
        if not self.digest:  # hashed once: every check and the stored row use it
            object.__setattr__(self, "digest", content_hash(self.body))


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Validators:
    """What a conditional request, or a page being stored, needs of a stored revision of a URL (not
    its body or text)."""

    page_id: int
    content_hash: str
    etag: str | None
    last_modified: str | None
    removed: bool


def stored_validators(session: Session, url: str, digest: str | None = None) -> Validators | None:
    """The validators of the latest revision stored for ``url``, or with ``digest`` of the revision
    with that content if there is one (one query answers both questions a page being stored asks);
    None when nothing is stored for ``url``."""
    order: list[ColumnElement[Any]] = [Page.fetched_at.desc(), Page.id.desc()]
    if digest is not None:
        order.insert(0, case((Page.content_hash == digest, 0), else_=1))
    row = session.execute(
        select(Page.id, Page.content_hash, Page.etag, Page.last_modified, Page.removed_at)
        .where(Page.url == url)
        .order_by(*order)
        .limit(1)
    ).first()
    if row is None:
        return None
    return Validators(
        row.id, row.content_hash, row.etag, row.last_modified, row.removed_at is not None
    )


def stored_id(session: Session, url: str, digest: str) -> int | None:
    """The revision of ``url`` whose content has hash ``digest``, if one is stored."""
    query = select(Page.id).where(Page.url == url, Page.content_hash == digest).limit(1)
    return session.scalar(query)


def is_stored(session: Session, url: str, digest: str) -> bool:
    """Whether the content of hash ``digest`` is stored for ``url`` (a read: nothing is
    changed)."""
    return stored_id(session, url, digest) is not None


def touch_unchanged(session: Session, fetched: FetchedPage) -> bool:
    """If this exact content is stored for the URL, note that it was seen again and return True."""
    existing = stored_id(session, fetched.url, fetched.digest)
    if existing is None:
        return False
    _touch(session, fetched, existing)
    return True


def _touch(session: Session, fetched: FetchedPage, existing: int) -> None:
    _seen_again(session, fetched.url, fetched.fetched_at)
    session.execute(
        update(Page)
        .where(Page.id == existing)
        .values(etag=fetched.etag, last_modified=fetched.last_modified)
    )


def not_modified(session: Session, url: str, at: datetime) -> bool:
    """The server answered 304 Not Modified for ``url``: the latest revision is still current."""
    if stored_validators(session, url) is None:
        return False
    _seen_again(session, url, at)
    return True


def _seen_again(session: Session, url: str, at: datetime) -> None:
    latest = stored_validators(session, url)  # the columns only: never the body or the text
    if latest is not None:
        session.execute(update(Page).where(Page.id == latest.page_id).values(last_seen_at=at))
    session.execute(
        update(Page).where(Page.url == url, Page.removed_at.is_not(None)).values(removed_at=None)
    )


def mark_removed(session: Session, url: str, at: datetime) -> bool:
    """A URL that used to answer now gives 404/410: its revisions are marked removed at ``at``.
    False when nothing was stored for it, or it was already marked."""
    result = session.execute(
        update(Page).where(Page.url == url, Page.removed_at.is_(None)).values(removed_at=at)
    )
    return bool(getattr(result, "rowcount", 0))


def save_page(
    session: Session,
    fetched: FetchedPage,
    analysis: Analysis,
    kinds: SiteKinds,
    run_id: int | None = None,
) -> str:
    """Store ``fetched`` and its analysis (the page's run: ``run_id``); returns new, changed or
    unchanged. The run's counters are the caller's (``store.runs.RunTally``)."""
    earlier = stored_validators(session, fetched.url, fetched.digest)
    if earlier is not None and earlier.content_hash == fetched.digest:
        _touch(session, fetched, earlier.page_id)
        return UNCHANGED
    host = site_host(fetched.original_url or fetched.final_url, analysis.canonical_url)
    override = fetched.kind if fetched.original_url is None else None
    source = get_or_add_source(session, host, override or site_kind(host, kinds), override)
    page = Page(
        url=fetched.url,
        final_url=fetched.final_url,
        source_id=source.id,
        run_id=run_id,
        status=fetched.status,
        fetched_at=fetched.fetched_at,
        last_seen_at=fetched.fetched_at,
        content_type=fetched.content_type[:200],
        content_hash=fetched.digest,
        body=compress_body(fetched.body),
        title=analysis.title,
        published=analysis.published,
        language=analysis.language,
        text=analysis.text,
        spider=fetched.spider,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        original_url=fetched.original_url,
        snapshot_at=fetched.snapshot_at,
    )
    session.add(page)
    if earlier is not None and earlier.removed:
        _seen_again(session, fetched.url, fetched.fetched_at)
    session.flush()
    add_findings(session, page, analysis, kinds.weights)
    return CHANGED if earlier is not None else NEW


def compress_body(body: bytes) -> bytes:
    """The stored form of a fetched body."""
    return zstd.compress(body, ZSTD_LEVEL)


def page_body(page: Page) -> bytes:
    """The raw bytes as fetched (the stored copy is compressed: Zstandard, or zlib before)."""
    if page.body.startswith(ZSTD_MAGIC):
        return zstd.decompress(page.body)
    return zlib.decompress(page.body)


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def seen_hashes(session: Session, source: str) -> set[str]:
    """The feed and search results ``source`` has already handed on (as ``url_hash`` values)."""
    return set(session.scalars(select(SeenItem.url_hash).where(SeenItem.source == source)))


def mark_seen(session: Session, source: str, url: str, at: datetime) -> None:
    digest = url_hash(url)
    exists = session.scalar(
        select(SeenItem.id).where(SeenItem.source == source, SeenItem.url_hash == digest)
    )
    if exists is None:
        session.add(SeenItem(source=source, url_hash=digest, url=url, first_seen=at))
