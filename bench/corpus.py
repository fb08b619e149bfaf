"""The real-HTML corpus in ../shared (not part of the project): where it is, and its pages."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real-html"


def corpus_pages(root: Path = CORPUS, limit: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(path, raw bytes) of every HTML page in the corpus manifest."""
    with (root / "index.jsonl").open(encoding="utf-8") as manifest:
        entries = [json.loads(line) for line in manifest]
    pages = [e for e in entries if e["kind"] in ("html", "html-listpage")]
    for entry in pages[:limit]:
        yield entry["path"], gzip.decompress((root / entry["path"]).read_bytes())
