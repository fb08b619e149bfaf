"""The data layer on SQLite and PostgreSQL: pages, candidates, scores and the audit log."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from extractors import analyze
from keywords import load_vocabulary
from store import decisions
from store.db import Database, is_current
from store.errors import InvalidChange, NotFound
from store.models import Candidate, Decision, Evidence, Mention, Page
from store.pages import CHANGED, NEW, UNCHANGED, FetchedPage, page_body, save_page
from store.queries import list_candidates

KINDS = load_vocabulary().site_kinds
ANA = decisions.Actor("ana", "cli")


def article(host: str, sentence: str) -> bytes:
    return (
        f"<html><head><title>Report</title><link rel='canonical' href='https://{host}/a'>"
        f"</head><body><article><p>{sentence}</p><p>Officials gave no further details about "
        f"the timetable or the cost.</p></article></body></html>"
    ).encode()


BELGRADE = (
    "Serbia's interior ministry signed an agreement with Huawei to put cameras with facial "
    "recognition on the streets of Belgrade."
)
BELGRADE_ZH = "塞尔维亚内务部与华为签署协议，在贝尔格莱德街头安装带人脸识别功能的摄像头。"


def store(db: Database, url: str, body: bytes) -> str:
    fetched = FetchedPage(url, url, 200, "text/html", body, datetime.now(UTC))
    with db.transaction() as session:
        return save_page(session, fetched, analyze(body, url), KINDS)


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_schema_is_at_head(db: Database) -> None:
    assert is_current(db.engine)


def test_unchanged_page_is_not_stored_again_and_changed_one_keeps_revisions(db: Database) -> None:
    body = article("news.example", BELGRADE)
    assert store(db, "http://a.example/1", body) == NEW
    assert store(db, "http://a.example/1", body) == UNCHANGED
    assert count(db, Page) == 1
    mentions = count(db, Mention)
    assert store(db, "http://a.example/1", body.replace(b"cost", b"price")) == CHANGED
    assert count(db, Page) == 2
    assert count(db, Mention) == 2 * mentions
    with db.reading() as session:
        first = session.scalars(select(Page).order_by(Page.id)).first()
        assert first is not None and page_body(first) == body
        assert first.fetched_at.tzinfo is not None


def test_a_body_stored_by_an_earlier_version_with_zlib_still_reads_and_counts_as_seen(
    db: Database,
) -> None:
    """Bodies were zlib-compressed before they were Zstandard: a database of that time keeps its
    evidence readable, and a re-crawl of the same content stores nothing new."""
    body = article("news.example", BELGRADE)
    assert store(db, "http://a.example/1", body) == NEW
    with db.transaction() as session:
        stored = session.scalars(select(Page)).one()
        assert page_body(stored) == body and len(stored.body) < len(body)
        session.execute(update(Page).values(body=zlib.compress(body)))
    with db.reading() as session:
        assert page_body(session.scalars(select(Page)).one()) == body
    assert store(db, "http://a.example/1", body) == UNCHANGED
    assert count(db, Page) == 1


def test_recrawl_never_duplicates_candidates_and_languages_meet(db: Database) -> None:
    store(db, "http://a.example/en", article("daily.example", BELGRADE))
    store(db, "http://a.example/en", article("daily.example", BELGRADE))
    store(db, "http://b.example/zh", article("zh-news.example", BELGRADE_ZH))
    with db.reading() as session:
        rows = list_candidates(session)
    assert [(r.candidate.vendor, r.candidate.country, r.candidate.city) for r in rows] == [
        ("huawei", "RS", "Belgrade")
    ]
    assert rows[0].sources == ["daily.example", "zh-news.example"]
    assert count(db, Candidate) == 1


def test_score_grows_with_independent_sites_weighted_by_kind(db: Database) -> None:
    store(db, "http://a.example/1", article("daily.example", BELGRADE))
    with db.reading() as session:
        one = list_candidates(session)[0].candidate.score
    store(
        db, "http://a.example/2", article("daily.example", BELGRADE.replace("streets", "squares"))
    )
    with db.reading() as session:
        same_site = list_candidates(session)[0].candidate.score
    store(db, "http://c.example/3", article("mup.gov.rs", BELGRADE))
    with db.reading() as session:
        with_government = list_candidates(session)[0].candidate.score
    weights = KINDS.weights
    assert one == weights["media"]
    assert same_site == one
    assert with_government == weights["media"] + weights["government"]


def test_decisions_are_logged_and_never_deleted(db: Database) -> None:
    store(db, "http://a.example/1", article("daily.example", BELGRADE))
    with db.transaction() as session:
        candidate_id = list_candidates(session)[0].candidate.id
        decisions.confirm(
            session, candidate_id, actor=ANA, changes={"year": 2019}, note="two sources agree"
        )
    with db.reading() as session:
        candidate = session.get(Candidate, candidate_id)
        assert candidate is not None and candidate.status == "confirmed"
        log = session.scalars(select(Decision)).all()
        assert [(d.actor, d.action, d.before["status"], d.after["status"]) for d in log] == [
            ("ana", "confirm", "new", "confirmed")
        ]
    with pytest.raises(DBAPIError, match="never changed or deleted"), db.transaction() as session:
        session.execute(text("DELETE FROM decisions"))
    assert count(db, Decision) == 1


def test_confirmed_candidate_keeps_analyst_fields_but_gains_evidence(db: Database) -> None:
    store(db, "http://a.example/1", article("daily.example", BELGRADE))
    with db.transaction() as session:
        candidate_id = list_candidates(session)[0].candidate.id
        decisions.edit(session, candidate_id, actor=ANA, changes={"year": 2017})
        decisions.confirm(session, candidate_id, actor=ANA)
    later = BELGRADE + " Licence-plate recognition was added in 2019."
    store(db, "http://d.example/4", article("other.example", later))
    with db.reading() as session:
        candidate = session.get(Candidate, candidate_id)
        assert candidate is not None
        assert candidate.year == 2017 and "license_plate_recognition" not in candidate.products
        evidence = session.scalar(select(func.count()).select_from(Evidence))
        assert evidence == 2


def test_news_of_a_merged_candidate_goes_to_the_one_it_was_merged_into(db: Database) -> None:
    store(db, "http://a.example/1", article("daily.example", BELGRADE))
    serbia = BELGRADE.replace(" on the streets of Belgrade", " across the country")
    store(db, "http://b.example/2", article("weekly.example", serbia))
    with db.transaction() as session:
        by_city = {c.candidate.city: c.candidate for c in list_candidates(session)}
        assert set(by_city) == {"Belgrade", None}
        kept, merged = by_city["Belgrade"], by_city[None]
        decisions.merge(
            session, merged.id, into=kept.id, actor=ANA, expected_version=merged.version
        )
        kept_id, merged_id = kept.id, merged.id
    store(db, "http://c.example/3", article("gazette.example", serbia + " Work starts soon."))
    with db.reading() as session:
        assert count(db, Candidate) == 2
        moved = session.scalars(
            select(Evidence.candidate_id).join(Page).where(Page.url == "http://c.example/3")
        ).all()
        assert moved and set(moved) == {kept_id}
        assert not session.scalars(select(Evidence).where(Evidence.candidate_id == merged_id)).all()


def test_stale_and_unknown_decisions_are_refused(db: Database) -> None:
    store(db, "http://a.example/1", article("daily.example", BELGRADE))
    with db.transaction() as session:
        candidate = list_candidates(session)[0].candidate
        version = candidate.version
        decisions.reject(
            session, candidate.id, actor=decisions.Actor("bo", "cli"), reason="duplicate"
        )
    with (
        pytest.raises(InvalidChange, match="changed since you loaded it"),
        db.transaction() as session,
    ):
        decisions.confirm(session, candidate.id, actor=ANA, expected_version=version)
    with pytest.raises(NotFound), db.transaction() as session:
        decisions.confirm(session, 9999, actor=ANA)
    assert count(db, Decision) == 1


def test_a_new_candidate_takes_stage_counterpart_and_value_from_its_evidence(db: Database) -> None:
    deal = (
        "The Botswana Police Service signed a contract with Huawei worth $20 million for CCTV "
        "cameras in Gaborone."
    )
    store(db, "http://a.example/1", article("daily.example", deal))
    with db.transaction() as session:
        candidate = list_candidates(session)[0].candidate
        assert (candidate.country, candidate.stage) == ("BW", "signed")
        assert candidate.counterpart and "Botswana Police Service" in candidate.counterpart
        assert candidate.value == "$20 million"
        candidate.value = "USD 20.4 million (tender notice)"  # the analyst's correction
    store(db, "http://b.example/2", article("other.example", deal.replace("$20", "$35")))
    with db.reading() as session:
        assert list_candidates(session)[0].candidate.value == "USD 20.4 million (tender notice)"


def test_a_mention_in_passing_weighs_less_than_a_stated_deal(db: Database) -> None:
    passing = "Huawei CCTV cameras now watch the main squares of Belgrade."
    store(db, "http://a.example/1", article("daily.example", passing))
    with db.reading() as session:
        only_passing = list_candidates(session)[0].candidate.score
        rules = session.scalars(select(Evidence.rule)).all()
    store(db, "http://b.example/2", article("other.example", BELGRADE))
    with db.reading() as session:
        with_deal = list_candidates(session)[0].candidate.score
        assert set(session.scalars(select(Evidence.rule)).all()) == {"passing", "deal"}
    media = KINDS.weights["media"]
    assert rules == ["passing"] and only_passing == media / 2
    assert with_deal == media / 2 + media
