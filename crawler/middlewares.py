"""Downloader components that keep a crawl safe: off private networks, away from content we do not
read.

Every request to a host that resolves to a private, loopback, link-local or reserved address is
dropped, unless the user typed that host (``SAFECITY_TRUSTED_HOSTS``) or allow-listed it
(``SAFECITY_ALLOW_HOSTS``: host names or networks). Redirects are checked on the 3xx response
itself, before RedirectMiddleware follows them: a redirected request may otherwise be dropped
silently by the offsite filter at scheduling time, and the analyst should see the refusal.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Headers, Response

from crawler.netguard import AllowList, refusal

# What a crawl downloads: pages (HTML, text), PDFs, and the feeds, sitemaps and JSON that lead to
# them. octet-stream is let through because servers label PDFs so; the spider checks the bytes.
ACCEPTED_TYPES = (
    "text/",
    "application/xhtml+xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/json",
    "application/pdf",
    "application/x-pdf",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
)


class RefusedAddress(IgnoreRequest):
    pass


class PrivateAddressGuard:
    def __init__(self, trusted: frozenset[str], allowed: AllowList) -> None:
        self.trusted = trusted
        self.allowed = allowed
        self.verdicts: dict[str, str | None] = {}  # per host, for the crawl: one lookup each

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        hosts = crawler.settings.getlist("SAFECITY_TRUSTED_HOSTS")
        allowed = AllowList.parse(crawler.settings.getlist("SAFECITY_ALLOW_HOSTS"))
        return cls(frozenset(h.lower() for h in hosts), allowed)

    def process_request(self, request: Request) -> None:
        self._check(request.url)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            self._check(urljoin(request.url, location.decode("latin-1")))
        return response

    def _check(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        if host not in self.verdicts:
            self.verdicts[host] = refusal(host, self.trusted, self.allowed)
        reason = self.verdicts[host]
        if reason:
            raise RefusedAddress(f"refused {url}: {reason}")


class ContentTypeGate:
    """Extension: stops a download as soon as its headers say it is an image, a video, an
    archive … (the errback then gets ``StopDownload``)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContentTypeGate:
        gate = cls()
        crawler.signals.connect(gate.headers_received, signal=signals.headers_received)
        return gate

    def headers_received(self, headers: Headers, request: Request, **_: Any) -> None:
        value = (headers.get(b"Content-Type") or b"").decode("latin-1").strip().lower()
        if value and not value.startswith(ACCEPTED_TYPES):
            raise StopDownload(fail=True)
