"""``safecity import FILE``: the command line of safecity.importing."""

from __future__ import annotations

from pathlib import Path

import click

from safecity.cli import clean_errors, db_option
from safecity.database import open_database
from safecity.importing import ImportFileError, parse_file, write_records
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
@db_option
@clean_errors
def import_command(
    file: Path, as_status: str, map_pairs: tuple[str, ...], skip_bad: bool, db_url: str | None
) -> None:
    """Import records from FILE (.csv or .xlsx) with the export's columns, in one transaction."""
    parsed = parse_file(file, map_pairs)
    for problem in parsed.problems:
        click.echo(str(problem), err=True)
    if parsed.problems and not skip_bad:
        raise ImportFileError(
            f"{len(parsed.bad_rows)} bad rows: nothing was imported "
            f"(fix them, or pass --skip-bad to import the {len(parsed.records)} good rows)"
        )
    settings = Settings.load(db_url)
    with open_database(settings) as database, database.transaction() as session:
        outcomes = write_records(session, parsed, as_status, settings.actor, file.name)
    created = sum(o.created for o in outcomes)
    skipped = f", skipped {len(parsed.bad_rows)} bad rows" if parsed.bad_rows else ""
    click.echo(
        f"imported {len(outcomes)} records from {file.name} as {as_status} "
        f"({created} new, {len(outcomes) - created} updated){skipped}"
    )
