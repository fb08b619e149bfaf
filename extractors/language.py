"""Language identification: the script decides where it can, langdetect (seeded) otherwise, and a
small post-step tells apart the languages langdetect does not know.

langdetect has no Serbian and no Malay: Serbian Cyrillic comes back as mk, bg or ru, Serbian Latin
as hr, sl or bs, Malay as id. ``_refine`` looks at what a reader of those languages would look at:

- Cyrillic: the letters only one of the alphabets has (Serbian ђ ћ, Macedonian ќ ѓ ѕ, Russian ы э,
  Ukrainian і ї є ґ), and, when only the shared ј љ њ џ are there, the copula and prepositions
  (Serbian је, у, са, Macedonian е, во, со);
- Latin South Slavic: Serbian ekavian and Serbian-only words (vreme, mesec, posle, takođe, opština,
  hiljada, saradnja, saopšteno; the ijekavian bezbjednost of Montenegro) against their Croatian
  ijekavian or lexical twins (vrijeme, mjesec, poslije, također, općina, tisuća, suradnja,
  priopćeno, tvrtka) and the Slovene function words (in, ki, tudi, lahko, so, v, z, še, kot);
- Malay against Indonesian: the everyday words that differ (kerajaan/pemerintah, kerana/karena,
  polis/polisi, wang/uang, sahaja/saja, boleh/bisa, iaitu/yaitu, bandar/kota).
"""

from __future__ import annotations

import re
from collections import Counter

from langdetect import DetectorFactory, LangDetectException, detector_factory

from extractors.matcher import is_han, is_hangul

DetectorFactory.seed = (
    0  # langdetect is random unless seeded; the same text must give the same answer
)
SAMPLE = 600  # characters; see TRIALS
# langdetect averages 7 random trials over the whole text. 3 trials over the first 600 characters
# gave the same answer on 1,345 of the 1,350 real corpus pages with text, at a fraction of the cost;
# 1 trial (seeded) gave the same answers as 3 on all 1,350 and on the 350 pages of the development
# set in 30 languages, in 57 % of the time.
TRIALS = 1


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff"


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code (``zh`` for any Chinese), or None when there is too little text to tell."""
    sample = text[:SAMPLE]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 20:
        return None
    han = sum(1 for c in letters if is_han(c))
    if han / len(letters) > 0.3:
        kana = sum(1 for c in letters if _is_kana(c))
        return "ja" if kana > han / 10 else "zh"
    if sum(1 for c in letters if is_hangul(c)) / len(letters) > 0.3:
        return "ko"
    try:
        detector_factory.init_factory()
        detector = detector_factory._factory.create()
        detector.n_trial = TRIALS
        detector.append(sample)
        code: str = detector.detect()
    except LangDetectException:
        return None
    return "zh" if code.startswith("zh") else _refine(code, sample)


_CYRILLIC_CODES = frozenset({"ru", "bg", "mk", "sr", "uk"})
_SOUTH_SLAVIC_LATIN = frozenset({"hr", "sl", "bs", "sr", "sk", "cs"})
_MALAY_INDONESIAN = frozenset({"id", "ms", "tl"})
_WORD = re.compile(r"\w+")
# Word beginnings (a word counts when it starts with one). The lexical differences weigh twice the
# ekavian/ijekavian ones: Montenegrin and Bosnian Serbian are ijekavian too (bezbjednost, opština).
_SERBIAN_WORDS = (
    "takođe",
    "takodje",
    "opšt",
    "hiljad",
    "sarađ",
    "saradnj",
    "bezbedn",
    "bezbjedn",
    "saobraćaj",
    "saopšt",
    "uslov",
    "uticaj",
    "beograd",
)
_CROATIAN_WORDS = (
    "također",
    "općin",
    "opće",
    "opći",
    "tisuć",
    "surađ",
    "suradnj",
    "sustav",
    "promet",
    "priopć",
    "tvrtk",
    "uvjet",
    "utjecaj",
    "tjedan",
    "tko",
    "zagreb",
)
_EKAVIAN = (
    "vreme",
    "mesto",
    "mesta",
    "uvek",
    "gde",
    "deo",
    "dela",
    "primen",
    "nedelj",
    "mesec",
    "posle",
    "cena",
    "cene",
    "mera",
    "mere",
    "dete",
    "reč",
)
_IJEKAVIAN = (
    "vrijeme",
    "mjest",
    "uvijek",
    "gdje",
    "dio",
    "primjen",
    "mjesec",
    "poslije",
    "prije",
    "cijen",
    "mjer",
    "dijete",
)
_SLOVENE = frozenset(
    (
        "in",
        "ki",
        "tudi",
        "lahko",
        "so",
        "bo",
        "bodo",
        "vendar",
        "že",
        "ter",
        "zato",
        "kjer",
        # Slovene prepositions, dual, particles and pronouns that Serbian and Croatian write
        # otherwise (u, sa, su, još, kao, jer, sam, vrlo): a Slovene page on Belgrade names Beograd
        # and mesto (city; Serbian ekavian "place") too, so these must outweigh them
        "v",
        "z",
        "sta",
        "še",
        "kot",
        "ker",
        "jih",
        "sem",
        "smo",
        "zelo",
        "oziroma",
        "lani",
        "zdaj",
        "naj",
    )
)
# Slovene markers that are Czech and Slovak words too (v, z, že, jih "south", sem "here"): they do
# not turn a page langdetect reads as Czech or Slovak into Slovene.
_CZECH_SLOVAK_TOO = frozenset(("v", "z", "že", "jih", "sem"))
# Serbian markers that are Slovene words as well: mesto (city), vreme (weather), cena (price), mera
# (measure), Beograd and its cases.
_SLOVENE_TOO = frozenset(
    (
        "mesto",
        "mesta",
        "vreme",
        "cena",
        "cene",
        "mera",
        "mere",
        "beograd",
        "beogradu",
        "beograda",
        "beogradom",
    )
)
_MALAY = frozenset(
    (
        "kerajaan",
        "kerana",
        "sahaja",
        "wang",
        "polis",
        "boleh",
        "iaitu",
        "bandar",
        "daripada",
        "selepas",
        "baharu",
        "jabatan",
        "negeri",
        "mahkamah",
        "memeterai",
        "persefahaman",
        "dilancarkan",
        "beliau",
    )
)
_INDONESIAN = frozenset(
    (
        "pemerintah",
        "karena",
        "saja",
        "uang",
        "polisi",
        "bisa",
        "yaitu",
        "kota",
        "setelah",
        "baru",
        "dinas",
        "kabupaten",
        "kepolisian",
        "pengadilan",
        "mengatakan",
    )
)


def _refine(code: str, sample: str) -> str:
    """langdetect's answer, corrected to Serbian or Malay where the text shows it (see above)."""
    if code in _CYRILLIC_CODES:
        return _cyrillic(code, sample.lower())
    if code in _SOUTH_SLAVIC_LATIN:
        words = Counter(_WORD.findall(sample.lower()))
        serbian = 2 * _starts(words, _SERBIAN_WORDS) + _starts(words, _EKAVIAN)
        croatian = 2 * _starts(words, _CROATIAN_WORDS) + _starts(words, _IJEKAVIAN)
        slovene = _score(words, _SLOVENE - _CZECH_SLOVAK_TOO if code in ("cs", "sk") else _SLOVENE)
        # Slovene writes some of the Serbian markers too (mesto is its city, Beograd its Belgrade)
        shared = Counter({w: n for w, n in words.items() if w in _SLOVENE_TOO})
        not_slovene = serbian - 2 * _starts(shared, _SERBIAN_WORDS) - _starts(shared, _EKAVIAN)
        if slovene > max(not_slovene, croatian):
            return "sl"
        if serbian > croatian:
            return "sr"
        return "hr" if croatian else code
    if code in _MALAY_INDONESIAN:
        words = Counter(_WORD.findall(sample.lower()))
        malay, indonesian = _score(words, _MALAY), _score(words, _INDONESIAN)
        return "ms" if malay > indonesian else "id"
    return code


def _score(words: Counter[str], markers: frozenset[str]) -> int:
    return sum(n for w, n in words.items() if w in markers)


def _starts(words: Counter[str], beginnings: tuple[str, ...]) -> int:
    return sum(n for w, n in words.items() if w.startswith(beginnings))


def _cyrillic(code: str, text: str) -> str:
    def has(letters: str) -> int:
        return sum(text.count(ch) for ch in letters)

    if has("ђћ") and not has("ыэ"):
        return "sr"
    if has("ќѓѕ"):
        return "mk"
    if has("ыэ"):
        return "ru"
    if has("іїєґ"):
        return "uk"
    if has("јљњџ"):
        words = Counter(_WORD.findall(text))
        serbian = words["је"] + words["у"] + words["са"] + words["ће"]
        macedonian = words["е"] + words["во"] + words["со"] + words["ќе"]
        return "sr" if serbian > macedonian else "mk" if macedonian > serbian else code
    return code
