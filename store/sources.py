"""Sources: one row per site (host), with the kind that weighs its evidence."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Source


def get_or_add_source(
    session: Session, host: str, kind: str, override: str | None = None
) -> Source:
    """The site ``host``; created with ``kind``. ``override`` (a sources-file kind) also corrects
    the kind of a site already known; scores use it from the candidate's next evidence on."""
    source = session.scalar(select(Source).where(Source.host == host))
    if source is None:
        source = Source(host=host, kind=kind)
        session.add(source)
        session.flush()
    elif override and source.kind != override:
        source.kind = override
    return source
