"""``safecity report``: a self-contained offline HTML report of the selected records (index.html,
map.png, map.svg, figures.json) with the study's breakdowns recomputed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from keywords import SafecityError
from keywords.context import load_country_context
from safecity.exports.records import Filters, records
from safecity.report.claims import claims_for
from safecity.report.figures import Figures, compute
from safecity.report.html import render
from safecity.report.worldmap import draw_map

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


def build_report(session: Session, filters: Filters, out: Path) -> Figures:
    rows = records(session, filters)
    context = load_country_context()
    figures = compute(rows, context)
    claims = claims_for(session, [r["record_id"] for r in rows])
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = render(figures, rows, claims, context, _selection(filters), generated)
    try:
        out.mkdir(parents=True, exist_ok=True)
        draw_map(figures.by_country, out / "map.png", out / "map.svg")
        (out / "index.html").write_text(page, encoding="utf-8")
        (out / "figures.json").write_text(
            json.dumps(figures.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        raise ReportError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    return figures
