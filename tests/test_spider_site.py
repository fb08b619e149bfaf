"""The `site` spider (and every spider's downloader safety) against a site that tries the crawler:
a gzip bomb, a page larger than the cap, an image behind a page-like link, a storm of dead links,
and a server that answers 429 with Retry-After. The spider on a real site: test_crawl_site.py."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler import settings as crawler_settings
from store.db import Database
from store.models import CrawlError, Page
from tests.sites import SITES, crawl
from tests.sites.server import Answer, FixtureSite, serve

CAP = 2_000_000  # SAFECITY_MAX_PAGE_BYTES for these crawls
HTML = {"Content-Type": "text/html; charset=utf-8"}
BOMB = gzip.compress(b"<html><body>" + b" " * 40_000_000, compresslevel=9, mtime=0)


def bomb(path: str, query: dict[str, list[str]]) -> Answer:
    return 200, {**HTML, "Content-Encoding": "gzip"}, BOMB


def big(path: str, query: dict[str, list[str]]) -> Answer:
    return 200, HTML, b"<html><body><p>" + b"words " * (CAP // 5) + b"</p></body></html>"


def image(path: str, query: dict[str, list[str]]) -> Answer:
    return 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 5000


class Busy:
    """429 with ``Retry-After: 1`` the first time, the page after."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: str, query: dict[str, list[str]]) -> Answer:
        self.calls += 1
        if self.calls == 1:
            return 429, {**HTML, "Retry-After": "1"}, b"<p>slow down</p>"
        return 200, HTML, (SITES / "site" / "ok.html").read_bytes()


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    routes = {
        "/bomb.html": bomb,
        "/big.html": big,
        "/files/report": image,
        "/slow-down.html": Busy(),
    }
    with serve(FixtureSite(SITES / "site", routes=routes)) as served:
        yield served


def errors(db_url: str, base: str) -> dict[str, str]:
    db = Database(db_url)
    with db.reading() as session:
        found = {e.url.removeprefix(base): e.kind for e in session.scalars(select(CrawlError))}
    db.close()
    return found


def test_bombs_big_pages_and_images_are_refused_and_dead_link_storms_cut_short(
    tmp_path: Path, site: FixtureSite
) -> None:
    db_url = f"sqlite:///{tmp_path / 's.db'}"
    site.routes.pop("/slow-down.html")
    crawl(db_url, "site", f"{site.base}/index.html", env={"SAFECITY_MAX_PAGE_BYTES": str(CAP)})
    found = errors(db_url, site.base)
    assert found["/bomb.html"] == "too_large"
    assert found["/big.html"] == "too_large"
    assert found["/files/report"] == "unsupported_content"
    limit = crawler_settings.SAFECITY_MAX_404_STREAK
    dead = [p for p in site.paths() if p.startswith("/storm/missing-")]
    assert limit <= len(dead) < 80
    assert list(found.values()).count("host_abandoned") == 1
    assert list(found.values()).count("http_404") == len(dead) + 1  # and /slow-down.html
    db = Database(db_url)
    with db.reading() as session:
        urls = {p.url.removeprefix(site.base) for p in session.scalars(select(Page))}
    db.close()
    assert urls == {"/index.html", "/ok.html", "/storm/"}


def test_retry_after_is_honoured(tmp_path: Path, site: FixtureSite) -> None:
    db_url = f"sqlite:///{tmp_path / 'r.db'}"
    result = crawl(db_url, "site", f"{site.base}/slow-down.html")
    assert site.paths().count("/slow-down.html") == 2
    assert " 1 new" in result.stdout
    assert errors(db_url, site.base) == {}
