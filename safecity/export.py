"""Write candidate records out as CSV or JSON, with the columns documented in docs/export.md."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from extractors.lexicon import default_lexicon
from keywords import SafecityError
from store.models import Decision
from store.queries import evidence_rows, list_candidates

FORMATS = ("csv", "json")
COLUMNS = [
    "record_id",
    "vendor",
    "vendor_name",
    "country_code",
    "country_name",
    "city",
    "latitude",
    "longitude",
    "year",
    "stage",
    "products",
    "status",
    "score",
    "counterpart",
    "value",
    "source_urls",
    "evidence_count",
    "analyst",
    "decided_at",
    "notes",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(SafecityError):
    """Raised by ``export_records`` for an unknown format or an unwritable file."""


def records(session: Session, status: str | None) -> list[dict[str, Any]]:
    lexicon = default_lexicon()
    out = []
    for row in list_candidates(session, status):
        c = row.candidate
        vendor = lexicon.vendors.get(c.vendor)
        country = lexicon.countries.get(c.country)
        city = (
            next(
                (
                    x
                    for x in lexicon.vocabulary.cities
                    if x.name == c.city and x.country == c.country
                ),
                None,
            )
            if c.city
            else None
        )
        lat, lon = (
            (city.lat, city.lon)
            if city
            else ((country.lat, country.lon) if country else (None, None))
        )
        urls = sorted({page.url for _e, page in evidence_rows(session, c.id)})
        last: Decision | None = c.decisions[-1] if c.decisions else None
        out.append(
            {
                "record_id": c.id,
                "vendor": c.vendor,
                "vendor_name": vendor.name if vendor else c.vendor,
                "country_code": c.country,
                "country_name": country.name if country else c.country,
                "city": c.city,
                "latitude": lat,
                "longitude": lon,
                "year": c.year,
                "stage": c.stage,
                "products": list(c.products),
                "status": c.status,
                "score": c.score,
                "counterpart": c.counterpart,
                "value": c.value,
                "source_urls": urls,
                "evidence_count": len(c.evidence),
                "analyst": last.actor if last else None,
                "decided_at": last.at.isoformat() if last else None,
                "notes": c.note,
            }
        )
    return out


def inert(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_records(rows: list[dict[str, Any]], fmt: str, path: Path) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")
    try:
        if fmt == "json":
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            return
        # utf-8-sig: spreadsheet programs then read the Chinese text as UTF-8
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([inert(row[c]) for c in COLUMNS])
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None
