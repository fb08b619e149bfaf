"""Which column of the file holds which field: the export's column names by default (any case), or
``--map field=Header`` pairs given on the command line."""

from __future__ import annotations

from safecity.exports.records import COLUMNS, DERIVED_COLUMNS
from safecity.importing.errors import ImportFileError
from safecity.importing.reading import Cell, Table

IGNORED = DERIVED_COLUMNS | {"status"}  # recomputed here, or set by --as
READ = (*(c for c in COLUMNS if c not in IGNORED), "vendor_name", "country_name")


def parse_map(pairs: tuple[str, ...]) -> dict[str, str]:
    """``field=Header`` pairs into {field: header}; unknown fields name the choices."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        field, header = field.strip(), header.strip()
        if not sep or not field or not header:
            raise ImportFileError(f"--map {pair!r}: write it as field=Header")
        if field not in READ:
            raise ImportFileError(f"--map: unknown field {field!r}; choose from: {', '.join(READ)}")
        mapping[field] = header
    return mapping


def columns_of(table: Table, mapping: dict[str, str]) -> dict[str, int]:
    """{field: index of its column in the file}."""
    by_header = {h.casefold(): i for i, h in reversed(list(enumerate(table.headers))) if h}
    found: dict[str, int] = {}
    for field in READ:
        header = mapping.get(field, field)
        index = by_header.get(header.casefold())
        if index is None and field in mapping:
            raise ImportFileError(
                f"--map {field}={header}: the file has no column {header!r}; "
                f"its columns: {', '.join(h for h in table.headers if h)}"
            )
        if index is not None:
            found[field] = index
    if not {"vendor", "vendor_name"} & set(found) or not {"country_code", "country_name"} & set(
        found
    ):
        raise ImportFileError(
            "the file needs a vendor (or vendor_name) and a country_code (or country_name) column; "
            f"its columns: {', '.join(h for h in table.headers if h)} (use --map field=Header)"
        )
    return found


def cells_of(row: list[Cell], columns: dict[str, int]) -> dict[str, Cell]:
    return {field: row[i] if i < len(row) else None for field, i in columns.items()}
