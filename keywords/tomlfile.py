"""Read a TOML vocabulary file and point at the line an entry or a value stands on.

``tomllib`` gives values, not positions; reviewers need `file:line`, so the few positions an error
message needs are found again in the text (the n-th ``[[table]]`` header, then a key or a term
inside
that entry's block).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from keywords.errors import VocabularyError


@dataclass(frozen=True)
class TomlFile:
    path: Path
    data: dict[str, Any]
    lines: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> TomlFile:
        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise VocabularyError(f"{display(path)}: {exc}") from None
        return cls(path, data, tuple(text.splitlines()))

    def entries(self, table: str) -> list[dict[str, Any]]:
        value = self.data.get(table, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(1, f"'{table}' must be a list of [[{table}]] tables")
        return value

    def entry_line(self, table: str, index: int) -> int:
        header = f"[[{table}]]"
        if f"[{table}]" in (line.strip() for line in self.lines):
            header = f"[{table}]"
        seen = -1
        for number, line in enumerate(self.lines, start=1):
            if line.strip() == header:
                seen += 1
                if seen == index:
                    return number
        return 1

    def value_line(self, table: str, index: int, needle: str) -> int:
        """The line of the first occurrence of ``needle`` inside entry ``index``; its header if
        none."""
        start = self.entry_line(table, index)
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and line.strip().startswith("[["):
                break
            if needle in line:
                return number
        return start

    def error(self, line: int, problem: str) -> VocabularyError:
        return VocabularyError(f"{display(self.path)}:{line}: {problem}")


def display(path: Path) -> str:
    """The path as a reviewer would type it: relative to the project root where possible."""
    root = Path(__file__).resolve().parent.parent
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
