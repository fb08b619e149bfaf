"""Benefit claims: "crime fell by 46 percent", "response time from 10 to 4.5 minutes",
"破案率提升45%".

Only sentences that carry a percentage or a from-to pair are read. When a sentence names as many
metrics as it has figures, they pair in order; otherwise each figure takes the nearest metric in its
clause (clauses end at ; , and their Chinese forms), else in its sentence. Directions pair the same
way; a from-to pair with no direction word moves the way its numbers do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from extractors.matcher import Hit, Matcher

METRIC, DIRECTION = "metric", "direction"
_NUM = r"\d+(?:[.,]\d+)*"
_UNIT = (
    r"%|％|percent|per cent|pour cent|por ciento|por cento|minutes|minute|mins|min|minutos|"
    r"minuto|分钟|秒钟|秒|seconds|secondes|segundos|hours|heures|horas|小时|个百分点"
)
_PER_CENT = (
    r"procent\w*|proc\.|odstot\w*|"  # Polish procent, procentów, proc.; Slovene odstotkov
    r"%|％|٪|percent\b|per cent\b|pour cent\b|por ciento\b|por cento\b|per cento\b|Prozent\b|"
    r"процент\w*|посто\b|persen\b|phần trăm|في المئة|في المائة|بالمئة|بالمائة|パーセント|퍼센트"
)
# "30 percent", and the Turkish order: "%30", "yüzde 30"
PERCENT = re.compile(rf"({_NUM})\s*(?:{_PER_CENT})|(?:%|yüzde\s)({_NUM})", re.IGNORECASE)
FROM_TO = re.compile(
    rf"(?:\bfrom|\bde|\bdesde|[从由])\s*({_NUM})\s*({_UNIT})?\s*"
    rf"(?:[\u4e00-\u9fff]{{0,4}}?[至到]|(?:down |up )?to\b|à\b|a\b|para\b|hasta\b|até\b)\s*"
    rf"({_NUM})\s*({_UNIT})?",
    re.IGNORECASE,
)
# Japanese and Korean put "from" after its number: "10分から4.5分に", "10분에서 4.5분으로"
_UNIT_JA_KO = r"%|％|分|秒|時間|분|초|시간"
FROM_TO_JA_KO = re.compile(
    rf"({_NUM})\s*({_UNIT_JA_KO})?\s*(?:から|에서)\s*({_NUM})\s*({_UNIT_JA_KO})?"
)
# a cheap first look: a figure starts with a percentage or a "from <number>"
_ANY_FIGURE = re.compile(
    rf"\d\s*(?:{_PER_CENT})|(?:%|yüzde\s)\d|(?:\bfrom|\bde|\bdesde|[从由])\s*\d"
    rf"|\d\s*(?:{_UNIT_JA_KO})?\s*(?:から|에서)\s*\d",
    re.IGNORECASE,
)
# "robberies fell 30 percent while accidents rose": a contrast starts a new clause
_CLAUSE_END = re.compile(
    r"[;；，]|,\s|\s(?:while|whereas|but|tandis que|alors que|mais|mientras|pero|enquanto|mas)\s",
    re.IGNORECASE,
)
_UNITS = {
    "%": "%",
    "％": "%",
    "percent": "%",
    "per cent": "%",
    "pour cent": "%",
    "por ciento": "%",
    "por cento": "%",
    "个百分点": "points",
    "minutes": "minutes",
    "minute": "minutes",
    "mins": "minutes",
    "min": "minutes",
    "minutos": "minutes",
    "minuto": "minutes",
    "分钟": "minutes",
    "秒钟": "seconds",
    "秒": "seconds",
    "seconds": "seconds",
    "secondes": "seconds",
    "segundos": "seconds",
    "hours": "hours",
    "heures": "hours",
    "horas": "hours",
    "小时": "hours",
    "分": "minutes",
    "時間": "hours",
    "분": "minutes",
    "초": "seconds",
    "시간": "hours",
}


@dataclass(frozen=True)
class Claim:
    metric: str
    direction: str | None
    before: float | None
    after: float | None
    percent: float | None
    unit: str | None
    sentence: str
    start: int  # of the numbers, in the page text
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "direction": self.direction,
            "before": self.before,
            "after": self.after,
            "percent": self.percent,
            "unit": self.unit,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    before: float | None
    after: float | None
    percent: float | None
    unit: str | None


def number(text: str) -> float:
    """12,5 and 12.5 are 12.5; 1,000 and 1.000.000 are thousands."""
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", text):
        return float(re.sub(r"[.,]", "", text))
    return float(text.replace(",", "."))


def find_claims(
    text: str, spans: list[tuple[int, int]], matcher: Matcher, han_boundaries: list[int] | None
) -> list[Claim]:
    if not _ANY_FIGURE.search(text):
        return []
    candidates = [(s, e) for s, e in spans if _ANY_FIGURE.search(text, s, e)]
    figures_by_sentence = [(s, e, _figures(text, s, e)) for s, e in candidates]
    figures_by_sentence = [(s, e, f) for s, e, f in figures_by_sentence if f]
    claims = []
    for start, end, figures in figures_by_sentence:
        inside = _hits(text, start, end, matcher, han_boundaries)
        metrics = [h for h in inside if h.kind == METRIC]
        if not metrics:
            continue
        directions = [h for h in inside if h.kind == DIRECTION]
        paired_metrics = _in_order(metrics, figures)
        paired_ways = _in_order(directions, figures)
        for index, figure in enumerate(figures):
            clause = _clause(text, start, end, figure.start)
            metric = paired_metrics[index] if paired_metrics else _nearest(figure, metrics, clause)
            if metric is None:
                continue
            way = (
                paired_ways[index]
                if paired_ways
                else _nearest(figure, directions, clause, clause_only=True)
            )
            direction = way.label if way else _implied(figure)
            claims.append(
                Claim(
                    metric.label,
                    direction,
                    figure.before,
                    figure.after,
                    figure.percent,
                    figure.unit,
                    text[start:end],
                    figure.start,
                    figure.end,
                )
            )
    return _distinct(claims)


def _distinct(claims: list[Claim]) -> list[Claim]:
    """One fact once: a headline and the body that repeat "crime fell 46%" make one claim."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for c in claims:
        key = (c.metric, c.direction, c.before, c.after, c.percent, c.unit)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _in_order(hits: list[Hit], figures: list[_Figure]) -> list[Hit] | None:
    """With as many (distinct, successive) hits as figures, the i-th goes with the i-th: "crime
    fell 30% and response time went from 20 to 8 minutes", "a 15% cut in crime; a 45% rise in
    clearance"."""
    distinct: list[Hit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        if not distinct or distinct[-1].label != hit.label:
            distinct.append(hit)
    return distinct if len(figures) > 1 and len(distinct) == len(figures) else None


def _hits(
    text: str, start: int, end: int, matcher: Matcher, han_boundaries: list[int] | None
) -> list[Hit]:
    """The matcher's hits in one sentence, with offsets into the whole text."""
    local = None
    if han_boundaries is not None:
        local = [b - start for b in han_boundaries if start <= b <= end]
    return [
        replace(h, start=h.start + start, end=h.end + start)
        for h in matcher.find(text[start:end], local)
    ]


def _figures(text: str, start: int, end: int) -> list[_Figure]:
    figures: list[_Figure] = []
    pairs = [*FROM_TO.finditer(text, start, end), *FROM_TO_JA_KO.finditer(text, start, end)]
    for m in pairs:
        unit = _UNITS.get((m.group(4) or m.group(2) or "").lower())
        figures.append(
            _Figure(m.start(), m.end(), number(m.group(1)), number(m.group(3)), None, unit)
        )
    for m in PERCENT.finditer(text, start, end):
        if any(f.start <= m.start() < f.end for f in figures):
            continue
        amount = number(m.group(1) or m.group(2))
        figures.append(_Figure(m.start(), m.end(), None, None, amount, "%"))
    return sorted(figures, key=lambda f: f.start)


def _clause(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    left, right = start, end
    for m in _CLAUSE_END.finditer(text, start, end):
        if m.end() <= at:
            left = m.end()
        elif m.start() >= at:
            right = m.start()
            break
    return left, right


def _nearest(
    figure: _Figure, hits: list[Hit], clause: tuple[int, int], clause_only: bool = False
) -> Hit | None:
    def distance(h: Hit) -> int:
        return max(h.start - figure.end, figure.start - h.end, 0)

    in_clause = [h for h in hits if clause[0] <= h.start and h.end <= clause[1]]
    pool = in_clause or ([] if clause_only else hits)
    return min(pool, key=distance, default=None)


def _implied(figure: _Figure) -> str | None:
    if figure.before is None or figure.after is None or figure.before == figure.after:
        return None
    return "down" if figure.after < figure.before else "up"
