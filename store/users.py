"""Accounts of the triage app, their passwords (slow salted hashes) and throttled logins."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, timedelta
from functools import cache

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from store.clock import now
from store.errors import InvalidChange, NotFound
from store.models import LoginAttempt, User

ROLES = ("analyst", "admin")
MIN_PASSWORD = 8
KEEP_ATTEMPTS = timedelta(days=30)
# werkzeug's scrypt (n=2**15, r=8, p=1), salted per password
HASH_METHOD = "scrypt"


@dataclass(frozen=True)
class Throttle:
    """At most ``per_name`` failed logins for one name from one address, and ``per_address``
    from one address in all, within ``window``. Limiting a name per address means a guesser
    elsewhere cannot lock the real analyst out."""

    per_name: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)


class LoginThrottled(InvalidChange):
    """Raised by ``authenticate`` when an address has failed too often; ``retry_after`` is in
    seconds."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, round(retry_after / 60))
        super().__init__(f"too many failed logins: try again in about {minutes} minutes")
        self.retry_after = retry_after


def add_user(session: Session, name: str, role: str, password: str) -> User:
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidChange("a user name is 1 to 100 characters")
    if role not in ROLES:
        raise InvalidChange(f"role must be one of: {', '.join(ROLES)}")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise InvalidChange(f"user {name!r} exists: `safecity user passwd {name}` changes it")
    user = User(name=name, role=role, password_hash=_hash(password), created_at=now())
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, name: str, password: str) -> User:
    user = get_user(session, name)
    user.password_hash = _hash(password)
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user {name!r} (see `safecity user list`)")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidChange(f"a password has at least {MIN_PASSWORD} characters")
    return generate_password_hash(password, method=HASH_METHOD)


@cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so a wrong name costs as long as a wrong
    password and does not tell which names exist."""
    return generate_password_hash("not anyone's password", method=HASH_METHOD)


def session_token(user: User) -> str:
    """Ties a login session to the password it was made with: changing it ends old sessions."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def authenticate(
    session: Session, name: str, password: str, address: str, throttle: Throttle | None = None
) -> User | None:
    """The user if ``password`` is theirs; every attempt is recorded. Raises ``LoginThrottled``
    before checking anything when the address has failed too often."""
    throttle = throttle or Throttle()
    _check_throttle(session, name, address, throttle)
    user = session.scalar(select(User).where(User.name == name))
    ok = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    ok = ok and user is not None
    session.add(LoginAttempt(name=name[:100], address=address[:64], at=now(), ok=ok))
    # the record is for throttling, not an audit trail: an address's old attempts go
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.address == address[:64], LoginAttempt.at < now() - KEEP_ATTEMPTS
        )
    )
    session.flush()
    return user if ok else None


def _check_throttle(session: Session, name: str, address: str, throttle: Throttle) -> None:
    name, address = name[:100], address[:64]
    since = now() - throttle.window
    last_ok = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.name == name, LoginAttempt.address == address, LoginAttempt.ok.is_(True)
        )
    )
    failed = select(func.count(), func.min(LoginAttempt.at)).where(
        LoginAttempt.address == address, LoginAttempt.ok.is_(False)
    )
    for query, limit in (
        # a successful login forgives the name's earlier slips from that address
        (
            failed.where(LoginAttempt.name == name, LoginAttempt.at > max(since, last_ok or since)),
            throttle.per_name,
        ),
        (failed.where(LoginAttempt.at > since), throttle.per_address),
    ):
        count, oldest = session.execute(query).one()
        if count >= limit and oldest is not None:
            wait = oldest.replace(tzinfo=oldest.tzinfo or UTC) + throttle.window - now()
            raise LoginThrottled(int(wait.total_seconds()) + 1)
