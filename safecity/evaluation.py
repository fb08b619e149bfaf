"""Score the extractors against a labelled set: `safecity eval DIR` (DIR holds labels.jsonl and the
documents it names). Per-category precision, recall and F1, country and city accuracy, agreement
precision and recall, stage accuracy; also vendors, year, counterpart, value and claims."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors import analyze
from keywords import CATEGORY_IDS, SafecityError


class EvaluationError(SafecityError):
    """Raised by ``evaluate`` for a missing or malformed labels file."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], found: set[str]) -> None:
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "support": self.tp + self.fn,
        }


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    documents: int = 0
    categories: dict[str, Counts] = field(
        default_factory=lambda: {c: Counts() for c in CATEGORY_IDS}
    )
    vendors: Counts = field(default_factory=Counts)
    countries: Accuracy = field(default_factory=Accuracy)
    cities: Accuracy = field(default_factory=Accuracy)
    agreement: Counts = field(default_factory=Counts)
    stage: Accuracy = field(default_factory=Accuracy)
    year: Accuracy = field(default_factory=Accuracy)
    counterpart: Accuracy = field(default_factory=Accuracy)
    value: Accuracy = field(default_factory=Accuracy)
    claims: Counts = field(default_factory=Counts)
    misses: list[str] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.categories.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "categories": {k: v.as_dict() for k, v in self.categories.items()},
            "categories_micro": self.micro.as_dict(),
            "vendors": self.vendors.as_dict(),
            "country_accuracy": round(self.countries.value, 3),
            "city_accuracy": round(self.cities.value, 3),
            "agreement": self.agreement.as_dict(),
            "stage_accuracy": round(self.stage.value, 3),
            "year_accuracy": round(self.year.value, 3),
            "counterpart_accuracy": round(self.counterpart.value, 3),
            "value_accuracy": round(self.value.value, 3),
            "claims": self.claims.as_dict(),
        }


def read_labels(directory: Path) -> list[dict[str, Any]]:
    path = directory / "labels.jsonl"
    if not path.exists():
        raise EvaluationError(f"no labels.jsonl in {directory}")
    labels = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{path}:{number}: not JSON: {exc.msg}") from None
        if not (directory / entry.get("file", "")).is_file():
            raise EvaluationError(f"{path}:{number}: no document {entry.get('file')!r}")
        labels.append(entry)
    return labels


def evaluate(directory: Path) -> Report:
    report = Report()
    for gold in read_labels(directory):
        result = analyze((directory / gold["file"]).read_bytes()).to_dict()
        score_document(report, gold, result)
    return report


def score_document(report: Report, gold: dict[str, Any], found: dict[str, Any]) -> None:
    report.documents += 1
    gold_categories, found_categories = set(gold.get("categories", [])), set(found["categories"])
    for category, counts in report.categories.items():
        counts.add({category} & gold_categories, {category} & found_categories)
    if gold_categories != found_categories:
        report.misses.append(
            f"{gold['file']}: categories missed "
            f"{sorted(gold_categories - found_categories)}, extra "
            f"{sorted(found_categories - gold_categories)}"
        )
    report.vendors.add(set(gold.get("vendors", [])), set(found["vendors"]))
    report.countries.add(set(gold.get("countries", [])) == set(found["countries"]))
    report.cities.add(_names(gold.get("cities", [])) == _names(found["cities"]))
    gold_deal = gold.get("agreement") or {}
    detected = bool(gold_deal.get("detected"))
    report.agreement.add(
        {"deal"} if detected else set(), {"deal"} if found["agreement"]["detected"] else set()
    )
    if detected and found["agreement"]["detected"]:
        report.stage.add(gold_deal.get("stage") == found["agreement"]["stage"])
        if gold_deal.get("year"):
            report.year.add(gold_deal["year"] == found["agreement"].get("year"))
        if gold_deal.get("counterpart"):
            report.counterpart.add(
                _same_name(gold_deal["counterpart"], found["agreement"].get("counterpart"))
            )
        if gold_deal.get("value"):
            report.value.add(_same_value(gold_deal["value"], found["agreement"].get("value")))
    report.claims.add(_claim_keys(gold.get("claims", [])), _claim_keys(found["claims"]))


def _names(cities: Iterable[dict[str, str]]) -> set[tuple[str, str]]:
    return {(c["name"], c["country"]) for c in cities}


def _same_name(gold: str, found: str | None) -> bool:
    if not found:
        return False
    a, b = gold.casefold(), found.casefold()
    return a in b or b in a


def _same_value(gold: dict[str, Any], found: dict[str, Any] | None) -> bool:
    if not found or gold.get("currency") != found.get("currency"):
        return False
    amount = float(gold.get("amount") or 0)
    return abs(amount - float(found["amount"])) <= 0.01 * max(amount, 1.0)


def _claim_keys(claims: Iterable[dict[str, Any]]) -> set[str]:
    keys = set()
    for c in claims:
        numbers = "/".join(
            f"{float(c[k]):g}" for k in ("before", "after", "percent") if c.get(k) is not None
        )
        keys.add(f"{c['metric']}:{numbers}")
    return keys


def format_report(report: Report) -> str:
    lines = [
        f"documents: {report.documents}",
        "",
        f"{'category':28s} {'precision':>9s} {'recall':>7s} {'f1':>6s} {'support':>7s}",
    ]
    for name, counts in report.categories.items():
        d = counts.as_dict()
        lines.append(
            f"{name:28s} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} {d['support']:7d}"
        )
    d = report.micro.as_dict()
    lines.append(
        f"{'micro':28s} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} {d['support']:7d}"
    )
    v, a, c = report.vendors.as_dict(), report.agreement.as_dict(), report.claims.as_dict()
    lines += [
        "",
        f"vendors:    precision {v['precision']:.3f}  recall {v['recall']:.3f}  f1 {v['f1']:.3f}",
        f"countries:  accuracy {report.countries.value:.3f} ({report.countries.right}/"
        f"{report.countries.total})",
        f"cities:     accuracy {report.cities.value:.3f} ({report.cities.right}/"
        f"{report.cities.total})",
        f"agreement:  precision {a['precision']:.3f}  recall {a['recall']:.3f}  f1 {a['f1']:.3f}",
        f"stage:      accuracy {report.stage.value:.3f} "
        f"({report.stage.right}/{report.stage.total})",
        f"year:       accuracy {report.year.value:.3f} ({report.year.right}/{report.year.total})",
        f"counterpart: accuracy {report.counterpart.value:.3f} ({report.counterpart.right}/"
        f"{report.counterpart.total})",
        f"value:      accuracy {report.value.value:.3f} ({report.value.right}/"
        f"{report.value.total})",
        f"claims:     precision {c['precision']:.3f}  recall {c['recall']:.3f}  f1 {c['f1']:.3f}",
    ]
    return "\n".join(lines)
