"""The one pipeline: analyse each page in worker processes, then store pages and failures in batched
transactions.

It owns its database and its extraction workers for the whole crawl: opened in ``open_spider``,
flushed in ``close_spider``, and the run closed with its status on ``spider_closed`` (the first
moment Scrapy says why the crawl ended). A batch commits whole, with one UPDATE of the run's
counters; a batch the database refuses is stored again with a savepoint per item, so the item it
refuses is recorded as an error instead of losing the batch (savepoints cost every item a little,
so they are taken only then).

Per page: a 304 (``not_modified``) or a body stored before is counted unchanged without analysis;
anything else is analysed (HTML by ``extractors.analyze``, PDF by ``extractors.pdf``) and stored
as a new revision. A 404/410 for a URL that answered before marks it removed. A feed or search
result (``once``) is remembered for the source once its page is stored.

Analysis runs in ``SAFECITY_EXTRACT_WORKERS`` processes (``crawler.workers``; 0: in this process,
inside the batch's transaction) while Scrapy goes on fetching: ``process_item`` waits for its
page's analysis, at most twice as many analyses as workers are in flight, and a page waiting keeps
its place among Scrapy's requests in flight, so fetching slows to the pace of analysis and memory
stays flat. Batches are then written by one thread beside the reactor, which goes on feeding the
workers meanwhile (the database drivers and zstd release the GIL). A page whose
analysis kills a worker is recorded as an ``extract`` error and the workers are replaced; the
pages that were in flight beside it are analysed again, one at a time, to tell which one it was.
A crawl stopped by SIGTERM or SIGINT (Scrapy's ``shutdown``) finishes and stores the analyses in
flight, and its run is recorded ``interrupted``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import is_asyncio_available
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from twisted.internet.defer import Deferred, DeferredLock, DeferredSemaphore

from crawler.items import FetchFailure, PageItem
from crawler.workers import ExtractionPool, analyze_page
from extractors import Analysis
from keywords import load_vocabulary
from store.db import Database, first_line, is_transient, require_current
from store.pages import (
    UNCHANGED,
    FetchedPage,
    content_hash,
    is_stored,
    mark_removed,
    mark_seen,
    not_modified,
    save_page,
)
from store.pages import touch_unchanged as stored_unchanged
from store.runs import RunTally, add_to_run, finish_run, record_error, start_run

log = logging.getLogger(__name__)
FINISHED = ("finished", "closespider_pagecount", "page_budget")
STATUSES = {"shutdown": "interrupted"}  # Scrapy's finish_reason -> the run's status, if not itself
T = TypeVar("T")


@dataclass(frozen=True)
class Failed:
    """An analysis that raised, or killed its worker: recorded as an ``extract`` error."""

    message: str


Outcome = Analysis | Failed | None  # None: not analysed yet (in-process mode, or stored before)
Counted = tuple[str, int] | None  # how the run counts a stored item: (new/changed/unchanged, bytes)


class StorePipeline:
    def __init__(
        self, crawler: Crawler, database_url: str, batch_size: int, workers: int = 0
    ) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.batch_size = batch_size
        self.workers = workers
        self.kinds = load_vocabulary().site_kinds
        self.batch: list[tuple[PageItem | FetchFailure, Outcome]] = []
        self.db: Database | None = None
        self.run_id: int | None = None
        self.pool: ExtractionPool | None = None
        self.writer: ThreadPoolExecutor | None = None
        self.slots = DeferredSemaphore(max(1, 2 * workers))
        self.alone = DeferredLock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        url = crawler.settings.get("SAFECITY_DATABASE_URL")
        if not url:
            raise NotConfigured("SAFECITY_DATABASE_URL is not set: nothing to store pages in")
        workers = crawler.settings.get("SAFECITY_EXTRACT_WORKERS")
        count = (os.cpu_count() or 1) if workers is None else int(workers)
        pipeline = cls(crawler, url, crawler.settings.getint("SAFECITY_BATCH_SIZE", 50), count)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

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
        if self.workers > 0:
            self.pool = ExtractionPool(self.workers)
            self.pool.warm()
            self.writer = ThreadPoolExecutor(1, thread_name_prefix="safecity-store")

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem | FetchFailure):
            if isinstance(item, PageItem) and not item.digest:
                item.digest = content_hash(item.body)
            outcome = await self._analysis(item) if self._needs_analysis(item) else None
            self.batch.append((item, outcome))
            if len(self.batch) >= self.batch_size:
                await self._write()
        return item

    async def close_spider(self) -> None:
        # Scrapy calls this once every process_item has returned: no analysis is left in flight
        try:
            await self._write()
        finally:
            if self.writer is not None:
                self.writer.shutdown(wait=True)
            if self.pool is not None:
                self.pool.close()

    async def _write(self) -> None:
        """Store the batch: here (in-process analysis happens while storing), or in the writer
        thread, one batch after the other, while the reactor goes on feeding the workers."""
        items, self.batch = self.batch, []
        if self.writer is None:
            self.store(items)
        else:
            await _awaitable(self.writer.submit(self.store, items))

    def spider_closed(self, reason: str) -> None:
        """After ``close_spider``: the first moment Scrapy says why the crawl ended."""
        try:
            if self.db is not None and self.run_id is not None:
                self._finish(self.db, self.run_id, reason)
        finally:
            if self.db is not None:
                self.db.close()

    def _finish(self, db: Database, run_id: int, reason: str) -> None:
        stats = self.crawler.stats
        value = stats.get_value if stats else (lambda key, default=None: default)
        status = "finished" if reason in FINISHED else STATUSES.get(reason, reason)
        requests = int(value("downloader/request_count", 0) or 0)
        received = int(value("downloader/response_bytes", 0) or 0)
        seen = int(value("safecity/seen_skipped", 0) or 0)
        with db.transaction() as session:
            finish_run(session, run_id, status, requests, received, seen)

    def _needs_analysis(self, item: PageItem | FetchFailure) -> bool:
        """A page to send to the workers: not a failure, not a 304, not stored before."""
        if self.pool is None or self.db is None or not isinstance(item, PageItem):
            return False
        if item.not_modified:
            return False
        with self.db.reading() as session:
            return not is_stored(session, item.url, item.digest)

    async def _analysis(self, item: PageItem | FetchFailure) -> Outcome:
        assert self.pool is not None and isinstance(item, PageItem)
        pool, args = self.pool, (item.body, item.final_url, item.content_type)
        await maybe_deferred_to_future(self.slots.acquire())
        try:
            generation, future = pool.submit(*args)
            try:
                return await self._settled(future, item.url)
            except BrokenProcessPool:
                pool.renew(generation)
        finally:
            self.slots.release()
        # a worker died while this page was in flight: once more, alone, to know whose it was
        await maybe_deferred_to_future(self.alone.acquire())
        try:
            return await self._settled(pool.isolated(*args), item.url)
        except BrokenProcessPool:
            log.error("analysis of %s killed its worker process", item.url)
            return Failed("the worker process analysing this page died")
        finally:
            self.alone.release()

    @staticmethod
    async def _settled(future: Future[Analysis], url: str) -> Outcome:
        try:
            return await _awaitable(future)
        except BrokenProcessPool:
            raise
        except Exception as exc:  # boundary: one page's extraction bug must not stop the crawl
            log.error("extraction failed for %s: %s: %s", url, type(exc).__name__, exc)
            return Failed(f"{type(exc).__name__}: {exc}")

    def store(self, items: list[tuple[PageItem | FetchFailure, Outcome]]) -> None:
        """One transaction for the batch; the batch is tried again when the database dropped the
        connection or broke a deadlock (two workers storing the same candidate), and once more with
        a savepoint per item when the database refused one of them."""
        if not items or self.db is None or self.run_id is None:
            return
        try:
            self.db.retrying(lambda session: self._store_batch(session, items), savepoints=True)
        except SQLAlchemyError as exc:
            if is_transient(exc):
                raise
            log.info("a batch was refused (%s); storing it item by item", first_line(exc))
            self.db.retrying(
                lambda session: self._store_batch(session, items, isolated=True), savepoints=True
            )

    def _store_batch(
        self,
        session: Session,
        items: list[tuple[PageItem | FetchFailure, Outcome]],
        isolated: bool = False,
    ) -> None:
        """Store the items, counted on the run once; ``isolated``: each in a savepoint."""
        assert self.run_id is not None
        tally = RunTally()
        for item, outcome in items:
            store = self._store_isolated if isolated else self._store
            counted = store(session, item, outcome)
            if counted is not None:
                tally.add(*counted)
        add_to_run(session, self.run_id, tally)

    def _store_isolated(
        self, session: Session, item: PageItem | FetchFailure, outcome: Outcome
    ) -> Counted:
        """``_store`` in a savepoint: an item the database refuses is recorded as a ``store``
        error."""
        assert self.run_id is not None
        try:
            with session.begin_nested():
                return self._store(session, item, outcome)
        except SQLAlchemyError as exc:
            if is_transient(exc):  # the whole batch is tried again, not this item lost
                raise
            log.warning("could not store %s: %s", item.url, exc)
            record_error(session, self.run_id, item.url, "store", first_line(exc))
            return None

    def _store(self, session: Session, item: PageItem | FetchFailure, outcome: Outcome) -> Counted:
        """Store one item; returns how the run counts it (outcome and bytes), if it does."""
        assert self.run_id is not None
        if isinstance(item, FetchFailure):
            record_error(session, self.run_id, item.url, item.kind, item.message)
            if item.kind in ("http_404", "http_410"):
                mark_removed(session, item.url, item.at)
            return None
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
            digest=item.digest,
        )
        counted: Counted = None
        if item.not_modified:
            counted = (UNCHANGED, 0) if not_modified(session, item.url, item.fetched_at) else None
        elif outcome is None and stored_unchanged(session, fetched):
            counted = (UNCHANGED, len(item.body))
        else:  # analysed by a worker: it was not stored then, and save_page looks again
            analysis = self._checked(
                session, item, outcome if outcome is not None else _analyze_here(item)
            )
            if analysis is None:
                return None
            stored = save_page(session, fetched, analysis, self.kinds, self.run_id)
            counted = (stored, len(item.body))
        if item.once:
            mark_seen(session, self._spider("seen_key") or item.spider, item.url, item.fetched_at)
        return counted

    def _checked(self, session: Session, item: PageItem, outcome: Outcome) -> Analysis | None:
        """The analysis to store, with its problems recorded; None when there is nothing to
        store."""
        assert self.run_id is not None
        if outcome is None or isinstance(outcome, Failed):
            message = outcome.message if outcome else "no analysis"
            record_error(session, self.run_id, item.url, "extract", message)
            return None
        if outcome.error:
            record_error(session, self.run_id, item.url, "parse", outcome.error)
        elif not outcome.text:
            record_error(session, self.run_id, item.url, "empty", "no main text could be extracted")
        return outcome


def _analyze_here(item: PageItem) -> Outcome:
    """In-process analysis (no workers, or a page the workers skipped as stored before)."""
    try:
        return analyze_page(item.body, item.final_url, item.content_type)
    except Exception as exc:  # boundary: one page's extraction bug must not stop the crawl
        log.exception("extraction failed for %s", item.url)
        return Failed(f"{type(exc).__name__}: {exc}")


def _awaitable(future: Future[T]) -> Awaitable[T]:
    """A worker's future as something a Scrapy coroutine can await, with or without asyncio."""
    if is_asyncio_available():
        return asyncio.wrap_future(future)
    from twisted.internet import reactor

    deferred: Deferred[T] = Deferred()

    def settle(done: Future[T]) -> None:
        error = done.exception()
        if error is not None:
            deferred.errback(error)
        else:
            deferred.callback(done.result())

    future.add_done_callback(lambda done: reactor.callFromThread(settle, done))
    return deferred
