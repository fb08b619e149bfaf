"""Named locks in the database: one holder at a time, recovered when the holder stops.

A lock is a row of ``locks``. ``acquire`` inserts it, and the unique name refuses a second row; a
lock someone else holds is taken over only when it is stale: its heartbeat is older than
``stale_after``, or its holder is a process of this host that no longer runs. A takeover is one
conditional UPDATE, so of several processes recovering the same lock exactly one wins, on SQLite
and PostgreSQL alike. A holder is named ``host:pid``. The caller owns the transaction: commit
right after each call, so others see the lock at once.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.models import Lock

STALE_AFTER = timedelta(minutes=5)  # a holder heartbeats far more often (safecity schedule: 30 s)


def this_process() -> str:
    """The holder name of this process: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire(
    session: Session,
    name: str,
    holder: str | None = None,
    *,
    stale_after: timedelta = STALE_AFTER,
    at: datetime | None = None,
) -> bool:
    """Take the lock ``name`` for ``holder`` (default: this process); False when another live
    holder has it. A holder asking again for its own lock gets it (with a fresh heartbeat)."""
    holder = holder or this_process()
    at = at or datetime.now(UTC)
    try:
        with session.begin_nested():
            session.execute(
                insert(Lock).values(name=name, holder=holder, acquired_at=at, heartbeat_at=at)
            )
        return True
    except IntegrityError:
        pass
    current = holder_of(session, name)
    if current is None:
        return False  # released in between: the caller tries again later
    if current == holder or _gone(current):
        condition = Lock.holder == current
    else:
        condition = Lock.heartbeat_at < at - stale_after
    return _change(
        session,
        update(Lock).where(Lock.name == name, condition),
        holder=holder,
        acquired_at=at,
        heartbeat_at=at,
    )


def heartbeat(
    session: Session, name: str, holder: str | None = None, at: datetime | None = None
) -> bool:
    """Say the holder still works; False when the lock is no longer its own (taken over)."""
    statement = update(Lock).where(Lock.name == name, Lock.holder == (holder or this_process()))
    return _change(session, statement, heartbeat_at=at or datetime.now(UTC))


def release(session: Session, name: str, holder: str | None = None) -> bool:
    """Give the lock up; False when it was not the holder's (any more)."""
    statement = delete(Lock).where(Lock.name == name, Lock.holder == (holder or this_process()))
    return cast(CursorResult[Any], session.execute(statement)).rowcount == 1


def holder_of(session: Session, name: str) -> str | None:
    return session.scalar(select(Lock.holder).where(Lock.name == name))


def _change(session: Session, statement: Any, **values: Any) -> bool:
    result = session.execute(
        statement.values(**values), execution_options={"synchronize_session": False}
    )
    return cast(CursorResult[Any], result).rowcount == 1


def _gone(holder: str) -> bool:
    """Whether ``holder`` names a process of this host that has ended."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) <= 0:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as another user
    return False
