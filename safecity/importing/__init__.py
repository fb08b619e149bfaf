"""``safecity import``: records an analyst keeps in a spreadsheet, brought in as confirmed records
or as candidates, whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from safecity.importing.applying import Outcome, import_records
from safecity.importing.errors import ImportFileError
from safecity.importing.mapping import cells_of, columns_of, parse_map
from safecity.importing.parsing import Imported, Problem, parse_row, text
from safecity.importing.reading import read_table
from store.decisions import Actor

__all__ = ["ImportFileError", "Parsed", "Problem", "parse_file", "write_records"]


@dataclass
class Parsed:
    records: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)


def _duplicate(record: Imported, seen: dict[tuple[str, str, str], int]) -> Problem | None:
    key = (record.vendor, record.country, (record.city or "").casefold())
    if key in seen:
        return Problem(record.row, "city", f"the same record as row {seen[key]}")
    seen[key] = record.row
    return None


def parse_file(path: Path, map_pairs: tuple[str, ...] = ()) -> Parsed:
    """Every row checked; nothing written."""
    table = read_table(path)
    columns = columns_of(table, parse_map(map_pairs))
    parsed = Parsed()
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in table.rows:
        cells = {k: text(v, table.escaped) for k, v in cells_of(row, columns).items()}
        result = parse_row(number, cells)
        if isinstance(result, Imported):
            twice = _duplicate(result, seen)
            result = [twice] if twice else result
        if isinstance(result, list):
            parsed.problems.extend(result)
            parsed.bad_rows.add(number)
        else:
            parsed.records.append(result)
    return parsed


def write_records(
    session: Session, parsed: Parsed, *, status: str, actor: Actor, file_name: str
) -> list[Outcome]:
    """Write the parsed records; the rows the decision rules refuse join ``parsed``'s problems
    and bad rows (and leave nothing behind)."""
    outcomes, problems = import_records(
        session, parsed.records, status=status, actor=actor, file_name=file_name
    )
    parsed.problems.extend(problems)
    parsed.bad_rows.update(p.row for p in problems)
    parsed.records = [r for r in parsed.records if r.row not in parsed.bad_rows]
    return outcomes
