"""A crawl killed with SIGKILL at random moments, 20 times, leaves the database consistent: no
duplicate page, mention, evidence or candidate, no page stored without its findings, run counters
that match the pages and whole batches only; and the next run completes the crawl.

The site (generated, 150 pages naming vendors, products and places, so candidates form) is served
on 127.0.0.1. Each kill comes a random time (seeded) after the crawl's first request or after its
first commit, so that it lands while pages are fetched, analysed and stored rather than while
Python starts.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.settings import SAFECITY_BATCH_SIZE
from extractors import analyze, propose
from store.candidates import city_key
from store.db import Database
from store.models import Candidate, CrawlRun, Evidence, Mention, Page
from tests.sites import user_environment
from tests.sites.server import serve_folder

PAGES = 150
KILLS = 20
SEED = 7
CITIES = [
    ("Nairobi", "Kenya"), ("Belgrade", "Serbia"), ("Bishkek", "Kyrgyzstan"),
    ("Lahore", "Pakistan"), ("Quito", "Ecuador"), ("Lusaka", "Zambia"),
    ("Tashkent", "Uzbekistan"), ("Ulaanbaatar", "Mongolia"),
]  # fmt: skip
PRODUCTS = [
    "facial recognition cameras", "licence plate recognition", "a command and control centre",
    "intelligent video surveillance", "CCTV cameras",
]  # fmt: skip


def page_html(number: int, rng: random.Random) -> str:
    city, country = rng.choice(CITIES)
    product, other = rng.sample(PRODUCTS, 2)
    year = rng.randrange(2012, 2024)
    if number % 3 == 0:  # a page with no deal on it
        body = f"<p>The council of {city} discussed the {year} budget for parks and schools.</p>"
    else:
        body = (
            f"<p>In {year}, Huawei signed a contract with the police of {city}, {country}, to "
            f"install {product} and {other} across the city.</p><p>Officials said the Safe City "
            f"project in {city} would be finished within two years.</p>"
        )
    links = "".join(f'<a href="/p{(number + step) % PAGES}.html">next</a> ' for step in (1, 7))
    return (
        f"<html><head><title>Report {number}</title></head><body><article><h1>Report {number} "
        f"from {city}</h1>{body}</article><nav>{links}</nav></body></html>"
    )


@dataclass
class Site:
    base: str
    hits: list[str]
    expected: dict[str, tuple[int, int]]  # path: (mentions, evidence spans) its analysis gives
    candidates: set[tuple[str, str, str]]


def build(root: Path) -> tuple[dict[str, tuple[int, int]], set[tuple[str, str, str]]]:
    rng = random.Random(SEED)
    expected, candidates = {}, set()
    for number in range(PAGES):
        html = page_html(number, rng)
        (root / f"p{number}.html").write_text(html, encoding="utf-8")
        analysis = analyze(html)
        proposals = propose(analysis)
        spans = sum(len({s.start for s in p.evidence}) for p in proposals)
        expected[f"/p{number}.html"] = (len(analysis.mentions), spans)
        candidates |= {(p.vendor, p.country, city_key(p.city)) for p in proposals}
    listing = "".join(f'<li><a href="/p{n}.html">report {n}</a></li>' for n in range(PAGES))
    index = f"<html><body><h1>Reports</h1><ul>{listing}</ul></body></html>"
    (root / "index.html").write_text(index, encoding="utf-8")
    expected["/index.html"] = (len(analyze(index).mentions), 0)
    return expected, candidates


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("reports")
    expected, candidates = build(root)
    with serve_folder(root) as (base, hits):
        yield Site(base, hits, expected, candidates)


def start_crawl(site: Site, db_url: str, stderr: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    env = user_environment(SAFECITY_EXTRACT_WORKERS="2")
    args = ["crawl", "site", "--start", f"{site.base}/index.html", "--db", db_url, "--depth", "0"]
    return subprocess.Popen(
        [sys.executable, "-m", "safecity", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def latest_run(db: Database) -> CrawlRun | None:
    with db.reading() as session:
        return session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()


def committed(db: Database, after: int) -> bool:
    """Whether a crawl run started after run ``after`` has committed a batch."""
    run = latest_run(db)
    return run is not None and run.id > after and run.pages_new + run.pages_unchanged > 0


def wait_for(condition: Any, crawl: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not condition() and crawl.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


def kill_at_random(site: Site, db: Database, db_url: str, rng: random.Random, turn: int) -> None:
    """Every other time, a moment after the first request (warm-up, fetching, the first
    analyses); else a moment after the run's first commit (analysing and storing)."""
    site.hits.clear()
    before = latest_run(db)
    crawl = start_crawl(site, db_url, subprocess.DEVNULL)
    if turn % 2 == 0:
        wait_for(lambda: bool(site.hits), crawl)
        time.sleep(rng.uniform(0.0, 2.0))
    else:
        wait_for(lambda: committed(db, before.id if before else 0), crawl)
        time.sleep(rng.uniform(0.0, 0.5))
    crawl.send_signal(signal.SIGKILL)
    crawl.wait()


def duplicates(session: Session, *columns: Any) -> list[Any]:
    query = select(*columns, func.count()).group_by(*columns).having(func.count() > 1)
    return list(session.execute(query).all())


def check_consistent(site: Site, session: Session) -> int:
    """Asserts the database is consistent; returns how many pages are stored."""
    assert not duplicates(session, Page.url, Page.content_hash)
    assert not duplicates(session, Page.url)  # the site never changes: one revision per URL
    assert not duplicates(
        session, Mention.page_id, Mention.kind, Mention.category, Mention.start, Mention.end
    )
    assert not duplicates(session, Evidence.candidate_id, Evidence.page_id, Evidence.start)
    assert not duplicates(session, Candidate.vendor, Candidate.country, Candidate.city_key)
    mentions = dict(
        session.execute(select(Mention.page_id, func.count()).group_by(Mention.page_id)).all()
    )
    spans = dict(
        session.execute(select(Evidence.page_id, func.count()).group_by(Evidence.page_id)).all()
    )
    pages = session.execute(select(Page.id, Page.url)).all()
    for page_id, url in pages:  # no half-written page: each has all its findings
        path = url.removeprefix(site.base)
        assert (mentions.get(page_id, 0), spans.get(page_id, 0)) == site.expected[path], path
    stored = {(c.vendor, c.country, c.city_key) for c in session.scalars(select(Candidate))}
    assert stored <= site.candidates
    counted = session.scalar(select(func.sum(CrawlRun.pages_new + CrawlRun.pages_changed)))
    assert (counted or 0) == len(pages)  # the run counters commit with the pages
    for run in session.scalars(select(CrawlRun).where(CrawlRun.status == "running")):
        handled = run.pages_new + run.pages_changed + run.pages_unchanged + run.errors
        # a killed run kept whole batches (and the last, short one if it got that far)
        assert handled % SAFECITY_BATCH_SIZE == 0 or handled == len(site.expected), handled
    return len(pages)


def test_killed_crawls_leave_the_database_consistent_and_the_next_run_completes(
    db_url: str, site: Site
) -> None:
    assert len(site.candidates) >= 5
    rng = random.Random(SEED)
    db = Database(db_url)
    progress = []
    try:
        for turn in range(KILLS):
            kill_at_random(site, db, db_url, rng, turn)
            with db.reading() as session:
                progress.append(check_consistent(site, session))
        crawl = start_crawl(site, db_url)
        _, stderr = crawl.communicate(timeout=300)
        assert crawl.returncode == 0, stderr.decode()
        with db.reading() as session:
            assert check_consistent(site, session) == len(site.expected)
            stored = {(c.vendor, c.country, c.city_key) for c in session.scalars(select(Candidate))}
        last = latest_run(db)
        assert stored == site.candidates
        assert last is not None and last.status == "finished"
    finally:
        db.close()
    assert any(0 < n < len(site.expected) for n in progress), progress  # some hit mid-crawl
