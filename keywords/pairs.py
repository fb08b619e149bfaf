"""The words that tie a vendor to a place or untie it (``pairs.toml``), validated, read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from keywords.loader import HERE, REQUIRED_LANGUAGES
from keywords.model import Term
from keywords.tomlfile import TomlFile

MARKER_KINDS = (
    "negation",
    "exclusion",
    "speculation",
    "allegation",
    "bid",
    "win",
    "company",
    "anaphor",
    "event",
    "clause",
    "network",
)
EVIDENCE_RULES = ("deal", "deployment", "passing")
_NOT_LANGUAGES = {"kind", "cased", "exclude"}


@dataclass(frozen=True)
class SiteDomains:
    """How a site's country-code domain names its country (``[site_country]``)."""

    generic: frozenset[str] = frozenset()  # codes sold as generic names (.io, .tv)
    national: frozenset[str] = frozenset()  # second levels that keep a code national (com.co)
    aliases: dict[str, str] = field(default_factory=dict)  # domain code -> ISO code (uk -> GB)

    def country(self, host: str) -> str | None:
        """The ISO code a host's domain names, or None (a generic or non-country domain)."""
        labels = host.lower().rstrip(".").split(".")
        code = labels[-1]
        if len(labels) < 2 or len(code) != 2 or not code.isalpha():
            return None
        if code in self.generic and not (len(labels) > 2 and labels[-2] in self.national):
            return None
        return self.aliases.get(code, code).upper()


@dataclass(frozen=True)
class PairWords:
    markers: tuple[tuple[str, tuple[Term, ...]], ...]  # (kind, terms), kinds in MARKER_KINDS
    exclude: tuple[Term, ...]  # phrases inside which no marker counts ("not only")
    rule_weights: dict[str, float]
    homes: dict[str, frozenset[str]]  # a vendor's country -> the places that count as home too
    domains: SiteDomains  # what a site's domain says of its country


def _strings(file: TomlFile, index: int, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        line = file.value_line("marker", index, f"{key} =")
        raise file.error(line, f"marker: '{key}' must be a list of non-empty strings")
    return value


Markers = tuple[tuple[str, tuple[Term, ...]], ...]


def load_markers(file: TomlFile) -> tuple[Markers, tuple[Term, ...]]:
    markers: list[tuple[str, tuple[Term, ...]]] = []
    exclude: list[Term] = []
    seen: set[str] = set()
    for index, entry in enumerate(file.entries("marker")):
        kind = entry.get("kind")
        if kind not in MARKER_KINDS or kind in seen:
            line = file.value_line("marker", index, "kind =")
            raise file.error(line, f"marker kind {kind!r}: not one of {MARKER_KINDS}, or twice")
        seen.add(kind)
        missing = [lang for lang in REQUIRED_LANGUAGES if not entry.get(lang)]
        if missing:
            line = file.entry_line("marker", index)
            raise file.error(line, f"marker {kind!r}: no terms for {', '.join(missing)}")
        terms: list[Term] = []
        for key, value in entry.items():
            if key in _NOT_LANGUAGES:
                continue
            if not (len(key) == 2 and key.isalpha() and key.islower()):
                line = file.value_line("marker", index, f"{key} =")
                raise file.error(line, f"marker {kind!r}: '{key}' is not a language code")
            terms += [Term(t, key) for t in _strings(file, index, key, value)]
        cased = _strings(file, index, "cased", entry.get("cased", []))
        terms += [Term(t, "*", True) for t in cased]
        excluded = _strings(file, index, "exclude", entry.get("exclude", []))
        exclude += [Term(t, "*") for t in excluded]
        markers.append((kind, tuple(terms)))
    absent = set(MARKER_KINDS) - seen
    if absent:
        raise file.error(1, f"marker kinds missing: {sorted(absent)}")
    return tuple(markers), tuple(exclude)


def load_rule_weights(file: TomlFile) -> dict[str, float]:
    table = file.data.get("rule_weights", {})
    for rule in EVIDENCE_RULES:
        if not isinstance(table.get(rule), int | float):
            line = file.value_line("rule_weights", 0, "[rule_weights]")
            raise file.error(line, f"rule_weights: give a number for '{rule}'")
    return {rule: float(table[rule]) for rule in EVIDENCE_RULES}


def load_homes(file: TomlFile) -> dict[str, frozenset[str]]:
    table = file.data.get("home", {})
    out = {}
    for country, places in table.items():
        ok = isinstance(places, list) and all(isinstance(p, str) and len(p) == 2 for p in places)
        if not ok:
            line = file.value_line("home", 0, f"{country} =")
            raise file.error(line, f"home.{country} must be a list of ISO alpha-2 codes")
        out[country] = frozenset(places)
    return out


def load_site_domains(file: TomlFile) -> SiteDomains:
    table = file.data.get("site_country", {})
    lists = {}
    for key in ("generic", "national"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            line = file.value_line("site_country", 0, f"{key} =")
            raise file.error(line, f"site_country.{key} must be a list of domain labels")
        lists[key] = frozenset(v.lower() for v in value)
    aliases = table.get("aliases", {})
    ok = isinstance(aliases, dict) and all(
        isinstance(v, str) and len(v) == 2 and len(k) == 2 for k, v in aliases.items()
    )
    if not ok:
        line = file.value_line("site_country", 0, "aliases =")
        raise file.error(line, "site_country.aliases maps a domain code to an ISO alpha-2 code")
    return SiteDomains(
        lists["generic"], lists["national"], {k.lower(): v.upper() for k, v in aliases.items()}
    )


@lru_cache(maxsize=4)
def load_pair_words(directory: Path = HERE) -> PairWords:
    file = TomlFile.read(directory / "pairs.toml")
    markers, exclude = load_markers(file)
    return PairWords(
        markers, exclude, load_rule_weights(file), load_homes(file), load_site_domains(file)
    )
