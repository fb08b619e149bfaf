"""What spiders yield: raw pages and failures. Extraction and storage happen in the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class PageItem:
    url: str  # as requested (before redirects)
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    spider: str


@dataclass
class FetchFailure:
    url: str
    kind: str  # http_404, dns, timeout, refused_address, unsupported_content, ...
    message: str
    spider: str
