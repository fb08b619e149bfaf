"""CSV: UTF-8 with a byte-order mark (spreadsheet programs then read Chinese as UTF-8), lists joined
with "; ", formula-like cells made inert."""

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
            writer.writerow([inert(cell_text(row[c])) for c in columns])
