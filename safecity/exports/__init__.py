"""Exports of candidate records: CSV, JSON, JSON Lines, XLSX, GeoJSON, FollowTheMoney and a
Frictionless Data Package with the columns of docs/export.md, and WARC with the archived pages
behind them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from safecity.exports.csvfile import write_csv
from safecity.exports.datapackage import write_datapackage
from safecity.exports.errors import ExportError
from safecity.exports.ftmfile import write_ftm
from safecity.exports.geojsonfile import write_geojson
from safecity.exports.jsonfile import write_json, write_jsonl
from safecity.exports.records import COLUMNS, Filters, page_ids, pick_columns, records
from safecity.exports.warcfile import write_warc
from safecity.exports.xlsxfile import write_xlsx
from store.models import Page

__all__ = ["COLUMNS", "FORMATS", "ExportError", "Filters", "Written", "export"]

Writer = Callable[[list[dict[str, Any]], tuple[str, ...], Path], None]
WRITERS: dict[str, Writer] = {
    "csv": write_csv,
    "json": write_json,
    "jsonl": write_jsonl,
    "xlsx": write_xlsx,
    "geojson": write_geojson,
    "ftm": write_ftm,
    "datapackage": write_datapackage,  # a directory
}
FORMATS = ("csv", "json", "jsonl", "xlsx", "geojson", "ftm", "warc", "datapackage")


@dataclass(frozen=True)
class Written:
    records: int
    pages: int | None = None  # WARC only


def export(
    session: Session, filters: Filters, fmt: str, path: Path, fields: tuple[str, ...] = ()
) -> Written:
    """Write the records ``filters`` select to ``path`` in format ``fmt``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")
    columns = pick_columns(fields)
    rows = records(session, filters)
    try:
        if fmt == "warc":
            ids = page_ids(session, filters)
            pages = (session.get_one(Page, i) for i in ids)
            what = f"pages behind {len(rows)} safecity-watch records ({filters.status or 'any'})"
            return Written(len(rows), write_warc(pages, path, what, rows))
        WRITERS[fmt](rows, columns, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Written(len(rows))
