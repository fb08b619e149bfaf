"""The words that tie a vendor to a place or untie it (``pairs.toml``), validated, read once."""

from __future__ import annotations

from dataclasses import dataclass
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
)
EVIDENCE_RULES = ("deal", "deployment", "passing")
_NOT_LANGUAGES = {"kind", "cased", "exclude"}


@dataclass(frozen=True)
class PairWords:
    markers: tuple[tuple[str, tuple[Term, ...]], ...]  # (kind, terms), kinds in MARKER_KINDS
    exclude: tuple[Term, ...]  # phrases inside which no marker counts ("not only")
    rule_weights: dict[str, float]
    homes: dict[str, frozenset[str]]  # a vendor's country -> the places that count as home too


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


@lru_cache(maxsize=4)
def load_pair_words(directory: Path = HERE) -> PairWords:
    file = TomlFile.read(directory / "pairs.toml")
    markers, exclude = load_markers(file)
    return PairWords(markers, exclude, load_rule_weights(file), load_homes(file))
