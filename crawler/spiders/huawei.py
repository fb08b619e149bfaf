"""``huawei``: Huawei's own sites, www.huawei.com, e.huawei.com and blog.huawei.com: their sitemap
indexes, news, case-study, story, event, ICT Insights and blog listings, and every page these lead
to, except consumer, careers and legal pages, which are never fetched.

Huawei's Safe City pages sit under many shapes (``/safe-cities/``, ``/publications/…/focus/…``,
``blog.huawei.com/2019/08/26/…/``, ``/de/news/de/2016/hw_…``, ``/stories/``,
``/events/…/topics/…``), so the URL rules only steer discovery; a fetched page is handed on when its
title and visible text name a Safe City product term (``min_product_terms``, see
``crawler.base_spiders.rules``). Only paths are matched, so the rules work on a local copy too.
"""

from __future__ import annotations

from crawler.base_spiders import RuleSpider


class HuaweiSpider(RuleSpider):
    name = "huawei"
    start_urls = [  # noqa: RUF012 (Scrapy declares it a list)
        "https://www.huawei.com/sitemap.xml",
        "https://e.huawei.com/sitemap.xml",
        "https://www.huawei.com/en/news",
        "https://e.huawei.com/en/industries/public-safety",
        "https://e.huawei.com/en/case-studies",
        "https://e.huawei.com/en/publications/global/ict_insights",
        "https://blog.huawei.com/",
    ]
    allowed_hosts = ("www.huawei.com", "e.huawei.com", "blog.huawei.com")
    min_product_terms = 1  # the page's words decide; ``allow`` stays empty
    # listings whose links are read (their pages are fetched, then judged by their words)
    follow = (
        r"/news(/[a-z]{2})?/?(\?|$|page|\d{4}/?$)",  # /en/news, /de/news/de/2016/
        r"/case-?studies/?(\?|$|page)",
        r"/stories/?(\?|$|page)",
        r"/events/[^/]+/?$",  # an event's page lists its topics
        r"/(industries|solutions)/",
        r"/(publications|ict-insights)/",  # ICT Insights: issues list their articles
        r"/page/\d+/?$",  # blog pagination
        r"/category/",
    )
    deny = (
        r"/consumer/",
        r"consumer\.huawei\.com",
        r"/(phones?|tablets?|laptops?|wearables?|audio)/",
        r"/(careers?|jobs|investor|legal|privacy|terms|cookies?)\b",
        r"[?&](utm_|share=)",
    )
