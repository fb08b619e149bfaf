"""``government``: a focused crawl of government portals from seed pages (ministries of the
interior, police, city halls, procurement boards): links scored by the vocabulary, best first,
within the source's depth and page budget. No defaults: seeds come from the sources file or
``--start``."""

from __future__ import annotations

from crawler.base_spiders import FocusedSpider


class GovernmentSpider(FocusedSpider):
    name = "government"
    min_score = 1
    max_depth = 4
    deny = (
        r"(?i)/(login|logout|signin|register|search)\b",
        r"(?i)[?&](print|share|lang)=",
        r"(?i)\.(jpg|png|gif|zip|rar|docx?|xlsx?)$",
    )
