"""Score the extractors against a labelled set: `safecity eval DIR` (DIR holds labels.jsonl and the
documents it names), or `safecity eval DIR --texts TEXTS` (labels with an ``id``, texts in
TEXTS/<id>.txt whose first line is the title: the real-page development set, kept outside git).

Per-category precision, recall and F1; the focus vendors' (page, country) pairs, per language (what
the analyst's queue would hold, ``safecity.pair_scoring``); and, where the labels give them,
country and city accuracy, agreement precision and recall, stage, year, counterpart, value and
claims."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from extractors import Analysis, analyze
from extractors.analysis import analyze_text, plain_text
from extractors.lexicon import default_lexicon
from keywords import CATEGORY_IDS, SafecityError
from safecity.pair_scoring import PairReport, format_pairs, score_pairs
from safecity.scores import Accuracy, Counts


class EvaluationError(SafecityError):
    """Raised by ``evaluate`` for a missing or malformed labels file."""


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
    pairs: PairReport = field(default_factory=PairReport)
    misses: list[str] = field(default_factory=list)
    not_retrieved: list[str] = field(default_factory=list)

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
            "pairs": self.pairs.as_dict(),
            "not_retrieved": self.not_retrieved,
        }


def read_labels(directory: Path, texts: Path | None = None) -> list[dict[str, Any]]:
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
        if texts is not None:
            if not isinstance(entry.get("id"), str):
                raise EvaluationError(f"{path}:{number}: a label read with --texts needs an 'id'")
        elif not (directory / entry.get("file", "")).is_file():
            raise EvaluationError(f"{path}:{number}: no document {entry.get('file')!r}")
        labels.append(entry)
    return labels


def evaluate(directory: Path, texts: Path | None = None) -> Report:
    """Score every labelled document; with ``texts``, documents are TEXTS/<id>.txt, and a label
    whose text is absent is listed as not retrieved, not scored."""
    if texts is not None and not texts.is_dir():
        raise EvaluationError(f"no folder of texts at {texts}")
    report = Report()
    lexicon = default_lexicon()
    for gold in read_labels(directory, texts):
        if texts is None:
            name = gold["file"]
            analysis = analyze((directory / name).read_bytes(), lexicon=lexicon)
        else:
            name = gold["id"]
            document = texts / f"{name}.txt"
            if not document.is_file():
                report.not_retrieved.append(name)
                continue
            analysis = analyze_plain(document.read_text(encoding="utf-8"), gold.get("url"))
        score_document(report, gold, analysis.to_dict())
        language = str(gold.get("lang") or gold.get("language") or "?")
        score_pairs(report.pairs, gold, name, language, analysis, lexicon)
    return report


def analyze_plain(text: str, url: str | None = None) -> Analysis:
    """A text file as the development set stores a page: the first line is its title; ``url`` is
    the address the label gives, read as the pipeline reads a fetched page's."""
    main = plain_text(text)
    lexicon = default_lexicon()
    if main is None:
        return analyze(b"", url, lexicon=lexicon)
    title = main.text.split("\n", 1)[0]
    return analyze_text(replace(main, title=title), url, lexicon)


def score_document(report: Report, gold: dict[str, Any], found: dict[str, Any]) -> None:
    """Each measure the label gives: ``categories`` (or ``products``) always; vendors, countries,
    cities, agreement and claims only where the label has them."""
    report.documents += 1
    name = gold.get("file") or gold.get("id")
    gold_categories = set(gold.get("categories", gold.get("products", [])))
    found_categories = set(found["categories"])
    for category, counts in report.categories.items():
        counts.add({category} & gold_categories, {category} & found_categories)
    if gold_categories != found_categories:
        report.misses.append(
            f"{name}: categories missed "
            f"{sorted(gold_categories - found_categories)}, extra "
            f"{sorted(found_categories - gold_categories)}"
        )
    if "vendors" in gold:
        report.vendors.add(set(gold["vendors"]), set(found["vendors"]))
    if "countries" in gold:
        report.countries.add(set(gold["countries"]) == set(found["countries"]))
    if "cities" in gold:
        report.cities.add(_names(gold["cities"]) == _names(found["cities"]))
    if "agreement" not in gold:
        return
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


def format_report(report: Report, show_errors: bool = False) -> str:
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
    if report.not_retrieved:
        lines.append(
            f"not retrieved ({len(report.not_retrieved)}, not scored): "
            + ", ".join(report.not_retrieved)
        )
    return "\n".join(lines) + format_pairs(report.pairs, show_errors)
