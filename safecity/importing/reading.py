"""Read a spreadsheet an analyst keeps: CSV (UTF-8, with or without a byte-order mark) or XLSX (its
first sheet, or the one named "records"). Rows are numbered as a spreadsheet shows them: the header
is row 1."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from safecity.importing.errors import ImportFileError

Cell = str | int | float | date | datetime | None
SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]  # (row number, cells)
    escaped: bool  # CSV from our export: formula-like text carries a leading "'"


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError(f"{path.name}: not a .csv or .xlsx file")
    try:
        return _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read_csv(path: Path) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{path.name}: not UTF-8 text (save it as CSV UTF-8)") from None
    lines = list(csv.reader(text.splitlines(keepends=True)))
    if not lines:
        raise ImportFileError(f"{path.name}: the file is empty (a header row is needed)")
    rows: list[tuple[int, list[Cell]]] = [
        (number, list(cells)) for number, cells in enumerate(lines[1:], start=2) if any(cells)
    ]
    return Table([h.strip() for h in lines[0]], rows, escaped=True)


def _read_xlsx(path: Path) -> Table:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError) as exc:
        raise ImportFileError(
            f"{path.name}: not a readable XLSX file ({exc}); save it from a spreadsheet as .xlsx, "
            "or as CSV UTF-8"
        ) from None
    try:
        sheet = book["records"] if "records" in book.sheetnames else book.worksheets[0]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not values:
        raise ImportFileError(f"{path.name}: the sheet is empty (a header row is needed)")
    headers = ["" if h is None else str(h).strip() for h in values[0]]
    rows: list[tuple[int, list[Cell]]] = [
        (number, [_cell(v) for v in cells])
        for number, cells in enumerate(values[1:], start=2)
        if any(v not in (None, "") for v in cells)
    ]
    return Table(headers, rows, escaped=False)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | date | datetime):
        return value
    return str(value)
