"""The `huawei` spider on a Huawei-like fixture site: sitemap index (one child gzipped), listing
pages with pagination, URL rules, a PDF brochure; and what a second crawl fetches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from store.db import Database
from store.models import CrawlRun, Page
from tests.sites import SITES, crawl
from tests.sites.server import FixtureSite, serve

KEPT = {
    "/en/industries/safe-city/",
    "/en/industries/safe-city/safe-city-brochure.pdf",
    "/en/news/2019/belgrade-safe-city-agreement.html",
    "/en/news/2020/new-phone-launch.html",
    "/cn/industries/safe-city/index.html",
    "/en/case-studies/",
    "/en/case-studies/nairobi-safe-city.html",
    "/en/case-studies/lahore-safe-city.html",
    "/en/case-studies/page/2/",
    "/en/case-studies/page/3/",
    "/en/case-studies/bishkek-public-safety.html",
}
NEVER_FETCHED = ("/consumer/", "/careers/", "/products/routers/")


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with serve(FixtureSite(SITES / "huawei")) as served:
        yield served


def huawei(db_url: str, site: FixtureSite) -> None:
    crawl(
        db_url,
        "huawei",
        f"{site.base}/sitemap.xml",
        f"{site.base}/en/case-studies/",
        extra=("--depth", "4"),
    )


def pages(db: Database, site: FixtureSite) -> dict[str, list[Page]]:
    out: dict[str, list[Page]] = {}
    with db.reading() as session:
        for page in session.scalars(select(Page).order_by(Page.id)):
            out.setdefault(page.url.removeprefix(site.base), []).append(page)
    return out


def test_finds_safe_city_pages_and_brochures_and_nothing_else(
    tmp_path: Path, site: FixtureSite
) -> None:
    db_url = f"sqlite:///{tmp_path / 'h.db'}"
    huawei(db_url, site)
    db = Database(db_url)
    stored = pages(db, site)
    assert set(stored) == KEPT
    assert not [
        p for p in site.paths() if p.startswith("/en/") and any(n in p for n in NEVER_FETCHED)
    ]
    brochure = stored["/en/industries/safe-city/safe-city-brochure.pdf"][0]
    assert brochure.content_type == "application/pdf"
    assert "Nairobi" in brochure.text and brochure.title == "Safe City Solution Brochure"
    assert "平安城市" in stored["/cn/industries/safe-city/index.html"][0].text
    assert all(p[0].spider == "huawei" and p[0].etag for p in stored.values())
    db.close()


def test_second_crawl_revalidates_keeps_revisions_and_marks_removed_pages(
    tmp_path: Path, site: FixtureSite
) -> None:
    db_url = f"sqlite:///{tmp_path / 'h.db'}"
    huawei(db_url, site)
    first = len(site.log)
    changed = "/en/case-studies/lahore-safe-city.html"
    gone = "/en/case-studies/bishkek-public-safety.html"
    site.change(
        changed,
        (SITES / "huawei" / changed.lstrip("/"))
        .read_bytes()
        .replace(b"Response times", b"Crime and response times"),
    )
    site.remove(gone)
    huawei(db_url, site)
    second = site.log[first:]
    page_hits = [h for h in second if h.path.removeprefix(site.base) in KEPT]
    assert page_hits and all(h.conditional for h in page_hits)
    db = Database(db_url)
    stored = pages(db, site)
    assert len(stored[changed]) == 2 and "Crime and" in stored[changed][1].text
    assert stored[gone][0].removed_at is not None
    assert all(p.removed_at is None for url, ps in stored.items() if url != gone for p in ps)
    with db.reading() as session:
        runs = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
    assert (runs[1].pages_new, runs[1].pages_changed) == (0, 1)
    assert runs[1].pages_unchanged == len(KEPT) - 2
    db.close()
