"""The tagger's quality gate: the labelled development set must score at or above the floors pinned
in tests/data/eval/floors.toml. A vocabulary or extractor change that lowers a score fails here,
with the numbers; raise a floor when a change lifts a score for good."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from safecity.evaluation import Report, evaluate

EVAL = Path(__file__).resolve().parent / "data" / "eval"
FLOORS = tomllib.loads((EVAL / "floors.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(EVAL)


def scores(report: Report) -> dict[str, float]:
    d = report.as_dict()
    out = {
        "categories_micro_f1": d["categories_micro"]["f1"],
        "vendors_f1": d["vendors"]["f1"],
        "country_accuracy": d["country_accuracy"],
        "city_accuracy": d["city_accuracy"],
        "agreement_precision": d["agreement"]["precision"],
        "agreement_recall": d["agreement"]["recall"],
        "stage_accuracy": d["stage_accuracy"],
        "year_accuracy": d["year_accuracy"],
        "counterpart_accuracy": d["counterpart_accuracy"],
        "value_accuracy": d["value_accuracy"],
        "claims_f1": d["claims"]["f1"],
    }
    out.update({f"f1_{k}": v["f1"] for k, v in d["categories"].items()})
    for vendor, pairs in d["pairs"]["vendors"].items():
        out.update({f"pairs_{vendor}_{k}": pairs[k] for k in ("precision", "recall", "f1")})
    for vendor, languages in d["pairs"]["languages"].items():
        out.update({f"pairs_{vendor}_recall_{lang}": v["recall"] for lang, v in languages.items()})
    return out


def test_the_set_covers_six_languages_with_positives_and_negatives(report: Report) -> None:
    assert report.documents >= 80
    assert report.agreement.tp + report.agreement.fn >= 30  # positives
    assert report.documents - (report.agreement.tp + report.agreement.fn) >= 25  # negatives


@pytest.mark.parametrize("name", sorted(FLOORS["floors"]))
def test_score_is_at_or_above_its_floor(report: Report, name: str) -> None:
    value = scores(report)[name]
    assert value >= FLOORS["floors"][name], f"{name} = {value:.3f} < floor {FLOORS['floors'][name]}"
