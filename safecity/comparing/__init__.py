"""Our records beside a reference list (an earlier study's agreements, a team's own tracker): which
match, which are only ours (new since the reference) and which are only theirs (not found again).
``safecity compare`` and ``safecity report --reference`` both use this one rule:

- a pair needs the same vendor and the same country;
- cities must be the same (case aside) unless one side names none (a national agreement, or a
  list that does not say);
- years may differ by at most one (signed one year, reported or deployed the next) unless one
  side gives none;
- each record matches at most one entry: the closest pairs first (the same city before a blank
  one, the same year before the next), then in file and record order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from keywords import SafecityError
from safecity.importing.mapping import cells_of, columns_of, parse_map
from safecity.importing.parsing import Problem, parse_row, text
from safecity.importing.reading import read_table

YEAR_TOLERANCE = 1
COMPARED = frozenset({"vendor", "vendor_name", "country_code", "country_name", "city", "year"})


class CompareError(SafecityError):
    """Raised by ``safecity compare`` when it cannot write the comparison file."""


@dataclass(frozen=True)
class Entry:
    """One agreement on either side: vendor id, ISO country code, city, year."""

    vendor: str
    country: str
    city: str | None
    year: int | None
    ref: str  # ours: "record 12"; theirs: "row 7"


@dataclass(frozen=True)
class Match:
    ours: Entry
    theirs: Entry
    how: str  # "city and year", "country; the reference names no city" …


@dataclass(frozen=True)
class Comparison:
    reference: str  # the file's name
    matched: list[Match]
    only_ours: list[Entry]
    only_theirs: list[Entry]
    problems: list[Problem]  # reference rows that could not be read (left out)


def _distance(ours: Entry, theirs: Entry) -> tuple[int, int] | None:
    """How far apart a pair is (city, year), or None when it is no match."""
    if (ours.vendor, ours.country) != (theirs.vendor, theirs.country):
        return None
    if ours.city and theirs.city:
        if ours.city.casefold() != theirs.city.casefold():
            return None
        city = 0
    else:
        city = 1
    if ours.year is not None and theirs.year is not None:
        gap = abs(ours.year - theirs.year)
        if gap > YEAR_TOLERANCE:
            return None
    else:
        gap = YEAR_TOLERANCE + 1
    return city, gap


def _how(ours: Entry, theirs: Entry, distance: tuple[int, int]) -> str:
    city, gap = distance
    place = "same city" if city == 0 else "same country; a city on one side only"
    if not ours.city and not theirs.city:
        place = "same country, no city on either side"
    if gap == 0:
        return f"{place}, same year"
    if gap <= YEAR_TOLERANCE:
        return f"{place}, years {ours.year} and {theirs.year}"
    return f"{place}, a year on one side only"


def compare(ours: list[Entry], theirs: list[Entry], reference: str) -> Comparison:
    pairs = sorted(
        (distance, i, j)
        for i, o in enumerate(ours)
        for j, t in enumerate(theirs)
        if (distance := _distance(o, t)) is not None
    )
    used_ours: set[int] = set()
    used_theirs: set[int] = set()
    matched: list[Match] = []
    for distance, i, j in pairs:
        if i not in used_ours and j not in used_theirs:
            used_ours.add(i)
            used_theirs.add(j)
            matched.append(Match(ours[i], theirs[j], _how(ours[i], theirs[j], distance)))
    matched.sort(key=lambda m: (m.ours.country, m.ours.city or "", m.ours.year or 0))
    return Comparison(
        reference,
        matched,
        [o for i, o in enumerate(ours) if i not in used_ours],
        [t for j, t in enumerate(theirs) if j not in used_theirs],
        [],
    )


def our_entries(records: list[dict[str, Any]]) -> list[Entry]:
    return [
        Entry(r["vendor"], r["country_code"], r["city"], r["year"], f"record {r['record_id']}")
        for r in records
    ]


def read_reference(
    path: Path, map_pairs: tuple[str, ...] = ()
) -> tuple[list[Entry], list[Problem]]:
    """The reference file's agreements, its columns found as ``safecity import`` finds them (the
    export's column names in any case, or ``field=Header`` pairs); only vendor, country, city and
    year are read, and two rows may name the same place. Rows it cannot read are returned as
    problems."""
    table = read_table(path)
    columns = columns_of(table, parse_map(map_pairs))
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, row in table.rows:
        cells = {k: text(v, table.escaped) for k, v in cells_of(row, columns).items()}
        result = parse_row(number, {k: v for k, v in cells.items() if k in COMPARED})
        if isinstance(result, list):
            problems.extend(result)
        else:
            place = (result.vendor, result.country, result.city, result.year)
            entries.append(Entry(*place, f"row {number}"))
    return entries, problems


def compare_with_file(
    records: list[dict[str, Any]], path: Path, map_pairs: tuple[str, ...] = ()
) -> Comparison:
    theirs, problems = read_reference(path, map_pairs)
    found = compare(our_entries(records), theirs, path.name)
    return Comparison(found.reference, found.matched, found.only_ours, found.only_theirs, problems)
