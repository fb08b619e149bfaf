"""The report's numbers, computed from the records alone: counts by year, product category,
vendor and country, and the study's breakdowns (shares of agreements by Freedom House status,
region and World Bank income group)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from keywords.context import FREEDOM_STATUSES, INCOME_GROUPS, REGIONS, CountryContext

UNKNOWN = "not rated"
UNCLASSIFIED = "not classified"
NO_YEAR = "year unknown"


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: float  # of all records, rounded to one decimal


@dataclass(frozen=True)
class Figures:
    records: int
    countries: int
    by_country: dict[str, int]
    by_year: list[Share]
    by_product: list[Share]
    by_vendor: list[Share]
    by_freedom: list[Share]
    by_region: list[Share]
    by_income: list[Share]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def shares(counts: Counter[str], order: tuple[str, ...] | None, total: int) -> list[Share]:
    """Shares in ``order`` (then the others, largest first); categories with no record left out."""
    labels = [label for label in order or () if counts.get(label)]
    labels += sorted((k for k in counts if k not in labels), key=lambda k: (-counts[k], k))
    return [
        Share(label, counts[label], round(100 * counts[label] / total, 1) if total else 0.0)
        for label in labels
    ]


def compute(records: list[dict[str, Any]], context: CountryContext) -> Figures:
    total = len(records)
    facts = [context.get(r["country_code"]) for r in records]
    years = Counter(str(r["year"]) if r["year"] else NO_YEAR for r in records)
    year_order = (*sorted(k for k in years if k != NO_YEAR), NO_YEAR)
    products = Counter(p for r in records for p in r["products"])
    return Figures(
        records=total,
        countries=len({r["country_code"] for r in records}),
        by_country=dict(Counter(r["country_code"] for r in records).most_common()),
        by_year=shares(years, year_order, total),
        by_product=shares(products, None, total),
        by_vendor=shares(Counter(r["vendor_name"] for r in records), None, total),
        by_freedom=shares(
            Counter((f.freedom if f else None) or UNKNOWN for f in facts),
            (*FREEDOM_STATUSES, UNKNOWN),
            total,
        ),
        by_region=shares(Counter(f.region if f else UNKNOWN for f in facts), REGIONS, total),
        by_income=shares(
            Counter((f.income if f else None) or UNCLASSIFIED for f in facts),
            (*INCOME_GROUPS, UNCLASSIFIED),
            total,
        ),
    )
