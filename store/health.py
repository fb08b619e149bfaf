"""Crawl health: the recent runs with their errors by kind, and the sources that went quiet.

A source is what a run crawled: its sources-file entry (``crawl_runs.source``), or for a run
started by hand the hosts of its start URLs. It is flagged when its latest finished run yielded no
page (none new, changed or even seen unchanged) while an earlier run did: the site moved, blocked
us, or changed its layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import CrawlError, CrawlRun

MAX_ERRORS = 500


@dataclass(frozen=True)
class QuietSource:
    source: str
    last_run: CrawlRun
    last_yield: CrawlRun  # the latest run that still yielded pages


def source_key(run: CrawlRun) -> str:
    if run.source:
        return run.source
    hosts = sorted({urlsplit(u).hostname or u for u in run.start_urls or []})
    return ", ".join(hosts) or run.spider


def yielded(run: CrawlRun) -> int:
    return run.pages_new + run.pages_changed + run.pages_unchanged


def recent_runs(session: Session, limit: int = 50) -> list[CrawlRun]:
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)))


def errors_by_kind(session: Session, run_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    if not run_ids:
        return counts
    rows = session.execute(
        select(CrawlError.run_id, CrawlError.kind, func.count())
        .where(CrawlError.run_id.in_(run_ids))
        .group_by(CrawlError.run_id, CrawlError.kind)
        .order_by(CrawlError.run_id, CrawlError.kind)
    ).all()
    for run_id, kind, n in rows:
        counts.setdefault(run_id, {})[kind] = n
    return counts


def run_errors(session: Session, run_id: int, limit: int = MAX_ERRORS) -> list[CrawlError]:
    return list(
        session.scalars(
            select(CrawlError)
            .where(CrawlError.run_id == run_id)
            .order_by(CrawlError.id)
            .limit(limit)
        )
    )


def quiet_sources(session: Session, since: datetime | None = None) -> list[QuietSource]:
    """Sources whose latest finished run yielded nothing though an earlier one did."""
    query = select(CrawlRun).where(CrawlRun.status != "running").order_by(CrawlRun.id)
    if since is not None:
        query = query.where(CrawlRun.started_at >= since)
    latest: dict[str, CrawlRun] = {}
    last_yield: dict[str, CrawlRun] = {}
    for run in session.scalars(query):
        key = source_key(run)
        latest[key] = run
        if yielded(run):
            last_yield[key] = run
    return sorted(
        (
            QuietSource(key, run, last_yield[key])
            for key, run in latest.items()
            if not yielded(run) and key in last_yield
        ),
        key=lambda q: q.source,
    )
