"""``safecity runs``: the crawl runs, newest first, with what each fetched and what went wrong."""

from __future__ import annotations

import json
from typing import Any

import click

from safecity.database import open_database
from safecity.options import clean_errors, db_option
from safecity.output import plural, table
from safecity.settings import Settings


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _errors(by_kind: dict[str, int]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in by_kind.items()) or "-"


def runs_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no crawl runs"
    return table(
        [
            "id",
            "spider",
            "source",
            "started",
            "took",
            "status",
            "requests",
            "new",
            "changed",
            "unchanged",
            "seen",
            "errors",
            "flag",
        ],
        [
            [
                r["id"],
                r["spider"],
                r["source"] or "-",
                str(r["started_at"])[:19].replace("T", " "),
                _duration(r["seconds"]),
                r["status"],
                r["requests"],
                r["pages_new"],
                r["pages_changed"],
                r["pages_unchanged"],
                r["results_seen"],
                _errors(r["errors_by_kind"]),
                "NO PAGES (it used to yield some)" if r["went_quiet"] else "",
            ]
            for r in rows
        ],
    )


def run_summary(run: dict[str, Any] | None) -> str:
    """One line: the run's spider and source, status, requests and pages, errors."""
    if run is None:
        return "no crawl run was recorded"
    spider = run["spider"] + (f" {run['source']}" if run.get("source") else "")
    return (
        f"run {run['id']} ({spider}, {run['status']}): {plural(run['requests'], 'request')}, "
        f"{run['pages_new']} new, {run['pages_changed']} changed, "
        f"{run['pages_unchanged']} unchanged pages, {plural(run['errors'], 'error')}"
    )


@click.command("runs")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--source", "source_name", default=None, metavar="NAME", help="Only this source.")
@db_option
@clean_errors
def runs_command(as_json: bool, limit: int, source_name: str | None, db_url: str | None) -> None:
    """Crawl runs, newest first: spider, source, start, duration, pages new/changed/unchanged,
    errors by kind; a source that used to yield pages and now yields none is flagged."""
    from store.runs import run_reports

    with (
        open_database(Settings.load(db_url), create=False) as database,
        database.reading() as session,
    ):
        rows = [r.to_dict() for r in run_reports(session, limit, source_name)]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(runs_table(rows))
