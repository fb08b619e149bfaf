"""A Frictionless Data Package (https://specs.frictionlessdata.io/): a directory with
``records.csv`` (one row per record), ``citations.csv`` (one row per source of a record, numbered
as the report numbers them) and ``datapackage.json`` describing both with a Table Schema each,
ready for a data repository. Text cells are made inert as in the CSV export."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from safecity.exports.cells import cell_text, inert

NAME = "safecity-watch-records"
# records.csv: (column, Table Schema type, description); lists are in citations.csv instead
RECORD_FIELDS = (
    ("record_id", "integer", "The record's id in the database it was exported from"),
    ("vendor", "string", "Vendor id (keywords/vendors.toml)"),
    ("vendor_name", "string", "The vendor's name"),
    ("counterpart", "string", "The authority that is party to the agreement"),
    ("country_code", "string", "ISO 3166-1 alpha-2"),
    ("country_name", "string", "The country's English name"),
    ("city", "string", "The city (GeoNames English name); empty for a national agreement"),
    ("latitude", "number", "The city's latitude, else the capital's"),
    ("longitude", "number", "The city's longitude, else the capital's"),
    ("year", "integer", "The agreement's year"),
    ("stage", "string", "proposed, signed or deployed"),
    ("value", "string", "The contract value as reported"),
    ("products", "string", "Safe City product categories, separated by '; '"),
    ("agreement_type", "string", "mou, contract, loan, donation, pilot or other"),
    ("status", "string", "new, confirmed or rejected"),
    ("score", "number", "Sum over independent sites of the weight of each site's kind"),
    ("evidence_count", "integer", "Evidence sentences supporting the record"),
    ("analyst", "string", "Who made the last decision"),
    ("decided_at", "string", "When (ISO 8601, UTC)"),
    ("confirmed_at", "string", "When the record was confirmed (ISO 8601, UTC)"),
    ("notes", "string", "The analyst's note"),
    ("quote", "string", "One evidence sentence, in the language of its page"),
    ("quote_language", "string", "The quote's language (ISO 639-1)"),
    ("quote_url", "string", "The page the quote comes from"),
)
CITATION_FIELDS = (
    ("record_id", "integer", "The record this source supports (records.csv)"),
    ("number", "integer", "The source's number within its record, as the report cites it"),
    ("title", "string", "The page's title"),
    ("site", "string", "The site (host) that published it"),
    ("kind", "string", "The site's kind: vendor, government, media, ngo or archive"),
    ("date", "date", "The page's publication date, else the day it was fetched"),
    ("url", "string", "The page's address (for an archived snapshot, the snapshot's)"),
    ("original_url", "string", "For an archived snapshot, the address it is a copy of"),
    ("archive_id", "string", "The stored copy's WARC-Record-ID (safecity export --format warc)"),
    ("capture_url", "string", "A Wayback Machine capture of the page, if one was made"),
)
CITATION_LISTS = (
    "source_titles",
    "source_sites",
    "source_kinds",
    "source_dates",
    "source_urls",
    "source_original_urls",
)


def citation_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per source of a record, numbered from 1."""
    lists = zip(*(row[c] for c in CITATION_LISTS), row["archive_ids"], row["capture_urls"],
                strict=True)  # fmt: skip
    return [
        {"record_id": row["record_id"], "number": number, "title": title, "site": site,
         "kind": kind, "date": day, "url": url, "original_url": original,
         "archive_id": archived, "capture_url": capture}
        for number, (title, site, kind, day, url, original, archived, capture)
        in enumerate(lists, start=1)
    ]  # fmt: skip


def _schema(fields: tuple[tuple[str, str, str], ...], key: list[str]) -> dict[str, Any]:
    return {
        "fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
        "primaryKey": key,
        "missingValues": [""],
    }


def _resource(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


def descriptor(records: int) -> dict[str, Any]:
    citations = _schema(CITATION_FIELDS, ["record_id", "number"])
    citations["foreignKeys"] = [
        {"fields": "record_id", "reference": {"resource": "records", "fields": "record_id"}}
    ]
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Safe City agreements: records and their sources",
        "description": (
            f"{records} records of Safe City surveillance agreements found in public vendor, "
            "government and news pages and checked by analysts, each with its sources and one "
            "evidence quote."
        ),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sources": [{"title": f"safecity-watch {version('safecity-watch')}"}],
        "resources": [
            _resource("records", _schema(RECORD_FIELDS, ["record_id"]), "One row per record"),
            _resource("citations", citations, "One row per source of a record"),
        ],
    }


def _write_table(path: Path, fields: tuple[tuple[str, str, str], ...], rows: list[Any]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(name for name, _, _ in fields)
        for row in rows:
            writer.writerow(
                inert(cell_text(row[name])) if kind == "string" else cell_text(row[name])
                for name, kind, _ in fields
            )


def write_datapackage(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    """Write the package into the directory ``path`` (made if missing); ``columns`` is ignored:
    a package holds every field its schema names."""
    path.mkdir(parents=True, exist_ok=True)
    _write_table(path / "records.csv", RECORD_FIELDS, rows)
    _write_table(
        path / "citations.csv", CITATION_FIELDS, [c for r in rows for c in citation_rows(r)]
    )
    text = json.dumps(descriptor(len(rows)), ensure_ascii=False, indent=2) + "\n"
    (path / "datapackage.json").write_text(text, encoding="utf-8")
