"""Country context for the report: region, World Bank income group and Freedom House status of every
ISO country, read once from ``country_context.csv`` and checked line by line (`file:line: problem`).

The file's header says which edition and source each column comes from; ``CountryContext.sources``
keeps those notes so that a report can cite them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from keywords.errors import VocabularyError
from keywords.tomlfile import display

HERE = Path(__file__).resolve().parent
CONTEXT_FILE = HERE / "country_context.csv"
COLUMNS = ("code", "name", "region", "income", "freedom")
REGIONS = (
    "Asia",
    "Sub-Saharan Africa",
    "Northern Africa",
    "Europe",
    "Latin America and the Caribbean",
    "Northern America",
    "Oceania",
    "Antarctica",
)
INCOME_GROUPS = ("low", "lower-middle", "upper-middle", "high")
FREEDOM_STATUSES = ("free", "partly-free", "not-free")


class ContextError(VocabularyError):
    """Raised by ``load_country_context`` when country_context.csv is wrong:
    `file:line: problem`."""


@dataclass(frozen=True)
class CountryFacts:
    code: str
    region: str
    income: str | None  # None: the World Bank does not classify it
    freedom: str | None  # None: Freedom House does not rate it on its own


@dataclass(frozen=True)
class CountryContext:
    countries: dict[str, CountryFacts]
    sources: dict[str, str]  # column -> the header's note on its edition and source

    def get(self, code: str) -> CountryFacts | None:
        return self.countries.get(code.upper())


def _error(path: Path, line: int, problem: str) -> ContextError:
    return ContextError(f"{display(path)}:{line}: {problem}")


def _header_notes(lines: list[str]) -> dict[str, str]:
    """``# column NAME: text`` and its indented continuation lines, joined."""
    notes: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("column ") and ":" in body:
            current, text = body[len("column ") :].split(":", 1)
            notes[current] = [text.strip()]
        elif current and line.startswith("#   "):
            notes[current].append(body)
        else:
            current = None
    return {column: " ".join(parts) for column, parts in notes.items()}


def _choice(path: Path, line: int, column: str, value: str, choices: tuple[str, ...]) -> str | None:
    if value == "" and column != "region":
        return None
    if value not in choices:
        raise _error(path, line, f"{column} {value!r} is not one of: {', '.join(choices)}")
    return value


def _row(path: Path, line: int, fields: list[str]) -> CountryFacts:
    if len(fields) != len(COLUMNS):
        raise _error(path, line, f"expected {len(COLUMNS)} fields ({','.join(COLUMNS)})")
    code, _name, region, income, freedom = (f.strip() for f in fields)
    if pycountry.countries.get(alpha_2=code) is None:
        raise _error(path, line, f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return CountryFacts(
        code,
        _choice(path, line, "region", region, REGIONS) or "",
        _choice(path, line, "income", income, INCOME_GROUPS),
        _choice(path, line, "freedom", freedom, FREEDOM_STATUSES),
    )


@lru_cache(maxsize=4)
def load_country_context(path: Path = CONTEXT_FILE) -> CountryContext:
    """Every ISO country's facts, validated; cached, so each process reads the file once."""
    lines = path.read_text(encoding="utf-8").splitlines()
    sources = _header_notes(lines)
    missing_notes = [c for c in COLUMNS if c not in sources]
    if missing_notes:
        raise _error(path, 1, f"the header notes no source for columns: {', '.join(missing_notes)}")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not numbered or next(csv.reader([numbered[0][1]])) != list(COLUMNS):
        line = numbered[0][0] if numbered else len(lines)
        raise _error(path, line, f"the first row must be the header {','.join(COLUMNS)}")
    countries: dict[str, CountryFacts] = {}
    for (number, _), fields in zip(
        numbered[1:], csv.reader(t for _, t in numbered[1:]), strict=True
    ):
        facts = _row(path, number, fields)
        if facts.code in countries:
            raise _error(path, number, f"{facts.code} appears twice")
        countries[facts.code] = facts
    missing = sorted({c.alpha_2 for c in pycountry.countries} - set(countries))
    if missing:
        raise _error(path, len(lines), f"countries missing: {', '.join(missing)}")
    return CountryContext(countries, sources)
