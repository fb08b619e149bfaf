"""Distributed crawling on scrapy-redis: two `safecity crawl --redis` workers share one site and
one PostgreSQL database, and a Redis server killed and restarted mid-crawl loses nothing.

They need Redis at SAFECITY_TEST_REDIS_URL (default: database 5 of the local server) and
PostgreSQL (see conftest.py). Where Redis does not answer they are skipped with the reason, unless
SAFECITY_REQUIRE_REDIS=1 (as .ci/run sets it), where they fail instead. The restart test runs a
redis-server of its own (the shared one is never restarted), so it needs `redis-server` installed
instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from scrapy import Request, Spider
from sqlalchemy import select, text

from crawler.distributed import SharedQueue, crawl_key, redis_problem
from store.db import Database, upgrade
from store.models import CrawlError, CrawlRun, Page
from tests.sites import user_environment
from tests.sites.server import Answer, FixtureSite, serve

REDIS_URL = os.environ.get("SAFECITY_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
REQUIRE_REDIS = os.environ.get("SAFECITY_REQUIRE_REDIS") == "1"
SECTIONS, ARTICLES = 4, 15  # a home page, 4 listings, 60 articles
WAIT = 120  # seconds: only to end a hung test, never a speed limit
HTML = {"Content-Type": "text/html; charset=utf-8"}

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def redis_url() -> str:
    problem = redis_problem(REDIS_URL)
    if problem:
        message = f"Redis not reachable at {REDIS_URL}: {problem}"
        if REQUIRE_REDIS:
            pytest.fail(message)
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture
def pg_url(postgres_server: str) -> str:
    db = Database(postgres_server)
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(
            text("TRUNCATE pages, crawl_errors, crawl_runs, sources RESTART IDENTITY CASCADE")
        )
    db.close()
    return postgres_server


def article(number: int) -> str:
    return f"/a/{number // ARTICLES}-{number % ARTICLES:02d}.html"


def build_site(root: Path) -> list[str]:
    """A home page, listings and articles (the articles are answered by ``Articles``); returns
    every page's path."""
    sections = [f"/s{k}/index.html" for k in range(SECTIONS)]
    (root / "index.html").write_text(listing("Home", sections), encoding="utf-8")
    for k, path in enumerate(sections):
        links = [article(k * ARTICLES + n) for n in range(ARTICLES)]
        (root / path.strip("/")).parent.mkdir(parents=True)
        (root / path.strip("/")).write_text(listing(f"Section {k}", links), encoding="utf-8")
    return ["/index.html", *sections, *(article(n) for n in range(SECTIONS * ARTICLES))]


def listing(title: str, links: list[str]) -> str:
    items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return f"<html><head><title>{title}</title></head><body><ul>{items}</ul></body></html>"


class Articles:
    """Article pages, held until ``gate`` opens once ``free`` have been served."""

    def __init__(self, free: int) -> None:
        self.free = free
        self.served = 0
        self.gate = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, path: str, query: dict[str, list[str]]) -> Answer:
        with self.lock:
            self.served += 1
            held = self.served > self.free
        if held:
            self.gate.wait(WAIT)
        name = path.rsplit("/", 1)[-1].removesuffix(".html")
        body = (
            f"<html><head><title>Article {name}</title></head><body><article><h1>Article {name}"
            f"</h1><p>Report {name} on the city's new traffic lights and the bus lanes that the "
            "council approved after two years of public consultation with residents.</p>"
            '<p><a href="/index.html">Home</a></p></article></body></html>'
        )
        return 200, HTML, body.encode()


class Robots:
    """robots.txt, counting the workers that asked (each asks once, before its first page)."""

    def __init__(self, articles: Articles, workers: int) -> None:
        self.articles, self.workers, self.asked = articles, workers, 0

    def __call__(self, path: str, query: dict[str, list[str]]) -> Answer:
        self.asked += 1
        if self.asked >= self.workers:
            self.articles.gate.set()
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"


def worker(db_url: str, start: str, redis_url: str) -> subprocess.Popen[str]:
    """One `safecity crawl --redis` worker, as a user would start it."""
    environ = user_environment()
    command = [sys.executable, "-m", "safecity", "crawl", "site", "--db", db_url]
    command += ["--start", start, "--redis", redis_url, "--redis-idle", "2"]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ
    )


def finish(process: subprocess.Popen[str]) -> str:
    """Wait for a worker; returns its stderr (its log)."""
    try:
        _, err = process.communicate(timeout=WAIT * 2)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"worker still running after {WAIT * 2} s:\n{err[-3000:]}")
    assert process.returncode == 0, err[-3000:]
    return err


def stored(db_url: str, base: str) -> tuple[Counter[str], list[CrawlRun], list[CrawlError]]:
    db = Database(db_url)
    with db.reading() as session:
        pages = Counter(u.removeprefix(base) for u in session.scalars(select(Page.url)))
        runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        errors = list(session.scalars(select(CrawlError)))
    db.close()
    return pages, runs, errors


def forget(url: str, key: str) -> None:
    client = redis.Redis.from_url(url)
    for name in client.scan_iter(match=key + ":*"):
        client.delete(name)
    client.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[FixtureSite, list[str], Articles]]:
    root = tmp_path / "site"
    root.mkdir()
    paths = build_site(root)
    articles = Articles(free=8)
    routes = {"/a/": articles, "/robots.txt": Robots(articles, workers=2)}
    with serve(FixtureSite(root, routes=routes)) as served:
        yield served, paths, articles
        articles.gate.set()


@pytest.mark.postgres
def test_two_workers_share_the_crawl_and_store_every_page_once(
    redis_url: str, pg_url: str, site: tuple[FixtureSite, list[str], Articles]
) -> None:
    served, paths, _ = site
    start = f"{served.base}/index.html"
    key = crawl_key("site", None, [start])
    try:
        first = worker(pg_url, start, redis_url)
        second = worker(pg_url, start, redis_url)
        logs = [finish(first), finish(second)]
        pages, runs, errors = stored(pg_url, served.base)
        client = redis.Redis.from_url(redis_url)
        left = list(client.scan_iter(match=key + ":*"))
        client.close()
    finally:
        forget(redis_url, key)
    assert pages == Counter(paths), logs  # every page, each exactly once
    assert [e.kind for e in errors] == []
    assert len(runs) == 2 and all(run.status == "finished" for run in runs)
    assert all(run.pages_new > 0 for run in runs)  # the work was shared
    assert sum(run.pages_new for run in runs) == len(paths)
    assert left == []  # the finished crawl tidied its queue and filter away


def test_a_pop_whose_reply_was_lost_is_asked_for_again(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    key = f"safecity:test:{uuid.uuid4().hex[:8]}"
    queue = SharedQueue(client, Spider(name="test"), key + ":requests")
    try:
        request = Request("http://a.example/1")
        assert queue.push_new(request, "fp1", key + ":dupefilter")
        assert not queue.push_new(request, "fp1", key + ":dupefilter")  # seen: pushed once
        popped = queue.pop_marking(key + ":busy", "worker-1", 30_000, 7)  # its reply "lost"
        assert popped is not None and popped.url == request.url
        assert client.zcard(key + ":busy") == 1  # the worker is marked busy by the same step
        assert queue.taken("worker-1", 6) is None  # not what pop 6 took
        again = queue.taken("worker-1", 7)
        assert again is not None and again.url == request.url
        assert queue.taken("worker-1", 7) is None  # handed back once
    finally:
        forget(redis_url, key)
        client.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnRedis:
    """A redis-server of this test's own, with an append-only file so a restart keeps the data."""

    def __init__(self, directory: Path) -> None:
        self.directory, self.port = directory, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", str(self.directory), "--save", "", "--appendonly", "yes"]
        command += ["--appendfsync", "always"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while redis_problem(self.url):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()  # a crash, not a clean shutdown
            self.process.wait()
            self.process = None


@pytest.mark.postgres
def test_a_redis_restart_mid_crawl_loses_nothing(
    pg_url: str, tmp_path: Path, site: tuple[FixtureSite, list[str], Articles]
) -> None:
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed: cannot run a Redis of this test's own"
        if REQUIRE_REDIS:
            pytest.fail(message)
        pytest.skip(message)
    served, paths, articles = site
    own = OwnRedis(tmp_path)
    own.start()
    try:
        process = worker(pg_url, f"{served.base}/index.html", own.url)
        deadline = time.monotonic() + WAIT
        while articles.served <= articles.free:  # the free articles are served, more are held
            assert time.monotonic() < deadline and process.poll() is None, "no crawl under way"
            time.sleep(0.05)
        own.kill()
        articles.gate.set()  # the held pages arrive while Redis is away: their links must wait
        time.sleep(2)
        own.start()
        log = finish(process)
    finally:
        own.kill()
    pages, runs, errors = stored(pg_url, served.base)
    assert "Redis unreachable" in log and "Redis is back" in log
    assert pages == Counter(paths), log
    assert [e.kind for e in errors] == []
    assert [run.status for run in runs] == ["finished"]
