"""The vocabulary with everything built from it that the extractors need, made once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors.matcher import Matcher, build_claims_matcher, build_matcher
from keywords import Vocabulary, load_vocabulary
from keywords.model import City, Country, Vendor


@dataclass(frozen=True, eq=False)
class Lexicon:
    vocabulary: Vocabulary
    matcher: Matcher
    cities: dict[str, City]
    countries: dict[str, Country]
    vendors: dict[str, Vendor]
    claims_matcher: Matcher

    @classmethod
    def build(cls, vocabulary: Vocabulary) -> Lexicon:
        return cls(
            vocabulary,
            build_matcher(vocabulary),
            {c.id: c for c in vocabulary.cities},
            {c.code: c for c in vocabulary.countries},
            {v.id: v for v in vocabulary.vendors},
            build_claims_matcher(vocabulary),
        )

    @property
    def focus_vendors(self) -> frozenset[str]:
        return frozenset(v.id for v in self.vocabulary.vendors if v.focus)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.build(load_vocabulary())
