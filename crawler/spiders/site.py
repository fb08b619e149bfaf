"""``site``: a whole site from its start URLs: same-site links and sitemaps, within depth and
budget; every page is handed on."""

from __future__ import annotations

from crawler.base_spiders import RuleSpider


class SiteSpider(RuleSpider):
    name = "site"
    follow = ("",)  # every page's links are read
