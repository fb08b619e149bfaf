"""A focused crawl from seed pages: links scored by the vocabulary, followed best-first.

Attributes a subclass may set (besides those of ``BaseSpider``):
- ``min_score``: the score a link needs to be followed (``crawler.scoring``: 3 per product term, 1
  per focus hint in its anchor text, URL words and surrounding text);
- ``max_depth``: how many links deep from a seed (``DEPTH_LIMIT`` also applies);
- ``allowed_hosts``: host suffixes besides the seeds' hosts (a ministry's other portals).

Seeds are always handed on; every page reached is handed on and read for links. Links are requested
with their score as priority, so within the page budget the best-scored pages come first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.base_spiders.base import SKIP_SUFFIXES, BaseSpider
from crawler.reading import links_in_context
from crawler.scoring import default_scorer


class FocusedSpider(BaseSpider):
    min_score = 1
    max_depth = 4

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, priority=1000)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        self.check_budget()
        yield self.page_item(response)
        depth = int(response.meta.get("depth", 0))
        if depth >= self.max_depth:
            return
        scorer = default_scorer()
        for link in links_in_context(response):
            url = link.url.split("#", 1)[0]
            if not self.on_site(url) or self.denied(url) or url.lower().endswith(SKIP_SUFFIXES):
                continue
            if self.keep_rules and not self.kept(url):
                continue
            score = scorer.score(link)
            if score >= self.min_score:
                yield scrapy.Request(
                    url, callback=self.parse, errback=self.failed, priority=score * 10
                )
