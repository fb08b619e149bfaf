"""The crawl pipeline's batches, on SQLite and PostgreSQL: a page the database refuses is recorded
as an error and the rest of its batch is stored, with the run's counters right."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from crawler.items import FetchFailure, PageItem
from crawler.pipelines import StorePipeline
from store.db import Database
from store.models import CrawlError, CrawlRun, Page


def page(n: int) -> PageItem:
    body = (
        f"<html><body><article><p>Report {n}: Huawei signed a contract with the city of "
        f"Nairobi, Kenya, for facial recognition cameras.</p></article></body></html>"
    ).encode()
    url = f"http://news.example/{n}.html"
    return PageItem(url, url, 200, "text/html", body, datetime.now(UTC), "site")


def run_batch(db: Database, items: list[PageItem | FetchFailure]) -> None:
    crawler = get_crawler(Spider)
    crawler.spider = Spider(name="site")
    pipeline = StorePipeline(crawler, db.url, batch_size=len(items))
    pipeline.open_spider()
    try:
        pipeline.store([(item, None) for item in items])
    finally:
        pipeline.spider_closed("finished")


def test_a_page_the_database_refuses_is_an_error_and_its_batch_is_stored(db: Database) -> None:
    refused = page(2)
    refused.status = None  # type: ignore[assignment]  # pages.status is NOT NULL
    gone = FetchFailure("http://news.example/gone.html", "http_404", "404 Not Found", "site")
    run_batch(db, [page(0), page(1), refused, gone, page(3)])
    with db.reading() as session:
        stored = session.scalars(select(Page.url).order_by(Page.url)).all()
        errors = session.execute(select(CrawlError.url, CrawlError.kind)).all()
        run = session.scalars(select(CrawlRun)).one()
    assert stored == [page(n).url for n in (0, 1, 3)]
    assert sorted(errors) == sorted([(refused.url, "store"), (gone.url, "http_404")])
    assert (run.pages_new, run.pages_unchanged, run.errors) == (3, 0, 2)


def test_a_batch_seen_again_counts_its_pages_unchanged(db: Database) -> None:
    items: list[PageItem | FetchFailure] = [page(n) for n in range(3)]
    run_batch(db, items)
    run_batch(db, [page(n) for n in range(4)])
    with db.reading() as session:
        runs = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
        assert session.scalar(select(Page.id).where(Page.url == page(3).url)) is not None
    assert [(r.pages_new, r.pages_unchanged) for r in runs] == [(3, 0), (1, 3)]
