"""The vocabulary with everything built from it that the extractors need, made once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors.matcher import Matcher, build_claims_matcher, build_marker_matcher, build_matcher
from keywords import Vocabulary, load_vocabulary
from keywords.model import City, Country, Vendor
from keywords.pairs import PairWords, load_pair_words


@dataclass(frozen=True, eq=False)
class Lexicon:
    vocabulary: Vocabulary
    matcher: Matcher
    cities: dict[str, City]
    countries: dict[str, Country]
    vendors: dict[str, Vendor]
    claims_matcher: Matcher
    pair_words: PairWords
    marker_matcher: Matcher  # negation, speculation, bid … (keywords/pairs.toml)

    @classmethod
    def build(cls, vocabulary: Vocabulary, pair_words: PairWords | None = None) -> Lexicon:
        pair_words = pair_words or load_pair_words()
        return cls(
            vocabulary,
            build_matcher(vocabulary),
            {c.id: c for c in vocabulary.cities},
            {c.code: c for c in vocabulary.countries},
            {v.id: v for v in vocabulary.vendors},
            build_claims_matcher(vocabulary),
            pair_words,
            build_marker_matcher(pair_words, vocabulary),
        )

    @property
    def focus_vendors(self) -> frozenset[str]:
        return frozenset(v.id for v in self.vocabulary.vendors if v.focus)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.build(load_vocabulary())
