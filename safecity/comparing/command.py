"""``safecity compare FILE``: the records beside a reference list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from safecity.comparing import CompareError, compare_with_file
from safecity.comparing.output import as_text, summary, write_csv
from safecity.database import open_database
from safecity.exports.command import filter_options, filters_from
from safecity.exports.records import records
from safecity.options import clean_errors, db_option
from safecity.settings import Settings


@click.command("compare")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "map_pairs",
    multiple=True,
    metavar="FIELD=HEADER",
    help="The file's column for a field, when its header is not the field's name (repeat).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("comparison.csv"),
    show_default=True,
    help="Where to write the comparison (CSV).",
)
@filter_options
@db_option
@clean_errors
def compare_command(
    file: Path, map_pairs: tuple[str, ...], output: Path, db_url: str | None, **options: Any
) -> None:
    """Set the records (default: confirmed) beside a reference list in FILE (.csv or .xlsx:
    vendor, country, city, year): matched, only ours, only theirs."""
    filters = filters_from(options)
    with open_database(Settings.load(db_url)) as database, database.reading() as session:
        ours = records(session, filters)
    comparison = compare_with_file(ours, file, map_pairs)
    for problem in comparison.problems:
        click.echo(f"left out: {problem}", err=True)
    for line in as_text(comparison):
        click.echo(line)
    try:
        write_csv(comparison, output)
    except OSError as exc:
        raise CompareError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"{summary(comparison, len(ours))}; written to {output}")
