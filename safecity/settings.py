"""The one settings object. Only this module reads the environment, once per command."""

from __future__ import annotations

import os
import pwd
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

DEFAULT_DATABASE_URL = "sqlite:///safecity.db"
DEFAULT_CONTACT_URL = "https://github.com/safecity-watch/safecity-watch"
DEFAULT_WAYBACK_URL = "https://web.archive.org"


def _version() -> str:
    try:
        return version("safecity-watch")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class Settings:
    database_url: str
    contact_url: str
    actor: str  # the operating-system user: who decisions made from this shell are recorded as
    version: str
    allow_hosts: tuple[str, ...] = ()  # non-public hosts or networks crawls may reach
    max_page_bytes: int | None = None  # size cap per response, before and after decompression
    wayback_save: bool = False  # send confirmed records' sources to Save Page Now
    wayback_url: str = DEFAULT_WAYBACK_URL  # Save Page Now: {wayback_url}/save/{page url}
    wayback_timeout: float = 120.0  # seconds for one capture (the archive fetches the page)
    extract_workers: int | None = None  # analysis processes per crawl (None: one per core)

    @classmethod
    def load(cls, db: str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """``--db`` first, then SAFECITY_DATABASE_URL, then ``safecity.db`` in this directory."""
        env = os.environ if environ is None else environ
        return cls(
            database_url=db or env.get("SAFECITY_DATABASE_URL") or DEFAULT_DATABASE_URL,
            contact_url=env.get("SAFECITY_CONTACT_URL") or DEFAULT_CONTACT_URL,
            actor=_os_user(env),
            version=_version(),
            allow_hosts=tuple(
                h.strip() for h in env.get("SAFECITY_ALLOW_HOSTS", "").split(",") if h.strip()
            ),
            max_page_bytes=_positive_int(env.get("SAFECITY_MAX_PAGE_BYTES")),
            wayback_save=env.get("SAFECITY_WAYBACK_SAVE", "").lower() in ("1", "true", "yes"),
            wayback_url=(env.get("SAFECITY_WAYBACK_URL") or DEFAULT_WAYBACK_URL).rstrip("/"),
            wayback_timeout=_seconds(env.get("SAFECITY_WAYBACK_TIMEOUT"), 120.0),
            extract_workers=_count(env.get("SAFECITY_EXTRACT_WORKERS")),
        )


def _os_user(env: Mapping[str, str]) -> str:
    """Who runs the command, as ``getpass.getuser`` finds it (not a variable a user sets to be
    someone else: naming another actor is ``--on-behalf-of``, and is recorded as such)."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if env.get(name):
            return env[name]
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except (KeyError, AttributeError):
        return "unknown"


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number and number > 0 else None


def _count(value: str | None) -> int | None:
    """A whole number, 0 or more; None when unset or unreadable."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and number >= 0 else None


def _seconds(value: str | None, default: float) -> float:
    try:
        seconds = float(value) if value else default
    except ValueError:
        return default
    return seconds if seconds > 0 else default
