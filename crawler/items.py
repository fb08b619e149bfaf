"""What spiders yield: raw pages and failures. Extraction and storage happen in the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class PageItem:
    url: str  # as requested (before redirects)
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    spider: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # the server said 304: the stored revision is current
    once: bool = False  # a feed or search result: remember it, never fetch it again
    original_url: str | None = None  # an archived snapshot: what it is a copy of
    snapshot_at: datetime | None = None
    digest: str = ""  # the body's content hash: filled in by the pipeline, once


@dataclass
class FetchFailure:
    url: str
    kind: str  # http_404, dns, timeout, refused_address, unsupported_content, too_large, ...
    message: str
    spider: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
