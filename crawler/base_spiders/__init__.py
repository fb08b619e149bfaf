"""Base spiders: shared discovery behaviour. Concrete spiders in ``crawler.spiders`` are mostly
attributes on top of these."""

from crawler.base_spiders.base import BaseSpider
from crawler.base_spiders.cdx import CdxSpider
from crawler.base_spiders.feeds import FeedSpider
from crawler.base_spiders.focused import FocusedSpider
from crawler.base_spiders.rules import RuleSpider

__all__ = ["BaseSpider", "CdxSpider", "FeedSpider", "FocusedSpider", "RuleSpider"]
