"""Template helpers: names for the vocabulary's ids, dates, and highlighted text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask

from keywords import load_vocabulary
from safecity.web.highlight import marked, pieces


def vendor_name(vendor_id: str | None) -> str:
    vendor = load_vocabulary().vendor(vendor_id or "")
    return vendor.name if vendor else (vendor_id or "")


def country_name(code: str | None) -> str:
    country = load_vocabulary().country(code or "")
    return country.name if country else (code or "")


def product_label(product_id: str) -> str:
    labels = {c.id: c.label for c in load_vocabulary().categories}
    return labels.get(product_id, product_id)


def when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def shown(value: Any) -> str:
    """A field value as the history shows it."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(product_label(str(v)) for v in value)
    return str(value)


def web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: no javascript: or data: links."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def combine(values: dict[str, Any], **more: Any) -> dict[str, Any]:
    return values | more


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        vendor_name=vendor_name,
        country_name=country_name,
        product_label=product_label,
        when=when,
        shown=shown,
        pieces=pieces,
        marked=marked,
        combine=combine,
        web_url=web_url,
    )
    vocabulary = load_vocabulary()
    app.jinja_env.globals.update(
        VENDORS=[(v.id, v.name) for v in vocabulary.vendors],
        PRODUCTS=[(c.id, c.label) for c in vocabulary.categories],
        COUNTRIES=sorted(((c.code, c.name) for c in vocabulary.countries), key=lambda c: c[1]),
    )
