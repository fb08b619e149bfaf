"""XLSX (openpyxl): one sheet of records, every cell a string, a number or a date, never a
formula; columns as wide as their contents (within reason), the header frozen and filterable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from safecity.exports.cells import cell_text

SHEET = "records"
# ISO timestamps written as spreadsheet dates (in UTC, to the second: a spreadsheet keeps no zone)
DATE_COLUMNS = frozenset({"decided_at", "confirmed_at"})
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
MIN_WIDTH, MAX_WIDTH = 6, 60


def _value(name: str, value: Any) -> str | int | float | datetime:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if name in DATE_COLUMNS and isinstance(value, str) and value:
        moment = _moment(value)
        if moment is not None:
            return moment
    return cell_text(value)


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return len(DATE_FORMAT)
    text = str(value)
    return sum(2 if "\u2e80" <= ch <= "\ufaff" else 1 for ch in text)  # CJK: two columns


def write_xlsx(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = SHEET
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(name) + 2 for name in columns]  # room for the filter's button
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(columns, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = _value(name, row[name])
            if isinstance(cell.value, datetime):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                # openpyxl stores text starting with "=" as a formula; this keeps it a string
                cell.data_type = "s"
            widths[column - 1] = max(widths[column - 1], _width(cell.value))
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(max(width + 1, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
