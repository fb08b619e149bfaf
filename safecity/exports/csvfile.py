"""CSV: UTF-8 with a byte-order mark (spreadsheet programs then read Chinese as UTF-8), lists joined
with "; ", formula-like text made inert; numbers stay numbers (a latitude of -1.28 is -1.28, read
as a number by QGIS, R or pandas)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from safecity.exports.cells import cell_text, inert


def write_csv(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row[c]) for c in columns])


def csv_cell(value: Any) -> str:
    """A number as written; text (and lists of it) inert."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return inert(cell_text(value))
