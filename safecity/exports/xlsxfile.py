"""XLSX (openpyxl): one sheet of records, every cell a string or a number, never a formula."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from safecity.exports.cells import cell_text

SHEET = "records"


def _value(value: Any) -> str | int | float:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return cell_text(value)


def write_xlsx(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = SHEET
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(columns, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = _value(row[name])
            # openpyxl stores text starting with "=" as a formula; this keeps it a string
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    book.save(path)
