"""Database locks (store/locks.py): one holder at a time, a stale or dead holder's lock recovered,
on SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete

from store.db import Database
from store.locks import STALE_AFTER, acquire, heartbeat, holder_of, release, this_process
from store.models import Lock

HOST = socket.gethostname()


@pytest.fixture
def locks(db: Database) -> Iterator[Database]:
    """The database, with no lock left by an earlier test (PostgreSQL's is shared)."""
    with db.transaction() as session:
        session.execute(delete(Lock))
    yield db


def take(db: Database, holder: str, at: datetime | None = None) -> bool:
    with db.transaction() as session:
        return acquire(session, "source:news", holder, at=at)


def holder(db: Database) -> str | None:
    with db.reading() as session:
        return holder_of(session, "source:news")


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_lock_has_one_holder_until_released(locks: Database) -> None:
    assert take(locks, "elsewhere:1")
    assert not take(locks, "elsewhere:2")
    assert holder(locks) == "elsewhere:1"
    with locks.transaction() as session:
        assert not release(session, "source:news", "elsewhere:2")  # not its lock
        assert release(session, "source:news", "elsewhere:1")
    assert take(locks, "elsewhere:2")
    assert holder(locks) == "elsewhere:2"


def test_a_holder_may_ask_again_and_the_default_holder_is_this_process(locks: Database) -> None:
    with locks.transaction() as session:
        assert acquire(session, "source:news")
        assert acquire(session, "source:news")
    assert holder(locks) == this_process() == f"{HOST}:{os.getpid()}"


def test_a_stale_lock_is_taken_over_and_its_old_holder_learns_it(locks: Database) -> None:
    long_ago = datetime.now(UTC) - STALE_AFTER - timedelta(minutes=1)
    assert take(locks, "elsewhere:1", at=long_ago)
    assert take(locks, "elsewhere:2")
    assert holder(locks) == "elsewhere:2"
    with locks.transaction() as session:
        assert not heartbeat(session, "source:news", "elsewhere:1")
        assert heartbeat(session, "source:news", "elsewhere:2")


def test_a_lock_kept_alive_by_heartbeats_is_not_taken(locks: Database) -> None:
    start = datetime.now(UTC) - STALE_AFTER - timedelta(minutes=1)
    assert take(locks, "elsewhere:1", at=start)
    with locks.transaction() as session:
        assert heartbeat(session, "source:news", "elsewhere:1")
    assert not take(locks, "elsewhere:2")


def test_the_lock_of_a_dead_process_on_this_host_is_recovered_at_once(locks: Database) -> None:
    assert take(locks, f"{HOST}:{dead_pid()}")
    assert take(locks, "elsewhere:2")
    assert holder(locks) == "elsewhere:2"


def test_a_live_process_keeps_its_lock(locks: Database) -> None:
    parent = f"{HOST}:{os.getppid()}"  # alive: it runs these tests
    assert take(locks, parent)
    assert not take(locks, "elsewhere:2")
    assert not take(locks, f"{HOST}:{dead_pid()}")  # a dead pid asking gets nothing either


@pytest.mark.parametrize("stale", [False, True], ids=["free", "stale"])
def test_of_many_takers_at_once_exactly_one_wins(locks: Database, stale: bool) -> None:
    if stale:
        assert take(locks, "elsewhere:0", at=datetime.now(UTC) - timedelta(hours=1))
    takers = 8
    barrier = threading.Barrier(takers)
    won: list[str] = []

    def contend(name: str) -> None:
        barrier.wait()
        if take(locks, name):
            won.append(name)

    threads = [threading.Thread(target=contend, args=(f"host{i}:1",)) for i in range(takers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(won) == 1 and holder(locks) == won[0]
