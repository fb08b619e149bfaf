"""The search queries and focus hints (``queries.toml``), validated against the vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from keywords.loader import load_vocabulary
from keywords.tomlfile import TomlFile

HERE = Path(__file__).resolve().parent
QUERY_LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class SearchQuery:
    """Any vendor name AND any term, in one language."""

    id: str
    language: str
    vendor_names: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class QueryVocabulary:
    queries: tuple[SearchQuery, ...]
    hints: tuple[str, ...]  # focus hints, every language

    def for_language(self, language: str) -> tuple[SearchQuery, ...]:
        return tuple(q for q in self.queries if q.language == language)


def _product_terms(language: str) -> set[str]:
    vocabulary = load_vocabulary()
    return {
        t.text.casefold()
        for c in vocabulary.categories
        for t in c.terms
        if t.lang in (language, "*")
    }


def _vendor_names(file: TomlFile, index: int, language: str) -> tuple[str, ...]:
    ids = file.entries("query")[index].get("vendors", [])
    vendors = {v.id: v for v in load_vocabulary().vendors}
    names: list[str] = []
    for vendor_id in ids:
        if vendor_id not in vendors:
            line = file.value_line("query", index, "vendors =")
            raise file.error(line, f"query: unknown vendor {vendor_id!r} (see vendors.toml)")
        lang = "*" if language == "en" else language
        names += [t.text for t in vendors[vendor_id].terms if t.lang == lang][:1]
    return tuple(names)


def _query(file: TomlFile, index: int, language: str) -> SearchQuery:
    entry = file.entries("query")[index]
    terms = entry.get(language)
    line = file.value_line("query", index, f"{language} =")
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
        raise file.error(line, f"query {entry.get('id')!r}: '{language}' must list terms")
    known = _product_terms(language)
    for term in terms:
        if term.casefold() not in known:
            raise file.error(line, f"query: {term!r} is not a '{language}' term of products.toml")
    names = _vendor_names(file, index, language)
    if not names:
        raise file.error(file.entry_line("query", index), "query: no vendors")
    return SearchQuery(str(entry.get("id", index)), language, names, tuple(terms))


@lru_cache(maxsize=1)
def load_queries(path: Path = HERE / "queries.toml") -> QueryVocabulary:
    """Read and check ``queries.toml`` once; `file:line: problem` when it is wrong."""
    file = TomlFile.read(path)
    queries = [
        _query(file, index, language)
        for index in range(len(file.entries("query")))
        for language in QUERY_LANGUAGES
    ]
    focus = file.data.get("focus", {})
    hints: list[str] = []
    for language in QUERY_LANGUAGES:
        words = focus.get(language, [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise file.error(1, f"focus.{language} must be a list of non-empty strings")
        hints += words
    return QueryVocabulary(tuple(queries), tuple(hints))
