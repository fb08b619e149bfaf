"""Agreement wording: whether a page reports a deal, and how far it got (proposed, signed,
deployed).

A cue counts only in a window of sentences (its own and one either side) that also names a Safe City
product: "signed" in a sports report, or a 5G deal, is not one. A signed or deployed cue that
follows a future marker in its sentence ("will install") counts as proposed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from extractors.counterpart import find_counterpart
from extractors.matcher import CITY, COUNTRY, CUE, FUTURE, PRODUCT, Hit
from extractors.sentences import near, sentence_index
from extractors.value import Value, find_values
from keywords import STAGES, Vocabulary

WINDOW = 1  # sentences either side of a cue
# a number a Chinese or Japanese counter follows counts things, not years (2000台摄像头,
# 2000台のカメラ)
YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?![\d台人件个個名万萬亿億所处處基枚])")


@dataclass(frozen=True)
class Agreement:
    detected: bool
    cues: tuple[str, ...]
    stage: str | None
    year: int | None = None
    counterpart: str | None = None
    value: Value | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "detected": self.detected,
            "cues": list(self.cues),
            "stage": self.stage,
            "counterpart": self.counterpart,
            "year": self.year,
            "value": self.value.to_dict() if self.value else None,
        }


NO_AGREEMENT = Agreement(False, (), None)


def detect_agreement(
    text: str,
    hits: list[Hit],
    spans: list[tuple[int, int]],
    paragraphs: list[int],
    vocabulary: Vocabulary,
    published: date | None = None,
) -> Agreement:
    """Cues near a Safe City product mention; the furthest stage among them; the year, counterpart
    and value named in the cue sentences (else in the sentences around them; a value also in any
    product sentence; the year else from the publication date)."""
    anchors = {sentence_index(spans, h.start) for h in hits if h.kind == PRODUCT}
    ordered = sorted(anchors)
    futures: dict[int, int] = {}  # sentence -> where its first future marker starts
    for h in hits:
        if h.kind == FUTURE:
            index = sentence_index(spans, h.start)
            futures[index] = min(h.start, futures.get(index, h.start))
    cues: dict[str, None] = {}
    stages: set[str] = set()
    cue_sentences: set[int] = set()
    for hit in hits:
        if hit.kind != CUE:
            continue
        index = sentence_index(spans, hit.start)
        nearest = bisect_left(ordered, index - WINDOW)
        if nearest < len(ordered) and ordered[nearest] <= index + WINDOW:
            cues.setdefault(hit.term.lower())
            future = futures.get(index, hit.start) < hit.start
            stages.add("proposed" if future else hit.label)
            cue_sentences.add(index)
    if not stages:
        return NO_AGREEMENT
    around = sorted(
        {
            j
            for i in cue_sentences
            for j in (i - 1, i, i + 1)
            if 0 <= j < len(spans) and near(paragraphs, i, j, WINDOW)
        }
        - cue_sentences
    )
    order = sorted(cue_sentences) + around
    # a value is often given apart from the cue: "the $126 million project covers ..."
    wider = order + sorted(anchors - set(order))
    places = [h.term for h in hits if h.kind in (COUNTRY, CITY)]
    return Agreement(
        detected=True,
        cues=tuple(cues),
        stage=max(stages, key=STAGES.index),
        year=_first(order, lambda s, e: _year(text, s, e), spans)
        or (published.year if published else None),
        counterpart=_first(
            order, lambda s, e: find_counterpart(text[s:e], vocabulary, places), spans
        ),
        value=_first(
            wider, lambda s, e: next(iter(find_values(text, s, e, vocabulary)), None), spans
        ),
    )


T = TypeVar("T")


def _first(
    order: list[int], find: Callable[[int, int], T | None], spans: list[tuple[int, int]]
) -> T | None:
    for index in order:
        found = find(*spans[index])
        if found is not None:
            return found
    return None


def _year(text: str, start: int, end: int) -> int | None:
    match = YEAR.search(text, start, end)
    return int(match.group(1)) if match else None
