"""The report page: plain HTML with its style inline, no scripts, fonts or map tiles from anywhere;
the map is the PNG beside it (and its SVG). Laid out as the 2019 study is: what was found, where,
the breakdowns, the records by country with their sources, the benefit claims and who made them,
and the method; it reads on a phone and prints with each section on a new page."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from keywords import load_vocabulary
from keywords.context import CountryContext
from safecity.report.bycountry import by_country
from safecity.report.claims import ClaimGroup, ClaimRow, grouped
from safecity.report.figures import Figures, Share
from safecity.report.shapes import shapes_source

FREEDOM_LABELS = {"free": "Free", "partly-free": "Partly Free", "not-free": "Not Free"}
INCOME_LABELS = {
    "low": "Low income",
    "lower-middle": "Lower-middle income",
    "upper-middle": "Upper-middle income",
    "high": "High income",
}
STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.7em;margin-bottom:.2em}
h2{font-size:1.3em;margin-top:2em;border-bottom:2px solid #b30000}
h3{font-size:1.1em;margin-top:1.5em}h4{margin:.2em 0;font-size:1em}
table{border-collapse:collapse;margin:.5em 0 1em;max-width:100%}td,th{padding:.25em .6em;
text-align:left;vertical-align:top;border-bottom:1px solid #eee}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.wide{max-width:100%;overflow-x:auto}
.bar{display:inline-block;height:.8em;background:#b30000}.note{color:#555;font-size:.9em}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1em}
figure{margin:0}img.map{width:100%;height:auto;border:1px solid #eee;display:block}
.swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em 0 1em}
.findings{background:#f6f6f6;padding:.6em 1.2em;border-left:4px solid #b30000}
section.country{margin-top:1.2em}
article.record{border:1px solid #e4e4e4;border-radius:4px;padding:.6em .9em;margin:.6em 0}
.when{color:#555;font-weight:normal;font-size:.95em}.refs{font-weight:normal;font-size:.9em}
.tag{display:inline-block;background:#fdeee6;color:#7f0000;border-radius:3px;padding:0 .45em;
margin:0 .3em .3em 0;font-size:.85em;white-space:nowrap}
.tags{margin:.3em 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .8em;margin:.3em 0}dt{color:#555}
dd{margin:0}
blockquote{margin:.5em 0;padding:.2em .8em;border-left:3px solid #ccc;color:#333}
ol.cites{font-size:.88em;margin:.4em 0;padding-left:1.8em}ol.cites li{margin:.15em 0}
a.url,code{overflow-wrap:anywhere;word-break:break-all}
.kind{display:inline-block;border-radius:3px;padding:0 .35em;font-size:.85em;background:#eee}
.kind.vendor{background:#ffe3c2}.kind.government{background:#dbe8ff}.kind.ngo{background:#dff2df}
.badge{display:inline-block;background:#7f0000;color:#fff;border-radius:3px;padding:0 .4em;
font-size:.8em}
ul.claims>li{margin:.8em 0}
tr.matched td:first-child{color:#1a6d1a}tr.only-ours td:first-child{color:#b30000}
@media (max-width:600px){body{margin:1em auto;padding:0 .7em}h1{font-size:1.35em}
td,th{padding:.2em .35em}dl{grid-template-columns:1fr}dt{font-size:.85em}}
@media print{body{max-width:none;margin:0;font-size:10.5pt}h2{break-before:page}
h2.first{break-before:auto}h3,h4{break-after:avoid}article.record,figure,tr{break-inside:avoid}
a{color:inherit}
.wide{overflow:visible}}
"""


@dataclass(frozen=True)
class Extras:
    """The parts of the page computed elsewhere: the method section and the comparison."""

    method: str
    comparison: str | None = None


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


def _numbers(c: ClaimRow) -> str:
    unit = f" {c.unit}" if c.unit else ""
    parts = [
        f"{name} {value:g}{unit}"
        for name, value in (("before", c.before), ("after", c.after))
        if value is not None
    ]
    if c.percent is not None:
        parts.append(f"{c.percent:g}%")
    metric = c.metric.replace("_", " ")
    head = f"{metric} {c.direction}" if c.direction else metric
    return f"{head}: {', '.join(parts)}" if parts else head


def _speaker(c: ClaimRow) -> str:
    lang = f" lang={_e(c.language)}" if c.language else ""
    when = f" ({_e(c.published)})" if c.published else ""
    return (
        f"<blockquote{lang}>{_e(c.sentence)}</blockquote><span class=note>said by "
        f"{_e(c.site)} <span class='kind {_e(c.kind)}'>{_e(c.kind)}</span> in "
        f"<a href='{_e(c.url)}'>{_e(c.title or c.url)}</a>{when}; record: "
        f"{_e('; '.join(c.records))}</span>"
    )


def _claim_group(group: ClaimGroup) -> str:
    badge = (
        "<span class=badge>vendor only: unverified</span> "
        if group.vendor_only
        else f"<span class=note>stated by: {_e(', '.join(group.kinds))}</span> "
    )
    figures = "; ".join(_numbers(c) for c in group.figures)
    speakers = "".join(f"<div>{_speaker(c)}</div>" for c in group.statements)
    return f"<li>{badge}<b>{_e(figures)}</b>{speakers}</li>"


def _claims(claims: list[ClaimRow]) -> str:
    if not claims:
        return "<p>No benefit claims were found in the pages behind these records.</p>"
    groups = grouped(claims)
    vendor_only = [g for g in groups if g.vendor_only]
    others = [g for g in groups if not g.vendor_only]
    intro = (
        f"<p>{len(groups)} claim{'s' if len(groups) > 1 else ''}, {len(vendor_only)} of them "
        "stated only by the vendor: no "
        "government, independent media or NGO page among the sources gives them, so they are "
        "unverified. A figure that a government or the press repeats may still come from the "
        "vendor.</p>"
    )
    parts = [intro]
    if vendor_only:
        parts.append("<h3>Stated only by the vendor</h3><ul class=claims>")
        parts += [_claim_group(g) for g in vendor_only] + ["</ul>"]
    if others:
        parts.append("<h3>Stated by a government, the media or an NGO</h3><ul class=claims>")
        parts += [_claim_group(g) for g in others] + ["</ul>"]
    return "".join(parts)


def _sources(context: CountryContext) -> str:
    notes = "".join(
        f"<li><b>{_e(column)}</b>: {_e(context.sources[column])}</li>"
        for column in ("region", "income", "freedom")
    )
    return (
        f"<ul>{notes}<li><b>map</b>: country shapes from {_e(shapes_source())}, drawn with "
        "matplotlib; points at the city of each record, or at the capital when it names none "
        "(GeoNames).</li></ul>"
    )


def _findings(figures: Figures, selection: str) -> str:
    def top(shares: list[Share], labels: dict[str, str] | None = None) -> str:
        if not shares:
            return "none"
        best = max(shares, key=lambda s: s.count)
        return f"{(labels or {}).get(best.label, best.label)} ({best.percent:.0f}%)"

    checked = (
        "each confirmed by an analyst who read its sources"
        if selection.startswith("status confirmed")
        else _e(selection)
    )
    return (
        "<ul class=findings>"
        f"<li>{figures.records} records of Safe City agreements in {figures.countries} "
        f"countries, {checked}.</li>"
        f"<li>Most common region: {_e(top(figures.by_region))}; income group: "
        f"{_e(top(figures.by_income, INCOME_LABELS))}; Freedom House status: "
        f"{_e(top(figures.by_freedom, FREEDOM_LABELS))}.</li>"
        "<li>Benefit claims are listed with who made them: the vendor's own figures are marked "
        "as unverified.</li></ul>"
    )


def render(
    figures: Figures,
    records: list[dict[str, Any]],
    claims: list[ClaimRow],
    context: CountryContext,
    selection: str,
    generated: str,
    extras: Extras,
) -> str:
    categories = {c.id: c.label for c in load_vocabulary().categories}
    study = (
        'The 2019 CSIS study (Hillman and McCalpin, <i>Watching Huawei\'s "Safe Cities"</i>) found '
        "73 agreements in 52 countries: 71% in countries Freedom House rated Partly Free (44%) or "
        "Not Free (27%) on average over 2009-2018; 59% in Asia (37%) or sub-Saharan Africa (22%); "
        "71% in lower-middle (42%) or upper-middle income (29%) countries. The shares below are "
        "recomputed from this database's records with the editions named under Sources."
    )
    comparison = (
        f"<h2 id=comparison>Compared with a reference list</h2>{extras.comparison}"
        if extras.comparison is not None
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1">
<title>Safe City agreements: report</title>
<style>{STYLE}</style></head><body>
<h1>Safe City agreements found in public sources</h1>
<p><b id=total-records>{figures.records}</b> records ({_e(selection)}) in
<b id=total-countries>{figures.countries}</b> countries.
Generated {_e(generated)} by safecity-watch.</p>
{_findings(figures, selection)}
<h2 class=first id=where>Where</h2>
<figure><img class=map src="map.png" alt="World map of the countries with records">
<figcaption class=note>Countries shaded by their records, points at the cities (or capitals)
sized by records; the legend and sources are in the image. <a href="map.svg">The map as
SVG</a>.</figcaption>
</figure>
<h2 id=breakdowns>The study's breakdowns, recomputed</h2>
<p class=note>{study}</p>
<div class=grid>
{_share_table("By Freedom House status", figures.by_freedom, FREEDOM_LABELS)}
{_share_table("By region", figures.by_region)}
{_share_table("By World Bank income group", figures.by_income, INCOME_LABELS)}
</div>
<h2 id=counts>Counts</h2>
<p class=note>A record may name several product categories, so their shares add up to more than
100%.</p>
<div class=grid>
{_share_table("By year", figures.by_year)}
{_share_table("By product category", figures.by_product, categories)}
{_share_table("By vendor", figures.by_vendor)}
</div>
<h2 id=records>Records by country</h2>
<p class=note>Each record: its city, year and vendor, the products as tags, the counterpart,
stage and value as reported, one evidence sentence in the language of its page, and its sources,
numbered, with the site that published each and the kind of site.</p>
{by_country(records)}
<h2 id=claims>Benefit claims in the sources, and who made them</h2>
{_claims(claims)}
{comparison}
<h2 id=method>Method</h2>
{extras.method}
<h2 id=sources>Sources</h2>
{_sources(context)}
</body></html>
"""
