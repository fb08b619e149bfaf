"""Agreement wording: whether a page reports a deal, and how far it got (proposed, signed,
deployed).

A cue counts only in a window of sentences (its own and one either side, within its paragraph) that
also names a vendor or a Safe City product: "signed" in a sports report is not an agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.matcher import CUE, PRODUCT, VENDOR, Hit
from extractors.sentences import near, sentence_index
from keywords import STAGES

WINDOW = 1  # sentences either side of a cue
YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")


@dataclass(frozen=True)
class Agreement:
    detected: bool
    cues: tuple[str, ...]
    stage: str | None
    year: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "detected": self.detected,
            "cues": list(self.cues),
            "stage": self.stage,
            "year": self.year,
        }


def detect_agreement(
    text: str, hits: list[Hit], spans: list[tuple[int, int]], paragraphs: list[int]
) -> Agreement:
    anchors: set[int] = set()
    for hit in hits:
        if hit.kind in (VENDOR, PRODUCT):
            anchors.add(sentence_index(spans, hit.start))
    cues: dict[str, None] = {}
    stages: set[str] = set()
    cue_sentences: list[int] = []
    for hit in hits:
        if hit.kind != CUE:
            continue
        index = sentence_index(spans, hit.start)
        if any(near(paragraphs, index, a, WINDOW) for a in anchors):
            cues.setdefault(hit.term.lower())
            stages.add(hit.label)
            cue_sentences.append(index)
    if not stages:
        return Agreement(False, (), None)
    stage = max(stages, key=STAGES.index)
    return Agreement(True, tuple(cues), stage, _first_year(text, spans, cue_sentences))


def _first_year(text: str, spans: list[tuple[int, int]], sentences: list[int]) -> int | None:
    for index in sorted(set(sentences)):
        start, end = spans[index]
        match = YEAR.search(text, start, end)
        if match:
            return int(match.group(1))
    return None
