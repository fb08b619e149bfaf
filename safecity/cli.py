"""The ``safecity`` command. Each subcommand opens what it needs, does one thing, and turns project
errors into one line on stderr with exit code 2."""

from __future__ import annotations

import gzip
import importlib
import json
import sys
import zlib
from pathlib import Path
from typing import Any

import click

from extractors import Analysis
from safecity.database import open_database
from safecity.options import (
    InputError,
    clean_errors,
    cli_actor,
    db_option,
    filter_options_with,
    filters_from,
    on_behalf_option,
)
from safecity.output import candidate_table
from safecity.settings import Settings


class LazyGroup(click.Group):
    """A group whose feature commands are imported when run, not at every start: the exports
    and the report pull in libraries that take seconds to import, and every crawl, every
    scheduled run and every worker starts ``safecity``."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy  # command name -> "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, attribute = self.lazy[cmd_name].split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command), self.lazy[cmd_name]
        return command


# Commands that live beside their feature register here, one line each.
FEATURE_COMMANDS = {
    "crawl": "safecity.crawl.command:crawl_command",
    "runs": "safecity.crawl.runs:runs_command",
    "show": "safecity.show:show_command",
    "schedule": "safecity.crawl.schedule:schedule_command",
    "export": "safecity.exports.command:export_command",
    "import": "safecity.importing.command:import_command",
    "report": "safecity.report.command:report_command",
    "compare": "safecity.comparing.command:compare_command",
    "serve": "safecity.web.commands:serve",
    "user": "safecity.web.commands:user",
    "search": "safecity.search:search_command",
}


@click.group(
    cls=LazyGroup,
    lazy=FEATURE_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="safecity-watch")
def cli() -> None:
    """Find, check and publish evidence of Safe City surveillance agreements."""


@cli.command()
@db_option
@clean_errors
def init(db_url: str | None) -> None:
    """Create the database or bring its schema up to date (safe to repeat)."""
    settings = Settings.load(db_url)
    with open_database(settings):
        click.echo(f"database ready: {settings.database_url}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@clean_errors
def status(as_json: bool, db_url: str | None) -> None:
    """Counts of pages, mentions, candidates and crawl runs, and the last run."""
    from store.queries import status_counts

    with (
        open_database(Settings.load(db_url), create=False) as database,
        database.reading() as session,
    ):
        counts = status_counts(session)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    c = counts["candidates"]
    merged = f", {c['merged']} merged into others" if c["merged"] else ""
    click.echo(
        f"pages: {counts['pages']}  mentions: {counts['mentions']}  "
        f"candidates: {c['new']} new, {c['confirmed']} confirmed, {c['rejected']} rejected"
        f"{merged}  crawl runs: {counts['crawl_runs']}"
    )
    from safecity.crawl.runs import run_summary

    click.echo("last run: " + run_summary(counts["last_run"]))


@cli.command()
@filter_options_with("any")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@clean_errors
def candidates(as_json: bool, db_url: str | None, **options: Any) -> None:
    """Candidate agreements, best supported first (merged ones are in the one they joined)."""
    from store.queries import list_candidates

    filters = filters_from(options)
    with (
        open_database(Settings.load(db_url), create=False) as database,
        database.reading() as session,
    ):
        rows = [r.to_dict() for r in list_candidates(session, filters)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(candidate_table(rows))


def _said(candidate: Any) -> str:
    place = f"{candidate.vendor}, {candidate.country}, {candidate.city or '-'}"
    return f"candidate {candidate.id} ({place})"


@cli.command()
@click.argument("candidate_id", type=int, metavar="ID")
@click.option("--note", default=None, help="Why (kept in the audit log).")
@click.option(
    "--set",
    "settings_given",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Fill in a field as you confirm (year=2017, products=cctv,facial_recognition; repeat).",
)
@on_behalf_option
@db_option
@clean_errors
def confirm(
    candidate_id: int,
    note: str | None,
    settings_given: tuple[str, ...],
    on_behalf_of: str | None,
    db_url: str | None,
) -> None:
    """Confirm candidate ID: it needs vendor, country, year, products and a source."""
    from store import decisions

    changes = _field_values(settings_given)
    settings = Settings.load(db_url)
    with open_database(settings, create=False) as database:
        with database.transaction() as session:
            version = decisions.get_candidate(session, candidate_id).version
            candidate = decisions.confirm(
                session,
                candidate_id,
                actor=cli_actor(settings, on_behalf_of),
                changes=changes,
                note=note,
            )
            click.echo(_outcome(candidate, version))
        if settings.wayback_save and candidate.version != version:  # after the commit
            from safecity.wayback import archive_sources

            archive_sources(settings, database, candidate_id, lambda t, e: click.echo(t, err=e))


def _field_values(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``field=value`` pairs; products are a comma-separated list."""
    from store.decisions import EDITABLE
    from store.errors import InvalidChange

    values: dict[str, Any] = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        field = field.strip()
        if not sep or field not in EDITABLE:
            fields = ", ".join(EDITABLE)
            raise InvalidChange(f"--set {pair!r}: say FIELD=VALUE, FIELD one of {fields}")
        if field == "products":
            values[field] = [p.strip() for p in value.split(",") if p.strip()]
        else:
            values[field] = value
    return values


def _outcome(candidate: Any, version: int) -> str:
    if candidate.version == version:
        return f"{_said(candidate)} is already {candidate.status}: nothing recorded"
    return f"{_said(candidate)} is now {candidate.status}"


@cli.command()
@click.argument("candidate_id", type=int, metavar="ID")
@click.option("--reason", "--note", "reason", default=None, help="Why (required; kept in the log).")
@on_behalf_option
@db_option
@clean_errors
def reject(
    candidate_id: int, reason: str | None, on_behalf_of: str | None, db_url: str | None
) -> None:
    """Reject candidate ID, saying why (--reason)."""
    from store import decisions

    settings = Settings.load(db_url)
    with open_database(settings, create=False) as database, database.transaction() as session:
        version = decisions.get_candidate(session, candidate_id).version
        candidate = decisions.reject(
            session, candidate_id, actor=cli_actor(settings, on_behalf_of), reason=reason
        )
        click.echo(_outcome(candidate, version))


@cli.command()
@click.argument("candidate_id", type=int, metavar="ID")
@click.argument("into", type=int, metavar="INTO")
@click.option("--note", default=None, help="Why (kept in the audit log).")
@click.option("--force", is_flag=True, help="Merge even across countries or vendors.")
@on_behalf_option
@db_option
@clean_errors
def merge(
    candidate_id: int,
    into: int,
    note: str | None,
    force: bool,
    on_behalf_of: str | None,
    db_url: str | None,
) -> None:
    """Merge candidate ID into candidate INTO: its evidence moves there."""
    from store import decisions

    settings = Settings.load(db_url)
    with open_database(settings, create=False) as database, database.transaction() as session:
        actor = cli_actor(settings, on_behalf_of)
        target = decisions.merge(
            session, candidate_id, into=into, actor=actor, note=note, force=force
        )
        click.echo(f"candidate {candidate_id} merged into {_said(target)}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@clean_errors
def extract(paths: tuple[str, ...]) -> None:
    """Analyse saved pages (HTML, or .gz) and print one JSON object per page."""
    from extractors import analyze

    for path in paths:
        body = _read_page(Path(path))
        click.echo(json.dumps(analyze(body, None).to_dict() | {"source": path}, ensure_ascii=False))


def _read_page(path: Path) -> bytes:
    """A saved page's bytes, gunzipped when it ends in .gz; ``InputError`` when unreadable."""
    try:
        body = path.read_bytes()
        return gzip.decompress(body) if path.name.endswith(".gz") else body
    except (OSError, EOFError, zlib.error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(f"{path}: cannot read it ({reason})") from None


@cli.command()
@db_option
@clean_errors
def retag(db_url: str | None) -> None:
    """Re-run the extractors over every stored page (after a vocabulary change).

    Mentions, claims and the candidates no analyst has touched are rebuilt; decided candidates
    keep their fields and gain any new evidence. One transaction: interrupted, it changes nothing.
    """
    from sqlalchemy import func, select

    from extractors import analyze
    from extractors.pdf import analyze_pdf, is_pdf
    from keywords import load_vocabulary
    from store.models import Page
    from store.pages import page_body
    from store.retag import retag as retag_pages

    def analyze_page(page: Page) -> Analysis:
        body = page_body(page)
        if is_pdf(body, page.content_type):
            return analyze_pdf(body, page.final_url)
        return analyze(body, page.final_url, content_type=page.content_type)

    weights = load_vocabulary().site_kinds.weights
    with (
        open_database(Settings.load(db_url), create=False) as database,
        database.transaction() as session,
    ):
        total = session.scalar(select(func.count()).select_from(Page)) or 0
        with click.progressbar(length=total, label="retagging pages", file=sys.stderr) as bar:
            result = retag_pages(session, analyze_page, weights, bar.update)
    click.echo(
        f"retagged {result.pages} pages: mentions {result.mentions_before} -> "
        f"{result.mentions_after}, candidates {result.candidates_before} -> "
        f"{result.candidates_after}"
    )


@cli.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--texts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Read each label's text from TEXTS/<id>.txt (first line the title), not from DIRECTORY.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--misses",
    is_flag=True,
    help="Also list each false and missed pair with its sentence, and the category misses.",
)
@clean_errors
def eval_command(directory: Path, texts: Path | None, as_json: bool, misses: bool) -> None:
    """Score the extractors against a labelled set (DIRECTORY/labels.jsonl)."""
    from safecity.evaluation import evaluate, format_report

    report = evaluate(directory, texts)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    click.echo(format_report(report, show_errors=misses))
    if misses:
        click.echo("\n".join(["", *report.misses]))


@cli.command()
@db_option
@clean_errors
def demo(db_url: str | None) -> None:
    """Serve the bundled sample site on 127.0.0.1, crawl it into a fresh database, show results."""
    from safecity.demo import run_demo

    run_demo(db_url)


def main() -> None:
    cli(prog_name="safecity")
