"""`retag` after a vocabulary change: mentions and machine candidates rebuilt, decisions kept."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from extractors import Analysis, analyze
from extractors.lexicon import Lexicon
from keywords import load_vocabulary
from keywords.loader import HERE
from store import decisions
from store.db import Database
from store.models import Candidate, Decision, Mention, Page
from store.pages import FetchedPage, page_body, save_page
from store.queries import list_candidates
from store.retag import retag

KINDS = load_vocabulary().site_kinds

PAGES = {
    "http://a.example/belgrade": "Serbia's interior ministry signed a deal with Huawei for facial "
    "recognition cameras in Belgrade.",
    "http://a.example/lusaka": "Huawei signed a contract with Zambia's police to put gunshot "
    "locators on poles across Lusaka.",
    "http://a.example/harare": "Huawei installed facial recognition at the border posts of "
    "Harare, Zimbabwe, the agency said.",
}


def html(sentence: str) -> bytes:
    return (
        f"<html><body><article><p>{sentence}</p><p>No further details were given about "
        f"the schedule.</p></article></body></html>"
    ).encode()


def changed_vocabulary(tmp_path: Path) -> Lexicon:
    """Our vocabulary with one term added (gunshot locator) and one taken away (facial
    recognition), as a reviewer's edit of keywords/products.toml would do."""
    target = tmp_path / "keywords"
    shutil.copytree(HERE, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    products = target / "products.toml"
    text = products.read_text(encoding="utf-8")
    text = text.replace('    "facial recognition",\n', "", 1)
    start = text.index('id = "noise_detection"')
    at = text.index("en = [", start) + len("en = [")
    text = text[:at] + '\n    "gunshot locator",' + text[at:]
    products.write_text(text, encoding="utf-8")
    return Lexicon.build(load_vocabulary(target))


def keys(db: Database) -> set[tuple[str, str | None, str]]:
    with db.reading() as session:
        return {
            (r.candidate.country, r.candidate.city, r.candidate.status)
            for r in list_candidates(session)
        }


def test_retag_rebuilds_machine_candidates_and_keeps_decisions(
    db: Database, tmp_path: Path
) -> None:
    for url, sentence in PAGES.items():
        body = html(sentence)
        with db.transaction() as session:
            save_page(
                session,
                FetchedPage(url, url, 200, "text/html", body, datetime.now(UTC)),
                analyze(body, url),
                KINDS,
            )
    assert keys(db) == {("RS", "Belgrade", "new"), ("ZW", "Harare", "new")}
    with db.transaction() as session:
        serbia = next(r.candidate for r in list_candidates(session) if r.candidate.country == "RS")
        ana = decisions.Actor("ana", "cli")
        decisions.edit(session, serbia.id, actor=ana, changes={"year": 2017})
        decisions.confirm(session, serbia.id, actor=ana)
    lexicon = changed_vocabulary(tmp_path)

    def analyze_page(page: Page) -> Analysis:
        return analyze(page_body(page), page.final_url, lexicon=lexicon)

    with db.transaction() as session:
        result = retag(session, analyze_page, KINDS.weights)
    assert result.pages == 3
    assert keys(db) == {("RS", "Belgrade", "confirmed"), ("ZM", "Lusaka", "new")}
    with db.reading() as session:
        kept = session.get(Candidate, serbia.id)
        assert kept is not None and kept.year == 2017
        assert "facial_recognition" in kept.products
        assert session.scalar(select(func.count()).select_from(Decision)) == 2
        terms = set(session.scalars(select(Mention.term).where(Mention.kind == "product")))
        assert "gunshot locators" in terms and "facial recognition" not in terms
