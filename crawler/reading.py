"""What spiders read from a response, one small helper per field: which kind of document it is,
the links of a feed or a sitemap, the articles of a GDELT answer, the captures of a CDX answer,
the links of a page with their words, and the words a reader of a page sees. Nothing here fetches
or stores."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree, html
from pypdf import PdfReader
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from selectolax.lexbor import LexborHTMLParser

from extractors.pdf import PDF_ERRORS

XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
FIRST_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")
SKIPPED = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S | re.I)
HTML_PARSER = html.HTMLParser(encoding="utf-8")  # Scrapy has decoded the page; lxml reads UTF-8
MAX_UNZIPPED = 50 * 1024 * 1024  # a sitemap may be 50 MB uncompressed (sitemaps.org)
# what a reader does not take for the page's own words: code, menus, banners, footers, side bars
UNSEEN = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]
MAX_SEEN_CHARS = 100_000
PDF_PAGES_SEEN = 3  # a brochure says what it is about on its first pages

PDF, JSON, HTML, TEXT = "pdf", "json", "html", "text"  # document kinds
RSS, ATOM, URLSET, SITEMAPINDEX = "rss", "atom", "urlset", "sitemapindex"
ROOTS = {"rss": RSS, "rdf": RSS, "feed": ATOM, "urlset": URLSET, "sitemapindex": SITEMAPINDEX}


def body_of(response: Response) -> bytes:
    """The body, gunzipped when it is a gzip file (``sitemap.xml.gz``)."""
    body = response.body
    if body[:2] == b"\x1f\x8b":
        return gunzip(body, max_size=MAX_UNZIPPED)
    return body


def document_kind(body: bytes) -> str:
    """pdf, json, rss (RSS 0.9x/1.0/2.0), atom, urlset, sitemapindex, html or text: by content,
    never by the URL or the content type (servers label feeds text/html and sitemaps text/plain)."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return PDF
    if head[:1] in (b"{", b"["):
        return JSON
    match = FIRST_TAG.search(SKIPPED.sub(b"", head))
    if match is None:
        return TEXT
    name = match.group(1).split(b":")[-1].decode("ascii", "replace").lower()
    return ROOTS.get(name, HTML)


def _local(element: Any) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _xml(body: bytes) -> Any:
    try:
        return etree.fromstring(body, parser=XML)
    except etree.XMLSyntaxError:
        return None


def feed_links(body: bytes) -> list[str]:
    """The article links of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order."""
    root = _xml(body)
    if root is None:
        return []
    links: list[str] = []
    for item in root.iter():
        name = _local(item)
        if name == "item":
            link = next((c.text for c in item if _local(c) == "link" and c.text), None)
            about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            links.append((link or about or "").strip())
        elif name == "entry":
            links.append(_atom_link(item))
    return [link for link in links if link]


def _atom_link(entry: Any) -> str:
    hrefs = [
        (c.get("rel") or "alternate", c.get("href") or "") for c in entry if _local(c) == "link"
    ]
    preferred = [href for rel, href in hrefs if rel == "alternate" and href]
    return (preferred or [href for _rel, href in hrefs if href] or [""])[0].strip()


def sitemap_locs(body: bytes) -> list[str]:
    """The ``<loc>`` of each ``<url>`` of a urlset, or of each ``<sitemap>`` of an index."""
    root = _xml(body)
    if root is None:
        return []
    out = []
    for entry in root:
        if _local(entry) in ("url", "sitemap"):
            loc = next((c.text for c in entry if _local(c) == "loc" and c.text), None)
            if loc:
                out.append(loc.strip())
    return out


def json_of(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def gdelt_articles(data: Any) -> list[str] | None:
    """The article URLs of a GDELT DOC 2.0 ``ArtList`` answer (``{"articles": [...]}``; ``{}``
    when nothing matched); None when ``data`` is not one."""
    if not isinstance(data, dict) or not set(data) <= {"articles"}:
        return None
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        return None
    return [a["url"] for a in articles if isinstance(a, dict) and isinstance(a.get("url"), str)]


@dataclass(frozen=True)
class Capture:
    timestamp: str
    original: str
    mimetype: str
    status: str
    digest: str

    @property
    def taken_at(self) -> datetime:
        return datetime.strptime(self.timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(
            tzinfo=UTC
        )


def cdx_captures(data: Any) -> list[Capture] | None:
    """The captures of a Wayback CDX ``output=json`` answer: a header row of field names, then one
    row per capture (and, with ``showResumeKey``, an empty row and the key). None if not one."""
    if not isinstance(data, list) or not data:
        return [] if data == [] else None
    header = data[0]
    if not isinstance(header, list) or not {"timestamp", "original"} <= set(header):
        return None
    out = []
    for row in data[1:]:
        if not row:
            break  # the resume key follows
        fields = dict(zip(header, (str(v) for v in row), strict=False))
        timestamp, original = fields.get("timestamp", ""), fields.get("original", "")
        out.append(
            Capture(
                timestamp,
                original,
                fields.get("mimetype", ""),
                fields.get("statuscode", ""),
                fields.get("digest") or timestamp + original,
            )
        )
    return out


def cdx_resume_key(data: Any) -> str | None:
    """The resumption key at the end of a CDX answer made with ``showResumeKey=true``."""
    if isinstance(data, list) and len(data) >= 2 and data[-2] == [] and len(data[-1]) == 1:
        return str(data[-1][0])
    return None


@dataclass(frozen=True)
class LinkInContext:
    url: str
    text: str  # the anchor text
    context: str  # the text of the block the link stands in


def links_in_context(response: Response, context_chars: int = 300) -> list[LinkInContext]:
    """Every ``<a href>`` of an HTML page, absolute, with its anchor text and surrounding text."""
    if not isinstance(response, TextResponse):
        return []
    try:
        tree = html.fromstring(response.text.encode("utf-8"), parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        return []
    out = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        block = anchor.getparent()
        while block is not None and block.tag not in ("p", "li", "td", "div", "section", "dd"):
            block = block.getparent()
        context = " ".join((block if block is not None else anchor).text_content().split())
        text = " ".join(anchor.text_content().split()) or (anchor.get("title") or "")
        out.append(LinkInContext(response.urljoin(href), text, context[:context_chars]))
    return out


def seen_words(response: Response) -> Iterator[str]:
    """The page's words as a reader sees them, cheapest first: its title, then the text of its body
    without scripts, menus, headers, footers and side bars (first ``MAX_SEEN_CHARS``); for a PDF,
    its title, then its first pages. One Lexbor parse (as ``crawler.links``), no main-text
    extraction: enough to tell what a page is about, not to analyse it."""
    if document_kind(response.body[:4096]) == PDF:
        yield from _pdf_words(response.body)
    elif isinstance(response, TextResponse):
        tree = LexborHTMLParser(response.text)
        title = tree.css_first("title")
        yield title.text() if title is not None else ""
        tree.strip_tags(UNSEEN)
        if tree.body is not None:
            yield tree.body.text(separator=" ")[:MAX_SEEN_CHARS]


def _pdf_words(body: bytes) -> Iterator[str]:
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        yield str(reader.metadata.title or "") if reader.metadata else ""
        for page in reader.pages[:PDF_PAGES_SEEN]:
            yield page.extract_text() or ""
    except PDF_ERRORS:
        return
