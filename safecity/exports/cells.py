"""Spreadsheet cells: lists joined, and text a spreadsheet would run as a formula made inert (and
back, for imports)."""

from __future__ import annotations

import re
from typing import Any

LIST_SEPARATOR = "; "  # a URL has no space, so "; " never splits one
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def cell_text(value: Any) -> str:
    """The value as spreadsheet text: lists joined, None empty."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value) if any(value) else ""
    return "" if value is None else str(value)


def inert(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading ``'`` before formula characters (and
    before a leading ``'``, so that ``revert`` gives back exactly what was written)."""
    return ESCAPE + text if text.startswith((*FORMULA_STARTS, ESCAPE)) else text


def revert(text: str) -> str:
    """What ``inert`` was given."""
    if text.startswith(ESCAPE) and text[1:].startswith((*FORMULA_STARTS, ESCAPE)):
        return text[1:]
    return text


def split_list(text: str, *, loose: bool = False) -> list[str]:
    """A joined list back into its items (an empty cell is an empty list). Items are separated by
    "; "; ``loose`` also splits at a bare ";" (for lists of ids, which never contain one)."""
    if not text.strip():
        return []
    parts = text.split(";") if loose else _SEPARATOR.split(text.strip())
    return [item.strip() for item in parts]


# "; " between items; a ";" at the end (a trailing empty item whose space was trimmed) too
_SEPARATOR = re.compile(r";(?:\s+|$)")
