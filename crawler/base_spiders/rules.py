"""Sites read through their sitemaps and listing pages, with URL rules for what to fetch and,
optionally, the page's own words for what to hand on.

Attributes a subclass may set (besides those of ``BaseSpider``):
- ``follow``: URL regexes of listing and section pages whose links are read (``("",)``: every page);
- ``allow``: URL regexes of the pages handed on (empty: every page); links and sitemap entries are
  fetched when they match ``allow`` or ``follow``;
- ``deny``: URL regexes never fetched;
- ``sitemap_follow``: regexes a child sitemap of a sitemap index must match (empty: all);
- ``skip_extensions``: link extensions never fetched (images, media, archives, styles, scripts);
- ``min_product_terms``: when above 0, a fetched page (that ``allow`` lets through) is handed on
  only if its title and visible text (``crawler.reading.seen_words``: no menus, headers, footers;
  a PDF's title and first pages) name at least this many Safe City product terms
  (``crawler.scoring.product_terms``: ``keywords/products.toml`` through the extractors' matcher);
  the title is read first, the body only when the title does not settle it. A page the server
  says has not changed since it was stored is handed on without being read again. 0: the URL
  rules alone decide.

Start URLs may be sitemaps, sitemap indexes (plain or gzipped) or pages; a start page is always
read for links. Links and sitemap entries leave neither the start hosts nor ``allowed_hosts``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from crawler.base_spiders.base import SKIP_EXTENSIONS, BaseSpider, _patterns
from crawler.links import page_links
from crawler.reading import (
    SITEMAPINDEX,
    URLSET,
    body_of,
    document_kind,
    seen_words,
    sitemap_locs,
)
from crawler.scoring import product_terms


class RuleSpider(BaseSpider):
    follow: tuple[str, ...] = ("",)
    sitemap_follow: tuple[str, ...] = ()
    skip_extensions: tuple[str, ...] = SKIP_EXTENSIONS
    min_product_terms = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.follow_rules = _patterns(self.follow)
        self.sitemap_rules = _patterns(self.sitemap_follow)
        self.skip_suffixes = frozenset("." + e.lower().lstrip(".") for e in self.skip_extensions)

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, meta={"start": 1})

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        kind = document_kind(response.body[:4096])
        if response.body[:2] == b"\x1f\x8b" or kind in (URLSET, SITEMAPINDEX):
            yield from self.parse_sitemap(response)
        else:
            yield from self.parse_page(response)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        body = body_of(response)
        index = document_kind(body) == SITEMAPINDEX
        for loc in sitemap_locs(body):
            url = response.urljoin(loc)  # a relative <loc> is read as the sitemap's
            if not self.on_site(url) or self.denied(url):
                continue
            if index and self._matches(self.sitemap_rules, url, default=True):
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed)
            elif not index and (self.kept(url) or self._follows(url)):
                yield scrapy.Request(url, callback=self.parse_page, errback=self.failed)

    def parse_page(self, response: Response) -> Iterator[Any]:
        self.check_budget()
        if self.hands_on(response):
            yield self.page_item(response)
        if not isinstance(response, TextResponse):
            return
        if not (response.meta.get("start") or self._follows(response.url)):
            return
        for url in page_links(response, self.skip_suffixes):
            if (
                self.on_site(url)
                and not self.denied(url)
                and (self.kept(url) or self._follows(url))
            ):
                yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def hands_on(self, response: Response) -> bool:
        """Whether a fetched page is handed on: by its URL (``allow``), then by its words."""
        first = response.meta.get("redirect_urls", [response.url])[0]
        if not (self.kept(response.url) or self.kept(first)):
            return False
        if self.min_product_terms <= 0 or response.meta.get("not_modified"):
            return True
        found = 0
        for words in seen_words(response):
            found += product_terms(words)
            if found >= self.min_product_terms:
                return True
        return False

    def _follows(self, url: str) -> bool:
        return not self.denied(url) and self._matches(self.follow_rules, url, default=False)

    @staticmethod
    def _matches(rules: tuple[re.Pattern[str], ...], url: str, *, default: bool) -> bool:
        return any(rule.search(url) for rule in rules) if rules else default
