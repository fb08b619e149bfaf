"""Robustness on 1,353 real pages nobody here wrote (../shared/corpus/real-html, not part of the
project: skipped where absent). Every page goes through `analyze`; none may raise."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from extractors import Analysis, analyze

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real-html"
pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def results() -> dict[str, Analysis]:
    if not (CORPUS / "index.jsonl").exists():
        pytest.skip(
            f"the real-HTML corpus is not at {CORPUS} (../shared is not part of the project)"
        )
    entries = [json.loads(line) for line in (CORPUS / "index.jsonl").read_text().splitlines()]
    out = {}
    for entry in entries:
        if entry["kind"] not in ("html", "html-listpage"):
            continue
        body = gzip.decompress((CORPUS / entry["path"]).read_bytes())
        out[entry["path"]] = analyze(body, entry.get("url"))
    return out


def test_every_page_is_analysed_and_offsets_hold(results: dict[str, Analysis]) -> None:
    assert len(results) == 1353
    for path, analysis in results.items():
        for mention in analysis.mentions:
            assert analysis.text[mention.start : mention.end] == mention.term, path


def test_old_gbk_pages_come_out_readable_and_chinese(results: dict[str, Analysis]) -> None:
    cwced = {p: a for p, a in results.items() if p.startswith("cwced/")}
    with_text = [a for a in cwced.values() if a.text]
    assert len(with_text) >= 65
    for analysis in with_text:
        text = analysis.text
        assert analysis.language == "zh", analysis.source
        assert text.count("\ufffd") <= len(text) * 0.001, analysis.source


def test_pages_in_languages_we_do_not_cover_get_their_language_and_few_mentions(
    results: dict[str, Analysis],
) -> None:
    german = [a for a in results.values() if a.language == "de"]
    assert len(german) >= 600
    products = Counter(m.category for a in german for m in a.mentions if m.kind == "product")
    pages_with_products = sum(1 for a in german if a.categories)
    assert pages_with_products <= 0.02 * len(german), products
