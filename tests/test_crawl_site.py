"""The `site` spider and the pipeline, end to end, against the bundled sample site on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from safecity.sitefiles import SAMPLE_SITE, serve_directory
from store.db import Database
from store.models import Candidate, CrawlError, CrawlRun, Evidence, Page

EXPECTED = json.loads((SAMPLE_SITE / "expected.json").read_text(encoding="utf-8"))


def crawl(
    db_url: str, *starts: str, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `safecity crawl` as a user would (Twisted's reactor runs once per process)."""
    args = [sys.executable, "-m", "safecity", "crawl", "--db", db_url, *extra]
    for url in starts:
        args += ["--start", url]
    env = {k: v for k, v in os.environ.items() if k != "SAFECITY_DATABASE_URL"}
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=env, check=False)


@pytest.fixture
def site() -> Iterator[str]:
    with serve_directory(SAMPLE_SITE) as base:
        yield base


@pytest.fixture
def crawled(db_url: str, site: str) -> tuple[str, str]:
    result = crawl(db_url, f"{site}/index.html", f"{site}/sitemap.xml")
    assert result.returncode == 0, result.stderr
    return db_url, site


def test_crawl_finds_the_true_agreements_and_nothing_else(crawled: tuple[str, str]) -> None:
    db_url, site = crawled
    db = Database(db_url)
    with db.reading() as session:
        found = {(c.vendor, c.country, c.city): c for c in session.scalars(select(Candidate))}
        expected = {(c["vendor"], c["country"], c["city"]): c for c in EXPECTED["candidates"]}
        assert set(found) == set(expected)
        for key, candidate in found.items():
            pages = set(
                session.scalars(
                    select(Page.url)
                    .join(Evidence, Evidence.page_id == Page.id)
                    .where(Evidence.candidate_id == candidate.id)
                )
            )
            assert {site + p for p in expected[key]["pages"]} <= pages, key
            assert candidate.status == "new" and candidate.products
        belgrade = found[("huawei", "RS", "Belgrade")]
        others = [c.score for k, c in found.items() if k[2] != "Belgrade"]
        assert belgrade.score > max(others)
    db.close()


def test_crawl_obeys_robots_records_errors_and_goes_on(crawled: tuple[str, str]) -> None:
    db_url, site = crawled
    db = Database(db_url)
    with db.reading() as session:
        urls = set(session.scalars(select(Page.url)))
        assert not any("/private/" in u for u in urls)
        errors = {(e.url.removeprefix(site), e.kind) for e in session.scalars(select(CrawlError))}
        assert ("/news/2018/police-camera-followup.html", "http_404") in errors
        assert (EXPECTED["robots_disallowed"][0], "robots_disallowed") in errors
        for broken in EXPECTED["broken"]:
            assert site + broken in urls
        assert {site + p for c in EXPECTED["candidates"] for p in c["pages"]} <= urls
        run = session.scalars(select(CrawlRun)).one()
        assert run.status == "finished" and run.finished_at is not None
        assert run.pages_new == len(urls) and run.errors == len(errors)
    db.close()


def test_second_crawl_stores_nothing_new(crawled: tuple[str, str]) -> None:
    db_url, site = crawled
    db = Database(db_url)
    with db.reading() as session:
        before = (
            len(session.scalars(select(Page.id)).all()),
            len(session.scalars(select(Candidate.id)).all()),
            len(session.scalars(select(Evidence.id)).all()),
        )
    result = crawl(db_url, f"{site}/index.html", f"{site}/sitemap.xml")
    assert result.returncode == 0, result.stderr
    assert " 0 new, 0 changed" in result.stdout
    with db.reading() as session:
        after = (
            len(session.scalars(select(Page.id)).all()),
            len(session.scalars(select(Candidate.id)).all()),
            len(session.scalars(select(Evidence.id)).all()),
        )
        runs = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
    assert after == before
    assert runs[1].pages_unchanged == before[0]
    db.close()


class _Counting(BaseHTTPRequestHandler):
    hits: list[str]
    target: str

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path == "/start.html":
            body = (
                b"<html><body><a href='/jump'>next</a> <a href='/page.html'>page</a></body></html>"
            )
        elif self.path == "/jump":
            self.send_response(302)
            self.send_header("Location", self.target)
            self.end_headers()
            return
        else:
            body = b"<html><body><p>An ordinary page.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def _server(host: str, hits: list[str], target: str = "") -> ThreadingHTTPServer:
    handler = type("Handler", (_Counting,), {"hits": hits, "target": target})
    server = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_redirect_to_an_address_the_user_did_not_type_is_refused(tmp_path: Path) -> None:
    other_hits: list[str] = []
    other = _server("127.0.0.2", other_hits)
    hits: list[str] = []
    target = f"http://127.0.0.2:{other.server_address[1]}/secret.html"
    main = _server("127.0.0.1", hits, target)
    db_url = f"sqlite:///{tmp_path / 'guard.db'}"
    try:
        result = crawl(db_url, f"http://127.0.0.1:{main.server_address[1]}/start.html")
    finally:
        for server in (main, other):
            server.shutdown()
            server.server_close()
    assert result.returncode == 0, result.stderr
    assert "/jump" in hits and "/page.html" in hits
    assert other_hits == []
    db = Database(db_url)
    with db.reading() as session:
        kinds = {e.kind for e in session.scalars(select(CrawlError))}
    db.close()
    assert "refused_address" in kinds
