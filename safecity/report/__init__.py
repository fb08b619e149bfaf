"""``safecity report``: a self-contained offline HTML report of the selected records (index.html,
map.png, map.svg, figures.json) with the study's breakdowns recomputed."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from keywords import SafecityError
from keywords.context import load_country_context
from safecity.comparing import compare_with_file
from safecity.comparing.output import as_html, write_csv
from safecity.exports.records import Filters, records
from safecity.report.claims import claims_for
from safecity.report.figures import Figures, compute
from safecity.report.html import Extras, render
from safecity.report.method import method_facts, render_method
from safecity.report.shapes import shapes_source
from safecity.report.worldmap import MapData, Place, draw_map

__all__ = ["ReportError", "build_report"]


class ReportError(SafecityError):
    """Raised by ``build_report`` when the output directory cannot be written."""


def _selection(filters: Filters) -> str:
    parts = [f"status {filters.status}" if filters.status else "any status"]
    for name, values in (
        ("vendor", filters.vendors),
        ("country", filters.countries),
        ("product", filters.products),
    ):
        if values:
            parts.append(f"{name} {', '.join(values)}")
    if filters.since is not None:
        parts.append(f"from {filters.since}")
    if filters.until is not None:
        parts.append(f"until {filters.until}")
    return "; ".join(parts)


def tool_version() -> str:
    return f"safecity-watch {version('safecity-watch')}"


def map_data(figures: Figures, rows: list[dict[str, Any]], selection: str, when: str) -> MapData:
    """What the map shows and says: counts by country, records by place, title and credit."""
    places = Counter((r["latitude"], r["longitude"]) for r in rows if r["latitude"] is not None)
    records = "record" if figures.records == 1 else "records"
    countries = "country" if figures.countries == 1 else "countries"
    return MapData(
        counts=figures.by_country,
        places=tuple(Place(lat, lon, n) for (lat, lon), n in sorted(places.items())),
        title="Safe City agreements found in public sources",
        subtitle=f"{figures.records} {records} in {figures.countries} {countries} ({selection})",
        credit=(
            f"Data: safecity-watch records from crawled vendor, government and news pages, "
            f"{when}. Made with {tool_version()}. Shapes: {shapes_source()}."
        ),
    )


def build_report(
    session: Session,
    filters: Filters,
    out: Path,
    reference: Path | None = None,
    reference_map: tuple[str, ...] = (),
) -> Figures:
    """Write the report of the records ``filters`` select to ``out``; with ``reference``, a
    comparison with that list too (and ``comparison.csv`` beside the page)."""
    rows = records(session, filters)
    context = load_country_context()
    figures = compute(rows, context)
    claims = claims_for(session, [r["record_id"] for r in rows])
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    selection = _selection(filters)
    comparison = compare_with_file(rows, reference, reference_map) if reference else None
    extras = Extras(
        render_method(method_facts(session)),
        as_html(comparison, len(rows)) if comparison else None,
    )
    page = render(figures, rows, claims, context, selection, generated, extras)
    try:
        out.mkdir(parents=True, exist_ok=True)
        draw_map(map_data(figures, rows, selection, generated), out / "map.png", out / "map.svg")
        (out / "index.html").write_text(page, encoding="utf-8")
        (out / "figures.json").write_text(
            json.dumps(figures.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if comparison is not None:
            write_csv(comparison, out / "comparison.csv")
    except OSError as exc:
        raise ReportError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    return figures
