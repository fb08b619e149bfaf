"""The vocabulary's typed shape: what the loader returns and the extractors consume."""

from __future__ import annotations

from dataclasses import dataclass, field

# Serbian (sr) is written in Cyrillic and Latin; Indonesian (id) terms serve Malay too (the two
# share their technical and official vocabulary; language detection tells them apart, ms).
# In the TOML files Indonesian/Malay terms sit under ``id_ms``: ``id`` is the tables' own key.
# Japanese (ja) is written without spaces: its terms match like Chinese ones, kana words as wholes
# (extractors/matcher.py).
# Korean (ko) attaches its particles to the noun (화웨이가, 감시카메라를): its terms are stems
# (keywords/matching.toml, [inflection.ko]).
# Polish (pl) and Slovenian (sl) decline like Russian and Serbian: their terms are mostly stems.
LANGUAGES = (
    "en",
    "zh",
    "fr",
    "es",
    "pt",
    "ru",
    "ar",
    "de",
    "it",
    "tr",
    "sr",
    "id",
    "vi",
    "ja",
    "ko",
    "pl",
    "sl",
)


def toml_key(lang: str) -> str:
    """The key a language's terms are listed under in the vocabulary files."""
    return "id_ms" if lang == "id" else lang


STAGES = ("proposed", "signed", "deployed")
CATEGORY_IDS = (
    "safe_city",
    "facial_recognition",
    "license_plate_recognition",
    "command_center",
    "cctv",
    "video_surveillance",
    "crowd_monitoring",
    "situational_awareness",
    "noise_detection",
    "abandoned_object",
    "social_media_monitoring",
)
SITE_KINDS = ("government", "vendor", "ngo", "media", "archive")


@dataclass(frozen=True)
class Term:
    """One string to look for. ``lang`` is a language code, or ``*`` for names used in every
    language."""

    text: str
    lang: str
    case_sensitive: bool = False


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()
    # terms that count only on a page that names some Safe City product outright ("cameras")
    weak: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    country: str
    focus: bool
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Cue:
    stage: str
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    terms: tuple[Term, ...]
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class City:
    id: str
    name: str
    country: str
    lat: float
    lon: float
    terms: tuple[Term, ...]
    population: int = 0


@dataclass(frozen=True)
class Metric:
    """A quantity benefit claims are made about (crime, response time …)."""

    id: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class SiteRule:
    kind: str
    suffixes: tuple[str, ...]


@dataclass(frozen=True)
class SiteKinds:
    weights: dict[str, float]
    rules: tuple[SiteRule, ...]
    default: str = "media"


@dataclass(frozen=True)
class Vocabulary:
    categories: tuple[Category, ...]
    vendors: tuple[Vendor, ...]
    cues: tuple[Cue, ...]
    countries: tuple[Country, ...]
    cities: tuple[City, ...]
    site_kinds: SiteKinds
    # Names that are also common words or other places; matched only with supporting context.
    ambiguous: frozenset[str] = field(default_factory=frozenset)
    # What may follow a Chinese term inside one jieba token (华为 + 公司).
    zh_token_suffixes: frozenset[str] = field(default_factory=frozenset)
    # The katakana words that may follow a katakana term inside one katakana word
    # (セーフシティ + プロジェクト); any other katakana after it makes it part of a longer
    # word (インド in インドネシア).
    katakana_heads: frozenset[str] = field(default_factory=frozenset)
    metrics: tuple[Metric, ...] = ()
    # "down" and "up": the words that say which way a metric moved
    directions: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    # per language, the head words of institutions (Ministry, ministère, 公安部 …)
    counterpart_heads: tuple[tuple[str, tuple[str, ...]], ...] = ()
    currencies: tuple[tuple[str, str], ...] = ()  # word or symbol, ISO 4217 code
    future: tuple[Term, ...] = ()  # "will", "将": what follows them has not happened yet
    scales: tuple[tuple[str, float], ...] = ()  # million, milliards, 亿 …
    # per language, the endings a stem term (``видеонаблюдени*``) accepts and how many may chain
    inflections: dict[str, tuple[tuple[str, ...], int]] = field(default_factory=dict)

    def vendor(self, vendor_id: str) -> Vendor | None:
        return next((v for v in self.vendors if v.id == vendor_id), None)

    def country(self, code: str) -> Country | None:
        return next((c for c in self.countries if c.code == code), None)
