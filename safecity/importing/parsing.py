"""One spreadsheet row into the fields of a record, or the problems found, each with its column."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from keywords import CATEGORY_IDS, STAGES, load_vocabulary
from safecity.exports.cells import revert, split_list
from safecity.exports.records import AGREEMENT_TYPES
from safecity.importing.reading import Cell

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class CitedRef:
    url: str
    published: date | None
    archive_id: str
    capture_url: str | None


@dataclass
class Imported:
    """A record as a row gives it; None and empty lists mean the row left the field empty."""

    row: int
    vendor: str
    country: str
    city: str | None = None
    year: int | None = None
    stage: str | None = None
    products: list[str] = field(default_factory=list)
    agreement_type: str | None = None
    counterpart: str | None = None
    value: str | None = None
    notes: str | None = None
    sources: list[CitedRef] = field(default_factory=list)
    analyst: str | None = None
    decided_at: str | None = None
    confirmed_at: str | None = None


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.column}" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


class Invalid(ValueError):
    """A cell's value is wrong; the message says why (and which column, when not the one read)."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


def text(value: Cell, escaped: bool) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = str(value).strip()
    if escaped:
        out = revert(out)
    return out or None


def vendor_id(value: str | None, name: str | None) -> str:
    vendors = load_vocabulary().vendors
    for given in (value, name):
        if given:
            found = next(
                (v for v in vendors if given.casefold() in (v.id, v.name.casefold())), None
            )
            if found is None:
                raise Invalid(
                    f"unknown vendor {given!r}; known: {', '.join(v.id for v in vendors)}"
                )
            return found.id
    raise Invalid("empty: a record needs its vendor")


def country_code(value: str | None, name: str | None) -> str:
    countries = load_vocabulary().countries
    if value:
        if not any(c.code == value.upper() for c in countries):
            raise Invalid(f"{value!r} is not an ISO 3166 two-letter country code")
        return value.upper()
    if name:
        found = next((c for c in countries if c.name.casefold() == name.casefold()), None)
        if found is None:
            raise Invalid(f"unknown country {name!r}: give country_code (ISO 3166 two letters)")
        return found.code
    raise Invalid("empty: a record needs its country")


def year(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(float(value))
    except ValueError:
        raise Invalid(f"not a year: {value!r}") from None
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise Invalid(f"year {number} is out of range ({FIRST_YEAR}-{LAST_YEAR})")
    return number


def choice(value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is not None and value.lower() not in choices:
        raise Invalid(f"{value!r} is not one of: {', '.join(choices)}")
    return value.lower() if value else None


def products(value: str | None) -> list[str]:
    items = [p for p in split_list(value or "", loose=True) if p]
    unknown = [p for p in items if p not in CATEGORY_IDS]
    if unknown:
        raise Invalid(f"unknown product {unknown[0]!r}; known: {', '.join(CATEGORY_IDS)}")
    return sorted(set(items))


def timestamp(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(f"not a date and time (ISO 8601): {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def day(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise Invalid(f"not a date (YYYY-MM-DD): {value!r}", "source_dates") from None


def web_address(value: str, column: str) -> str:
    if not value.startswith(("http://", "https://")) or " " in value:
        raise Invalid(f"not a web address: {value!r}", column)
    return value


def aligned(items: list[str], count: int, column: str) -> list[str]:
    if not items:
        return [""] * count
    if len(items) != count:
        raise Invalid(
            f"{len(items)} items for {count} source_urls: give one per source, in order", column
        )
    return items


def cited(cells: dict[str, str | None]) -> list[CitedRef]:
    urls = [web_address(u, "source_urls") for u in split_list(cells.get("source_urls") or "")]
    dates = aligned(split_list(cells.get("source_dates") or ""), len(urls), "source_dates")
    ids = aligned(split_list(cells.get("archive_ids") or ""), len(urls), "archive_ids")
    captures = aligned(split_list(cells.get("capture_urls") or ""), len(urls), "capture_urls")
    return [
        CitedRef(url, day(when), archive, web_address(capture, "capture_urls") if capture else None)
        for url, when, archive, capture in zip(urls, dates, ids, captures, strict=True)
    ]


# column -> (Imported field, parser of the column's text); vendor, country and sources apart
PARSERS: dict[str, tuple[str, Any]] = {
    "city": ("city", lambda v: v),
    "year": ("year", year),
    "stage": ("stage", lambda v: choice(v, STAGES)),
    "products": ("products", products),
    "agreement_type": ("agreement_type", lambda v: choice(v, AGREEMENT_TYPES)),
    "counterpart": ("counterpart", lambda v: v),
    "value": ("value", lambda v: v),
    "notes": ("notes", lambda v: v),
    "analyst": ("analyst", lambda v: v),
    "decided_at": ("decided_at", timestamp),
    "confirmed_at": ("confirmed_at", timestamp),
}
SOURCE_COLUMNS = ("source_urls", "source_dates", "archive_ids", "capture_urls")


def parse_row(number: int, cells: dict[str, str | None]) -> Imported | list[Problem]:
    """``cells``: column name -> the cell's text (None when empty or absent)."""
    problems: list[Problem] = []

    def attempt(column: str, parse: Any, *args: Any) -> Any:
        try:
            return parse(*args)
        except Invalid as exc:
            problems.append(Problem(number, exc.column or column, str(exc)))
            return None

    vendor = attempt("vendor", vendor_id, cells.get("vendor"), cells.get("vendor_name"))
    country = attempt(
        "country_code", country_code, cells.get("country_code"), cells.get("country_name")
    )
    values = {
        name: attempt(column, parse, cells.get(column)) for column, (name, parse) in PARSERS.items()
    }
    sources = attempt("source_urls", cited, cells)
    if problems:
        return problems
    values["products"] = values["products"] or []
    return Imported(number, vendor, country, sources=sources or [], **values)
