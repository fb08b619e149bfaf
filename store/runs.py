"""Crawl runs: when they ran, what they fetched, and every error, page by page."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import CrawlError, CrawlRun

MAX_MESSAGE = 2000


def now() -> datetime:
    return datetime.now(UTC)


def start_run(session: Session, spider: str, start_urls: list[str]) -> CrawlRun:
    run = CrawlRun(spider=spider, started_at=now(), status="running", start_urls=start_urls)
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


def finish_run(session: Session, run_id: int, status: str, requests: int) -> CrawlRun | None:
    run = session.get(CrawlRun, run_id)
    if run is not None:
        run.finished_at = now()
        run.status = status
        run.requests = requests
    return run


def recent_runs(session: Session, limit: int = 20) -> list[CrawlRun]:
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)))
