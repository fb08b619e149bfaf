"""From one analysed page to the candidate agreements it supports: pure, no database.

A page proposes (vendor, country, city) when it names a focus vendor, at least one Safe City product
and a country. The vendor's home country is left out when the page names another one (a Chinese
report
of a deal abroad names China too). Only countries that share a sentence window (within a paragraph)
with the vendor or a product are proposed; if none does, the one the page names most. A listing page
(a section front of teasers) proposes nothing: each teaser's article speaks for itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from extractors.agreement import YEAR
from extractors.analysis import Analysis
from extractors.lexicon import Lexicon, default_lexicon
from extractors.matcher import CITY, COUNTRY, PRODUCT, VENDOR
from extractors.places import main_city
from extractors.sentences import near, sentence_index

WINDOW = 1
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class EvidenceSpan:
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Proposal:
    vendor: str
    country: str
    city: str | None
    year: int | None
    stage: str | None
    products: tuple[str, ...]
    evidence: tuple[EvidenceSpan, ...]


def propose(
    analysis: Analysis, lexicon: Lexicon | None = None, vendors: frozenset[str] | None = None
) -> list[Proposal]:
    lexicon = lexicon or default_lexicon()
    wanted = lexicon.focus_vendors if vendors is None else vendors
    hits = analysis.hits
    products = analysis.categories
    page_vendors = [v for v in analysis.vendors if v in wanted]
    if not products or not page_vendors or analysis.listing:
        return []
    spans = analysis.spans
    anchors = {sentence_index(spans, h.start) for h in hits if h.kind in (PRODUCT, VENDOR)}
    proposals = []
    for vendor in page_vendors:
        home = lexicon.vendors[vendor].country
        for country in _countries(analysis, lexicon, anchors, home):
            city_id = main_city(hits, country, lexicon)
            city = lexicon.cities[city_id].name if city_id else None
            evidence = _evidence(analysis, lexicon, vendor, country)
            year = analysis.agreement.year or _evidence_year(evidence, analysis.published)
            proposals.append(
                Proposal(
                    vendor, country, city, year, analysis.agreement.stage, tuple(products), evidence
                )
            )
    return proposals


def _evidence_year(evidence: tuple[EvidenceSpan, ...], published: date | None) -> int | None:
    """The earliest year the evidence names (not after publication), else the publication year."""
    latest = published.year if published else None
    years = [int(y) for span in evidence for y in YEAR.findall(span.sentence)]
    years = [y for y in years if latest is None or y <= latest]
    return min(years) if years else latest


def _place_country(hit_kind: str, label: str, lexicon: Lexicon) -> str:
    return label if hit_kind == COUNTRY else lexicon.cities[label].country


def _countries(analysis: Analysis, lexicon: Lexicon, anchors: set[int], home: str) -> list[str]:
    linked: dict[str, None] = {}
    counts: Counter[str] = Counter()
    for hit in analysis.hits:
        if hit.kind not in (COUNTRY, CITY):
            continue
        country = _place_country(hit.kind, hit.label, lexicon)
        counts[country] += 1
        index = sentence_index(analysis.spans, hit.start)
        if any(near(analysis.paragraphs, index, a, WINDOW) for a in anchors):
            linked.setdefault(country)
    named = list(linked) or ([counts.most_common(1)[0][0]] if counts else [])
    abroad = [c for c in named if c != home]
    if not abroad and home in counts and len(counts) > 1:
        abroad = [c for c, _ in counts.most_common() if c != home][:1]
    return abroad or named


def _evidence(
    analysis: Analysis, lexicon: Lexicon, vendor: str, country: str
) -> tuple[EvidenceSpan, ...]:
    """Sentences that name the country (or one of its cities) with the vendor or a product, or the
    vendor and a product next to such a sentence; best first (most named), at most MAX_EVIDENCE."""
    kinds: dict[int, set[str]] = {}
    for hit in analysis.hits:
        if hit.kind == VENDOR and hit.label == vendor:
            tag = "vendor"
        elif hit.kind == PRODUCT:
            tag = "product"
        elif (
            hit.kind in (COUNTRY, CITY) and _place_country(hit.kind, hit.label, lexicon) == country
        ):
            tag = "place"
        else:
            continue
        kinds.setdefault(sentence_index(analysis.spans, hit.start), set()).add(tag)
    placed = [i for i, k in kinds.items() if "place" in k]

    def supports(i: int) -> bool:
        k = kinds[i]
        if "place" in k:
            return len(k) >= 2
        return len(k) >= 2 and any(near(analysis.paragraphs, i, p, WINDOW) for p in placed)

    ranked = sorted((i for i in kinds if supports(i)), key=lambda i: (-len(kinds[i]), i))
    chosen = sorted(ranked[:MAX_EVIDENCE])
    text = analysis.text
    return tuple(EvidenceSpan(s, e, text[s:e]) for s, e in (analysis.spans[i] for i in chosen))
