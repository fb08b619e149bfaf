"""Plain-text tables for the terminal, and words that agree with their numbers."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from typing import Any

MIN_COLUMN = 4  # a column is never squeezed narrower than this
GAP = "  "


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 record``, ``2 records``; ``nouns`` for an irregular plural."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def terminal_width() -> int | None:
    """The terminal's width when printing to one; None otherwise, as when the output goes to a
    file or a pipe, which should get every character."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], width: int | None = None
) -> str:
    """The rows under their headers, columns padded; fitted to ``width`` (default: the
    terminal's) by cutting the widest columns short with "…"."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    limit = width if width is not None else terminal_width()
    if limit is not None:
        widths = _fit(widths, limit)
    lines = []
    for n, row in enumerate(cells):
        shown = [_pad(_cut(v, w), w) for v, w in zip(row, widths, strict=True)]
        lines.append(GAP.join(shown).rstrip())
        if n == 0:
            lines.append(GAP.join("-" * w for w in widths))
    return "\n".join(lines)


def candidate_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no candidates"
    return table(
        ["id", "score", "status", "vendor", "country", "city", "year", "products", "sources"],
        [
            [
                r["id"],
                r["score"],
                r["status"],
                r["vendor"],
                r["country"],
                r["city"] or "-",
                r["year"] or "-",
                ", ".join(r["products"]),
                len(r["sources"]),
            ]
            for r in rows
        ],
    )


def _fit(widths: list[int], limit: int) -> list[int]:
    """Narrow the widest column, one character at a time, until the table fits (or cannot)."""
    widths = list(widths)
    floors = [min(MIN_COLUMN, w) for w in widths]
    while sum(widths) + len(GAP) * (len(widths) - 1) > limit:
        wide = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        if widths[wide] <= floors[wide]:
            break
        widths[wide] -= 1
    return widths


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if "\u2e80" <= ch <= "\ufaff" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
