"""Downloader middlewares that make a re-crawl cheap; both read the crawl's database.

- ``ConditionalRequests``: a URL stored before is requested with its validators (``If-None-Match``
  from the ETag, ``If-Modified-Since`` from Last-Modified). A 304 answer is replaced by the stored
  revision, so the spider can still read its links, and the page item is marked ``not_modified``
  (counted unchanged, not analysed again). A request with ``meta["revalidate"] = False`` is left
  alone (snapshots never change).
- ``SeenFilter``: a request marked ``meta["once"]`` (a feed or search result) whose URL the source
  has handed on before is dropped (``AlreadySeen``) and counted in ``safecity/seen_skipped``.

Each opens the database when the spider opens and disposes of it when the spider closes.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from store.db import Database
from store.models import Page
from store.pages import page_body, seen_hashes, stored_validators, url_hash


class AlreadySeen(IgnoreRequest):
    pass


class _DatabaseMiddleware:
    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _DatabaseMiddleware:
        url = crawler.settings.get("SAFECITY_DATABASE_URL")
        if not url:
            raise NotConfigured("SAFECITY_DATABASE_URL is not set")
        middleware = cls(crawler, url)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        self.db = Database(self.url)

    def spider_closed(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class ConditionalRequests(_DatabaseMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _DatabaseMiddleware:
        if not crawler.settings.getbool("SAFECITY_REVALIDATE"):
            raise NotConfigured("SAFECITY_REVALIDATE is off")
        return super().from_crawler(crawler)

    def process_request(self, request: Request) -> None:
        if self.db is None or not request.meta.get("revalidate", True):
            return
        if "stored_validators" in request.meta:  # a retry or a redirect of a checked request
            return
        with self.db.reading() as session:
            stored = stored_validators(session, request.url)
        if stored is None or stored.removed:
            return
        request.meta["stored_validators"] = stored.page_id
        if stored.etag:
            request.headers[b"If-None-Match"] = stored.etag.encode("latin-1")
        if stored.last_modified:
            request.headers[b"If-Modified-Since"] = stored.last_modified.encode("latin-1")

    def process_response(self, request: Request, response: Response) -> Response:
        page_id = request.meta.get("stored_validators")
        if response.status != 304 or page_id is None or self.db is None:
            return response
        with self.db.reading() as session:
            page = session.get(Page, page_id)
            if page is None:
                return response
            body, content_type = page_body(page), page.content_type
        request.meta["not_modified"] = True
        if self.crawler.stats:
            self.crawler.stats.inc_value("safecity/not_modified")
        headers = Headers(response.headers)
        headers[b"Content-Type"] = content_type.encode("latin-1")
        cls = responsetypes.from_args(headers=headers, url=response.url, body=body)
        return response.replace(cls=cls, status=200, body=body, headers=headers)


class SeenFilter(_DatabaseMiddleware):
    seen: set[str]

    def spider_opened(self) -> None:
        super().spider_opened()
        key = getattr(self.crawler.spider, "seen_key", None)
        self.seen = set()
        if self.db is not None and key:
            with self.db.reading() as session:
                self.seen = seen_hashes(session, key)

    def process_request(self, request: Request) -> None:
        if request.meta.get("once") and url_hash(request.url) in getattr(self, "seen", ()):
            if self.crawler.stats:
                self.crawler.stats.inc_value("safecity/seen_skipped")
            raise AlreadySeen(f"handed on by an earlier run: {request.url}")
