"""Behaviour every spider shares: raw page items, failures as items, and a page budget.

Subclasses set:
- ``name``: the spider's slug (also its module, test and fixture name);
- ``start_urls``: where to begin (``--start`` replaces them);
- ``max_pages``: how many pages to hand on at most (``SAFECITY_MAX_PAGES`` or the ``max_pages``
argument).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.items import FetchFailure, PageItem
from crawler.middlewares import RefusedAddress

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class BaseSpider(scrapy.Spider):
    max_pages: int | None = None

    def __init__(self, *args: Any, max_pages: int | str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if max_pages is not None:
            self.max_pages = int(max_pages)
        self.pages_seen = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BaseSpider:
        kwargs.setdefault("max_pages", crawler.settings.getint("SAFECITY_MAX_PAGES") or None)
        spider: BaseSpider = super().from_crawler(crawler, *args, **kwargs)
        return spider

    def budget_left(self) -> bool:
        return self.max_pages is None or self.pages_seen < self.max_pages

    def page_item(self, response: Response) -> PageItem | FetchFailure:
        self.pages_seen += 1
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        requested = (
            response.request.meta.get("redirect_urls", [response.url])[0]
            if (response.request is not None)
            else response.url
        )
        if content_type and not content_type.split(";")[0].strip().lower().startswith(TEXT_TYPES):
            return FetchFailure(
                response.url,
                "unsupported_content",
                f"content type {content_type!r} is not a page we read",
                self.name,
            )
        return PageItem(
            url=requested,
            final_url=response.url,
            status=response.status,
            content_type=content_type,
            body=response.body,
            fetched_at=datetime.now(UTC),
            spider=self.name,
        )

    def failed(self, failure: Failure) -> FetchFailure:
        """Errback: every failed request becomes an item, recorded on the crawl run."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        error = failure.value
        if isinstance(error, HttpError):
            status = error.response.status
            return FetchFailure(url, f"http_{status}", f"HTTP {status}", self.name)
        if isinstance(error, RefusedAddress):
            return FetchFailure(url, "refused_address", str(error), self.name)
        if isinstance(error, IgnoreRequest) and "robots.txt" in str(error):
            return FetchFailure(url, "robots_disallowed", str(error), self.name)
        if isinstance(error, DNSLookupError):
            return FetchFailure(url, "dns", "the host name does not resolve", self.name)
        if isinstance(error, TimeoutError | TCPTimedOutError):
            return FetchFailure(url, "timeout", "no answer in time", self.name)
        return FetchFailure(url, type(failure.value).__name__, str(failure.value)[:500], self.name)
