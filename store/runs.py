"""Crawl runs: when they ran, what they fetched, and every error, page by page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from store.clock import now
from store.models import CrawlError, CrawlRun

MAX_MESSAGE = 2000


def start_run(
    session: Session, spider: str, start_urls: list[str], source: str | None = None
) -> CrawlRun:
    run = CrawlRun(
        spider=spider, source=source, started_at=now(), status="running", start_urls=start_urls
    )
    session.add(run)
    session.flush()
    return run


def record_error(session: Session, run_id: int, url: str, kind: str, message: str) -> None:
    session.add(
        CrawlError(run_id=run_id, url=url, kind=kind, message=message[:MAX_MESSAGE], at=now())
    )
    run = session.get(CrawlRun, run_id)
    if run is not None:
        run.errors += 1


@dataclass
class RunTally:
    """The pages a batch stored, by outcome (new, changed, unchanged), and their bytes: counted as
    the batch goes and added to its run with one UPDATE (``add_to_run``), not an UPDATE a page."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    bytes: int = 0

    def add(self, outcome: str, size: int) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.bytes += size


def add_to_run(session: Session, run_id: int, tally: RunTally) -> None:
    """Add ``tally`` to the run's counters, in the database (another worker may add its own)."""
    if not (tally.new or tally.changed or tally.unchanged):
        return
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(
            pages_new=CrawlRun.pages_new + tally.new,
            pages_changed=CrawlRun.pages_changed + tally.changed,
            pages_unchanged=CrawlRun.pages_unchanged + tally.unchanged,
            bytes=CrawlRun.bytes + tally.bytes,
        )
    )


def finish_run(
    session: Session,
    run_id: int,
    status: str,
    requests: int,
    received: int | None = None,
    results_seen: int = 0,
) -> CrawlRun | None:
    """Close the run; ``received`` is the bytes downloaded, when the crawler counted them;
    ``results_seen`` the feed and search results skipped because they were handed on before."""
    run = session.get(CrawlRun, run_id)
    if run is not None:
        run.finished_at = now()
        run.status = status
        run.requests = requests
        run.results_seen = results_seen
        if received is not None:
            run.bytes = received
    return run


def recent_runs(session: Session, limit: int = 20) -> list[CrawlRun]:
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)))


def last_finished(session: Session, spider: str, source: str | None) -> CrawlRun | None:
    """The latest run of this source (or of ad-hoc runs of ``spider``) that finished."""
    query = select(CrawlRun).where(CrawlRun.spider == spider, CrawlRun.status == "finished")
    query = query.where(
        CrawlRun.source == source if source is not None else CrawlRun.source.is_(None)
    )
    return session.scalar(query.order_by(CrawlRun.id.desc()).limit(1))


def latest_run(session: Session, spider: str, source: str) -> CrawlRun | None:
    """The latest run of this source, whatever its status (finished, interrupted, running…)."""
    query = select(CrawlRun).where(CrawlRun.spider == spider, CrawlRun.source == source)
    return session.scalar(query.order_by(CrawlRun.id.desc()).limit(1))


def errors_by_kind(session: Session, run_id: int) -> dict[str, int]:
    rows = session.execute(
        select(CrawlError.kind, func.count())
        .where(CrawlError.run_id == run_id)
        .group_by(CrawlError.kind)
        .order_by(CrawlError.kind)
    ).all()
    return {kind: count for kind, count in rows}


def _yield(run: CrawlRun) -> int:
    return run.pages_new + run.pages_changed + run.pages_unchanged + run.results_seen


def went_quiet(session: Session, run: CrawlRun) -> bool:
    """A finished run that yielded no page (nor a result seen before), from a source whose earlier
    runs did: the site moved, changed its layout or blocks us."""
    if run.status != "finished" or _yield(run) > 0:
        return False
    earlier = select(CrawlRun.id).where(
        CrawlRun.id < run.id,
        CrawlRun.spider == run.spider,
        CrawlRun.pages_new + CrawlRun.pages_changed + CrawlRun.pages_unchanged > 0,
    )
    if run.source is not None:
        earlier = earlier.where(CrawlRun.source == run.source)
    else:
        earlier = earlier.where(CrawlRun.source.is_(None))
        return any(
            r.start_urls == run.start_urls
            for r in session.scalars(select(CrawlRun).where(CrawlRun.id.in_(earlier)))
        )
    return session.scalar(earlier.limit(1)) is not None


@dataclass(frozen=True)
class RunReport:
    run: CrawlRun
    errors: dict[str, int]
    quiet: bool

    def to_dict(self) -> dict[str, Any]:
        r = self.run
        return {
            "id": r.id,
            "spider": r.spider,
            "source": r.source,
            "status": r.status,
            "started_at": r.started_at.isoformat(),
            "finished_at": r.finished_at.isoformat() if r.finished_at else None,
            "seconds": (r.finished_at - r.started_at).total_seconds() if r.finished_at else None,
            "start_urls": list(r.start_urls),
            "requests": r.requests,
            "pages_new": r.pages_new,
            "pages_changed": r.pages_changed,
            "pages_unchanged": r.pages_unchanged,
            "results_seen": r.results_seen,
            "errors": r.errors,
            "errors_by_kind": self.errors,
            "bytes": r.bytes,
            "went_quiet": self.quiet,
        }


def run_reports(session: Session, limit: int = 20, source: str | None = None) -> list[RunReport]:
    """The latest runs first, each with its errors by kind and whether its source went quiet."""
    query = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if source is not None:
        query = query.where(CrawlRun.source == source)
    return [
        RunReport(run, errors_by_kind(session, run.id), went_quiet(session, run))
        for run in session.scalars(query)
    ]
