"""The one settings object. Only this module reads the environment, once per command."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

DEFAULT_DATABASE_URL = "sqlite:///safecity.db"
DEFAULT_CONTACT_URL = "https://github.com/safecity-watch/safecity-watch"


def _version() -> str:
    try:
        return version("safecity-watch")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class Settings:
    database_url: str
    contact_url: str
    actor: str  # who decisions made from this shell are recorded as
    version: str

    @classmethod
    def load(cls, db: str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """``--db`` first, then SAFECITY_DATABASE_URL, then ``safecity.db`` in this directory."""
        env = os.environ if environ is None else environ
        return cls(
            database_url=db or env.get("SAFECITY_DATABASE_URL") or DEFAULT_DATABASE_URL,
            contact_url=env.get("SAFECITY_CONTACT_URL") or DEFAULT_CONTACT_URL,
            actor=env.get("SAFECITY_ACTOR") or env.get("USER") or "analyst",
            version=_version(),
        )
