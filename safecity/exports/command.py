"""``safecity export``: the records a filter selects, in one of the export formats.

``filter_options`` and ``filters_from`` (shared with ``safecity report`` and ``candidates``) live
in ``safecity.options``; they are importable from here too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from safecity.database import open_database
from safecity.exports import FORMATS, ExportError, export
from safecity.options import clean_errors, db_option, filter_options, filters_from
from safecity.output import plural
from safecity.settings import Settings

__all__ = ["export_command", "filter_options", "filters_from"]


@click.command("export")
@click.option(
    "--format",
    "fmt",
    default=None,
    help=", ".join(FORMATS) + " (default: from the file's extension, else csv).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="File (datapackage: DIR).",
)
@click.option(
    "--fields", default="", metavar="A,B", help="Only these columns (csv, json, xlsx...)."
)
@filter_options
@db_option
@clean_errors
def export_command(
    fmt: str | None, output: Path, fields: str, db_url: str | None, **options: Any
) -> None:
    """Write the records a filter selects (default: the confirmed ones) to a file."""
    fmt = format_for(output, fmt)
    filters = filters_from(options)
    chosen = tuple(f.strip() for f in fields.split(",") if f.strip())
    with (
        open_database(Settings.load(db_url), create=False) as database,
        database.reading() as session,
    ):
        written = export(session, filters, fmt, output, chosen)
    pages = f" and {written.pages} archived pages" if written.pages is not None else ""
    note = ""
    if not written.records:
        which = f"{filters.status} candidates" if filters.status else "candidates"
        note = f" (no {which} match the filters: the file is valid and holds no records)"
    click.echo(f"wrote {plural(written.records, 'record')}{pages} to {output}{note}")


# what a file's extension names, the longer extensions first
NAMED_BY = (
    (".ftm.json", "ftm"),
    (".warc.gz", "warc"),
    (".geojson", "geojson"),
    (".ndjson", "jsonl"),
    (".jsonl", "jsonl"),
    (".ijson", "ftm"),
    (".json", "json"),
    (".xlsx", "xlsx"),
    (".warc", "warc"),
    (".csv", "csv"),
    (".ftm", "ftm"),
)
# the extensions a format may be written under (GeoJSON and FollowTheMoney are JSON too)
EXTENSIONS = {
    "csv": (".csv",),
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson"),
    "xlsx": (".xlsx",),
    "geojson": (".geojson", ".json"),
    "ftm": (".ftm.json", ".ftm", ".ijson", ".json", ".jsonl"),
    "warc": (".warc", ".warc.gz"),
    "datapackage": (),  # a folder
}


def _named(path: Path) -> str | None:
    name = path.name.lower()
    return next((fmt for ext, fmt in NAMED_BY if name.endswith(ext)), None)


def format_for(path: Path, given: str | None) -> str:
    """``--format`` when given (refused when the file's extension says another format), else
    the format the extension names, else csv."""
    named = _named(path)
    if given is None:
        return named or "csv"
    fmt = given.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {given!r}; choose from: {', '.join(FORMATS)}")
    if named is not None and not path.name.lower().endswith(EXTENSIONS[fmt]):
        raise ExportError(
            f"{path.name} names a {named} file but --format says {fmt}: "
            f"name it *{EXTENSIONS[fmt][0]}, or leave --format out to write {named}"
        )
    return fmt
