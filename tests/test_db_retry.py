"""Several crawl workers writing to one PostgreSQL database: a transaction whose connection the
server dropped runs again (the crawl pipeline's batches too), and two writers adding the same site
at once end with one row."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawler.items import PageItem
from crawler.pipelines import Counted, StorePipeline
from store.db import Database, upgrade
from store.models import CrawlError, CrawlRun, Page, Source
from store.sources import get_or_add_source

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_server: str) -> Database:
    db = Database(postgres_server)
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("TRUNCATE sources RESTART IDENTITY CASCADE"))
    return db


def terminate(url: str, pid: int) -> None:
    admin = create_engine(url)
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def test_a_transaction_whose_connection_dropped_runs_again(pg: Database) -> None:
    tries = []

    def work(session: Session) -> int:
        pid = int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
        tries.append(pid)
        if len(tries) == 1:
            terminate(pg.url, pid)  # as a database restart or a proxy's idle timeout would
        return get_or_add_source(session, "a.example", "media").id

    source_id = pg.retrying(work)
    with pg.reading() as session:
        assert session.scalars(select(Source.id)).all() == [source_id]
    assert len(tries) == 2 and tries[0] != tries[1]
    pg.close()


def test_a_deadlock_victim_runs_again(pg: Database) -> None:
    with pg.transaction() as session:
        session.add_all([Source(host="a.example", kind="x"), Source(host="b.example", kind="x")])
    both_hold_one = threading.Barrier(2, timeout=30)
    tries: list[str] = []

    def writer(first: str, second: str) -> None:
        def work(session: Session) -> None:
            tries.append(first)
            touch(session, first)
            if tries.count(first) == 1:
                both_hold_one.wait()  # each holds one row and asks for the other's
            touch(session, second)

        pg.retrying(work)

    threads = [
        threading.Thread(target=writer, args=("a.example", "b.example")),
        threading.Thread(target=writer, args=("b.example", "a.example")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(tries) == 3  # one of them was the victim, and succeeded the second time
    with pg.reading() as session:
        assert set(session.scalars(select(Source.kind))) == {"media"}
    pg.close()


def touch(session: Session, host: str) -> None:
    session.execute(text("UPDATE sources SET kind = 'media' WHERE host = :h"), {"h": host})


def test_other_errors_are_not_run_again(pg: Database) -> None:
    tries = []

    def work(session: Session) -> None:
        tries.append(1)
        session.add_all(
            [Source(host="b.example", kind="media"), Source(host="b.example", kind="x")]
        )
        session.flush()

    with pytest.raises(IntegrityError):
        pg.retrying(work)
    assert len(tries) == 1
    pg.close()


def _scalar(db: Database, query: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(query)).scalar_one())


def test_two_writers_adding_one_site_at_once_share_one_row(pg: Database) -> None:
    found: list[int] = []
    first = pg.sessions()
    first.begin()
    mine = get_or_add_source(first, "c.example", "media")  # not committed yet

    def second_writer() -> None:
        with pg.transaction() as session:  # its insert waits for the first, then fails
            found.append(get_or_add_source(session, "c.example", "media").id)

    thread = threading.Thread(target=second_writer)
    thread.start()
    deadline = time.monotonic() + 30
    waiting = (
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    try:
        # one transaction per look: PostgreSQL shows pg_stat_activity as of a transaction's start
        while not _scalar(pg, waiting):
            assert time.monotonic() < deadline, "the second writer never waited for the first"
            time.sleep(0.05)
        first.commit()
    finally:
        first.close()  # on failure too: its open transaction would block the next test
        thread.join(30)
    assert found == [mine.id]
    with pg.reading() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 1
    pg.close()


def test_a_batch_whose_connection_dropped_mid_store_is_stored_whole(pg: Database) -> None:
    """The crawl pipeline's batch: the server drops the connection while the third page is being
    stored; the batch runs again and every page is stored once, with no error recorded."""
    upgrade(pg.engine)
    with pg.engine.begin() as conn:
        conn.execute(text("TRUNCATE pages, crawl_runs, crawl_errors RESTART IDENTITY CASCADE"))
    crawler = get_crawler(Spider)
    crawler.spider = Spider(name="site")
    pipeline = StorePipeline(crawler, pg.url, batch_size=10)
    pipeline.open_spider()
    now = datetime.now(UTC)
    items = []
    for n in range(5):
        body = (
            f"<html><body><article><p>Report {n}: Huawei signed a contract with the city of "
            f"Nairobi, Kenya, for facial recognition cameras.</p></article></body></html>"
        ).encode()
        url = f"http://news.example/{n}.html"
        items.append((PageItem(url, url, 200, "text/html", body, now, "site"), None))
    calls: list[str] = []
    store_one = pipeline._store

    def dropping(session: Session, item: PageItem, outcome: None) -> Counted:
        calls.append(item.url)
        if len(calls) == 3:  # as a database restart or a failover would
            pid = int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
            terminate(pg.url, pid)
        return store_one(session, item, outcome)

    pipeline._store = dropping  # type: ignore[method-assign]
    try:
        pipeline.store(items)
    finally:
        pipeline.spider_closed("finished")
    with pg.reading() as session:
        stored = session.scalars(select(Page.url).order_by(Page.url)).all()
        errors = session.scalars(select(CrawlError.message)).all()
        run = session.scalars(select(CrawlRun)).one()
    assert stored == [item.url for item, _ in items]
    assert errors == []
    assert run.pages_new == len(items)  # the counts of the failed try were rolled back with it
    assert len(calls) == 3 + len(items)  # the first try got to the third page, then all again
    pg.close()
