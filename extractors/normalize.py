"""Length-preserving folding, so that offsets found in folded text point into the original.

Every character maps to exactly one character: lower case (where that stays one character), accents
stripped from Latin letters (é→e, ç→c), dashes and hyphens read as spaces, any white space as a
space.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_SPACES = "\t\n\r\x0b\x0c\u00a0\u2028\u2029\u3000-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/_"


def _base_letter(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    if len(base) == 1 and base.isascii() and base.isalpha():
        return base
    return ch


@lru_cache(maxsize=2)
def fold_table(lower: bool) -> dict[int, str]:
    """The translation table: Latin-1 Supplement and Latin Extended-A/B letters, dashes, spaces."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        ch = chr(code)
        folded = _base_letter(ch)
        if lower:
            low = folded.lower()
            folded = low if len(low) == 1 else folded
        if folded != ch:
            table[code] = folded
    for ch in _SPACES:
        table[ord(ch)] = " "
    for special, plain in (("ß", "s"), ("æ", "a"), ("Æ", "A"), ("ø", "o"), ("Ø", "O"), ("œ", "o")):
        table[ord(special)] = plain.lower() if lower else plain
    # typographic apostrophes read as the plain one (Côte d’Ivoire)
    table[0x2019] = "'"
    table[0x2018] = "'"
    table.update(traditional_to_simplified())
    return table


@lru_cache(maxsize=1)
def traditional_to_simplified() -> dict[int, str]:
    """OpenCC's t2s conversion, character by character, where it gives one character."""
    chars = [chr(code) for code in range(0x3400, 0xA000)]
    simplified = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(simplified) != len(chars):  # a phrase rule joined lines: keep the plain table
        return {}
    return {ord(t): s for t, s in zip(chars, simplified, strict=True) if t != s and len(s) == 1}


def fold(text: str, *, lower: bool = True) -> str:
    """``text`` folded for matching; ``len(fold(t)) == len(t)`` always."""
    if lower:
        low = text.lower()
        if len(low) != len(text):  # a few characters (İ) lower to two: do those one by one
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        text = low
    return text.translate(fold_table(lower))
