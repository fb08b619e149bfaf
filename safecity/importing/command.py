"""``safecity import FILE``: the command line of safecity.importing."""

from __future__ import annotations

from pathlib import Path

import click

from safecity.database import open_database
from safecity.importing import ImportFileError, Parsed, parse_file, write_records
from safecity.options import clean_errors, cli_actor, db_option, on_behalf_option
from safecity.output import plural
from safecity.settings import Settings


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as",
    "as_status",
    type=click.Choice(["new", "confirmed"]),
    default="new",
    show_default=True,
    help="Bring the records in as candidates to triage (new) or as confirmed records.",
)
@click.option(
    "--map",
    "map_pairs",
    multiple=True,
    metavar="FIELD=HEADER",
    help="The file's column for a field, when its header is not the field's name (repeat).",
)
@click.option("--skip-bad", is_flag=True, help="Import the good rows even if some rows are bad.")
@on_behalf_option
@db_option
@clean_errors
def import_command(
    file: Path,
    as_status: str,
    map_pairs: tuple[str, ...],
    skip_bad: bool,
    on_behalf_of: str | None,
    db_url: str | None,
) -> None:
    """Import records from FILE (.csv or .xlsx) with the export's columns, in one transaction.

    Each record is an ``import`` decision by you (or --on-behalf-of NAME); records imported as
    confirmed need what any confirmed record needs: vendor, country, year, products, a source."""
    parsed = parse_file(file, map_pairs)
    _refuse_bad(parsed, skip_bad)
    settings = Settings.load(db_url)
    with open_database(settings) as database, database.transaction(savepoints=True) as session:
        actor = cli_actor(settings, on_behalf_of)
        outcomes = write_records(
            session, parsed, status=as_status, actor=actor, file_name=file.name
        )
        _refuse_bad(parsed, skip_bad)  # inside the transaction: nothing is written
    created = sum(o.created for o in outcomes)
    skipped = f", skipped {plural(len(parsed.bad_rows), 'bad row')}" if parsed.bad_rows else ""
    click.echo(
        f"imported {plural(len(outcomes), 'record')} from {file.name} as {as_status} "
        f"({created} new, {len(outcomes) - created} updated){skipped}"
    )


def _refuse_bad(parsed: Parsed, skip_bad: bool) -> None:
    if not parsed.problems or skip_bad:
        return
    for problem in parsed.problems:
        click.echo(str(problem), err=True)
    raise ImportFileError(
        f"{plural(len(parsed.bad_rows), 'bad row')}: nothing was imported (fix them, or pass "
        f"--skip-bad to import the {plural(len(parsed.records), 'good row')})"
    )
