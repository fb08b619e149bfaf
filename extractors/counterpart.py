"""The counterpart of an agreement: the ministry, police, council or authority named with it."""

from __future__ import annotations

import re
from functools import lru_cache

from keywords.model import Vocabulary

_CAP = r"[A-ZÀ-Ý][\w'’&.-]*"
_ROMANCE_LINK = r"(?:de la|de l'|de l’|del|de|d'|d’|des|du|da|do|das|dos|y|e|et|para|pour)"


@lru_cache(maxsize=4)
def _patterns(heads: tuple[tuple[str, tuple[str, ...]], ...]) -> list[re.Pattern[str]]:
    by_lang = dict(heads)
    out = []
    english = "|".join(re.escape(h) for h in sorted(by_lang.get("en", ()), key=len, reverse=True))
    if english:
        out.append(
            re.compile(
                rf"(?:(?:{_CAP})\s+){{0,4}}(?:{english})\b"
                rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|&\s+)?{_CAP}){{0,4}})?"
            )
        )
        # lower-case heads need their complement: "the government of Zambia"
        out.append(
            re.compile(rf"(?i:{english})\s+of\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+)?{_CAP}){{0,3}}")
        )
    romance = [h for lang in ("fr", "es", "pt") for h in by_lang.get(lang, ())]
    if romance:
        head = "|".join(re.escape(h) for h in sorted(romance, key=len, reverse=True))
        word = (
            rf"(?:{_CAP}|nacional|nationale|national|federal|fédérale|municipal|municipale|"
            rf"pública|publique|público|intérieur|interior|seguridad|sécurité|segurança)"
        )
        out.append(re.compile(rf"(?i:{head})(?:\s+(?:{_ROMANCE_LINK})\s*{word}|\s+{word}){{1,4}}"))
    chinese = "|".join(re.escape(h) for h in sorted(by_lang.get("zh", ()), key=len, reverse=True))
    if chinese:
        out.append(re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{chinese})"))
    return out


def find_counterpart(sentence: str, vocabulary: Vocabulary, places: list[str]) -> str | None:
    """The first institution named in ``sentence``; for Chinese, the place right before the head
    is kept (塞尔维亚内务部) when it is one of ``places`` (the page's place names)."""
    best: tuple[int, str] | None = None
    for pattern in _patterns(vocabulary.counterpart_heads):
        for m in pattern.finditer(sentence):
            phrase = _trim(m.group(0), places)
            if phrase and (best is None or m.start() < best[0]):
                best = (m.start(), phrase)
            break
    return best[1] if best else None


def _trim(phrase: str, places: list[str]) -> str:
    phrase = phrase.strip(" ,.;:")
    phrase = re.sub(r"^(?:The|the)\s+", "", phrase)
    phrase = re.sub(r"^[\w-]+['’]s\s+", "", phrase)  # Serbia's Ministry of Interior
    if phrase and "\u4e00" <= phrase[0] <= "\u9fff":
        for place in sorted(places, key=len, reverse=True):
            at = phrase.find(place)
            if at >= 0:
                return phrase[at:]
        return phrase[-6:] if len(phrase) > 6 else phrase
    return phrase
