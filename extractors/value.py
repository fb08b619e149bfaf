"""Contract values: "$173.1 million", "1.9 billion kyats", "1.5亿美元", "3,2 milliards de FCFA"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from keywords.model import Vocabulary

_NUM = r"\d{1,3}(?:[ ,.\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


@dataclass(frozen=True)
class Value:
    amount: float
    currency: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency, "text": self.text}


@dataclass(frozen=True)
class ValuePatterns:
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    currencies: dict[str, str]
    scales: dict[str, float]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def patterns(
    currencies: tuple[tuple[str, str], ...], scales: tuple[tuple[str, float], ...]
) -> ValuePatterns:
    cur = _alternation([c for c, _ in currencies])
    scale = _alternation([s for s, _ in scales])
    boundary = r"(?![A-Za-z])"
    prefix = re.compile(rf"(?P<cur>{cur})\s?(?P<num>{_NUM})(?:\s?(?P<scale>{scale}){boundary})?")
    suffix = re.compile(
        rf"(?<![\d.,])(?P<num>{_NUM})\s?(?:(?P<scale>{scale})\s?)?"
        rf"(?:de\s|d'|d’|of\s|di\s)?(?P<cur>{cur}){boundary}"
    )
    return ValuePatterns(
        prefix,
        suffix,
        {c.lower(): code for c, code in currencies},
        {s.lower(): float(f) for s, f in scales},
    )


def parse_number(text: str) -> float:
    """1,500,000 / 1.500.000 / 1 500 000 are whole; 173.1 and 3,2 have decimals."""
    text = text.replace("\u00a0", " ")
    grouped = re.fullmatch(r"\d{1,3}(?P<sep>[ ,.])\d{3}(?:(?P=sep)\d{3})*(?P<dec>[.,]\d+)?", text)
    if grouped:
        whole = re.sub(r"[ ,.]", "", text[: grouped.start("dec")] if grouped.group("dec") else text)
        decimals = grouped.group("dec")[1:] if grouped.group("dec") else "0"
        return float(f"{whole}.{decimals}")
    return float(text.replace(",", "."))


def find_values(text: str, start: int, end: int, vocabulary: Vocabulary) -> list[Value]:
    p = patterns(vocabulary.currencies, vocabulary.scales)
    found: list[Value] = []
    for regex in (p.prefix, p.suffix):
        for m in regex.finditer(text, start, end):
            if any(v.start < m.end() and m.start() < v.end for v in found):
                continue
            scale = p.scales.get((m.group("scale") or "").lower(), 1.0)
            try:
                amount = parse_number(m.group("num")) * scale
            except ValueError:
                continue
            currency = p.currencies.get(m.group("cur").lower())
            if currency and amount >= 1000:  # "$5" in a story is a price, not a contract
                found.append(Value(amount, currency, m.group(0).strip(), m.start(), m.end()))
    return sorted(found, key=lambda v: v.start)
