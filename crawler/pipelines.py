"""The one pipeline: extract each page, then store pages and failures in batched transactions.

It owns its database for the whole crawl: opened in ``open_spider``, flushed and closed in
``close_spider``. A batch commits whole; within it each item has its own savepoint, so one item the
database refuses is recorded as an error instead of losing the batch.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from crawler.items import FetchFailure, PageItem
from extractors import analyze
from keywords import load_vocabulary
from store.db import Database, require_current
from store.pages import FetchedPage, save_page
from store.runs import finish_run, record_error, start_run

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler, database_url: str, batch_size: int) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.batch_size = batch_size
        self.kinds = load_vocabulary().site_kinds
        self.batch: list[PageItem | FetchFailure] = []
        self.db: Database | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        url = crawler.settings.get("SAFECITY_DATABASE_URL")
        if not url:
            raise NotConfigured("SAFECITY_DATABASE_URL is not set: nothing to store pages in")
        return cls(crawler, url, crawler.settings.getint("SAFECITY_BATCH_SIZE", 50))

    def open_spider(self) -> None:
        self.db = Database(self.database_url)
        require_current(self.db.engine)
        spider = self.crawler.spider
        with self.db.transaction() as session:
            run = start_run(
                session, spider.name if spider else "?", list(getattr(spider, "start_urls", []))
            )
            self.run_id = run.id

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem | FetchFailure):
            self.batch.append(item)
            if len(self.batch) >= self.batch_size:
                self.flush()
        return item

    def close_spider(self) -> None:
        try:
            self.flush()
        finally:
            if self.db is not None and self.run_id is not None:
                stats = self.crawler.stats
                reason = stats.get_value("finish_reason", "finished") if stats else "finished"
                requests = stats.get_value("downloader/request_count", 0) if stats else 0
                status = "finished" if reason in ("finished", "closespider_pagecount") else reason
                with self.db.transaction() as session:
                    finish_run(session, self.run_id, str(status), int(requests or 0))
            if self.db is not None:
                self.db.close()

    def flush(self) -> None:
        if not self.batch or self.db is None or self.run_id is None:
            return
        items, self.batch = self.batch, []
        with self.db.transaction() as session:
            for item in items:
                self._store(session, item)

    def _store(self, session: Session, item: PageItem | FetchFailure) -> None:
        assert self.run_id is not None
        if isinstance(item, FetchFailure):
            record_error(session, self.run_id, item.url, item.kind, item.message)
            return
        try:
            analysis = analyze(item.body, item.final_url, content_type=item.content_type)
        except Exception as exc:  # boundary: one page's extraction bug must not stop the crawl
            log.exception("extraction failed for %s", item.url)
            record_error(session, self.run_id, item.url, "extract", f"{type(exc).__name__}: {exc}")
            return
        if analysis.error:
            record_error(session, self.run_id, item.url, "parse", analysis.error)
        elif not analysis.text:
            record_error(session, self.run_id, item.url, "empty", "no main text could be extracted")
        fetched = FetchedPage(
            item.url, item.final_url, item.status, item.content_type, item.body, item.fetched_at
        )
        try:
            with session.begin_nested():
                save_page(session, fetched, analysis, self.kinds, self.run_id)
        except SQLAlchemyError as exc:
            log.warning("could not store %s: %s", item.url, exc)
            record_error(session, self.run_id, item.url, "store", str(exc).splitlines()[0])
