"""Length-preserving folding, so that offsets found in folded text point into the original.

Every character maps to exactly one character: lower case (where that stays one character), accents
stripped from Latin letters (é→e, ç→c, and Vietnamese ế→e, ơ→o), dashes and hyphens read as spaces,
any white space as a space; full-width Latin letters and digits as ASCII ones (Japanese ＣＣＴＶ);
Traditional Chinese read as Simplified; Russian ё as е; Arabic letter variants read as one letter
(see ``ARABIC``).

Known limit: a fold cannot drop characters, so Arabic text written with short-vowel marks (harakat)
or the tatweel stretch (كــاميرا) does not match; news and government prose rarely carries them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

# \n is kept: a paragraph break is never inside a term, so no match runs across one
_SPACES = "\t\r\x0b\x0c\u00a0\u2028\u2029\u3000-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/_"


def _base_letter(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    if len(base) == 1 and base.isascii() and base.isalpha():
        return base
    return ch


# Arabic: hamza seats and the madda on alif read as bare alif (أ إ آ ٱ → ا), alif maqsura as ya
# (ى → ي, Egyptian spelling writes final ي as ى), ta marbuta as ha (ة → ه, often written without
# its dots), the hamza on waw and ya as the bare letter (مسؤول/مسئول), and the Persian/Urdu shapes
# of kaf and ya (ک ی) as the Arabic ones, which they are in text typed on Persian keyboards.
ARABIC = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
}
# Latin letters without a decomposition: Turkish dotless ı, Serbian and Vietnamese đ, Polish ł,
# ß, æ, ø, œ.
_LATIN_SPECIAL = (
    ("ß", "s"),
    ("æ", "a"),
    ("Æ", "A"),
    ("ø", "o"),
    ("Ø", "O"),
    ("œ", "o"),
    ("ı", "i"),
    ("đ", "d"),
    ("Đ", "D"),
    ("ł", "l"),
    ("Ł", "L"),
)


@lru_cache(maxsize=2)
def fold_table(lower: bool) -> dict[int, str]:
    """The translation table: Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional
    (Vietnamese) letters, Cyrillic ё, Arabic letter variants, dashes, spaces."""
    table: dict[int, str] = {}
    for ch in map(chr, (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00))):
        code = ord(ch)
        folded = _base_letter(ch)
        if lower:
            low = folded.lower()
            folded = low if len(low) == 1 else folded
        if folded != ch:
            table[code] = folded
    for ch in _SPACES:
        table[ord(ch)] = " "
    for special, plain in _LATIN_SPECIAL:
        table[ord(special)] = plain.lower() if lower else plain
    table[ord("ё")] = "е"
    table[ord("Ё")] = "е" if lower else "Е"
    table.update((ord(variant), plain) for variant, plain in ARABIC.items())
    # typographic apostrophes read as the plain one (Côte d’Ivoire)
    table[0x2019] = "'"
    table[0x2018] = "'"
    # full-width Latin letters and digits, as Japanese and Chinese text sets them (ＣＣＴＶ, ５Ｇ)
    for code in range(0xFF10, 0xFF5B):
        plain = chr(code - 0xFEE0)
        if plain.isalnum():
            table[code] = plain.lower() if lower else plain
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
