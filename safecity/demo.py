"""``safecity demo``: the whole pipeline on the bundled sample site, in one command."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.engine import make_url

from safecity.crawl.planning import run_crawl
from safecity.database import open_database
from safecity.output import candidate_table
from safecity.settings import Settings
from safecity.sitefiles import SAMPLE_SITE, serve_directory
from store.queries import list_candidates, status_counts

DEMO_DATABASE = "sqlite:///safecity-demo.db"


def _fresh_sqlite(url: str) -> None:
    """Remove the demo's own database file so every demo starts from nothing."""
    database = make_url(url).database
    if database and database != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)


def run_demo(db_url: str | None) -> None:
    url = db_url or DEMO_DATABASE
    if db_url is None:
        _fresh_sqlite(url)
    settings = Settings.load(url)
    with open_database(settings):
        pass
    with serve_directory(SAMPLE_SITE) as base:
        click.echo(f"serving the sample site ({SAMPLE_SITE}) at {base}")
        click.echo("crawling it (robots.txt obeyed, links followed, sitemap read) ...")
        run_crawl(settings, "site", [f"{base}/index.html", f"{base}/sitemap.xml"])
    with open_database(settings) as database, database.reading() as session:
        counts = status_counts(session)
        rows = [r.to_dict() for r in list_candidates(session)]
    run = counts["last_run"]
    click.echo(
        f"\nstored {counts['pages']} pages ({run['errors']} errors recorded), "
        f"{counts['mentions']} mentions, {len(rows)} candidate agreements:\n"
    )
    click.echo(candidate_table(rows))
    db = f" --db {url}"
    click.echo(
        "\nnext steps:\n"
        f"  .venv/bin/safecity candidates{db} --json      # the candidates with their sources\n"
        f"  .venv/bin/safecity confirm ID{db} --note '…'  # or: reject ID\n"
        f"  .venv/bin/safecity export{db} --format csv -o confirmed.csv\n"
        f"  .venv/bin/safecity report{db} -o report/   # report/index.html: the confirmed ones\n"
        f"  .venv/bin/safecity status{db}\n"
        "\ntriage them in the browser:\n"
        f"  .venv/bin/safecity user add NAME --role admin{db}   # asks for a password\n"
        f"  .venv/bin/safecity serve{db}\n"
        "  then open http://127.0.0.1:8000/ and log in as NAME"
    )
