"""``safecity report -o DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from safecity.database import open_database
from safecity.exports.command import filter_options, filters_from
from safecity.options import clean_errors, db_option
from safecity.report import build_report
from safecity.settings import Settings


@click.command("report")
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR"
)
@click.option(
    "--reference",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A list to compare the records with (.csv or .xlsx), as `safecity compare` reads it.",
)
@click.option(
    "--reference-map",
    multiple=True,
    metavar="FIELD=HEADER",
    help="The reference's column for a field, as `safecity compare --map` (repeat).",
)
@filter_options
@db_option
@clean_errors
def report_command(
    output: Path,
    reference: Path | None,
    reference_map: tuple[str, ...],
    db_url: str | None,
    **options: Any,
) -> None:
    """Write an offline HTML report of the records (default: confirmed) to DIR."""
    filters = filters_from(options)
    with (
        open_database(Settings.load(db_url), create=False) as database,
        database.reading() as session,
    ):
        figures = build_report(session, filters, output, reference, reference_map)
    click.echo(
        f"wrote {output / 'index.html'}: {figures.records} records in {figures.countries} "
        "countries (map.png, map.svg, figures.json"
        + (", comparison.csv" if reference else "")
        + " beside it)"
    )
