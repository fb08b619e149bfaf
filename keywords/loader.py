"""Read and validate every vocabulary file once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from keywords.model import (
    CATEGORY_IDS,
    LANGUAGES,
    SITE_KINDS,
    STAGES,
    Category,
    Cue,
    Metric,
    SiteKinds,
    SiteRule,
    Term,
    Vendor,
    Vocabulary,
    toml_key,
)
from keywords.places import load_cities, load_countries
from keywords.tomlfile import TomlFile

HERE = Path(__file__).resolve().parent
REQUIRED_LANGUAGES = LANGUAGES
TERM_LANGUAGES = LANGUAGES
STEM = "*"  # a trailing star marks a stem: its language's endings may follow (matching.toml)


def _strings(file: TomlFile, table: str, index: int, entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        line = file.value_line(table, index, f"{key} =")
        raise file.error(line, f"{table} {_name(entry)}: '{key}' must be a list of strings")
    for text in value:
        if not text.strip(STEM).strip():
            line = file.value_line(table, index, f"{key} =")
            raise file.error(line, f"{table} {_name(entry)}: empty term in '{key}'")
        inner = text[:-1].count(STEM)
        misplaced = inner > 2 or inner > text.count(STEM + " ")
        if (STEM in text and key not in map(toml_key, LANGUAGES)) or misplaced:
            line = file.value_line(table, index, text)
            raise file.error(
                line,
                f"{table} {_name(entry)}: {text!r}: a stem's '*' ends a word (at most two inner "
                "ones) of a term listed under its language",
            )
    return value


def _name(entry: dict[str, Any]) -> str:
    return repr(entry.get("id") or entry.get("stage") or entry.get("name") or "?")


def _terms(file: TomlFile, table: str, index: int, entry: dict[str, Any]) -> tuple[Term, ...]:
    terms = [
        Term(t, lang)
        for lang in TERM_LANGUAGES
        for t in _strings(file, table, index, entry, toml_key(lang))
    ]
    terms += [Term(t, "*") for t in _strings(file, table, index, entry, "names")]
    terms += [Term(t, "*", True) for t in _strings(file, table, index, entry, "acronyms")]
    return tuple(terms)


def _exclude(file: TomlFile, table: str, index: int, entry: dict[str, Any]) -> tuple[Term, ...]:
    return tuple(Term(t, "*") for t in _strings(file, table, index, entry, "exclude"))


def _require(file: TomlFile, table: str, index: int, entry: dict[str, Any], key: str) -> Any:
    if key not in entry:
        raise file.error(file.entry_line(table, index), f"{table} {_name(entry)}: missing '{key}'")
    return entry[key]


def _require_languages(file: TomlFile, table: str, index: int, entry: dict[str, Any]) -> None:
    for lang in REQUIRED_LANGUAGES:
        if not entry.get(toml_key(lang)):
            raise file.error(
                file.entry_line(table, index),
                f"{table} {_name(entry)}: no terms for '{toml_key(lang)}'",
            )


def _unique(file: TomlFile, table: str, key: str) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(file.entries(table)):
        value = _require(file, table, index, entry, key)
        if value in seen:
            line = file.value_line(table, index, f"{key} =")
            raise file.error(line, f"{table} {key} {value!r} appears twice")
        seen.add(value)


def load_categories(file: TomlFile) -> tuple[Category, ...]:
    _unique(file, "category", "id")
    out = []
    for index, entry in enumerate(file.entries("category")):
        if entry["id"] not in CATEGORY_IDS:
            line = file.value_line("category", index, "id =")
            raise file.error(line, f"unknown category id {entry['id']!r}; known: {CATEGORY_IDS}")
        _require_languages(file, "category", index, entry)
        label = _require(file, "category", index, entry, "label")
        weak = tuple(Term(t, "*") for t in _strings(file, "category", index, entry, "weak"))
        out.append(
            Category(
                entry["id"],
                label,
                _terms(file, "category", index, entry),
                _exclude(file, "category", index, entry),
                weak,
            )
        )
    missing = set(CATEGORY_IDS) - {c.id for c in out}
    if missing:
        raise file.error(1, f"categories missing: {sorted(missing)}")
    return tuple(out)


def load_vendors(file: TomlFile) -> tuple[Vendor, ...]:
    _unique(file, "vendor", "id")
    out = []
    for index, entry in enumerate(file.entries("vendor")):
        name = _require(file, "vendor", index, entry, "name")
        country = _require(file, "vendor", index, entry, "country")
        if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
            line = file.value_line("vendor", index, "country =")
            raise file.error(line, f"vendor {_name(entry)}: country must be an ISO alpha-2 code")
        terms = _terms(file, "vendor", index, entry)
        if not terms:
            raise file.error(file.entry_line("vendor", index), f"vendor {_name(entry)}: no names")
        out.append(
            Vendor(
                entry["id"],
                name,
                country,
                bool(entry.get("focus", False)),
                terms,
                _exclude(file, "vendor", index, entry),
            )
        )
    return tuple(out)


def load_cues(file: TomlFile) -> tuple[Cue, ...]:
    _unique(file, "cue", "stage")
    out = []
    for index, entry in enumerate(file.entries("cue")):
        if entry["stage"] not in STAGES:
            line = file.value_line("cue", index, "stage =")
            raise file.error(line, f"unknown stage {entry['stage']!r}; known: {STAGES}")
        _require_languages(file, "cue", index, entry)
        out.append(
            Cue(
                entry["stage"],
                _terms(file, "cue", index, entry),
                _exclude(file, "cue", index, entry),
            )
        )
    return tuple(out)


def load_metrics(file: TomlFile) -> tuple[Metric, ...]:
    _unique(file, "metric", "id")
    out = []
    for index, entry in enumerate(file.entries("metric")):
        _require_languages(file, "metric", index, entry)
        out.append(Metric(entry["id"], _terms(file, "metric", index, entry)))
    return tuple(out)


def load_directions(file: TomlFile) -> dict[str, tuple[Term, ...]]:
    table = file.data.get("direction", {})
    out: dict[str, tuple[Term, ...]] = {}
    for way in ("down", "up"):
        words = table.get(way)
        line = file.value_line("direction", 0, f"{way}.")
        if not isinstance(words, dict):
            raise file.error(line, f"direction: give '{way}' words per language")
        terms = []
        for lang in TERM_LANGUAGES:
            values = words.get(toml_key(lang), [])
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise file.error(
                    file.value_line("direction", 0, f"{way}.{toml_key(lang)}"),
                    f"direction.{way}.{toml_key(lang)} must be a list of non-empty strings",
                )
            terms += [Term(v, lang) for v in values]
        out[way] = tuple(terms)
    return out


def load_agreement_words(file: TomlFile) -> dict[str, Any]:
    heads = file.data.get("counterpart", {})
    for lang in TERM_LANGUAGES:
        values = heads.get(toml_key(lang))
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise file.error(
                file.value_line("counterpart", 0, f"{toml_key(lang)} ="),
                f"counterpart.{toml_key(lang)} must be a list of non-empty strings",
            )
    value = file.data.get("value", {})
    pairs: dict[str, type | tuple[type, ...]] = {"currencies": str, "scales": (int, float)}
    out: dict[str, Any] = {
        "counterpart_heads": tuple((k, tuple(heads[toml_key(k)])) for k in TERM_LANGUAGES)
    }
    for key, kind in pairs.items():
        rows = value.get(key)
        if not isinstance(rows, list) or not all(
            isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) and isinstance(r[1], kind)
            for r in rows
        ):
            raise file.error(
                file.value_line("value", 0, f"{key} ="),
                f"value.{key} must be a list of [word, {key[:-1]}] pairs",
            )
        out[key] = tuple((r[0], r[1]) for r in rows)
    return out


def load_inflections(file: TomlFile) -> dict[str, tuple[tuple[str, ...], int]]:
    """``[inflection.<lang>]`` tables: ``endings`` (non-empty strings) and ``chain`` (1-4)."""
    out: dict[str, tuple[tuple[str, ...], int]] = {}
    for lang, table in file.data.get("inflection", {}).items():
        line = file.value_line("inflection", 0, f"[inflection.{lang}]")
        endings, chain = table.get("endings"), table.get("chain", 1)
        if lang not in LANGUAGES:
            raise file.error(line, f"inflection.{lang}: not one of {LANGUAGES}")
        if not isinstance(endings, list) or not all(isinstance(e, str) and e for e in endings):
            raise file.error(line, f"inflection.{lang}.endings must be a list of non-empty strings")
        if not isinstance(chain, int) or not 1 <= chain <= 4:
            raise file.error(line, f"inflection.{lang}.chain must be a whole number from 1 to 4")
        out[lang] = (tuple(endings), chain)
    return out


def _check_stems(vocabulary: Vocabulary, matching: TomlFile) -> None:
    terms = [t for c in vocabulary.categories for t in c.terms]
    terms += [t for v in vocabulary.vendors for t in v.terms]
    terms += [t for c in vocabulary.cues for t in c.terms]
    terms += [t for m in vocabulary.metrics for t in m.terms]
    terms += [t for way in vocabulary.directions.values() for t in way]
    for term in terms:
        if term.text.endswith(STEM) and term.lang not in vocabulary.inflections:
            raise matching.error(
                1, f"stem {term.text!r} ({term.lang}): no [inflection.{term.lang}] endings"
            )


def load_future(file: TomlFile) -> tuple[Term, ...]:
    table = file.data.get("future", {})
    terms = []
    for lang in TERM_LANGUAGES:
        values = table.get(toml_key(lang), [])
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            raise file.error(
                file.value_line("future", 0, f"{toml_key(lang)} ="),
                f"future.{toml_key(lang)} must be a list of non-empty strings",
            )
        terms += [Term(v, lang) for v in values]
    return tuple(terms)


def load_site_kinds(file: TomlFile) -> SiteKinds:
    weights = file.data.get("weights", {})
    for kind in SITE_KINDS:
        if not isinstance(weights.get(kind), int | float):
            raise file.error(
                file.value_line("weights", 0, "[weights]"), f"weights: give a number for '{kind}'"
            )
    rules = []
    for index, entry in enumerate(file.entries("rule")):
        kind = _require(file, "rule", index, entry, "kind")
        if kind not in SITE_KINDS:
            line = file.value_line("rule", index, "kind =")
            raise file.error(line, f"unknown site kind {kind!r}; known: {SITE_KINDS}")
        suffixes = tuple(
            s.lower().lstrip(".") for s in _strings(file, "rule", index, entry, "hosts")
        )
        rules.append(SiteRule(kind, suffixes))
    return SiteKinds({k: float(weights[k]) for k in SITE_KINDS}, tuple(rules))


def _optional(path: Path) -> TomlFile | None:
    return TomlFile.read(path) if path.exists() else None


@lru_cache(maxsize=4)
def load_vocabulary(directory: Path = HERE) -> Vocabulary:
    """The whole vocabulary, validated; cached, so each process reads the files once."""
    places = TomlFile.read(directory / "places.toml")
    cities, capitals = load_cities(places)
    ambiguous = places.data.get("places", {}).get("ambiguous", [])
    matching = TomlFile.read(directory / "matching.toml")
    suffixes = matching.data.get("chinese", {}).get("token_suffixes", [])
    if not isinstance(suffixes, list) or not all(isinstance(x, str) and x for x in suffixes):
        raise matching.error(
            matching.value_line("chinese", 0, "token_suffixes"),
            "chinese.token_suffixes must be a list of non-empty strings",
        )
    heads = matching.data.get("japanese", {}).get("katakana_heads", [])
    if not isinstance(heads, list) or not all(isinstance(x, str) and x for x in heads):
        raise matching.error(
            matching.value_line("japanese", 0, "katakana_heads"),
            "japanese.katakana_heads must be a list of non-empty strings",
        )
    claims = TomlFile.read(directory / "claims.toml")
    cues = TomlFile.read(directory / "cues.toml")
    agreements = load_agreement_words(TomlFile.read(directory / "agreements.toml"))
    vocabulary = Vocabulary(
        categories=load_categories(TomlFile.read(directory / "products.toml")),
        vendors=load_vendors(TomlFile.read(directory / "vendors.toml")),
        cues=load_cues(cues),
        future=load_future(cues),
        countries=load_countries(places, capitals, _optional(directory / "demonyms.toml")),
        cities=cities,
        site_kinds=load_site_kinds(TomlFile.read(directory / "site_kinds.toml")),
        ambiguous=frozenset(ambiguous),
        zh_token_suffixes=frozenset(suffixes),
        katakana_heads=frozenset(heads),
        metrics=load_metrics(claims),
        directions=load_directions(claims),
        inflections=load_inflections(matching),
        **agreements,
    )
    _check_stems(vocabulary, matching)
    return vocabulary
