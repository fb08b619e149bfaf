"""The records by country, as the 2019 study lays them out: per country its records, each with its
city, year, products as short tags, counterpart, stage, value, one evidence quote in its language
and its numbered citations (title, site and kind, date, original address, archived copy)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import groupby
from typing import Any

from keywords import load_vocabulary

STAGES = {"proposed": "proposed", "signed": "signed", "deployed": "deployed"}


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _tags(products: Iterable[str]) -> str:
    labels = {c.id: c.label for c in load_vocabulary().categories}
    return "".join(f"<span class=tag>{_e(labels.get(p, p))}</span>" for p in products)


def citations(row: dict[str, Any]) -> list[dict[str, str]]:
    """The record's sources as the report numbers them (from 1, in the export's order)."""
    keys = ("source_titles", "source_sites", "source_kinds", "source_dates", "source_urls",
            "source_original_urls", "archive_ids", "capture_urls")  # fmt: skip
    names = ("title", "site", "kind", "date", "url", "original_url", "archive_id", "capture_url")
    columns = zip(*(row[k] for k in keys), strict=True)
    return [dict(zip(names, values, strict=True)) for values in columns]


def _archived(cite: dict[str, str]) -> str:
    if cite["original_url"]:  # the page is itself an archive's snapshot
        return f"archived copy: <a class=url href='{_e(cite['url'])}'>{_e(cite['url'])}</a>"
    if cite["capture_url"]:
        return f"archived copy: <a href='{_e(cite['capture_url'])}'>Wayback Machine capture</a>"
    if cite["archive_id"]:
        return f"stored copy <code>{_e(cite['archive_id'])}</code> (WARC export)"
    return "no archived copy"


def _citation(number: int, cite: dict[str, str], anchor: str) -> str:
    title = _e(cite["title"]) if cite["title"] else "<i>untitled</i>"
    address = cite["original_url"] or cite["url"]
    return (
        f"<li id='{anchor}-{number}' value={number}>{title}. {_e(cite['site'])} "
        f"<span class='kind {_e(cite['kind'])}'>{_e(cite['kind'] or 'unknown kind')}</span>"
        f"{', ' + _e(cite['date']) if cite['date'] else ''}. "
        f"<a class=url href='{_e(address)}'>{_e(address)}</a>; {_archived(cite)}.</li>"
    )


def _quote(row: dict[str, Any], cites: list[dict[str, str]], anchor: str) -> str:
    if not row["quote"]:
        return ""
    number = next((i for i, c in enumerate(cites, 1) if row["quote_url"] == c["url"]), None)
    where = f" <a href='#{anchor}-{number}'>[{number}]</a>" if number else ""
    lang = f" lang={_e(row['quote_language'])}" if row["quote_language"] else ""
    return f"<blockquote{lang}>“{_e(row['quote'])}”{where}</blockquote>"


def _facts(row: dict[str, Any]) -> str:
    facts = [
        ("Counterpart", row["counterpart"] or "not named"),
        ("Stage", STAGES.get(row["stage"] or "", row["stage"] or "not stated")),
        ("Value", row["value"] or "not reported"),
    ]
    if row["agreement_type"]:
        facts.append(("Agreement", row["agreement_type"]))
    return "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)


def record_card(row: dict[str, Any]) -> str:
    anchor = f"record-{row['record_id']}"
    cites = citations(row)
    place = row["city"] or "national / no city named"
    refs = " ".join(f"<a href='#{anchor}-{n}'>[{n}]</a>" for n in range(1, len(cites) + 1))
    items = "".join(_citation(n, c, anchor) for n, c in enumerate(cites, 1))
    return (
        f"<article class=record id={anchor}><h4>{_e(place)} <span class=when>"
        f"{_e(row['year'] or 'year unknown')} · {_e(row['vendor_name'])}</span> "
        f"<span class=refs>{refs}</span></h4>"
        f"<p class=tags>{_tags(row['products'])}</p><dl>{_facts(row)}</dl>"
        f"{_quote(row, cites, anchor)}<ol class=cites>{items}</ol></article>"
    )


def _order(row: dict[str, Any]) -> tuple[str, int, str]:
    return (row["country_name"], row["year"] or 9999, row["city"] or "")


def by_country(records: list[dict[str, Any]]) -> str:
    """The overview table (country, records, cities, years) and a section per country."""
    if not records:
        return "<p>No records.</p>"
    ordered = sorted(records, key=_order)
    groups = [
        (name, list(rows)) for name, rows in groupby(ordered, key=lambda r: r["country_name"])
    ]
    groups.sort(key=lambda g: (-len(g[1]), g[0]))
    overview = "".join(
        f"<tr><td><a href='#country-{_e(rows[0]['country_code'])}'>{_e(name)}</a></td>"
        f"<td class=n>{len(rows)}</td>"
        f"<td>{_e(', '.join(sorted({r['city'] for r in rows if r['city']})) or '—')}</td>"
        f"<td>{_e(_years(rows))}</td></tr>"
        for name, rows in groups
    )
    sections = "".join(
        f"<section class=country id='country-{_e(rows[0]['country_code'])}'>"
        f"<h3>{_e(name)} <span class=when>{len(rows)} record{'s' if len(rows) > 1 else ''}"
        f"</span></h3>{''.join(record_card(r) for r in rows)}</section>"
        for name, rows in groups
    )
    return (
        "<table class=overview><tr><th>country</th><th>records</th><th>cities</th>"
        f"<th>years</th></tr>{overview}</table>{sections}"
    )


def _years(rows: list[dict[str, Any]]) -> str:
    years = sorted({r["year"] for r in rows if r["year"]})
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
