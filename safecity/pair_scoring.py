"""Score what the analyst's queue would hold: the (page, country) pairs proposed for each focus
vendor, against the deals a labelled page asserts.

Gold: every (page, country) of an asserted deal of the vendor, the vendor's home country left out
(a Chinese report names China beside the place of the deal). Predicted: the (page, country) of each
of the vendor's proposals, home left out too. A label gives its deals as ``deals`` (vendor name,
country, asserted); the older synthetic labels give one ``agreement`` (vendor id, country,
detected), read as one asserted deal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from extractors import Analysis, propose
from extractors.lexicon import Lexicon
from extractors.matcher import CITY, COUNTRY
from extractors.sentences import sentence_index
from safecity.scores import Counts


@dataclass(frozen=True)
class PairError:
    """A proposed pair the label does not assert (``false``), or an asserted one not proposed
    (``missed``), with the sentence that made it, or a sentence that names the place."""

    kind: str
    document: str
    language: str
    vendor: str
    country: str
    sentence: str
    rule: str = ""

    def line(self) -> str:
        why = f" [{self.rule}]" if self.rule else ""
        return (
            f"{self.kind:6s} {self.vendor} {self.country} {self.document} ({self.language}){why}: "
            f"{' '.join(self.sentence.split())[:300]}"
        )


@dataclass
class PairReport:
    vendors: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    languages: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[PairError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        per_language: dict[str, dict[str, Any]] = defaultdict(dict)
        for (vendor, language), counts in sorted(self.languages.items()):
            per_language[vendor][language] = counts.as_dict()
        return {
            "vendors": {v: c.as_dict() for v, c in sorted(self.vendors.items())},
            "languages": dict(per_language),
        }


def gold_pairs(label: dict[str, Any], lexicon: Lexicon) -> dict[str, set[str]]:
    """Per focus vendor id, the countries of the deals the label asserts (home left out)."""
    by_name = {v.name.casefold(): v.id for v in lexicon.vendors.values()}
    by_name.update({v.id: v.id for v in lexicon.vendors.values()})
    out: dict[str, set[str]] = {v: set() for v in lexicon.focus_vendors}
    deals = label.get("deals")
    if deals is None:
        agreement = label.get("agreement") or {}
        deals = [
            {
                "vendor": agreement.get("vendor"),
                "country": agreement.get("country"),
                "asserted": bool(agreement.get("detected")),
            }
        ]
    for deal in deals:
        vendor = by_name.get(str(deal.get("vendor") or "").casefold())
        country = deal.get("country")
        asserted = deal.get("asserted", True)
        if vendor in out and country and asserted and country != lexicon.vendors[vendor].country:
            out[vendor].add(country)
    return out


def score_pairs(
    report: PairReport,
    label: dict[str, Any],
    document: str,
    language: str,
    analysis: Analysis,
    lexicon: Lexicon,
) -> None:
    gold = gold_pairs(label, lexicon)
    proposals = propose(analysis, lexicon)
    for vendor, countries in gold.items():
        home = lexicon.vendors[vendor].country
        found = {p.country: p for p in proposals if p.vendor == vendor and p.country != home}
        for counts in (report.vendors[vendor], report.languages[(vendor, language)]):
            counts.add(countries, set(found))
        for country in sorted(set(found) - countries):
            evidence = found[country].evidence
            sentence = evidence[0].sentence if evidence else ""
            rule = evidence[0].rule if evidence else ""
            report.errors.append(
                PairError("false", document, language, vendor, country, sentence, rule)
            )
        for country in sorted(countries - set(found)):
            report.errors.append(
                PairError(
                    "missed",
                    document,
                    language,
                    vendor,
                    country,
                    _place_sentence(analysis, country, lexicon),
                )
            )


def _place_sentence(analysis: Analysis, country: str, lexicon: Lexicon) -> str:
    """The first sentence naming the country or one of its cities ('' if the page names none)."""
    for hit in analysis.hits:
        if (hit.kind == COUNTRY and hit.label == country) or (
            hit.kind == CITY and lexicon.cities[hit.label].country == country
        ):
            start, end = analysis.spans[sentence_index(analysis.spans, hit.start)]
            return analysis.text[start:end]
    return "(the page names no place of this country)"


def format_pairs(report: PairReport, show_errors: bool) -> str:
    lines = [
        "",
        f"{'pairs':10s} {'language':8s} {'precision':>9s} {'recall':>7s} {'f1':>6s} "
        f"{'tp':>4s} {'fp':>4s} {'fn':>4s}",
    ]
    for vendor, counts in sorted(report.vendors.items()):
        lines.append(_row(vendor, "all", counts))
        for (v, language), per in sorted(report.languages.items()):
            if v == vendor and (per.tp or per.fp or per.fn):
                lines.append(_row(vendor, language, per))
    if show_errors:
        lines += ["", *(e.line() for e in report.errors)]
    return "\n".join(lines)


def _row(vendor: str, language: str, c: Counts) -> str:
    d = c.as_dict()
    return (
        f"{vendor:10s} {language:8s} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} "
        f"{c.tp:4d} {c.fp:4d} {c.fn:4d}"
    )
