"""``news``: news feeds (RSS, Atom), news sitemaps and search APIs (GDELT DOC 2.0 article lists,
Google News RSS) in English and Chinese; every result is fetched once per source, ever. Feeds and
searches come from the sources file; ``--start`` takes any feed, sitemap or GDELT URL."""

from __future__ import annotations

from crawler.base_spiders import FeedSpider


class NewsSpider(FeedSpider):
    name = "news"
    deny = (
        r"(?i)/(video|videos|live|podcasts?|gallery|photos?)/",
        r"(?i)\.(mp3|mp4|jpg|png)$",
    )
