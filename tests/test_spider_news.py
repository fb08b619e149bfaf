"""The `news` spider: RSS 2.0 and Atom feeds and a news sitemap told apart by content, articles in
UTF-8, GBK and Big5 (charset in the header, the meta tag or nowhere), a fake GDELT DOC 2.0 API whose
answers are capped; each result fetched once per source, ever."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from keywords.queries import load_queries
from store.db import Database
from store.models import CrawlError, Page
from tests.sites import SITES, crawl, safecity
from tests.sites._build import GDELT_TIMES
from tests.sites.server import Answer, FixtureSite, serve_pair

ARTICLES = {f"/articles/a{n}.html" for n in range(1, 7)}
GDELT_TIME = "%Y%m%d%H%M%S"


class FakeGdelt:
    """``/api/v2/doc/doc?mode=ArtList&format=json``: the fixture articles seen in the window asked
    for, oldest first, at most ``maxrecords`` (75 when not given), ``{}`` when none."""

    def __init__(self) -> None:
        self.base = ""
        self.queries: list[str] = []
        self.windows: list[tuple[str, str]] = []

    def articles(self) -> list[dict[str, str]]:
        return [
            {
                "url": f"{self.base}/gdelt/g{n:02d}.html",
                "url_mobile": "",
                "title": f"Report {n} from the wires",
                "seendate": f"202403{day:02d}T{hour:02d}0000Z",
                "socialimage": "",
                "domain": "127.0.0.1",
                "language": "English",
                "sourcecountry": "Zimbabwe",
            }
            for n, (day, hour) in enumerate(GDELT_TIMES, start=1)
        ]

    def __call__(self, path: str, query: dict[str, list[str]]) -> Answer:
        self.queries.append(query["query"][0])
        self.windows.append((query["startdatetime"][0], query["enddatetime"][0]))
        start, end = (
            datetime.strptime(query[k][0], GDELT_TIME) for k in ("startdatetime", "enddatetime")
        )
        limit = int(query.get("maxrecords", ["75"])[0])
        found = [
            a
            for a in self.articles()
            if start <= datetime.strptime(a["seendate"], "%Y%m%dT%H%M%SZ") < end
        ]
        found.sort(key=lambda a: (a["seendate"], a["url"]))
        body = {"articles": found[:limit]} if found else {}
        return 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body).encode()


@pytest.fixture
def served() -> Iterator[tuple[FixtureSite, FixtureSite, FakeGdelt]]:
    gdelt = FakeGdelt()
    with serve_pair(SITES / "news", {"/api/v2/doc/doc": gdelt}) as (site, other):
        gdelt.base = site.base
        yield site, other, gdelt


def feeds(site: FixtureSite) -> list[str]:
    return [f"{site.base}/feed.xml", f"{site.base}/atom.xml", f"{site.base}/news-sitemap.xml"]


def stored(db_url: str, base: str) -> dict[str, Page]:
    db = Database(db_url)
    with db.reading() as session:
        pages = {p.url.removeprefix(base): p for p in session.scalars(select(Page))}
    db.close()
    return pages


def test_feeds_store_each_article_once_and_runs_show_both_runs(
    db_url: str, served: tuple[FixtureSite, FixtureSite, FakeGdelt]
) -> None:
    site, other, _gdelt = served
    first = crawl(db_url, "news", *feeds(site))
    assert " 6 new, 0 changed" in first.stdout
    pages = stored(db_url, site.base)
    assert set(pages) == ARTICLES
    article_hits = [p for p in site.paths() if p.startswith("/articles/a")]
    assert sorted(article_hits) == sorted(ARTICLES)  # a1 is in two feeds: fetched once
    second = crawl(db_url, "news", *feeds(site))
    assert " 0 new, 0 changed, 0 unchanged" in second.stdout
    assert [p for p in site.paths() if p.startswith("/articles/a")] == article_hits
    assert set(stored(db_url, site.base)) == ARTICLES
    assert other.log == []
    runs = json.loads(safecity("runs", "--json", "--db", db_url).stdout)
    assert [(r["spider"], r["pages_new"], r["results_seen"]) for r in runs] == [
        ("news", 0, 6),
        ("news", 6, 0),
    ]
    assert runs[1]["errors_by_kind"] == {"http_404": 1, "refused_address": 1}
    assert not any(r["went_quiet"] for r in runs)
    table = safecity("runs", "--db", db_url).stdout
    assert table.count(" news ") == 2


def test_articles_decode_from_header_meta_or_neither(
    tmp_path: Path, served: tuple[FixtureSite, FixtureSite, FakeGdelt]
) -> None:
    site, _other, _gdelt = served
    db_url = f"sqlite:///{tmp_path / 'n.db'}"
    crawl(db_url, "news", f"{site.base}/feed.xml", f"{site.base}/atom.xml")
    pages = stored(db_url, site.base)
    assert "内罗毕" in pages["/articles/a2.html"].text  # GBK, charset in the header
    assert "貝爾格萊德" in pages["/articles/a3.html"].text  # Big5, charset in the meta tag
    assert "拉合尔" in pages["/articles/a4.html"].text  # GBK, no charset anywhere
    assert pages["/articles/a2.html"].language == "zh"


def test_gdelt_windows_are_split_until_nothing_is_dropped_silently(
    tmp_path: Path, served: tuple[FixtureSite, FixtureSite, FakeGdelt]
) -> None:
    site, _other, gdelt = served
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "wires"\nspider = "news"\nlanguages = ["en"]\n\n'
        f'[[source.search]]\napi = "gdelt"\nbase = "{site.base}/api/v2/doc/doc"\n'
        "since = 2024-03-01\nuntil = 2024-03-22\nwindow_days = 21\nrecords = 2\n",
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'g.db'}"
    crawl(db_url, "news", extra=("--sources", str(sources)))
    pages = stored(db_url, site.base)
    assert set(pages) == {f"/gdelt/g{n:02d}.html" for n in range(1, 13)}
    wanted = load_queries().for_language("en")
    queried = set(gdelt.queries)
    for query in wanted:  # every English query of keywords/queries.toml, terms quoted and OR-ed
        terms = " OR ".join(f'"{t}"' for t in query.terms)
        assert f"{query.vendor_names[0]} ({terms}) sourcelang:english" in queried
    db = Database(db_url)
    with db.reading() as session:
        caps = [e for e in session.scalars(select(CrawlError)) if e.kind == "result_cap"]
    db.close()
    assert caps and all("2024-03-20" in e.message for e in caps)
    count = len(gdelt.queries)
    crawl(db_url, "news", extra=("--sources", str(sources)))
    assert len(gdelt.queries) == count  # the next run asks only about what came after the last


def test_a_period_beyond_the_rolling_window_is_reported_not_dropped(
    tmp_path: Path, served: tuple[FixtureSite, FixtureSite, FakeGdelt]
) -> None:
    site, _other, gdelt = served
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "wires"\nspider = "news"\nlanguages = ["zh"]\n\n'
        f'[[source.search]]\napi = "gdelt"\nbase = "{site.base}/api/v2/doc/doc"\n'
        "since = 2017-01-01\nwindow_days = 30\nreach_days = 30\n",
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'r.db'}"
    started = datetime.now(UTC)
    crawl(db_url, "news", extra=("--sources", str(sources)))
    db = Database(db_url)
    with db.reading() as session:
        beyond = [e for e in session.scalars(select(CrawlError)) if e.kind == "beyond_window"]
    db.close()
    assert len(beyond) == 1 and "2017-01-01.." in beyond[0].message
    reach = started - timedelta(days=30, minutes=5)
    assert gdelt.windows and all(
        datetime.strptime(s, GDELT_TIME).replace(tzinfo=UTC) >= reach for s, _e in gdelt.windows
    )
    assert all(q.endswith("sourcelang:chinese") for q in gdelt.queries)
