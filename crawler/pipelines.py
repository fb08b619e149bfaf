"""The one pipeline: extract each page, then store pages and failures in batched transactions.

It owns its database for the whole crawl: opened in ``open_spider``, flushed and closed in
``close_spider``. A batch commits whole; within it each item has its own savepoint, so one item the
database refuses is recorded as an error instead of losing the batch.

Per page: a 304 (``not_modified``) or a body stored before is counted unchanged without analysis;
anything else is analysed (HTML by ``extractors.analyze``, PDF by ``extractors.pdf``) and stored
as a new revision. A 404/410 for a URL that answered before marks it removed. A feed or search
result (``once``) is remembered for the source once its page is stored.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from crawler.items import FetchFailure, PageItem
from extractors import Analysis, analyze
from extractors.pdf import analyze_pdf, is_pdf
from keywords import load_vocabulary
from store.db import Database, require_current
from store.pages import FetchedPage, mark_removed, mark_seen, not_modified, save_page
from store.pages import touch_unchanged as stored_unchanged
from store.runs import finish_run, record_error, start_run

log = logging.getLogger(__name__)
FINISHED = ("finished", "closespider_pagecount", "page_budget")


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

    def _spider(self, attribute: str, default: Any = None) -> Any:
        return getattr(self.crawler.spider, attribute, default)

    def open_spider(self) -> None:
        self.db = Database(self.database_url)
        require_current(self.db.engine)
        with self.db.transaction() as session:
            run = start_run(
                session,
                self._spider("name", "?"),
                list(self._spider("start_urls", [])),
                self._spider("source_name"),
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
                self._finish(self.db, self.run_id)
            if self.db is not None:
                self.db.close()

    def _finish(self, db: Database, run_id: int) -> None:
        stats = self.crawler.stats
        value = stats.get_value if stats else (lambda key, default=None: default)
        reason = str(value("finish_reason", "finished"))
        status = "finished" if reason in FINISHED else reason
        requests = int(value("downloader/request_count", 0) or 0)
        received = int(value("downloader/response_bytes", 0) or 0)
        seen = int(value("safecity/seen_skipped", 0) or 0)
        with db.transaction() as session:
            finish_run(session, run_id, status, requests, received, seen)

    def flush(self) -> None:
        if not self.batch or self.db is None or self.run_id is None:
            return
        items, self.batch = self.batch, []
        with self.db.transaction() as session:
            for item in items:
                try:
                    with session.begin_nested():
                        self._store(session, item)
                except SQLAlchemyError as exc:
                    log.warning("could not store %s: %s", item.url, exc)
                    message = str(exc).splitlines()[0]
                    record_error(session, self.run_id, item.url, "store", message)

    def _store(self, session: Session, item: PageItem | FetchFailure) -> None:
        assert self.run_id is not None
        if isinstance(item, FetchFailure):
            record_error(session, self.run_id, item.url, item.kind, item.message)
            if item.kind in ("http_404", "http_410"):
                mark_removed(session, item.url, item.at)
            return
        fetched = FetchedPage(
            item.url,
            item.final_url,
            item.status,
            item.content_type,
            item.body,
            item.fetched_at,
            spider=item.spider,
            etag=item.etag,
            last_modified=item.last_modified,
            original_url=item.original_url,
            snapshot_at=item.snapshot_at,
            kind=self._spider("source_kind"),
        )
        if item.not_modified:
            not_modified(session, item.url, item.fetched_at, self.run_id)
        elif not stored_unchanged(session, fetched, self.run_id):
            analysis = self._analyze(session, item)
            if analysis is None:
                return
            save_page(session, fetched, analysis, self.kinds, self.run_id)
        if item.once:
            mark_seen(session, self._spider("seen_key") or item.spider, item.url, item.fetched_at)

    def _analyze(self, session: Session, item: PageItem) -> Analysis | None:
        assert self.run_id is not None
        try:
            if is_pdf(item.body, item.content_type):
                analysis = analyze_pdf(item.body, item.final_url)
            else:
                analysis = analyze(item.body, item.final_url, content_type=item.content_type)
        except Exception as exc:  # boundary: one page's extraction bug must not stop the crawl
            log.exception("extraction failed for %s", item.url)
            record_error(session, self.run_id, item.url, "extract", f"{type(exc).__name__}: {exc}")
            return None
        if analysis.error:
            record_error(session, self.run_id, item.url, "parse", analysis.error)
        elif not analysis.text:
            record_error(session, self.run_id, item.url, "empty", "no main text could be extracted")
        return analysis
