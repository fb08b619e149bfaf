"""A crawl's progress for the person who started it: on a terminal one live line, rewritten every
second; elsewhere (a log, cron) one summary line every ``SAFECITY_PROGRESS_INTERVAL`` seconds.

Settings: ``SAFECITY_PROGRESS`` is ``live``, ``lines`` or empty (off: the default, so that a
crawl run by the scheduler or a test stays quiet); ``SAFECITY_PROGRESS_INTERVAL`` seconds between
lines (default 30). The line goes to stderr: stdout keeps the crawl's summary.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.items import FetchFailure, PageItem

LIVE_SECONDS = 1.0


@dataclass
class Counts:
    fetched: int = 0
    stored: int = 0
    errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def line(self, name: str) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.fetched / elapsed * 60
        errors = "1 error" if self.errors == 1 else f"{self.errors} errors"
        stored = "1 page" if self.stored == 1 else f"{self.stored} pages"
        return (
            f"{name}: {self.fetched} fetched, {stored} stored, {errors}, "
            f"{rate:.0f} pages/min, {_clock(elapsed)}"
        )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class Progress:
    def __init__(self, crawler: Crawler, mode: str, interval: float, out: TextIO) -> None:
        self.name = crawler.spider.name if crawler.spider else "crawl"
        self.mode = mode
        self.interval = LIVE_SECONDS if mode == "live" else interval
        self.out = out
        self.counts = Counts()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        mode = crawler.settings.get("SAFECITY_PROGRESS") or ""
        if mode not in ("live", "lines"):
            raise NotConfigured
        interval = crawler.settings.getfloat("SAFECITY_PROGRESS_INTERVAL", 30.0)
        extension = cls(crawler, mode, max(interval, LIVE_SECONDS), sys.stderr)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response, signal=signals.response_received)
        crawler.signals.connect(extension.item, signal=signals.item_scraped)
        return extension

    def opened(self, spider: Any) -> None:
        self.name = getattr(spider, "source_name", None) or spider.name
        self.counts = Counts()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def response(self, response: Any, request: Any, spider: Any) -> None:
        self.counts.fetched += 1

    def item(self, item: Any, response: Any, spider: Any) -> None:
        if isinstance(item, PageItem):
            self.counts.stored += 1
        elif isinstance(item, FetchFailure):
            self.counts.errors += 1

    def show(self) -> None:
        line = self.counts.line(self.name)
        if self.mode == "live":
            self.out.write("\r\x1b[2K" + line)  # back to the start, clear the line
        else:
            self.out.write(line + "\n")
        self.out.flush()

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.mode == "live":
            self.out.write("\r\x1b[2K")
            self.out.flush()
