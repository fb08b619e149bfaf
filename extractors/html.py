"""Main text and metadata of an HTML page, by trafilatura; bytes are decoded the way Scrapy does."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import charset_normalizer
import trafilatura
from htmldate import find_date
from lxml.etree import LxmlError
from trafilatura.metadata import examine_meta, extract_title, extract_url
from trafilatura.utils import load_html
from w3lib.encoding import html_to_unicode

# trafilatura logs every page it finds too short or unparsable at WARNING; a crawl has thousands.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


GUESS_BYTES = 64 * 1024  # enough text to tell an encoding; the guess costs time per byte

# htmldate's extensive search (every date-like string in the page) costs more than the text
# extraction itself; the publication date comes from the metadata and markup it checks first.


@dataclass(frozen=True)
class MainText:
    text: str
    title: str | None
    published: date | None
    canonical_url: str | None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML body: the charset from a BOM, the header or the meta tag, else a guess.

    w3lib widens GBK-family names to GB18030 (a superset), so a page labelled gb2312 that uses GBK
    characters still decodes. With no declaration, valid UTF-8 is UTF-8 and anything else is left
    to charset_normalizer (a GBK page with no charset is common on older Chinese sites).
    """
    _encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_guess_encoding)
    return text


def _guess_encoding(body: bytes) -> str | None:
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body[:GUESS_BYTES]).best()
    return best.encoding if best else None


def extract_main_text(html: str, url: str | None = None) -> MainText | None:
    """The page's main text, title, publication date and canonical address; None when the page
    has no usable text.

    The page is parsed once. The metadata comes from the few trafilatura and htmldate steps we use
    (meta tags, the title, the canonical link, the date in markup): trafilatura's full metadata
    pass (authors, site name, categories, JSON-LD, an extensive date search) costs a third of the
    extraction and none of it is used here.
    """
    try:
        tree = load_html(html)
        if tree is None:
            return None
        meta = examine_meta(tree)
        title = meta.title or extract_title(tree)
        canonical = meta.url or extract_url(tree)
        published = find_date(
            tree, url=canonical or url, extensive_search=False, original_date=True
        )
        document = trafilatura.bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False, include_tables=True
        )
    except (LxmlError, ValueError, TypeError, RecursionError):
        return None
    if document is None or isinstance(document, dict) or not document.text:
        return None
    return MainText(
        text=document.text,
        title=title.strip() if title else None,
        published=_parse_date(published),
        canonical_url=canonical if canonical and canonical != url else None,
    )


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
