"""Downloader middlewares that keep a crawl polite with servers that push back.

- ``RetryAfter``: a 429 (or a 503 with ``Retry-After``) waits as long as the server asks (capped by
  ``SAFECITY_MAX_RETRY_AFTER`` seconds), slows the whole host down by as much, then retries, at most
  ``SAFECITY_RETRY_AFTER_TIMES`` times; past that the response goes on as an error.
- ``NotFoundStreak``: after ``SAFECITY_MAX_404_STREAK`` answers 404/410 in a row from one host, the
  rest of that host's requests are dropped (a broken link farm or a site that moved).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import sleep


class HostAbandoned(IgnoreRequest):
    pass


def retry_after_seconds(value: bytes | None) -> float | None:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class RetryAfter:
    def __init__(self, crawler: Crawler, cap: float, times: int) -> None:
        self.crawler = crawler
        self.cap = cap
        self.times = times

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfter:
        times = crawler.settings.getint("SAFECITY_RETRY_AFTER_TIMES")
        if times <= 0:
            raise NotConfigured("SAFECITY_RETRY_AFTER_TIMES is 0")
        return cls(crawler, crawler.settings.getfloat("SAFECITY_MAX_RETRY_AFTER"), times)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if response.status == 429 and wait is None:
            wait = 1.0
        if response.status not in (429, 503) or wait is None:
            return response
        tries = int(request.meta.get("retry_after_times", 0))
        if tries >= self.times or wait > self.cap:
            return response
        self._slow_down(request, wait)
        if self.crawler.stats:
            self.crawler.stats.inc_value("safecity/retry_after")
        await sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = tries + 1
        return retry

    def _slow_down(self, request: Request, wait: float) -> None:
        engine = self.crawler.engine
        if engine is None:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, wait)


class NotFoundStreak:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.streaks: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NotFoundStreak:
        limit = crawler.settings.getint("SAFECITY_MAX_404_STREAK")
        if limit <= 0:
            raise NotConfigured("SAFECITY_MAX_404_STREAK is 0")
        return cls(limit)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if self.streaks[host] >= self.limit:
            raise HostAbandoned(f"{host} answered {self.limit} requests in a row with 404/410")

    def process_response(self, request: Request, response: Response) -> Response:
        host = urlsplit(request.url).hostname or ""
        if request.url.endswith("/robots.txt"):
            return response  # a site without robots.txt is not a broken site
        if response.status in (404, 410):
            self.streaks[host] += 1
        elif response.status < 300:
            self.streaks[host] = 0
        return response
