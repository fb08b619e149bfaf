"""The `huawei` spider on a Huawei-like fixture site with the real sites' URL shapes (www and e on
127.0.0.1, the blog on 127.0.0.2): sitemap index (one child gzipped), listings with pagination,
a PDF brochure; a page is handed on by its words wherever it sits, consumer, careers and legal
pages are never fetched; and what a second crawl fetches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.spiders.huawei import HuaweiSpider
from store.db import Database
from store.models import CrawlRun, Page
from tests.sites import SITES, crawl
from tests.sites.server import FixtureSite, serve_pair

Sites = tuple[FixtureSite, FixtureSite]
BLOG = "blog:"  # stands for the blog's base URL in the paths below
HANDED_ON = {
    "/en/industries/safe-cities/",
    "/en/industries/safe-cities/safe-city-brochure.pdf",
    "/en/news/2019/belgrade-safe-city-agreement.html",
    "/de/news/de/2016/hw_474283",
    "/en/stories/market-day-in-a-watched-square",
    "/en/events/mwc2019/topics/safe-city-summit",
    "/en/publications/global/ict_insights/201509091408/focus/201509091608",
    "/cn/industries/safe-city/index.html",
    "/en/case-studies/",
    "/en/case-studies/nairobi-safe-city.html",
    "/en/case-studies/lahore-safe-city.html",
    "/en/case-studies/bishkek-public-safety.html",
    f"{BLOG}/2019/08/26/safe-then-smart/",
    f"{BLOG}/2018/05/14/one-room-for-every-emergency/",
}
FETCHED_NOT_HANDED_ON = {
    "/en/news/2020/annual-results-2019.html",
    "/en/news/2020/new-phone-launch.html",
    "/de/news/de/2016/hw_474301",
    "/en/stories/5g-underground",
    "/en/events/mwc2019/topics/5g-day",
    "/en/publications/global/ict_insights/201509091408/utilities/201509091701",
    "/en/products/routers/ar-router.html",
    "/en/case-studies/page/3/",
    f"{BLOG}/2019/08/27/wi-fi-at-home/",
    f"{BLOG}/page/2/",
}
NEVER_FETCHED = ("/consumer/", "/careers/", "/legal/", "/privacy")


@pytest.fixture
def sites() -> Iterator[Sites]:
    with serve_pair(SITES / "huawei") as pair:
        yield pair


def huawei(db_url: str, sites: Sites) -> None:
    site, blog = sites
    starts = ["/sitemap.xml", "/en/news", "/en/case-studies/"]
    starts.append("/en/publications/global/ict_insights")
    crawl(
        db_url,
        "huawei",
        *(site.base + path for path in starts),
        f"{blog.base}/",
        extra=("--depth", "4"),
    )


def short(url: str, sites: Sites) -> str:
    site, blog = sites
    return url.removeprefix(site.base).replace(blog.base, BLOG)


def pages(db: Database, sites: Sites) -> dict[str, list[Page]]:
    out: dict[str, list[Page]] = {}
    with db.reading() as session:
        for page in session.scalars(select(Page).order_by(Page.id)):
            out.setdefault(short(page.url, sites), []).append(page)
    return out


def requested(sites: Sites) -> set[str]:
    site, blog = sites
    return {*site.paths(), *(BLOG + path for path in blog.paths())}


def test_hands_on_safe_city_pages_by_their_words_wherever_they_sit(
    tmp_path: Path, sites: Sites
) -> None:
    db_url = f"sqlite:///{tmp_path / 'h.db'}"
    huawei(db_url, sites)
    db = Database(db_url)
    stored = pages(db, sites)
    assert set(stored) == HANDED_ON
    asked = requested(sites)
    assert asked >= FETCHED_NOT_HANDED_ON  # read, and judged not to be about Safe City
    assert not [path for path in asked if any(n in path for n in NEVER_FETCHED)]
    brochure = stored["/en/industries/safe-cities/safe-city-brochure.pdf"][0]
    assert brochure.content_type == "application/pdf"
    assert "Nairobi" in brochure.text and brochure.title == "Safe City Solution Brochure"
    assert "平安城市" in stored["/cn/industries/safe-city/index.html"][0].text
    assert all(p[0].spider == "huawei" and p[0].etag for p in stored.values())
    db.close()


def test_the_real_hosts_and_url_shapes() -> None:
    spider = HuaweiSpider()
    kept = [
        "https://e.huawei.com/en/publications/global/ict_insights/201509091408/focus/201509091608",
        "https://blog.huawei.com/2019/08/26/safe-then-smart-the-stages-drivers-of-safe-cities/",
        "https://www.huawei.com/de/news/de/2016/hw_474283",
        "https://www.huawei.com/en/events/mwc2019/topics/safe-city-summit",
    ]
    never = [
        "https://consumer.huawei.com/en/phones/",
        "https://www.huawei.com/en/careers/graduates",
        "https://www.huawei.com/en/legal/terms-of-use",
        "https://www.huawei.com/en/privacy-policy",
    ]
    assert all(spider.on_site(url) and not spider.denied(url) for url in kept)
    assert all(spider.denied(url) or not spider.on_site(url) for url in never)
    assert not spider.on_site("https://career.huawei.com/reccampportal/")
    assert spider._follows("https://www.huawei.com/de/news/de/2016/")
    assert not spider._follows("https://www.huawei.com/de/news/de/2016/hw_474283")


def test_second_crawl_revalidates_keeps_revisions_and_marks_removed_pages(
    tmp_path: Path, sites: Sites
) -> None:
    site, _blog = sites
    db_url = f"sqlite:///{tmp_path / 'h.db'}"
    huawei(db_url, sites)
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
    huawei(db_url, sites)
    second = site.log[first:]
    page_hits = [h for h in second if h.path in HANDED_ON]
    assert page_hits and all(h.conditional for h in page_hits)
    db = Database(db_url)
    stored = pages(db, sites)
    assert len(stored[changed]) == 2 and "Crime and" in stored[changed][1].text
    assert stored[gone][0].removed_at is not None
    assert all(p.removed_at is None for url, ps in stored.items() if url != gone for p in ps)
    with db.reading() as session:
        runs = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
    assert (runs[1].pages_new, runs[1].pages_changed) == (0, 1)
    assert runs[1].pages_unchanged == len(HANDED_ON) - 2
    db.close()
