"""Sentence spans for any of our languages, as (start, end) offsets into the text."""

from __future__ import annotations

import re

# A sentence ends at Chinese full stops, at . ! ? followed by space/quote/end (not 173.1 or U.S.A),
# or at a line break: trafilatura puts each paragraph, heading and list item on its own line.
_END = re.compile(r"[。！？；]+[”’」』)]*|[.!?]+[\"'”’»)]*(?=\s|$)|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        _append(text, start, end, spans)
        start = end
    _append(text, start, len(text), spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_index(spans: list[tuple[int, int]], offset: int) -> int:
    """The index of the span that holds ``offset`` (the nearest one before it otherwise)."""
    lo, hi = 0, len(spans) - 1
    found = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= offset:
            found = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return found


def paragraph_numbers(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """For each sentence span, the number of its paragraph (trafilatura ends paragraphs with
    \\n)."""
    numbers = []
    paragraph, position = 0, 0
    for start, _end in spans:
        paragraph += text.count("\n", position, start)
        position = start
        numbers.append(paragraph)
    return numbers


def near(paragraphs: list[int], i: int, j: int, window: int = 1) -> bool:
    """Whether sentences ``i`` and ``j`` are in one paragraph, at most ``window`` apart."""
    return abs(i - j) <= window and paragraphs[i] == paragraphs[j]


def is_listing(text: str) -> bool:
    """A page that is mostly a list of items (a section front, a tag page, search results): its
    teasers name many deals at once and support none of them on their own."""
    lines = [line for line in text.splitlines() if line.strip()]
    items = sum(1 for line in lines if line.lstrip().startswith(("- ", "• ", "* ")))
    return items >= 5 and items >= 0.6 * len(lines)
