"""Archived pages from a Wayback-style CDX API: the raw snapshots, one per distinct content digest.

Attributes a subclass may set (besides those of ``BaseSpider``):
- ``snapshot_path``: where the archive serves a raw capture, on the CDX API's own host
  (Wayback Machine: ``/web/{timestamp}id_/{original}``; ``id_`` gives the bytes as captured);
- ``capture_types``: the MIME types of captures worth fetching (pages and PDFs);
- ``allow``/``deny`` (``BaseSpider``) apply to the *original* URLs.

Start URLs are CDX queries with ``output=json`` (e.g. ``…/cdx/search/cdx?url=example.com/safe-city*
&output=json&filter=statuscode:200&collapse=digest``); ``showResumeKey=true`` answers are followed
page by page. Each snapshot is handed on with its original URL and capture time and fetched once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from crawler.base_spiders.base import BaseSpider
from crawler.items import FetchFailure
from crawler.reading import Capture, cdx_captures, cdx_resume_key, json_of


class CdxSpider(BaseSpider):
    # project default 3: a snapshot is one hop from its CDX page, however many pages came before
    custom_settings = {"DEPTH_LIMIT": 0}  # noqa: RUF012 (Scrapy declares it a dict)
    snapshot_path = "/web/{timestamp}id_/{original}"
    capture_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/pdf",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.digests: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        data = json_of(response.body)
        captures = cdx_captures(data)
        if captures is None:
            message = "not a CDX answer in JSON (ask with output=json)"
            yield FetchFailure(response.url, "unreadable", message, self.name)
            return
        for capture in captures:
            if self._wanted(capture):
                self.digests.add(capture.digest)
                yield self._snapshot(response.url, capture)
        key = cdx_resume_key(data)
        if key:
            next_page = _with_resume_key(response.url, key)
            yield scrapy.Request(next_page, callback=self.parse, errback=self.failed)

    def _wanted(self, capture: Capture) -> bool:
        if capture.digest in self.digests or capture.status not in ("200", ""):
            return False
        if capture.mimetype and not capture.mimetype.startswith(self.capture_types):
            return False
        return self.kept(capture.original)

    def _snapshot(self, cdx_url: str, capture: Capture) -> scrapy.Request:
        parts = urlsplit(cdx_url)
        path = self.snapshot_path.format(timestamp=capture.timestamp, original=capture.original)
        meta = {"once": True, "revalidate": False, "capture": capture}
        return scrapy.Request(
            f"{parts.scheme}://{parts.netloc}{path}",
            callback=self.parse_snapshot,
            errback=self.failed,
            meta=meta,
        )

    def parse_snapshot(self, response: Response) -> Iterator[Any]:
        self.check_budget()
        capture: Capture = response.meta["capture"]
        yield self.page_item(response, original_url=capture.original, snapshot_at=capture.taken_at)


def _with_resume_key(url: str, key: str) -> str:
    parts = urlsplit(url)
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    params["resumeKey"] = key
    return urlunsplit(parts._replace(query=urlencode(params)))
