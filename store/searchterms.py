"""The text the full-text index holds, and the phrases a query asks for.

Neither SQLite's FTS5 tokenizers nor PostgreSQL's parser split Chinese into words: both keep a
run of Han characters as one token. So Han runs are written as overlapping character pairs before
indexing ("平安城市" → "平安 安城 城市"), as Lucene's CJK analyzer does, and a query's run becomes
the phrase of its pairs: any two or more consecutive characters find the text that contains them,
with no dictionary to miss a word. Latin text is left to the database (stemmed English on both).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# CJK ideographs (the unified block, extension A, compatibility ideographs, the supplementary
# planes); CJK punctuation (。、「」) is left out so that it stays a separator.
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def _pairs(run: str) -> str:
    if len(run) == 1:
        return run
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def index_terms(text: str) -> str:
    """``text`` as the index stores it: NFKC-normalised, Han runs cut into character pairs."""
    text = unicodedata.normalize("NFKC", text)
    return HAN_RUN.sub(lambda m: f" {_pairs(m.group())} ", text)


@dataclass(frozen=True)
class Phrase:
    """One part of a query: words that must appear together, in order. ``prefix`` is a single Han
    character, which the index only holds as the first of a pair."""

    text: str
    prefix: bool = False


def parse_query(query: str) -> list[Phrase]:
    """Each whitespace-separated part of ``query`` is a phrase; all of them must match."""
    phrases = []
    for chunk in unicodedata.normalize("NFKC", query).split():
        if HAN_RUN.fullmatch(chunk) and len(chunk) == 1:
            phrases.append(Phrase(chunk, prefix=True))
            continue
        text = " ".join(index_terms(chunk).split())
        if any(ch.isalnum() for ch in text):
            phrases.append(Phrase(text))
    return phrases


def needles(query: str) -> list[str]:
    """The strings to highlight in a hit: the query's parts as typed (casefolded)."""
    parts = unicodedata.normalize("NFKC", query).casefold().split()
    return sorted({p for p in parts if any(ch.isalnum() for ch in p)}, key=len, reverse=True)
