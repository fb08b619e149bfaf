"""``safecity schedule``: the sources of the sources file crawled on their schedules."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from safecity.crawl.scheduling import Options, Scheduler
from safecity.crawl.sources import load_sources
from safecity.database import open_database
from safecity.options import clean_errors, db_option, sources_option
from safecity.settings import Settings


@click.command("schedule")
@sources_option
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".safecity-state"),
    show_default=True,
    help="Where each source's crawl keeps its queue, so an interrupted run resumes.",
)
@click.option("--once", is_flag=True, help="Run what is due now, then exit (for cron).")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Crawls at once (a source never runs twice at once).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
@clean_errors
def schedule_command(
    sources_path: Path | None,
    state_dir: Path,
    once: bool,
    jobs: int,
    verbose: bool,
    db_url: str | None,
) -> None:
    """Crawl each source of the sources file on its schedule, until SIGTERM (or, with --once,
    what is due now); an interrupted run is resumed first."""
    settings = Settings.load(db_url)
    sources = load_sources(sources_path)
    options = Options(sources, state_dir.resolve(), db_url, once, jobs, verbose)
    with open_database(settings) as database:
        code = Scheduler(database, options, _say).run()
    if code:
        sys.exit(code)


def _say(message: str) -> None:
    click.echo(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} {message}", err=True)
