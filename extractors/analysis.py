"""``analyze``: one page in, everything the pipeline needs out. Never raises on bad input."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import accumulate
from typing import Any

from extractors.agreement import NO_AGREEMENT, Agreement, detect_agreement
from extractors.claims import Claim, find_claims
from extractors.html import MainText, decode_html, extract_main_text
from extractors.language import detect_language
from extractors.lexicon import Lexicon, default_lexicon
from extractors.matcher import CITY, COUNTRY, CUE, FUTURE, PRODUCT, VENDOR, WEAK, Hit, is_han
from extractors.normalize import fold
from extractors.places import page_countries, resolve_places
from extractors.sentences import (
    is_listing,
    paragraph_numbers,
    sentence_index,
    sentence_spans,
)

_MARKUP = re.compile(r"<(?:!doctype|html|head|body|p|div|article|br|span|a|table)\b", re.I)
MAX_HTML_CHARS = 4_000_000  # characters read of a page; the largest real article we have is 1.6 MB


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
    claims: list[Claim] = field(default_factory=list)
    error: str | None = None
    # negation, speculation, bid … words (keywords/pairs.toml): what a clause says of a vendor
    markers: list[Hit] = field(default_factory=list, repr=False)

    @property
    def mentions(self) -> list[Mention]:
        """Every hit with its sentence; ``kind`` is product, vendor, country, city or cue."""
        out = []
        for hit in self.hits:
            if hit.kind == FUTURE:
                continue
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
            "claims": [c.to_dict() for c in self.claims],
        }


def analyze(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    lexicon: Lexicon | None = None,
) -> Analysis:
    """Analyse one page: HTML (text or raw bytes), or plain text when ``content_type`` says
    text/plain or the input has no markup at all; ``content_type`` is the HTTP header, if any."""
    lexicon = lexicon or default_lexicon()
    try:
        if isinstance(html, bytes):
            html = decode_html(html[:MAX_HTML_CHARS], content_type)
        html = html[:MAX_HTML_CHARS]
        if _is_plain_text(html, content_type):
            main = plain_text(html)
        else:
            main = extract_main_text(html, url) if html.strip() else None
    except (UnicodeError, ValueError, MemoryError) as exc:
        return _empty(url, f"{type(exc).__name__}: {exc}")
    if main is None:
        return _empty(url, None)
    return analyze_text(main, url, lexicon)


def promote_weak(hits: list[Hit]) -> list[Hit]:
    """Weak product terms ("cameras", "control room") count as products on a page that names a
    Safe City product outright, where they do not overlap one; elsewhere they are dropped."""
    strong = sorted((h.start, h.end) for h in hits if h.kind == PRODUCT)
    if not strong:
        return [h for h in hits if h.kind != WEAK]
    starts = [start for start, _ in strong]
    reach = list(accumulate((end for _, end in strong), max))  # furthest end among the first i
    out = []
    for hit in hits:
        if hit.kind == WEAK:
            before = bisect_left(starts, hit.end)  # strong hits starting before this one ends
            if before and reach[before - 1] > hit.start:
                continue
            out.append(replace(hit, kind=PRODUCT))
            continue
        out.append(hit)
    return out


def can_propose(hits: list[Hit], focus: frozenset[str]) -> bool:
    """A page can propose a candidate only if it names a focus vendor and a Safe City product."""
    has_vendor = any(h.kind == VENDOR and h.label in focus for h in hits)
    return has_vendor and any(h.kind == PRODUCT for h in hits)


def _is_plain_text(text: str, content_type: str | None) -> bool:
    if content_type and content_type.split(";")[0].strip().lower() == "text/plain":
        return True
    return _MARKUP.search(text[:5000]) is None


def plain_text(text: str) -> MainText | None:
    """A text document as the extractors read it: paragraphs on their own lines."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    body = "\n".join(line for line in lines if line)
    return MainText(body, None, None, None) if body else None


def with_headline(main: MainText) -> str:
    """The text a reader sees: the headline first (trafilatura leaves it out of the main text), so
    that "Huawei to build Safe City in X" is read with the body that says what was built."""
    title = " ".join((main.title or "").split())
    if not title or main.text.lstrip().startswith(title):
        return main.text
    return f"{title}\n{main.text}"


_HAN_RUN = re.compile("[\u2e80-\u9fff\uf900-\ufaff\u3400-\u4dbf]+")


def han_boundaries(text: str, language: str | None) -> list[int] | None:
    """jieba's token boundaries in the folded (Simplified) text, as our Chinese and Japanese terms
    are: the whole text of a Chinese or Japanese page; on a page in another language that has Han
    characters near its top (a name in brackets, a quoted slogan), only its runs of them, which
    spares a long English page a segmentation of every word. None on other pages."""
    cjk = language in ("zh", "ja")
    if not cjk and not any(is_han(c) for c in text[:2000]):
        return None
    from extractors.chinese import token_boundaries  # jieba loads only for pages that need it

    folded = fold(text)
    if cjk:
        return token_boundaries(folded)
    bounds: set[int] = set()
    for run in _HAN_RUN.finditer(folded):
        bounds.update(run.start() + b for b in token_boundaries(run.group()))
    return sorted(bounds)


def analyze_text(main: MainText, source: str | None, lexicon: Lexicon) -> Analysis:
    text = with_headline(main)
    language = detect_language(text)
    boundaries = han_boundaries(text, language)
    found = lexicon.matcher.find(text, boundaries, language=language)
    hits = promote_weak(resolve_places(found, lexicon))
    # the words pairs read around a vendor, on the pages that can propose (most cannot)
    wanted = can_propose(hits, lexicon.focus_vendors)
    markers = lexicon.marker_matcher.find(text, boundaries) if wanted else []
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
        agreement=detect_agreement(
            text, hits, spans, paragraphs, lexicon.vocabulary, main.published
        ),
        claims=find_claims(text, spans, lexicon.claims_matcher, boundaries),
        cities=[
            {"name": lexicon.cities[c].name, "country": lexicon.cities[c].country} for c in cities
        ],
        countries=page_countries(hits, lexicon),
        markers=markers,
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
        NO_AGREEMENT,
        [],
        [],
        error=error,
    )


__all__ = ["CITY", "COUNTRY", "CUE", "Analysis", "Mention", "analyze"]
