"""``analyze``: one page in, everything the pipeline needs out. Never raises on bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from extractors.agreement import Agreement, detect_agreement
from extractors.html import MainText, decode_html, extract_main_text
from extractors.language import detect_language
from extractors.lexicon import Lexicon, default_lexicon
from extractors.matcher import CITY, COUNTRY, CUE, PRODUCT, VENDOR, Hit, is_han
from extractors.places import page_countries, resolve_places
from extractors.sentences import (
    is_listing,
    paragraph_numbers,
    sentence_index,
    sentence_spans,
)

MAX_HTML_CHARS = 20_000_000  # beyond this a "page" is not an article; trafilatura would crawl on it


@dataclass(frozen=True)
class Mention:
    kind: str
    category: str
    term: str
    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "term": self.term,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Analysis:
    source: str | None
    title: str | None
    published: date | None
    language: str | None
    text: str
    canonical_url: str | None
    hits: list[Hit] = field(repr=False)
    spans: list[tuple[int, int]] = field(repr=False)
    paragraphs: list[int] = field(repr=False)
    listing: bool
    agreement: Agreement
    cities: list[dict[str, str]]
    countries: list[str]
    claims: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    @property
    def mentions(self) -> list[Mention]:
        """Every hit with its sentence; ``kind`` is product, vendor, country, city or cue."""
        out = []
        for hit in self.hits:
            start, end = self.spans[sentence_index(self.spans, hit.start)] if self.spans else (0, 0)
            out.append(
                Mention(hit.kind, hit.label, hit.term, hit.start, hit.end, self.text[start:end])
            )
        return out

    @property
    def categories(self) -> list[str]:
        return sorted({h.label for h in self.hits if h.kind == PRODUCT})

    @property
    def vendors(self) -> list[str]:
        return list(dict.fromkeys(h.label for h in self.hits if h.kind == VENDOR))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "categories": self.categories,
            "mentions": [m.to_dict() for m in self.mentions if m.kind == PRODUCT],
            "vendors": self.vendors,
            "countries": self.countries,
            "cities": self.cities,
            "agreement": self.agreement.to_dict(),
            "claims": self.claims,
        }


def analyze(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    lexicon: Lexicon | None = None,
) -> Analysis:
    """Analyse one HTML page (text or raw bytes; ``content_type`` is the HTTP header, if any)."""
    lexicon = lexicon or default_lexicon()
    try:
        if isinstance(html, bytes):
            html = decode_html(html[:MAX_HTML_CHARS], content_type)
        main = extract_main_text(html[:MAX_HTML_CHARS], url) if html.strip() else None
    except (UnicodeError, ValueError, MemoryError) as exc:
        return _empty(url, f"{type(exc).__name__}: {exc}")
    if main is None:
        return _empty(url, None)
    return analyze_text(main, url, lexicon)


def analyze_text(main: MainText, source: str | None, lexicon: Lexicon) -> Analysis:
    text = main.text
    language = detect_language(text)
    boundaries = None
    if language == "zh" or any(is_han(c) for c in text[:2000]):
        from extractors.chinese import token_boundaries  # jieba loads only for Chinese pages

        boundaries = token_boundaries(text)
    hits = resolve_places(lexicon.matcher.find(text, boundaries), lexicon)
    spans = sentence_spans(text)
    paragraphs = paragraph_numbers(text, spans)
    cities = list(dict.fromkeys(h.label for h in hits if h.kind == CITY))
    return Analysis(
        source=source,
        title=main.title,
        published=main.published,
        language=language,
        text=text,
        canonical_url=main.canonical_url,
        hits=hits,
        spans=spans,
        paragraphs=paragraphs,
        listing=is_listing(text),
        agreement=detect_agreement(text, hits, spans, paragraphs),
        cities=[
            {"name": lexicon.cities[c].name, "country": lexicon.cities[c].country} for c in cities
        ],
        countries=page_countries(hits, lexicon),
    )


def _empty(source: str | None, error: str | None) -> Analysis:
    return Analysis(
        source,
        None,
        None,
        None,
        "",
        None,
        [],
        [],
        [],
        False,
        Agreement(False, (), None),
        [],
        [],
        error=error,
    )


__all__ = ["CITY", "COUNTRY", "CUE", "Analysis", "Mention", "analyze"]
