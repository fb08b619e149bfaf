"""From one analysed page to the candidate agreements it supports: pure, no database.

A page proposes (vendor, country, city) for a focus vendor and a country the text ties it to
(``extractors.pairs``): a sentence that names both with a Safe City product in or beside it, or a
sentence about what the vendor did that reads with the place the headline names; denials, bids,
allegations and speculation tie nothing, and the vendor's home country is never proposed. Each
evidence sentence says which rule made it evidence (a stated deal, a stated deployment, or a mention
in passing). A listing page (a section front of teasers) proposes nothing: each teaser's article
speaks for itself, and a page in a language the vocabulary does not read proposes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from extractors.agreement import YEAR
from extractors.analysis import Analysis, can_propose
from extractors.counterpart import find_counterpart
from extractors.lexicon import Lexicon, default_lexicon
from extractors.matcher import CITY, COUNTRY
from extractors.pairs import RULE_ORDER, Tie, strongest, ties
from extractors.sentences import sentence_index
from extractors.value import Value, find_values
from keywords import LANGUAGES, STAGES

MAX_EVIDENCE = 5
# the languages whose denials, bids and speculation the vocabulary can read (Malay with Indonesian)
READ = frozenset(LANGUAGES) | {"ms"}


@dataclass(frozen=True)
class EvidenceSpan:
    start: int
    end: int
    sentence: str
    rule: str = "passing"  # deal, deployment or passing (extractors.pairs)


@dataclass(frozen=True)
class Proposal:
    vendor: str
    country: str
    city: str | None
    year: int | None
    stage: str | None
    products: tuple[str, ...]
    evidence: tuple[EvidenceSpan, ...]
    rule: str = "passing"  # the strongest rule among the evidence
    counterpart: str | None = None
    value: Value | None = None


def propose(analysis: Analysis, lexicon: Lexicon | None = None) -> list[Proposal]:
    lexicon = lexicon or default_lexicon()
    focus = lexicon.focus_vendors
    if not can_propose(analysis.hits, focus) or analysis.listing:
        return []
    if analysis.language is not None and analysis.language not in READ:
        return []  # a Japanese page naming Huawei and a country: no telling deal from denial
    products = analysis.categories
    page_vendors = [v for v in analysis.vendors if v in focus]
    agreement = analysis.agreement
    proposals = []
    for vendor in page_vendors:
        tied = ties(analysis, lexicon, vendor)
        for country, found in tied.items():
            evidence = _evidence(analysis, found)
            counterpart, value = _details(analysis, lexicon, evidence)
            if len(tied) == 1:  # the page's one deal: its wording anywhere on the page counts
                counterpart = counterpart or agreement.counterpart
                value = value or agreement.value
            stages = [t.stage for t in found if t.stage]
            stage = max(stages, key=STAGES.index) if stages else agreement.stage
            year = _evidence_year(evidence, analysis.published) or agreement.year
            proposals.append(
                Proposal(
                    vendor,
                    country,
                    _city(analysis, lexicon, country, found),
                    year,
                    stage,
                    tuple(products),
                    evidence,
                    strongest(found),
                    counterpart,
                    value,
                )
            )
    return proposals


def _city(analysis: Analysis, lexicon: Lexicon, country: str, found: list[Tie]) -> str | None:
    """The city of ``country`` the tying sentences name most, else the one the page names most."""
    tied = {t.sentence for t in found}
    counts: Counter[str] = Counter()
    page: Counter[str] = Counter()
    for hit in analysis.hits:
        if hit.kind == CITY and lexicon.cities[hit.label].country == country:
            page[hit.label] += 1
            if sentence_index(analysis.spans, hit.start) in tied:
                counts[hit.label] += 1
    best = counts.most_common(1) or page.most_common(1)
    return lexicon.cities[best[0][0]].name if best else None


def _details(
    analysis: Analysis, lexicon: Lexicon, evidence: tuple[EvidenceSpan, ...]
) -> tuple[str | None, Value | None]:
    """The counterpart and the contract value named in the evidence, strongest rule first."""
    places = [h.term for h in analysis.hits if h.kind in (COUNTRY, CITY)]
    vocabulary = lexicon.vocabulary
    counterpart, value = None, None
    for span in sorted(evidence, key=lambda e: RULE_ORDER.index(e.rule)):
        counterpart = counterpart or find_counterpart(span.sentence, vocabulary, places)
        if value is None:
            value = next(iter(find_values(analysis.text, span.start, span.end, vocabulary)), None)
    return counterpart, value


def _evidence(analysis: Analysis, found: list[Tie]) -> tuple[EvidenceSpan, ...]:
    """The tying sentences, strongest rule first, at most MAX_EVIDENCE, in text order."""
    best: dict[int, str] = {}
    for tie in found:
        if tie.sentence not in best or RULE_ORDER.index(tie.rule) < RULE_ORDER.index(
            best[tie.sentence]
        ):
            best[tie.sentence] = tie.rule
    ranked = sorted(best, key=lambda i: (RULE_ORDER.index(best[i]), i))[:MAX_EVIDENCE]
    text = analysis.text
    return tuple(
        EvidenceSpan(s, e, text[s:e], best[i])
        for i in sorted(ranked)
        for s, e in (analysis.spans[i],)
    )


def _evidence_year(evidence: tuple[EvidenceSpan, ...], published: date | None) -> int | None:
    """The earliest year the evidence names (not after publication), else the publication year."""
    latest = published.year if published else None
    years = [int(y) for span in evidence for y in YEAR.findall(span.sentence)]
    years = [y for y in years if latest is None or y <= latest]
    return min(years) if years else latest
