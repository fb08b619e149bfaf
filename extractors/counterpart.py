"""The counterpart of an agreement: the ministry, police, council or authority named with it.

English: capitalised words around a head (Punjab Safe Cities Authority, Ministry of Interior), or a
lower-case head with its complement (the government of Zambia). French, Spanish, Portuguese: the
head and its complement (ministère de la Sécurité et de la Protection civile). Chinese: a place
the page names, then a head (塞尔维亚内务部); a head that names an institution by itself (公安部)
also stands alone, a generic one (警方, 政府) does not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from keywords.model import Vocabulary

_CAP = r"[A-ZÀ-Ý][\w’&.-]*(?:'s)?"
_LINK = (
    r"(?:de la|de l'|de l’|del|de|d'|d’|des|du|da|do|das|dos|y|e|et|para|pour|à la|a la|à|"
    r"della|dello|dell'|dell’|degli|dei|di)"
)
# lower-case words that belong inside Romance institution names
_INNER = (
    r"(?:générale?|nationale?|nacional|federal|fédérale|municipale?|publique|pública|público|"
    r"civile?|intérieure?|interior|interna|interne|sûreté|seguridad|sécurité|segurança|"
    r"protection|protección|proteção|justice|justicia|justiça|défense|defensa|defesa|"
    r"administration|administración|administração|républicaine|popular|poder|relaciones|"
    r"interiores|paz|convivencia|ciudadana|pública|distrital|estatal|policía|polícia|police|"
    r"interno|pubblica|stato|sicurezza|nazionale|locale|municipale)"
)
GENERIC_ZH = frozenset({"警方", "政府", "议会", "管理局", "当局", "警察"})


@lru_cache(maxsize=4)
def _latin_patterns(heads: tuple[tuple[str, tuple[str, ...]], ...]) -> list[re.Pattern[str]]:
    by_lang = dict(heads)
    out = []
    english = "|".join(re.escape(h) for h in sorted(by_lang.get("en", ()), key=len, reverse=True))
    if english:
        out.append(
            re.compile(
                rf"(?:{_CAP}\s+){{0,4}}(?:{english})\b"
                rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,4}})?"
            )
        )
        out.append(re.compile(rf"(?i:{english})\s+of\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,3}}"))
    romance = [h for lang in ("fr", "es", "pt", "it") for h in by_lang.get(lang, ())]
    if romance:
        head = "|".join(re.escape(h) for h in sorted(romance, key=len, reverse=True))
        word = rf"(?:{_CAP}|{_INNER})"
        out.append(
            re.compile(rf"\b(?i:{head})(?:(?:\s+{_LINK})?\s*{word}|,\s*{word}){{1,7}}", re.UNICODE)
        )
    return out


def find_counterpart(sentence: str, vocabulary: Vocabulary, places: list[str]) -> str | None:
    """The first institution named in ``sentence``; ``places`` are the page's place names as they
    stand in its text (for the Chinese form)."""
    found: list[tuple[int, str]] = []
    for pattern in _latin_patterns(vocabulary.counterpart_heads):
        m = pattern.search(sentence)
        if m:
            found.append((m.start(), _trim(m.group(0))))
    by_lang = dict(vocabulary.counterpart_heads)
    # Japanese heads follow their place without a break, as Chinese ones do (ケニア内務省)
    heads = (*by_lang.get("zh", ()), *by_lang.get("ja", ()))
    chinese = _chinese(sentence, heads, places)
    if chinese:
        found.append(chinese)
    found = [(at, phrase) for at, phrase in found if phrase]
    return min(found)[1] if found else None


def _chinese(sentence: str, heads: tuple[str, ...], places: list[str]) -> tuple[int, str] | None:
    if not heads or not any("\u4e00" <= ch <= "\u9fff" for ch in sentence):
        return None
    head = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    han_places = sorted(
        {p for p in places if p and "\u30a1" <= p[0] <= "\u9fff"}, key=len, reverse=True
    )
    if han_places:
        place = "|".join(re.escape(p) for p in han_places)
        m = re.search(rf"(?:{place})[\u4e00-\u9fff]{{0,8}}?(?:{head})", sentence)
        if m:
            return m.start(), m.group(0)
    for m in re.finditer(rf"(?:{head})", sentence):
        if m.group(0) not in GENERIC_ZH:
            return m.start(), m.group(0)
    return None


def _trim(phrase: str) -> str:
    phrase = phrase.strip(" ,.;:")
    phrase = re.sub(r"^(?:The|the)\s+", "", phrase)
    phrase = re.sub(r"^[\w-]+(?:['’]s|['’])\s+", "", phrase)  # Serbia's / Laos' Ministry …
    phrase = re.sub(rf"(?:\s+{_LINK}|,)+$", "", phrase)
    return phrase.strip()
