"""Downloader middleware that keeps a crawl off private networks.

Every request to a host that resolves to a private, loopback, link-local or reserved address is
dropped, unless the user typed that host (``SAFECITY_TRUSTED_HOSTS``). Redirects are checked on the
3xx response itself, before RedirectMiddleware follows them: a redirected request may otherwise be
dropped silently by the offsite filter at scheduling time, and the analyst should see the refusal.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

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
        self._check(request.url)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            self._check(urljoin(request.url, location.decode("latin-1")))
        return response

    def _check(self, url: str) -> None:
        reason = refusal(urlsplit(url).hostname or "", self.trusted)
        if reason:
            raise RefusedAddress(f"refused {url}: {reason}")
