"""The one clock of the data layer: timezone-aware UTC, so every stored timestamp compares."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
