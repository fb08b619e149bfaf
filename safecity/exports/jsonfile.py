"""JSON (one array) and JSON Lines (one record a line): lists stay lists, text stays as it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _pick(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: row[c] for c in columns}


def write_json(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    text = json.dumps([_pick(r, columns) for r in rows], ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def write_jsonl(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(_pick(row, columns), ensure_ascii=False) + "\n")
