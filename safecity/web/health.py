"""Crawl health: recent runs with their errors by kind, one run's errors, and quiet sources."""

from __future__ import annotations

from flask import Blueprint, render_template

from safecity.web.db import reading
from store.errors import NotFound
from store.models import CrawlRun
from store.runs import errors_by_kind, quiet_sources, recent_runs, run_errors, source_key

bp = Blueprint("health", __name__, url_prefix="/health")


@bp.get("")
def index() -> str:
    with reading() as db:
        runs = recent_runs(db, 50)
        return render_template(
            "health/index.html",
            runs=runs,
            errors=errors_by_kind(db, [r.id for r in runs]),
            quiet=quiet_sources(db),
            source_key=source_key,
        )


@bp.get("/runs/<int:run_id>")
def run(run_id: int) -> str:
    with reading() as db:
        crawl = db.get(CrawlRun, run_id)
        if crawl is None:
            raise NotFound(f"no crawl run {run_id}")
        return render_template(
            "health/run.html", run=crawl, errors=run_errors(db, run_id), source=source_key(crawl)
        )
