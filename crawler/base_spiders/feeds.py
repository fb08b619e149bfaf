"""News from feeds, news sitemaps and search APIs; each result fetched once, ever.

Attributes a subclass may set (besides those of ``BaseSpider``):
- ``searches``: ``crawler.queries.SearchSpec`` values: GDELT DOC 2.0 or Google News RSS, asked with
  the queries of ``keywords/queries.toml`` in each of ``languages``, window by window;
- ``since``: the earliest time a search asks about (the app passes the last run's start, so a
  scheduled source asks only about what is new);
- ``any_host`` (``BaseSpider``) is on: results are fetched wherever they are published.

Start URLs are told apart by content: RSS 0.9x/1.0/2.0 and Atom feeds, sitemap indexes and (news)
sitemaps, GDELT ``ArtList`` JSON, or an HTML/PDF page (handed on as it is). A result is requested
with ``meta["once"]``: a source never fetches a result twice. A search answer as full as the API
allows is split into two half windows; at the smallest window it is recorded as ``result_cap``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.base_spiders.base import BaseSpider
from crawler.items import FetchFailure
from crawler.queries import (
    SearchRequest,
    SearchSpec,
    Window,
    gdelt_cap,
    gdelt_window,
    split_gdelt_url,
    windows,
)
from crawler.reading import (
    ATOM,
    HTML,
    JSON,
    PDF,
    RSS,
    SITEMAPINDEX,
    URLSET,
    body_of,
    document_kind,
    feed_links,
    gdelt_articles,
    json_of,
    sitemap_locs,
)
from keywords.queries import load_queries

OVERLAP = timedelta(days=1)  # a search asks again about the day before the last run started


class FeedSpider(BaseSpider):
    # project default 3: a result is one hop from its search, however often the window was split
    custom_settings = {"DEPTH_LIMIT": 0}  # noqa: RUF012 (Scrapy declares it a dict)
    any_host = True
    searches: tuple[SearchSpec, ...] = ()
    since: datetime | None = None

    @classmethod
    def arguments_for(cls, source: Any, last_started: datetime | None) -> dict[str, Any]:
        """Also the entry's searches, and since when to search: from a day before its last
        finished run started (``OVERLAP``)."""
        arguments = super().arguments_for(source, last_started)
        arguments["searches"] = [
            SearchSpec(s.api, s.base, s.since, s.until, s.window_days, s.records, s.reach_days)
            for s in source.searches
        ]
        if last_started is not None:
            arguments["since"] = last_started - OVERLAP
        return arguments

    def __init__(
        self, *args: Any, searches: Any = None, since: datetime | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.searches = tuple(searches) if searches is not None else self.searches
        self.since = since or self.since

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield self._request(url)
        for spec in self.searches:
            for item in self.search_requests(spec):
                yield item

    def search_requests(self, spec: SearchSpec) -> Iterator[Any]:
        now = datetime.now(UTC)
        since = max(spec.since, self.since) if self.since else spec.since
        if spec.reach_days and since < now - timedelta(days=spec.reach_days):
            reach = now - timedelta(days=spec.reach_days)
            message = (
                f"{spec.api} searches only the last {spec.reach_days} days: "
                f"{since:%Y-%m-%d}..{reach:%Y-%m-%d} was not searched (run this source more often)"
            )
            yield FetchFailure(spec.base, "beyond_window", message, self.name)
            since = reach
        for language in self.languages:
            for query in load_queries().for_language(language):
                for window in windows(since, spec.until or now, spec.window_days):
                    yield self._ask(SearchRequest(spec, query, window))

    def _ask(self, search: SearchRequest) -> scrapy.Request:
        return self._request(search.url(), search=search, revalidate=False)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        body = body_of(response)
        kind = document_kind(body)
        if kind in (HTML, PDF) and "search" not in response.meta:
            yield from self.parse_article(response)  # a page given as a start point
            return
        if kind == SITEMAPINDEX:
            for loc in sitemap_locs(body):
                yield self._request(response.urljoin(loc))
            return
        results = self._results(kind, body)
        if results is None:  # an API's error message, a consent page …
            said = " ".join(body[:300].decode("utf-8", "replace").split())
            message = f"not a feed, a sitemap or an ArtList answer ({kind}): {said}"
            yield FetchFailure(response.url, "unreadable", message, self.name)
            return
        for found in results:
            url = response.urljoin(found)
            if self.kept(url):
                yield scrapy.Request(
                    url, callback=self.parse_article, errback=self.failed, meta={"once": True}
                )
        yield from self._split_if_full(response, len(results))

    def _results(self, kind: str, body: bytes) -> list[str] | None:
        if kind in (RSS, ATOM):
            return feed_links(body)
        if kind == URLSET:
            return sitemap_locs(body)
        return gdelt_articles(json_of(body)) if kind == JSON else None

    def _split_if_full(self, response: Response, count: int) -> Iterator[Any]:
        """A search answer as full as the API allows is asked again in two half windows."""
        search: SearchRequest | None = response.meta.get("search")
        window: Window | None
        if search is not None:
            if count < search.cap:
                return
            window, halves = search.window, search.halves()
            requests = [self._ask(half) for half in halves] if halves else None
        else:  # a GDELT URL given as a start point
            window = gdelt_window(response.url)
            if window is None or count < gdelt_cap(response.url):
                return
            urls = split_gdelt_url(response.url, window)
            requests = [self._request(url) for url in urls] if urls else None
        if requests is None:
            message = f"{count} results for {window.label()}, the most the API returns"
            yield FetchFailure(
                response.url, "result_cap", message + ": some may be missing", self.name
            )
        else:
            yield from requests

    def _request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta)

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.check_budget()
        yield self.page_item(response)
