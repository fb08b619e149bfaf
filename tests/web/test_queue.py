"""The queue: by score, filtered, counted, paged; decisions from it; stale ones refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from store.db import Database
from store.decisions import Actor, confirm
from store.models import Candidate
from tests.web.conftest import AuthActions, text_of, version_of


def rows(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)"', html)]


def scores(database: Database) -> list[int]:
    with database.reading() as session:
        query = select(Candidate.id).order_by(Candidate.score.desc(), Candidate.id.desc())
        return list(session.scalars(query))


def test_queue_lists_new_candidates_by_score_with_counts(
    client: FlaskClient, auth: AuthActions, database: Database, seeded: dict[str, int]
) -> None:
    auth.login()
    html = text_of(client.get("/queue"))
    assert rows(html) == scores(database)
    assert re.search(r'data-status="new">4<', html)
    assert "Belgrade, Serbia" in html and "Facial recognition" in html


def facts(database: Database) -> dict[int, dict[str, object]]:
    """Each candidate's fields, and its evidence pages' languages and site kinds."""
    with database.reading() as session:
        out: dict[int, dict[str, object]] = {}
        for c in session.scalars(select(Candidate)):
            pages = [e.page for e in c.evidence]
            out[c.id] = {
                "vendor": c.vendor,
                "country": c.country,
                "year": c.year,
                "products": set(c.products),
                "languages": {p.language for p in pages},
                "kinds": {p.source.kind for p in pages},
            }
        return out


FILTERS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "vendor=huawei": lambda f: f["vendor"] == "huawei",
    "country=KE": lambda f: f["country"] == "KE",
    "product=license_plate_recognition": lambda f: "license_plate_recognition" in f["products"],
    "product=facial_recognition": lambda f: "facial_recognition" in f["products"],
    "language=zh": lambda f: "zh" in f["languages"],
    "year=2011": lambda f: f["year"] == 2011,
    "source_kind=government": lambda f: "government" in f["kinds"],
    "country=KE&year=2011": lambda f: False,
    "status=confirmed": lambda f: False,
}


@pytest.mark.parametrize("query", FILTERS)
def test_queue_filters(
    client: FlaskClient, auth: AuthActions, database: Database, seeded: dict[str, int], query: str
) -> None:
    expected = {i for i, f in facts(database).items() if FILTERS[query](f)}
    if "&" not in query and not query.startswith(("vendor", "status")):
        assert expected and expected != set(seeded.values()), "the filter should narrow"
    auth.login()
    html = text_of(client.get(f"/queue?{query}"))
    assert set(rows(html)) == expected
    if not expected:
        assert "No candidates match these filters." in html


def test_counts_follow_the_other_filters_and_status_all_shows_every_status(
    client: FlaskClient, auth: AuthActions, database: Database, seeded: dict[str, int]
) -> None:
    with database.transaction() as session:
        confirm(session, seeded["Quito"], actor=Actor("ana", "web"))
    auth.login()
    html = text_of(client.get("/queue?status=all"))
    assert set(rows(html)) == set(seeded.values())
    assert re.search(r'data-status="confirmed">1<', html)
    assert re.search(r'data-status="new">3<', html)
    only_ke = text_of(client.get("/queue?status=all&country=KE"))
    assert re.search(r'data-status="confirmed">0<', only_ke)
    assert rows(text_of(client.get("/queue?status=confirmed"))) == [seeded["Quito"]]


def test_paging(
    client: FlaskClient, auth: AuthActions, app: object, seeded: dict[str, int]
) -> None:
    from store.queue import QueueFilters, queue

    auth.login()
    with client.application.extensions["safecity_db"].reading() as session:
        first = queue(session, QueueFilters(per_page=3))
        second = queue(session, QueueFilters(per_page=3, page=2))
        beyond = queue(session, QueueFilters(per_page=3, page=9))
    assert first.pages == 2 and first.total == 4
    assert len(first.rows) == 3 and len(second.rows) == 1
    assert beyond.filters.page == 2
    assert {r.candidate.id for r in first.rows + second.rows} == set(seeded.values())


def decide(auth: AuthActions, candidate_id: int, version: int, **fields: str) -> object:
    data = {"candidate": f"{candidate_id}:{version}", "back": "/queue?sel=1", **fields}
    return auth.post("/queue/decide", data)


def test_confirm_reject_and_merge_from_the_queue(
    client: FlaskClient, auth: AuthActions, database: Database, seeded: dict[str, int]
) -> None:
    auth.login()
    belgrade, nairobi, lahore = seeded["Belgrade"], seeded["Nairobi"], seeded["Lahore"]
    confirmed = decide(auth, belgrade, version_of(database, belgrade), action="confirm")
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/queue?sel=1"
    no_reason = decide(auth, nairobi, version_of(database, nairobi), action="reject")
    assert no_reason.status_code == 400 and "a reason is required" in text_of(no_reason)
    decide(auth, nairobi, version_of(database, nairobi), action="reject", reason="a 5G deal")
    quito = str(seeded["Quito"])
    asked = decide(auth, lahore, version_of(database, lahore), action="merge", into=quito)
    assert asked.status_code == 400  # Lahore (PK) into Quito (EC): asked first, nothing merged
    question = text_of(asked)
    assert "different countries PK and EC" in question and 'name="force"' in question
    assert f'value="{quito}"' in question  # the number typed is kept for the second press
    version = version_of(database, lahore)
    decide(auth, lahore, version, action="merge", into=quito, force="1")
    with database.reading() as session:
        by_id = {c.id: c for c in session.scalars(select(Candidate))}
    assert by_id[belgrade].status == "confirmed"
    assert by_id[nairobi].status == "rejected" and by_id[nairobi].note == "a 5G deal"
    assert by_id[lahore].merged_into_id == seeded["Quito"]
    html = text_of(client.get("/queue?status=all"))
    assert lahore not in rows(html)  # merged candidates leave the queue
    assert f"Candidate {lahore} merged into candidate {seeded['Quito']}." in html  # flashed


def test_a_stale_decision_is_refused_and_the_reason_kept(
    client: FlaskClient, auth: AuthActions, database: Database, seeded: dict[str, int]
) -> None:
    auth.login()
    belgrade = seeded["Belgrade"]
    seen = version_of(database, belgrade)
    with database.transaction() as session:
        confirm(
            session,
            belgrade,
            actor=Actor("bo", "web"),
            expected_version=seen,
            note="two ministries agree",
        )
    response = decide(auth, belgrade, seen, action="reject", reason="only a pilot, my notes")
    assert response.status_code == 409
    html = text_of(response)
    assert "changed since you loaded it" in html
    assert 'value="only a pilot, my notes"' in html
    with database.reading() as session:
        candidate = session.get(Candidate, belgrade)
        assert candidate is not None and candidate.status == "confirmed"


def test_confirm_needs_the_fields_of_a_record(
    auth: AuthActions, database: Database, seeded: dict[str, int]
) -> None:
    auth.login()
    quito = seeded["Quito"]
    with database.transaction() as session:
        candidate = session.get(Candidate, quito)
        assert candidate is not None
        candidate.year = None
        candidate.version += 1
    response = decide(auth, quito, version_of(database, quito), action="confirm")
    assert response.status_code == 400
    assert "cannot be confirmed yet: it needs year" in text_of(response)


def test_no_candidate_selected(auth: AuthActions, seeded: dict[str, int]) -> None:
    auth.login()
    response = auth.post("/queue/decide", {"action": "confirm"})
    assert response.status_code == 400 and "Select a candidate first" in text_of(response)
