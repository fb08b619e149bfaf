"""Extraction in worker processes: the pages stored are those in-process extraction stores, and a
page whose analysis kills its worker is recorded as an error while the crawl stores the others."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawler.workers import analyze_page
from extractors import Analysis
from safecity.sitefiles import SAMPLE_SITE, serve_directory
from store.db import Database, upgrade
from store.models import Candidate, CrawlError, CrawlRun, Evidence, Mention, Page
from tests.sites import crawl, user_environment
from tests.sites.server import serve_folder

ROOT = Path(__file__).resolve().parent.parent
CRASH, RAISE = b"<!-- kill this worker -->", b"<!-- raise in this worker -->"

# `safecity crawl` with the workers' analysis replaced by ``analyze_or_crash`` (the workers import
# it from this module: a function in the crawl's own process would never reach them).
DRIVER = """
import functools, sys
import crawler.pipelines as pipelines
from tests.test_pipeline_workers import analyze_or_crash
pipelines.ExtractionPool = functools.partial(pipelines.ExtractionPool, task=analyze_or_crash)
from safecity.cli import main
sys.argv = ["safecity", *sys.argv[1:]]
main()
"""


def analyze_or_crash(body: bytes, url: str, content_type: str) -> Analysis:
    """The real analysis, except that a marked page kills its worker process (as the out-of-memory
    killer or a crash in a C extension would) or raises."""
    if CRASH in body:
        os.kill(os.getpid(), signal.SIGKILL)
    if RAISE in body:
        raise ValueError("a bug in an extractor")
    return analyze_page(body, url, content_type)


def snapshot(db_url: str, base: str) -> dict[str, Any]:
    """What a crawl stored, without ids, times or the server's port."""
    db = Database(db_url)
    with db.reading() as session:
        pages = {
            p.url.removeprefix(base): (p.content_hash, p.title, p.language, p.published, p.text)
            for p in session.scalars(select(Page))
        }
        mentions = sorted(
            (url.removeprefix(base), m.kind, m.category, m.term, m.start, m.end, m.sentence)
            for m, url in session.execute(select(Mention, Page.url).join(Page))
        )
        candidates = sorted(
            (c.vendor, c.country, c.city_key, c.year, c.stage, tuple(c.products), c.score)
            for c in session.scalars(select(Candidate))
        )
        evidence = sorted(
            (c.vendor, c.country, c.city_key, url.removeprefix(base), e.start, e.end)
            for e, c, url in session.execute(
                select(Evidence, Candidate, Page.url).join(Candidate).join(Page)
            )
        )
        errors = sorted(
            (e.url.removeprefix(base), e.kind) for e in session.scalars(select(CrawlError))
        )
    db.close()
    return dict(
        pages=pages, mentions=mentions, candidates=candidates, evidence=evidence, errors=errors
    )


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_directory(SAMPLE_SITE) as base:
        yield base


@pytest.fixture(scope="module")
def in_process(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('in-process') / 'reference.db'}"
    db = Database(url)
    upgrade(db.engine)
    db.close()
    crawl(url, "site", f"{site}/index.html", env={"SAFECITY_EXTRACT_WORKERS": "0"})
    return snapshot(url, site)


def test_two_workers_store_what_in_process_extraction_stores(
    db_url: str, site: str, in_process: dict[str, Any]
) -> None:
    crawl(db_url, "site", f"{site}/index.html", env={"SAFECITY_EXTRACT_WORKERS": "2"})
    stored = snapshot(db_url, site)
    assert len(stored["pages"]) > 20 and stored["candidates"]
    assert stored == in_process


def write_site(root: Path, pages: int, markers: dict[int, bytes]) -> None:
    root.mkdir()
    for number in range(pages):
        text = f"Report {number}: Huawei installed facial recognition cameras in Nairobi, Kenya."
        marker = markers.get(number, b"").decode()
        (root / f"page{number}.html").write_text(
            f"<html><head><title>Page {number}</title></head><body><article><h1>Page {number}"
            f"</h1><p>{text} The city police say the system covers 200 streets.</p></article>"
            f"{marker}</body></html>",
            encoding="utf-8",
        )
    links = "".join(f'<li><a href="/page{n}.html">page {n}</a></li>' for n in range(pages))
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>")


def environment(workers: int) -> dict[str, str]:
    return user_environment(SAFECITY_EXTRACT_WORKERS=str(workers))


def test_a_page_that_kills_its_worker_is_an_error_and_the_others_are_stored(
    db_url: str, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    write_site(root, 8, {3: CRASH, 5: RAISE})
    with serve_directory(root) as base:
        args = ["crawl", "site", "--start", f"{base}/index.html", "--db", db_url]
        result = subprocess.run(
            [sys.executable, "-c", DRIVER, *args],
            cwd=ROOT,
            env=environment(2),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        stored = snapshot(db_url, base)
    assert set(stored["pages"]) == {"/index.html"} | {f"/page{n}.html" for n in (0, 1, 2, 4, 6, 7)}
    assert stored["errors"] == [("/page3.html", "extract"), ("/page5.html", "extract")]
    db = Database(db_url)
    with db.reading() as session:
        messages = {
            e.url.removeprefix(base): e.message for e in session.scalars(select(CrawlError))
        }
        run = session.scalars(select(CrawlRun)).one()
    db.close()
    assert "worker process" in messages["/page3.html"]
    assert messages["/page5.html"] == "ValueError: a bug in an extractor"
    assert run.status == "finished" and run.pages_new == 7
    assert stored["candidates"]


def test_sigterm_stores_the_pages_in_flight_and_records_the_run_interrupted(
    db_url: str, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    write_site(root, 120, {})
    with serve_folder(root, delay=0.1) as (base, hits):
        args = ["crawl", "site", "--start", f"{base}/index.html", "--db", db_url, "-v"]
        crawl = subprocess.Popen(
            [sys.executable, "-m", "safecity", *args],
            cwd=ROOT,
            env=environment(2),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while len(hits) < 30 and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        crawl.send_signal(signal.SIGTERM)
        _, log = crawl.communicate(timeout=300)
    assert crawl.returncode == 0, log
    handed_on = re.search(r"'item_scraped_count': (\d+)", log)
    assert handed_on is not None, log
    db = Database(db_url)
    with db.reading() as session:
        run = session.scalars(select(CrawlRun)).one()
    db.close()
    assert run.status == "interrupted"
    assert 0 < run.pages_new == int(handed_on.group(1)) < 121  # every page handed on is stored
