"""``safecity export``: the records a filter selects, in one of the export formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from safecity.database import open_database
from safecity.exports import FORMATS, Filters, export
from safecity.options import clean_errors, db_option
from safecity.settings import Settings


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--status --vendor --country --product --since --until, shared with ``safecity report``."""
    options = [
        click.option(
            "--status",
            "status_filter",
            default="confirmed",
            show_default=True,
            help="new, confirmed, rejected, or any.",
        ),
        click.option(
            "--vendor", "vendors", multiple=True, metavar="ID", help="Vendor id (repeat)."
        ),
        click.option(
            "--country", "countries", multiple=True, metavar="CC", help="ISO code (repeat)."
        ),
        click.option(
            "--product", "products", multiple=True, metavar="ID", help="Product category (repeat)."
        ),
        click.option("--since", type=int, metavar="YEAR", help="Agreements from this year on."),
        click.option("--until", type=int, metavar="YEAR", help="Agreements up to this year."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filters_from(options: dict[str, Any]) -> Filters:
    status = options["status_filter"]
    return Filters(
        status=None if status == "any" else status,
        vendors=options["vendors"],
        countries=options["countries"],
        products=options["products"],
        since=options["since"],
        until=options["until"],
    )


@click.command("export")
@click.option("--format", "fmt", default="csv", show_default=True, help=", ".join(FORMATS) + ".")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--fields", default="", metavar="A,B", help="Only these columns (csv, json, xlsx...)."
)
@filter_options
@db_option
@clean_errors
def export_command(fmt: str, output: Path, fields: str, db_url: str | None, **options: Any) -> None:
    """Write the records a filter selects (default: the confirmed ones) to a file."""
    filters = filters_from(options)
    chosen = tuple(f.strip() for f in fields.split(",") if f.strip())
    with open_database(Settings.load(db_url)) as database, database.reading() as session:
        written = export(session, filters, fmt.lower(), output, chosen)
    pages = f" and {written.pages} archived pages" if written.pages is not None else ""
    note = ""
    if not written.records:
        which = f"{filters.status} candidates" if filters.status else "candidates"
        note = f" (no {which} match the filters: the file is valid and holds no records)"
    click.echo(f"wrote {written.records} records{pages} to {output}{note}")
