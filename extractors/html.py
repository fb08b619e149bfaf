"""Main text and metadata of an HTML page, by trafilatura; bytes are decoded the way Scrapy does."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import trafilatura
from lxml.etree import LxmlError
from w3lib.encoding import html_to_unicode

# trafilatura logs every page it finds too short or unparsable at WARNING; a crawl has thousands.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True)
class MainText:
    text: str
    title: str | None
    published: date | None
    canonical_url: str | None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML body: the charset from the header, else the meta tag, else a guess.

    GBK-family names are widened to GB18030 (a superset), so a page labelled gb2312 that uses GBK
    characters still decodes.
    """
    _encoding, text = html_to_unicode(content_type, body)
    return text


def extract_main_text(html: str, url: str | None = None) -> MainText | None:
    """The page's main text and metadata; None when the page has no usable text."""
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except (LxmlError, ValueError, TypeError, RecursionError):
        return None
    if document is None or not getattr(document, "text", None):
        return None
    return MainText(
        text=document.text,
        title=document.title or None,
        published=_parse_date(document.date),
        canonical_url=document.url if document.url and document.url != url else None,
    )


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
