"""The links of a page to follow, absolute and without duplicates.

What Scrapy's ``LinkExtractor`` gives for ``<a>`` and ``<area>``, at a fraction of its cost: it
walks every element of the page in Python and joins and escapes every anchor before it drops the
duplicates, and real pages repeat their menus and footers (the crawl bench's pages carry about 150
anchors each): it took a third of the Scrapy process's time. Here lxml finds the hrefs (XPath, in
C) and each distinct href is joined and escaped once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy.http import TextResponse
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

HREFS = "//a/@href | //area/@href"
SCHEMES = ("http", "https")


def page_links(response: TextResponse, skip_suffixes: Collection[str] = ()) -> list[str]:
    """Absolute http(s) URLs of the page's links, in page order, once each, fragments dropped;
    links whose path ends in one of ``skip_suffixes`` (".jpg", ".zip", ...) left out."""
    base = get_base_url(response)
    found: dict[str, None] = {}
    root = response.selector.root  # the lxml tree: a parsel Selector per href costs more
    for value in dict.fromkeys(root.xpath(HREFS) if root is not None else ()):
        href = strip_html5_whitespace(str(value))
        if not href or href.startswith("#"):
            continue
        try:
            url = safe_url_string(urldefrag(urljoin(base, href)).url, encoding=response.encoding)
            parts = urlsplit(url)
        except ValueError:  # a bogus link ("http://[::1", a bad port): not one to follow
            continue
        if parts.scheme not in SCHEMES or not parts.netloc:
            continue
        if posixpath.splitext(parts.path)[1].lower() in skip_suffixes:
            continue
        found[url] = None
    return list(found)
