"""The triage data layer on SQLite and PostgreSQL: merge, split and undo keep the evidence and
both histories; merged candidates are out of the queue and closed to decisions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store import decisions as triage
from store.db import Database
from store.decisions import Actor, StaleCandidate
from store.errors import InvalidChange
from store.models import Candidate, Decision, Evidence
from store.queue import QueueFilters, queue

ANA, BO = Actor("ana", "web"), Actor("bo", "web")


def evidence_of(database: Database, candidate_id: int) -> list[int]:
    with database.reading() as session:
        query = select(Evidence.id).where(Evidence.candidate_id == candidate_id)
        return sorted(session.scalars(query))


def test_merge_then_undo_from_the_target_restores_both(
    database: Database, seeded: dict[str, int]
) -> None:
    lahore, quito = seeded["Lahore"], seeded["Quito"]
    before = evidence_of(database, lahore), evidence_of(database, quito)
    with database.transaction() as session:
        target = triage.merge(
            session, lahore, into=quito, actor=ANA, note="one programme", force=True
        )
        assert "license_plate_recognition" in target.products  # filled from the source
    with database.reading() as session:
        assert lahore not in [r.candidate.id for r in queue(session, QueueFilters()).rows]
    with pytest.raises(InvalidChange, match="was merged"), database.transaction() as session:
        triage.confirm(session, lahore, actor=ANA)
    with database.transaction() as session:
        undone = triage.undo(session, quito, actor=ANA, admin=False)
        assert undone.action == "merge_in"
    assert (evidence_of(database, lahore), evidence_of(database, quito)) == before
    with database.reading() as session:
        restored = session.get(Candidate, quito)
        source = session.get(Candidate, lahore)
        assert restored is not None and "license_plate_recognition" not in restored.products
        assert source is not None and source.merged_into_id is None
        log = session.scalars(select(Decision).order_by(Decision.id)).all()
        assert [(d.candidate_id, d.action) for d in log] == [
            (lahore, "merge"),
            (quito, "merge_in"),
            (lahore, "undo"),
            (quito, "undo"),
        ]


def test_split_into_an_existing_candidate_moves_only_the_chosen_evidence(
    database: Database, seeded: dict[str, int]
) -> None:
    nairobi, quito = seeded["Nairobi"], seeded["Quito"]
    chosen = evidence_of(database, nairobi)[:1]
    with database.transaction() as session:
        target = triage.split(
            session,
            nairobi,
            evidence_ids=chosen,
            key={"country": "EC", "city": "Quito"},
            actor=ANA,
        )
        assert target.id == quito
    assert set(chosen) <= set(evidence_of(database, quito))
    with database.transaction() as session:
        triage.undo(session, nairobi, actor=ANA, admin=False)
    assert set(chosen) <= set(evidence_of(database, nairobi))
    with database.reading() as session:
        kept = session.get(Candidate, quito)
        assert kept is not None and kept.merged_into_id is None  # it existed before the split


def test_split_refuses_all_none_or_the_same_key(database: Database, seeded: dict[str, int]) -> None:
    nairobi = seeded["Nairobi"]
    ids = evidence_of(database, nairobi)
    for chosen, key, message in (
        ([], {"city": "Mombasa"}, "choose some"),
        (ids, {"city": "Mombasa"}, "all of its evidence"),
        (ids[:1], {"city": "nairobi"}, "another vendor, country or city"),
        (ids[:1], {"country": "XX"}, "unknown country"),
    ):
        with pytest.raises(InvalidChange, match=message), database.transaction() as session:
            triage.split(session, nairobi, evidence_ids=chosen, key=key, actor=ANA)


def test_editing_a_city_into_another_candidates_key_says_merge(
    database: Database, seeded: dict[str, int]
) -> None:
    with (
        pytest.raises(InvalidChange, match="merge into it instead"),
        database.transaction() as session,
    ):
        triage.edit(
            session, seeded["Lahore"], actor=ANA, changes={"country": "EC", "city": "Quito"}
        )


def test_versions_guard_every_decision(database: Database, seeded: dict[str, int]) -> None:
    quito = seeded["Quito"]
    with database.reading() as session:
        seen = session.get(Candidate, quito).version  # type: ignore[union-attr]
    with database.transaction() as session:
        triage.add_note(session, quito, actor=BO, note="checking", expected_version=seen)
    for act in (
        lambda s: triage.confirm(s, quito, actor=ANA, expected_version=seen),
        lambda s: triage.reject(s, quito, actor=ANA, reason="no", expected_version=seen),
        lambda s: triage.merge(s, quito, into=seeded["Lahore"], actor=ANA, expected_version=seen),
        lambda s: triage.undo(s, quito, actor=ANA, admin=True, expected_version=seen),
    ):
        with pytest.raises(StaleCandidate), database.transaction() as session:
            act(session)


def test_nothing_to_undo(database: Database, seeded: dict[str, int]) -> None:
    with pytest.raises(InvalidChange, match="nothing to undo"), database.transaction() as session:
        triage.undo(session, seeded["Quito"], actor=ANA, admin=True)
