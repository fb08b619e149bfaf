"""Downloader middleware that keeps a crawl off private networks.

Every request (redirects included, since Scrapy sends those through the middlewares again) to a host
that resolves to a private, loopback, link-local or reserved address is dropped, unless the user typed
that host (``SAFECITY_TRUSTED_HOSTS``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.netguard import refusal


class RefusedAddress(IgnoreRequest):
    pass


class PrivateAddressGuard:
    def __init__(self, trusted: frozenset[str]) -> None:
        self.trusted = trusted

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        hosts = crawler.settings.getlist("SAFECITY_TRUSTED_HOSTS")
        return cls(frozenset(h.lower() for h in hosts))

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        reason = refusal(host, self.trusted)
        if reason:
            raise RefusedAddress(f"refused {request.url}: {reason}")
