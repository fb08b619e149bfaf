"""Sources: one row per site (host), with the kind that weighs its evidence."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import add_unique
from store.facets import refresh_facets, supporting
from store.models import Source


def get_or_add_source(
    session: Session, host: str, kind: str, override: str | None = None
) -> Source:
    """The site ``host``; created with ``kind``. ``override`` (a sources-file kind) also corrects
    the kind of a site already known; scores use it from the candidate's next evidence on."""
    query = select(Source).where(Source.host == host)
    source = session.scalar(query)
    if source is None:  # another crawl worker may add the same host meanwhile
        new = Source(host=host, kind=kind)
        row, added = add_unique(session, new, lambda: session.scalar(query))
        if added:
            return row
        source = row
    if override and source.kind != override:
        source.kind = override
        refresh_facets(session, supporting(session, source.id))
    return source
