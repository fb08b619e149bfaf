"""The report's sections as a reader uses them: the records by country with their citations and
one quote each, the benefit claims with who made them, and a method section written from the
database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node
from sqlalchemy import select, update

from safecity.cli import cli
from store import decisions
from store.db import Database
from store.models import Candidate, Claim, Evidence, Page
from store.runs import finish_run, record_error, start_run
from tests.recordseed import PAGES, confirm, seed, store_page

VENDOR_URL = "http://e.huawei.vendor.example/ke/nairobi-safe-city"
VENDOR_SENTENCE = (
    "Huawei delivered the Safe City CCTV cameras and command centre in Nairobi, Kenya, for the "
    "National Police Service."
)


def report(runner: CliRunner, db_url: str, out: Path, *args: str) -> HTMLParser:
    result = runner.invoke(cli, ["report", "--db", db_url, "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return HTMLParser((out / "index.html").read_text(encoding="utf-8"))


def only(tree: HTMLParser | Node, selector: str) -> Node:
    found = tree.css(selector)
    assert len(found) == 1, (selector, len(found))
    return found[0]


@pytest.fixture
def reported(db: Database) -> dict[str, int]:
    ids = seed(db, "KE", "PK", "ZM", "LA")
    confirm(db, ids["KE"], counterpart="National Police Service", value="KES 1.5 billion")
    confirm(db, ids["PK"], year=2016)  # the page in Chinese gives no year
    confirm(db, ids["ZM"])
    return ids


def test_records_are_laid_out_by_country_with_tags_facts_a_quote_and_citations(
    runner: CliRunner, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    page = report(runner, db_url, tmp_path / "r")
    overview = [row.text(separator="|", strip=True) for row in page.css("table.overview tr")[1:]]
    assert [row.split("|")[0] for row in overview] == ["Kenya", "Pakistan", "Zambia"]
    assert page.body is not None and "Vientiane" not in page.body.text()  # only a candidate
    kenya = only(page, "section#country-KE")
    card = only(kenya, "article.record")
    assert "Nairobi" in only(card, "h4").text() and "2014" in only(card, "h4").text()
    tags = [t.text() for t in card.css("span.tag")]
    assert "CCTV cameras" in tags and "Command centre" in tags
    terms, values = card.css("dt"), card.css("dd")
    facts = dict(zip([d.text() for d in terms], [d.text() for d in values], strict=True))
    assert facts["Counterpart"] == "National Police Service"
    assert facts["Value"] == "KES 1.5 billion"
    quote = only(card, "blockquote")
    assert quote.attributes["lang"] == "en" and PAGES["KE"][1] in quote.text()
    assert only(quote, "a").attributes["href"] == f"#record-{reported['KE']}-1"
    cite = only(card, "ol.cites li")
    text = cite.text()
    assert cite.attributes["id"] == f"record-{reported['KE']}-1"
    assert "Report from ke-daily.example" in text and "ke-daily.example" in text
    assert only(cite, "span.kind").text() == "media"
    assert only(cite, "a.url").attributes["href"] == PAGES["KE"][0]
    assert "stored copy urn:uuid:" in text  # the archived copy, as the WARC export names it
    # a record in Chinese is quoted in Chinese
    lahore = only(only(page, "section#country-PK"), "blockquote")
    assert lahore.attributes["lang"] == "zh" and PAGES["PK"][1] in lahore.text()


def add_claim(db: Database, url: str, sentence: str, metric: str, **numbers: float) -> None:
    with db.transaction() as session:
        page_id = session.scalars(select(Page.id).where(Page.url == url)).one()
        session.add(Claim(page_id=page_id, metric=metric, direction="down", unit=numbers.pop(
            "unit", None), sentence=sentence, start=0, end=len(sentence), before=numbers.get(
            "before"), after=numbers.get("after"), percent=numbers.get("percent")))  # fmt: skip


def test_claims_name_their_speaker_and_vendor_only_claims_are_marked(
    runner: CliRunner, db: Database, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    store_page(db, VENDOR_URL, VENDOR_SENTENCE)
    with db.reading() as session:  # the vendor's page is evidence for the Kenyan record
        pages = session.scalars(
            select(Page.url).join(Evidence).where(Evidence.candidate_id == reported["KE"])
        ).all()
    assert VENDOR_URL in pages
    vendor_claim = "Crime in the covered districts fell by 46 percent, the company said."
    add_claim(db, VENDOR_URL, vendor_claim, "crime", percent=46.0)
    shared = "Emergency response fell from 10 minutes to 4.5 minutes."
    add_claim(db, VENDOR_URL, shared, "response_time", before=10.0, after=4.5, unit="minutes")
    add_claim(db, PAGES["KE"][0], shared, "response_time", before=10.0, after=4.5, unit="minutes")
    page = report(runner, db_url, tmp_path / "r")
    claims = page.html or ""
    claims = claims.split('id="claims"')[1].split('id="method"')[0]
    vendor_only, others = claims.split("Stated by a government, the media or an NGO")
    assert "Stated only by the vendor" in vendor_only
    assert vendor_claim in vendor_only and "vendor only: unverified" in vendor_only
    assert "e.huawei.vendor.example" in vendor_only
    # the same figure on the vendor's page and in a newspaper: one claim, two speakers
    assert shared not in vendor_only
    assert others.count(shared) == 2 and "stated by: media, vendor" in others
    assert "ke-daily.example" in others and "response time down" in others


def test_method_section_is_written_from_the_database(
    runner: CliRunner, db: Database, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    with db.transaction() as session:
        run = start_run(session, "news", ["http://feeds.example/rss"], source="news-feeds")
        session.flush()
        record_error(session, run.id, "http://feeds.example/private", "robots_disallowed", "no")
        finish_run(session, run.id, "finished", 12)
        decisions.reject(
            session,
            reported["LA"],
            actor=decisions.Actor("li", "web"),
            reason="a 5G network, no surveillance",
        )
        session.execute(
            update(Page).where(Page.url == PAGES["ZM"][0]).values(removed_at=datetime.now(UTC))
        )
    page = report(runner, db_url, tmp_path / "r")
    method = (page.html or "").split('id="method"')[1].split('id="sources"')[0]
    method_text = HTMLParser(method).text(separator=" ")
    assert "news" in method_text and "news-feeds" in method_text
    languages = {
        row.css("td")[0].text(): row.css("td")[-1].text()
        for row in HTMLParser(method).css("table")[1].css("tr")[1:]
    }
    assert languages == {"en": "3", "zh": "1"}
    decided = " ".join(only(page, "#method-decisions").text().split())
    assert "3 confirmed, 1 rejected, 0 not yet decided, 0 merged" in decided
    assert "by 2 analysts" in decided  # amina confirmed, li rejected
    assert "1 addresses answered 404 or 410" in method_text
    assert "robots_disallowed 1" in method_text
    assert "Scanned PDFs" in method_text and "logins" in method_text
    with db.reading() as session:
        assert session.scalar(select(Candidate.status).where(Candidate.id == reported["LA"])) == (
            "rejected"
        )
