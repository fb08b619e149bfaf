"""Crawl runs: when they ran, what they fetched, every error page by page, and their health (the
one rule for a source that went quiet, used by ``safecity runs`` and the Crawl health page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from store.clock import now
from store.models import CrawlError, CrawlRun

MAX_MESSAGE = 2000
MAX_ERRORS = 500  # shown for one run


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


def recent_runs(session: Session, limit: int = 20, source: str | None = None) -> list[CrawlRun]:
    """The latest runs first (of one sources-file entry, when ``source`` is given)."""
    query = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if source is not None:
        query = query.where(CrawlRun.source == source)
    return list(session.scalars(query))


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


def errors_by_kind(session: Session, run_ids: list[int]) -> dict[int, dict[str, int]]:
    """{run id: {error kind: count}}, kinds in order."""
    counts: dict[int, dict[str, int]] = {run_id: {} for run_id in run_ids}
    if not run_ids:
        return counts
    rows = session.execute(
        select(CrawlError.run_id, CrawlError.kind, func.count())
        .where(CrawlError.run_id.in_(run_ids))
        .group_by(CrawlError.run_id, CrawlError.kind)
        .order_by(CrawlError.run_id, CrawlError.kind)
    ).all()
    for run_id, kind, n in rows:
        counts[run_id][kind] = n
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


# --- health: the one rule for a source that went quiet ---
#
# A source is what a run crawled: its sources-file entry, or for a run started by hand the hosts
# of its start URLs. A run *yields* when it stored pages (new, changed, or seen unchanged) or met
# feed and search results handed on before. A run that ended on its own (not running, not
# interrupted) and yielded nothing, from a source an earlier such run of which yielded, went
# quiet: the site moved, blocked us, or changed its layout. ``safecity runs`` flags those runs;
# the web app's Crawl health page lists the sources whose latest run went quiet.

UNENDED = ("running", "interrupted")


def source_key(run: CrawlRun) -> str:
    if run.source:
        return run.source
    hosts = sorted({urlsplit(u).hostname or u for u in run.start_urls or []})
    return ", ".join(hosts) or run.spider


def yielded(run: CrawlRun) -> int:
    return run.pages_new + run.pages_changed + run.pages_unchanged + run.results_seen


def _ended() -> Select[CrawlRun]:
    return select(CrawlRun).where(CrawlRun.status.not_in(UNENDED)).order_by(CrawlRun.id)


@dataclass(frozen=True)
class QuietSource:
    source: str
    last_run: CrawlRun
    last_yield: CrawlRun  # the latest run that still yielded


def _walk(runs: list[CrawlRun]) -> tuple[set[int], dict[str, CrawlRun], dict[str, CrawlRun]]:
    """The quiet runs' ids, and per source its latest run and latest run that yielded."""
    quiet: set[int] = set()
    latest: dict[str, CrawlRun] = {}
    last_yield: dict[str, CrawlRun] = {}
    for run in runs:
        key = source_key(run)
        latest[key] = run
        if yielded(run):
            last_yield[key] = run
        elif key in last_yield:
            quiet.add(run.id)
    return quiet, latest, last_yield


def quiet_runs(session: Session, runs: list[CrawlRun]) -> set[int]:
    """Which of ``runs`` went quiet."""
    if not runs:
        return set()
    earlier = _ended().where(CrawlRun.id <= max(r.id for r in runs))
    quiet, _latest, _yield = _walk(list(session.scalars(earlier)))
    return quiet & {r.id for r in runs}


def went_quiet(session: Session, run: CrawlRun) -> bool:
    return run.id in quiet_runs(session, [run])


def quiet_sources(session: Session, since: datetime | None = None) -> list[QuietSource]:
    """Sources whose latest ended run went quiet."""
    query = _ended()
    if since is not None:
        query = query.where(CrawlRun.started_at >= since)
    quiet, latest, last_yield = _walk(list(session.scalars(query)))
    return sorted(
        (QuietSource(k, run, last_yield[k]) for k, run in latest.items() if run.id in quiet),
        key=lambda q: q.source,
    )


NO_ANSWER = ("dns", "connect", "timeout")  # error kinds of a host that never answered


def unanswered_hosts(session: Session, run: CrawlRun) -> dict[str, str]:
    """For a run that yielded nothing: the hosts of its start URLs that never answered, each with
    the kind of error (dns, connect, timeout); empty when it yielded or they answered."""
    if yielded(run) or run.status in UNENDED:
        return {}
    starts = {urlsplit(u).netloc for u in run.start_urls or []}
    rows = session.execute(
        select(CrawlError.url, CrawlError.kind)
        .where(CrawlError.run_id == run.id, CrawlError.kind.in_(NO_ANSWER))
        .order_by(CrawlError.id)
    ).all()
    found: dict[str, str] = {}
    for url, kind in rows:
        host = urlsplit(url).netloc
        if host in starts:
            found.setdefault(host, kind)
    return found


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
    """The latest runs first, each with its errors by kind and whether it went quiet."""
    runs = recent_runs(session, limit, source)
    errors = errors_by_kind(session, [r.id for r in runs])
    quiet = quiet_runs(session, runs)
    return [RunReport(run, errors[run.id], run.id in quiet) for run in runs]
