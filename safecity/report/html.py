"""The report page: plain HTML with its style inline, no scripts, fonts or map tiles from anywhere;
the map is the PNG beside it (and its SVG)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import groupby
from typing import Any

from keywords import load_vocabulary
from keywords.context import CountryContext
from safecity.report.claims import ClaimRow
from safecity.report.figures import Figures, Share
from safecity.report.shapes import shapes_source
from safecity.report.worldmap import bins

FREEDOM_LABELS = {"free": "Free", "partly-free": "Partly Free", "not-free": "Not Free"}
INCOME_LABELS = {
    "low": "Low income",
    "lower-middle": "Lower-middle income",
    "upper-middle": "Upper-middle income",
    "high": "High income",
}
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{padding:.25em .6em;text-align:left;
vertical-align:top;border-bottom:1px solid #eee}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.8em;background:#cb181d}.note{color:#555;font-size:.9em}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1em}
img.map{width:100%;height:auto;border:1px solid #eee}td.n{white-space:nowrap}
table.records{width:100%}td.src{overflow-wrap:anywhere;width:38%}.swatch{display:inline-block;width:1em;
height:1em;vertical-align:middle;margin:0 .3em 0 1em}blockquote{margin:.3em 0;color:#333}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _share_table(title: str, rows: list[Share], labels: dict[str, str] | None = None) -> str:
    body = "".join(
        f"<tr><td>{_e((labels or {}).get(s.label, s.label))}</td><td class=n>{s.count}</td>"
        f"<td class=n>{s.percent:.1f}%</td>"
        f"<td><span class=bar style='width:{s.percent * 0.8:.0f}px'></span></td></tr>"
        for s in rows
    )
    empty = "<tr><td colspan=4>no records</td></tr>"
    return (
        f"<div><h3>{_e(title)}</h3><table><tr><th></th><th>records</th><th>share</th><th></th></tr>"
        f"{body or empty}</table></div>"
    )


def _legend() -> str:
    items = "".join(
        f"<span class=swatch style='background:{shade}'></span>{_e(label)}"
        for shade, label in bins()
    )
    return f"<p class=note>Records per country: {items}</p>"


def _records_table(records: Iterable[dict[str, Any]], labels: dict[str, str]) -> str:
    rows = []
    for r in records:
        links = "<br>".join(
            f"<a href='{_e(u)}'>{_e(u)}</a> {_e(d)}"
            for u, d in zip(r["source_urls"], r["source_dates"], strict=True)
        )
        products = ", ".join(labels.get(p, p) for p in r["products"])
        rows.append(
            f"<tr><td>{_e(r['vendor_name'])}</td><td>{_e(r['country_name'])}</td>"
            f"<td>{_e(r['city'] or '')}</td><td>{_e(r['year'] or '')}</td>"
            f"<td>{_e(r['stage'] or '')}</td><td>{_e(products)}</td>"
            f"<td>{_e(r['counterpart'] or '')}</td><td class=src>{links}</td></tr>"
        )
    head = (
        "<tr><th>vendor</th><th>country</th><th>city</th><th>year</th><th>stage</th>"
        "<th>products</th><th>counterpart</th><th>sources</th></tr>"
    )
    return f"<table class=records>{head}{''.join(rows)}</table>"


def _numbers(c: ClaimRow) -> str:
    unit = f" {c.unit}" if c.unit else ""
    parts = [
        f"{name} {value:g}{unit}"
        for name, value in (("before", c.before), ("after", c.after))
        if value is not None
    ]
    if c.percent is not None:
        parts.append(f"{c.percent:g}%")
    head = f"{c.metric} {c.direction}" if c.direction else c.metric
    return f"{head}: {', '.join(parts)}" if parts else head


def _when(published: str | None) -> str:
    return f" ({_e(published)})" if published else ""


def _claims(claims: list[ClaimRow]) -> str:
    if not claims:
        return "<p>No benefit claims were found in the pages behind these records.</p>"
    items = []
    for (url, sentence), group in groupby(claims, key=lambda c: (c.url, c.sentence)):
        found = list(group)
        first = found[0]
        items.append(
            f"<li><blockquote>{_e(sentence)}</blockquote><span class=note>"
            f"{_e('; '.join(_numbers(c) for c in found))} — source: <a href='{_e(url)}'>"
            f"{_e(first.title or url)}</a>{_when(first.published)}"
            f"; record: {_e('; '.join(first.records))}</span></li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def _sources(context: CountryContext) -> str:
    notes = "".join(
        f"<li><b>{_e(column)}</b>: {_e(context.sources[column])}</li>"
        for column in ("region", "income", "freedom")
    )
    return (
        f"<ul>{notes}<li><b>map</b>: country shapes from {_e(shapes_source())}, drawn with "
        "matplotlib.</li></ul>"
    )


def render(
    figures: Figures,
    records: list[dict[str, Any]],
    claims: list[ClaimRow],
    context: CountryContext,
    selection: str,
    generated: str,
) -> str:
    categories = {c.id: c.label for c in load_vocabulary().categories}
    study = (
        'The 2019 CSIS study (Hillman and McCalpin, <i>Watching Huawei\'s "Safe Cities"</i>) found '
        "73 agreements in 52 countries: 71% in countries Freedom House rated Partly Free (44%) or "
        "Not Free (27%) on average over 2009-2018; 59% in Asia (37%) or sub-Saharan Africa (22%); "
        "71% in lower-middle (42%) or upper-middle income (29%) countries. The shares below are "
        "recomputed from this database's records with the editions named under Sources."
    )
    return f"""<!DOCTYPE html>
<html lang=en><head><meta charset=utf-8><title>Safe City agreements: report</title>
<style>{STYLE}</style></head><body>
<h1>Safe City agreements</h1>
<p><b id=total-records>{figures.records}</b> records ({_e(selection)}) in
<b id=total-countries>{figures.countries}</b> countries.
Generated {_e(generated)} by safecity-watch.</p>
<h2>Where</h2>
<p><img class=map src="map.png" alt="World map of the countries with records">
<a href="map.svg">map as SVG</a></p>{_legend()}
<h2>The study's breakdowns, recomputed</h2>
<p class=note>{study}</p>
<div class=grid>
{_share_table("By Freedom House status", figures.by_freedom, FREEDOM_LABELS)}
{_share_table("By region", figures.by_region)}
{_share_table("By World Bank income group", figures.by_income, INCOME_LABELS)}
</div>
<h2>Counts</h2>
<p class=note>A record may name several product categories, so their shares add up to more than
100%.</p>
<div class=grid>
{_share_table("By year", figures.by_year)}
{_share_table("By product category", figures.by_product, categories)}
{_share_table("By vendor", figures.by_vendor)}
</div>
<h2>Records</h2>
{_records_table(records, categories)}
<h2>Benefit claims in the sources</h2>
{_claims(claims)}
<h2>Sources</h2>
{_sources(context)}
</body></html>
"""
