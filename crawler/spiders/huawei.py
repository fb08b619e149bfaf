"""``huawei``: Huawei's own sites: sitemap indexes, news and case-study listings, and the Safe
City, public-safety, case-study and press pages and PDF brochures they lead to.

The URL rules are for the layout of www.huawei.com and e.huawei.com (``/{lang}/…``, news under
``/news/{year}/``, enterprise solutions under ``/industries/`` and ``/solutions/``); they work on a
local copy too, since only paths are matched.
"""

from __future__ import annotations

from crawler.base_spiders import RuleSpider

TOPICS = (
    r"safe-?city",
    r"public-?safety",
    r"smart-?policing",
    r"intelligent-?vision",
    r"video-?(surveillance|cloud|analytics)",
    r"holosens",
    r"(?<![a-z])police",
    r"case-?stud",
    r"success-?stor",
    r"平安城市",
)


class HuaweiSpider(RuleSpider):
    name = "huawei"
    start_urls = [  # noqa: RUF012 (Scrapy declares it a list)
        "https://www.huawei.com/sitemap.xml",
        "https://e.huawei.com/sitemap.xml",
        "https://e.huawei.com/en/industries/public-safety",
        "https://e.huawei.com/en/case-studies",
        "https://www.huawei.com/en/news",
    ]
    allowed_hosts = ("huawei.com",)
    # pages handed on: a Safe City topic in the path, press releases and PDFs under a topic
    allow = (
        *(rf"(?i){topic}" for topic in TOPICS),
        r"/(press-?releases?|news)/\d{4}/",
    )
    # listings whose links are read: news and case-study indexes and their pages, solution trees
    follow = (
        r"/news/?(\?|$|page|\d{4}/?$)",
        r"/case-?studies/?(\?|$|page)",
        r"/(industries|solutions)/",
    )
    deny = (
        r"/consumer/",
        r"consumer\.huawei\.com",
        r"/(phones?|tablets?|laptops?|wearables?|audio)/",
        r"/(careers?|jobs|investor|legal|privacy|cookies?)/",
        r"[?&](utm_|share=)",
    )
