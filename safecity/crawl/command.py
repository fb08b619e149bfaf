"""``safecity crawl``: plan the crawls (``safecity.crawl.planning``), run them, say what each
run fetched, and fail when nothing was fetched because the start hosts never answered."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from safecity.crawl.runs import run_summary
from safecity.database import open_database
from safecity.options import clean_errors, db_option, sources_option
from safecity.output import plural
from safecity.settings import Settings


@click.command("crawl")
@click.argument("spider", default="site")
@click.option(
    "--start", "start_urls", multiple=True, metavar="URL", help="Where to start (repeat)."
)
@sources_option
@click.option("--source", "source_names", multiple=True, metavar="NAME", help="Only this source.")
@click.option("--due", is_flag=True, help="Only the sources whose schedule says a run is due.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Stop after N pages.")
@click.option("--depth", type=click.IntRange(min=0), default=None, help="Follow links N deep.")
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep each crawl's queue in DIR/SOURCE: a stopped crawl resumes where it stopped.",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    default=None,
    help="Be one of many workers: share the queue and seen requests in Redis (redis://host/0).",
)
@click.option(
    "--redis-idle",
    type=click.FloatRange(min=1),
    default=None,
    metavar="SECONDS",
    help="With --redis: stop once the shared queue is empty and all workers idle this long (10).",
)
@click.option(
    "--progress-every",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Off a terminal: a progress line this often (on one: a live line).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
@clean_errors
def crawl_command(
    spider: str,
    start_urls: tuple[str, ...],
    sources_path: Path | None,
    source_names: tuple[str, ...],
    due: bool,
    max_pages: int | None,
    depth: int | None,
    state_dir: Path | None,
    redis_url: str | None,
    redis_idle: float | None,
    progress_every: float,
    verbose: bool,
    db_url: str | None,
) -> None:
    """Crawl with SPIDER (site, huawei, government, news, archive; default: site).

    With --start, from those URLs (they replace the configured start points); else every source
    of SPIDER in the sources file, one crawl run each."""
    from safecity.crawl.planning import CannotCrawl, run_crawl
    from safecity.crawl.sources import load_sources
    from store.queries import run_dict
    from store.runs import recent_runs, unanswered_hosts

    settings = Settings.load(db_url)
    sources = None
    if sources_path or source_names or not start_urls:
        sources = load_sources(sources_path)
    with open_database(settings) as database, database.reading() as session:
        before = max((r.id for r in recent_runs(session, 1)), default=0)
    ran = run_crawl(
        settings,
        spider,
        list(start_urls),
        sources=sources,
        source_names=source_names,
        only_due=due,
        max_pages=max_pages,
        depth=depth,
        log_level="INFO" if verbose else "WARNING",
        state_dir=state_dir,
        redis_url=redis_url,
        redis_idle=redis_idle,
        progress="" if verbose else ("live" if sys.stderr.isatty() else "lines"),
        progress_interval=progress_every,
    )
    if not ran:
        click.echo("no source is due")
        return
    with open_database(settings) as database, database.reading() as session:
        runs = [r for r in recent_runs(session, ran + 50) if r.id > before]
        silent = []
        for run in sorted(runs, key=lambda r: r.id):
            seen = f", {plural(run.results_seen, 'result')} seen before" if run.results_seen else ""
            click.echo(run_summary(run_dict(run) | {"source": run.source}) + seen)
            hosts = unanswered_hosts(session, run)
            silent += [f"{host} ({why})" for host, why in hosts.items()]
    if silent:
        raise CannotCrawl(
            f"nothing was fetched from {', '.join(silent)}: check the address and that the "
            "site is up (`safecity runs` lists every error)"
        )
