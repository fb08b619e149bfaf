"""Behaviour every spider shares: raw page items, failures as items, a page budget, the source's
URL rules.

Attributes a subclass (or the sources file, through spider arguments) may set:
- ``name``: the spider's slug (also its module, test and fixture name);
- ``start_urls``: where to begin (``--start`` replaces them);
- ``max_pages``: how many pages to hand on at most (``SAFECITY_MAX_PAGES``, or the sources file's
  ``max_pages``);
- ``allowed_hosts``: host suffixes the spider may fetch pages from besides the start hosts (an empty
  tuple and ``any_host = True`` for spiders that follow results anywhere);
- ``any_host``: whether pages on any host may be fetched (feeds and search results);
- ``allow``: URL regexes; when given, only matching pages are handed on (the sources
  file's ``allow`` replaces the spider's);
- ``deny``: URL regexes never fetched (the sources file's ``deny`` adds to the spider's);
- ``source_name``, ``source_kind``: the sources-file entry this run is for, and its kind as
  evidence;
- ``languages``: language hints (``en``, ``zh``) for the queries a spider builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    CloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    StopDownload,
    UnsupportedURLSchemeError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectError,
    ConnectionLost,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.incremental import AlreadySeen
from crawler.items import FetchFailure, PageItem
from crawler.middlewares import RefusedAddress
from crawler.politeness import HostAbandoned
from crawler.reading import PDF, document_kind

# Links to these are never fetched: media, archives, office files, styles and scripts.
SKIP_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "svg", "webp", "ico", "zip", "rar", "7z", "gz", "exe", "apk",
    "mp4", "mp3", "avi", "mov", "wmv", "css", "js", "woff", "woff2", "ttf", "doc", "xls", "ppt",
)  # fmt: skip
SKIP_SUFFIXES = tuple("." + e for e in SKIP_EXTENSIONS)
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/pdf")


def _patterns(values: Iterable[str] | str | None) -> tuple[re.Pattern[str], ...]:
    if isinstance(values, str):
        values = [values]
    return tuple(re.compile(v) for v in values or ())


def _as_list(values: Iterable[str] | str | None) -> list[str]:
    if isinstance(values, str):
        return [v for v in values.split(",") if v]
    return list(values or [])


class BaseSpider(scrapy.Spider):
    max_pages: int | None = None
    allowed_hosts: tuple[str, ...] = ()
    any_host = False
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    source_name: str | None = None
    source_kind: str | None = None
    languages: tuple[str, ...] = ("en", "zh")

    def __init__(
        self,
        *args: Any,
        start_urls: Iterable[str] | str | None = None,
        max_pages: int | str | None = None,
        source: str | None = None,
        kind: str | None = None,
        allow: Iterable[str] | str | None = None,
        deny: Iterable[str] | str | None = None,
        languages: Iterable[str] | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_urls = _as_list(start_urls) or list(getattr(self, "start_urls", []))
        if max_pages is not None:
            self.max_pages = int(max_pages)
        self.source_name, self.source_kind = source, kind
        self.languages = tuple(_as_list(languages)) or self.languages
        self.keep_rules = _patterns(_as_list(allow) or self.allow)
        self.deny_rules = _patterns([*self.deny, *_as_list(deny)])
        hosts = {urlsplit(u).hostname or "" for u in self.start_urls}
        self.site_hosts = tuple(sorted(h.lower() for h in hosts if h)) + self.allowed_hosts
        self.pages_seen = 0
        self.abandoned: set[str] = set()

    @classmethod
    def arguments_for(cls, source: Any, last_started: datetime | None) -> dict[str, Any]:
        """This spider's arguments for a sources-file entry (``safecity.crawl.sources.SourceEntry``:
        name, kind, allow, deny, languages…), given when its last finished run started; a base
        spider that takes more reads them here, so the app never asks which spider it runs."""
        return {
            "source": source.name,
            "kind": source.kind,
            "allow": list(source.allow),
            "deny": list(source.deny),
            "languages": list(source.languages),
        }

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BaseSpider:
        kwargs.setdefault("max_pages", crawler.settings.getint("SAFECITY_MAX_PAGES") or None)
        spider: BaseSpider = super().from_crawler(crawler, *args, **kwargs)
        return spider

    @property
    def seen_key(self) -> str:
        """Whose memory of feed and search results this run reads and adds to."""
        return self.source_name or f"{self.name}:start"

    def budget_left(self) -> bool:
        return self.max_pages is None or self.pages_seen < self.max_pages

    def check_budget(self) -> None:
        """Call first in a page callback: the crawl stops once the page budget is spent."""
        if not self.budget_left():
            raise CloseSpider("page_budget")

    def on_site(self, url: str) -> bool:
        if self.any_host:
            return True
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.site_hosts)

    def denied(self, url: str) -> bool:
        return any(rule.search(url) for rule in self.deny_rules)

    def kept(self, url: str) -> bool:
        """Whether a page at ``url`` is handed on (the allow rules, if any, and no deny rule)."""
        if self.denied(url):
            return False
        return not self.keep_rules or any(rule.search(url) for rule in self.keep_rules)

    def page_item(self, response: Response, **extra: Any) -> PageItem | FetchFailure:
        """The response as a raw page, or a failure when it is not a page we read."""
        self.pages_seen += 1
        header = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        content_type = header or "text/html"
        kind = document_kind(response.body)
        if kind == PDF:
            content_type = "application/pdf"
        elif not content_type.split(";")[0].strip().lower().startswith(PAGE_TYPES):
            return FetchFailure(
                response.url,
                "unsupported_content",
                f"content type {header!r} is not a page we read",
                self.name,
            )
        meta = response.meta
        return PageItem(
            url=meta.get("redirect_urls", [response.url])[0],
            final_url=response.url,
            status=response.status,
            content_type=content_type,
            body=response.body,
            fetched_at=datetime.now(UTC),
            spider=self.name,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            not_modified=bool(meta.get("not_modified")),
            once=bool(meta.get("once")),
            **extra,
        )

    def failed(self, failure: Failure) -> FetchFailure | None:
        """Errback: every failed request becomes an item, recorded on the crawl run."""
        request = getattr(failure, "request", None)
        url = request.meta.get("redirect_urls", [request.url])[0] if request is not None else "?"
        error = failure.value
        if error is None or isinstance(error, AlreadySeen):
            return None  # not a failure: an earlier run handed it on
        kind, message = _classify(error)
        if kind == "host_abandoned":
            host = urlsplit(url).hostname or ""
            if host in self.abandoned:
                return None  # recorded once per host
            self.abandoned.add(host)
        return FetchFailure(url, kind, message, self.name)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _classify(error: BaseException) -> tuple[str, str]:
    text = str(error)
    if isinstance(error, HttpError):
        status = error.response.status
        return f"http_{status}", f"HTTP {status}"
    if isinstance(error, RefusedAddress):
        return "refused_address", text
    if isinstance(error, HostAbandoned):
        return "host_abandoned", text
    if isinstance(error, StopDownload):
        return "unsupported_content", "the content type is not one we read (not downloaded)"
    if "max size" in text or "DOWNLOAD_MAXSIZE" in text:
        return "too_large", text[:500]
    if isinstance(error, IgnoreRequest) and "robots.txt" in text:
        return "robots_disallowed", text
    for kinds, kind in NETWORK_KINDS:
        if isinstance(error, kinds):
            return kind, f"{NETWORK_MESSAGES[kind]} ({text[:300]})" if text else NETWORK_MESSAGES[
                kind
            ]
    return "other", f"{type(error).__name__}: {text[:500]}"


# failures on the way to a host, by kind: one name each, whatever library raised them
NETWORK_KINDS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DNSLookupError, CannotResolveHostError), "dns"),
    ((TimeoutError, TCPTimedOutError, DownloadTimeoutError), "timeout"),
    ((ConnectError, DownloadConnectionRefusedError), "connect"),
    ((ResponseDataLossError, ConnectionLost), "connection_lost"),
    ((UnsupportedURLSchemeError,), "unsupported_scheme"),
    ((DownloadCancelledError, DownloadFailedError), "download"),
    ((IgnoreRequest,), "ignored"),
)
NETWORK_MESSAGES = {
    "dns": "the host name does not resolve",
    "timeout": "no answer in time",
    "connect": "the host refused or did not take the connection",
    "connection_lost": "the connection broke before the whole answer came",
    "unsupported_scheme": "not an http or https address",
    "download": "the download failed",
    "ignored": "the request was dropped",
}
