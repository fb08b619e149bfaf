"""Text cut into pieces to mark: the template escapes every piece, so crawled text can never
become markup, however it is highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

SNIPPET_CHARS = 320


class Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...


Piece = tuple[str, str | None]  # text, and the kind of term it is (None: plain text)


def pieces(text: str, spans: Sequence[Span]) -> list[Piece]:
    """``text`` cut at the (sorted, non-overlapping) ``spans``."""
    out: list[Piece] = []
    at = 0
    for span in spans:
        if span.start < at or span.end > len(text):
            continue
        if span.start > at:
            out.append((text[at : span.start], None))
        out.append((text[span.start : span.end], span.kind))
        at = span.end
    if at < len(text):
        out.append((text[at:], None))
    return out


def find_all(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Where the needles occur, case-insensitively, longest first and without overlaps."""
    folded = text.casefold()
    if len(folded) != len(text):  # casefold changed lengths (ß → ss): fall back to lower()
        folded = text.lower()
    found: list[tuple[int, int]] = []
    for needle in needles:
        start = folded.find(needle)
        while start != -1 and needle:
            end = start + len(needle)
            if all(end <= s or start >= e for s, e in found):
                found.append((start, end))
            start = folded.find(needle, end)
    return sorted(found)


class _Hit:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end, self.kind = start, end, "hit"


def marked(text: str, needles: Sequence[str], window: int | None = None) -> list[Piece]:
    """``text`` (or a window of it around the first hit) with the needles marked."""
    hits = find_all(text, needles)
    prefix = suffix = ""
    if window is not None and len(text) > window:
        first = hits[0][0] if hits else 0
        start = max(0, first - window // 3)
        end = min(len(text), start + window)
        prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
        text = text[start:end]
        hits = [(s - start, e - start) for s, e in hits if s >= start and e <= end]
    out = pieces(text, [_Hit(s, e) for s, e in hits])
    if prefix:
        out.insert(0, (prefix, None))
    if suffix:
        out.append((suffix, None))
    return out
