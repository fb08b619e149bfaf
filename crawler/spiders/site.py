"""``site``: a whole site from its start URLs: same-site links and sitemaps, within depth and
budget."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap

from crawler.spiders.base import BaseSpider

SKIP_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "gif", "svg", "zip", "mp4", "mp3", "css", "js"]


class SiteSpider(BaseSpider):
    name = "site"

    def __init__(
        self, *args: Any, start_urls: list[str] | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(start_urls, str):
            start_urls = start_urls.split(",")
        self.start_urls = list(start_urls or [])
        hosts = {urlsplit(u).hostname for u in self.start_urls}
        self.allowed_domains = sorted(h for h in hosts if h)
        self.links = LinkExtractor(deny_extensions=SKIP_EXTENSIONS)

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if _is_sitemap(response):
            yield from self._sitemap_requests(response)
            return
        if not self.budget_left():
            return
        yield self.page_item(response)
        if not isinstance(response, TextResponse):
            return
        for link in self.links.extract_links(response):
            if self._same_site(link.url):
                yield scrapy.Request(link.url, callback=self.parse, errback=self.failed)

    def _same_site(self, url: str) -> bool:
        # by host name: LinkExtractor's allow_domains compares host:port and so misses local sites
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _sitemap_requests(self, response: Response) -> Iterator[scrapy.Request]:
        for entry in Sitemap(response.body):
            loc = entry.get("loc")
            url = response.urljoin(loc) if loc else None  # a relative <loc> is read as the page's
            if url and self._same_site(url):
                yield scrapy.Request(url, callback=self.parse, errback=self.failed)


def _is_sitemap(response: Response) -> bool:
    head = response.body[:500].lstrip()
    return head.startswith(b"<?xml") and (b"<urlset" in head or b"<sitemapindex" in head)
