"""What spiders read and build, without a crawl: the links a page gives, document kinds,
feed/sitemap/GDELT/CDX readers, search windows, Retry-After, PDF text, link scores, the sources
file and the query vocabulary."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Response

from crawler.links import page_links
from crawler.politeness import retry_after_seconds
from crawler.queries import Window, gdelt_window, google_news_url, split_gdelt_url, windows
from crawler.reading import (
    LinkInContext,
    cdx_captures,
    cdx_resume_key,
    document_kind,
    feed_links,
    gdelt_articles,
    seen_words,
    sitemap_locs,
)
from crawler.scoring import default_scorer, product_terms, url_words
from extractors.pdf import analyze_pdf, pdf_text
from keywords import VocabularyError
from keywords.queries import load_queries
from safecity.crawl.sources import SPIDERS, SourcesError, load_sources
from tests.sites import SITES
from tests.sites._build import pdf

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://a.example/"><title>A</title></channel>
<item rdf:about="http://a.example/1"><title>One</title><link>http://a.example/1</link></item>
<item rdf:about="http://a.example/2"><title>Two</title></item></rdf:RDF>"""


@pytest.mark.parametrize(
    "path, kind",
    [
        ("news/feed.xml", "rss"),
        ("news/atom.xml", "atom"),
        ("news/news-sitemap.xml", "urlset"),
        ("huawei/sitemap.xml", "sitemapindex"),
        ("huawei/en/case-studies/index.html", "html"),
        ("huawei/en/industries/safe-cities/safe-city-brochure.pdf", "pdf"),
        ("archive/cdx.json", "json"),
        ("huawei/robots.txt", "text"),
    ],
)
def test_documents_are_told_apart_by_content(path: str, kind: str) -> None:
    assert document_kind((SITES / path).read_bytes()) == kind


def test_feed_and_sitemap_readers() -> None:
    rss = feed_links((SITES / "news" / "feed.xml").read_bytes())
    assert [u.rsplit("/", 1)[-1] for u in rss] == [
        "a1.html",
        "a2.html",
        "a3.html",
        "missing.html",
        "elsewhere.html",
    ]
    atom = feed_links((SITES / "news" / "atom.xml").read_bytes())
    assert atom == ["{{BASE}}/articles/a4.html", "{{BASE}}/articles/a1.html"]  # not the enclosure
    assert feed_links(RDF) == ["http://a.example/1", "http://a.example/2"]
    assert len(sitemap_locs((SITES / "huawei" / "sitemap-en.xml").read_bytes())) == 10
    assert feed_links(b"<html><p>no feed") == []


def test_gdelt_and_cdx_answers() -> None:
    assert gdelt_articles({}) == []  # GDELT's answer when nothing matched
    assert gdelt_articles({"articles": [{"url": "http://a.example/x", "title": "t"}]}) == [
        "http://a.example/x"
    ]
    assert gdelt_articles([["urlkey"]]) is None
    rows = json.loads((SITES / "archive" / "cdx.json").read_text())
    captures = cdx_captures(rows)
    assert captures is not None and len(captures) == len(rows) - 1
    assert captures[0].taken_at == datetime(2019, 3, 12, 8, 45, 1, tzinfo=UTC)
    paged = [*rows[:3], [], ["com,huawei)/next 20200101"]]
    assert cdx_resume_key(paged) == "com,huawei)/next 20200101"
    assert len(cdx_captures(paged) or []) == 2
    assert cdx_captures({"articles": []}) is None


def test_windows_cover_the_period_and_split_down_to_the_api_resolution() -> None:
    since = datetime(2024, 1, 1, tzinfo=UTC)
    parts = windows(since, since + timedelta(days=10), 3)
    assert [w.end - w.start for w in parts] == [timedelta(days=3)] * 3 + [timedelta(days=1)]
    assert parts[0].start == since and parts[-1].end == since + timedelta(days=10)
    url = "http://g.example/api?query=x&startdatetime=20240101000000&enddatetime=20240101002000"
    window = gdelt_window(url)
    assert window == Window(since, since + timedelta(minutes=20))
    assert split_gdelt_url(url, window) is None  # under two GDELT steps of 15 minutes
    wide = url.replace("002000", "010000")
    halves = split_gdelt_url(wide, Window(since, since + timedelta(hours=1)))
    assert (
        halves
        and "enddatetime=20240101003000" in halves[0]
        and "startdatetime=20240101003000" in halves[1]
    )


def test_google_news_searches_in_each_language_and_edition() -> None:
    query = load_queries().for_language("zh")[0]
    window = Window(datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 3, 8, tzinfo=UTC))
    url = google_news_url("https://news.example/rss/search", query, window)
    params = parse_qs(urlsplit(url).query)
    assert params["hl"] == ["zh-CN"] and params["ceid"] == ["CN:zh-Hans"]
    q = params["q"][0]
    assert q.startswith(f"{query.vendor_names[0]} (") and q.endswith(
        "after:2024-03-01 before:2024-03-08"
    )
    assert all(term in q for term in query.terms)


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_pdf_text_and_analysis() -> None:
    body = pdf("Brochure", ["Huawei Safe City in Nairobi, Kenya: video surveillance."])
    document = pdf_text(body)
    assert document is not None and document.title == "Brochure" and "Nairobi" in document.text
    analysis = analyze_pdf(body, "http://x.example/b.pdf")
    assert analysis.vendors == ["huawei"] and "KE" in analysis.countries
    assert pdf_text(b"%PDF-1.4 broken") is None and pdf_text(b"") is None


def test_links_score_by_vocabulary_in_anchor_url_and_context() -> None:
    scorer = default_scorer()
    tender = LinkInContext(
        "http://g.example/n/2019-cctv.html", "Tender for the video surveillance system", ""
    )
    fair = LinkInContext("http://g.example/events/fair.html", "Spring fair", "Spring fair")
    chinese = LinkInContext("http://g.example/zh/a.html", "平安城市视频监控项目招标公告", "")
    assert scorer.score(tender) > scorer.score(LinkInContext(tender.url, "Tender", "")) > 0
    assert scorer.score(fair) == 0
    assert scorer.score(chinese) >= 6
    assert (
        url_words("http://g.example/procurement/school-meals.html?page=2")
        == "school meals html page 2"
    )


def test_a_page_is_judged_by_the_words_a_reader_sees() -> None:
    menu = '<nav><a href="/safe-city/">Safe City</a></nav><header>Safe City solutions</header>'
    body = "<html><head><title>{}</title></head><body>" + menu + "<main><p>{}</p></main></body>"
    five_g = HtmlResponse(
        "http://h.example/a", body=body.format("5G", "A private 5G network in a mine.").encode()
    )
    words = list(seen_words(five_g))
    assert words[0] == "5G" and "mine" in words[1] and "Safe City" not in words[1]
    assert sum(map(product_terms, words)) == 0
    story = HtmlResponse(
        "http://h.example/b",
        body=body.format("Market day", "The county's CCTV cameras feed a command center.").encode(),
    )
    assert sum(map(product_terms, seen_words(story))) >= 2
    assert product_terms("the phone has face unlock and three cameras") == 0  # excluded, weak
    brochure = pdf("Safe City Solution Brochure", ["Page one"])
    assert next(seen_words(Response("http://h.example/b.pdf", body=brochure))) == (
        "Safe City Solution Brochure"
    )
    assert list(seen_words(Response("http://h.example/x.zip", body=b"PK\x03\x04"))) == []


def test_default_sources_file_is_valid_and_covers_every_spider_but_site() -> None:
    sources = load_sources()
    assert {s.spider for s in sources.sources} == set(SPIDERS) - {"site"}
    assert {a.api for s in sources.sources for a in s.searches} == {"gdelt", "google_news"}
    assert {"en", "zh"} <= {lang for s in sources.sources for lang in s.languages}
    assert sources.named("huawei-www").kind == "vendor"


@pytest.mark.parametrize(
    "text, where",
    [
        (
            '[[source]]\nname = "a"\nspider = "nope"\nstart = ["http://a.example/"]\n',
            ":3: spider: 'nope' is not one of",
        ),
        ('[[source]]\nname = "a"\nspider = "site"\n', ":1: start: missing"),
        (
            '[[source]]\nname = "a"\nspider = "site"\nstart = ["ftp://a.example/"]\n',
            ":4: start: not an http(s) URL",
        ),
        (
            '[[source]]\nname = "a"\nspider = "site"\nstart = ["http://a/"]\nmax_pages = 0\n',
            ":5: max_pages: must be at least 1",
        ),
        (
            '[[source]]\nname = "a"\nspider = "site"\nstart = ["http://a/"]\ndeny = ["("]\n',
            ":5: deny: bad regular expression",
        ),
        (
            '[[source]]\nname = "a"\nspider = "site"\nstart = ["http://a/"]\ncolour = 1\n',
            ":5: colour: unknown key",
        ),
        (
            '[[source]]\nname = "a"\nspider = "site"\nstart = ["http://a/"]\n\n'
            '[[source]]\nname = "a"\nspider = "site"\nstart = ["http://b/"]\n',
            ":7: name: 'a' is used by another source",
        ),
        (
            '[[source]]\nname = "n"\nspider = "news"\n\n[[source.search]]\napi = "gdelt"\n'
            'base = "http://g/"\nsince = 2024-01-01\nrecords = 900\n',
            ":9: records: must be between 1 and 250",
        ),
        (
            '[[source]]\nname = "n"\nspider = "news"\n\n[[source.search]]\napi = "gdelt"\nbase = "http://g/"\n',
            ":5: since: missing",
        ),
        ('[[source]\nname = "a"\n', ":1: toml: "),
    ],
)
def test_sources_file_errors_say_file_line_key_and_problem(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    assert str(raised.value).startswith(str(path) + where)


def test_query_vocabulary_is_checked_against_the_products(tmp_path: Path) -> None:
    queries = load_queries()
    assert {q.language for q in queries.queries} == {"en", "zh"}
    assert all(q.vendor_names and q.terms for q in queries.queries)
    bad = tmp_path / "queries.toml"
    bad.write_text(
        '[[query]]\nid = "x"\nvendors = ["huawei"]\nen = ["smart city"]\nzh = ["平安城市"]\n'
    )
    with pytest.raises(VocabularyError, match=r"queries.toml:4: query: 'smart city' is not"):
        load_queries.__wrapped__(bad)


def test_page_links_are_absolute_unique_and_only_pages_worth_fetching() -> None:
    body = """<html><head><base href="https://news.example/world/"></head><body>
    <nav><a href="/">Home</a> <a href="asia/">Asia</a> <a href=" asia/ ">Asia again</a></nav>
    <p><a href="2019/belgrade-cameras.html#comments">Belgrade</a>
    <a href="2019/belgrade-cameras.html">Belgrade, once more</a>
    <a href="https://other.example/report?id=7&amp;lang=fr">Other site</a>
    <a href="photos/camera.JPG">Photo</a> <a href="mailto:desk@news.example">Write</a>
    <a href="javascript:void(0)">Menu</a> <a href="#top">Top</a> <a href="http://[::1">Bad</a>
    <a href="/search?q=平安城市">平安城市</a></p>
    <map><area href="map/nairobi.html" alt="Nairobi"></map>
    <noscript><a href="plain/">Without scripts</a></noscript>
    <template><a href="inert.html">Not a link until a script uses it</a></template></body></html>"""
    response = HtmlResponse(
        "https://news.example/world/index.html", body=body.encode("utf-8"), encoding="utf-8"
    )
    assert page_links(response, frozenset({".jpg", ".zip"})) == [
        "https://news.example/",
        "https://news.example/world/asia/",
        "https://news.example/world/2019/belgrade-cameras.html",
        "https://other.example/report?id=7&lang=fr",
        "https://news.example/search?q=%E5%B9%B3%E5%AE%89%E5%9F%8E%E5%B8%82",
        "https://news.example/world/map/nairobi.html",
        "https://news.example/world/plain/",
    ]
