"""How promising a link or a fetched page is, by the vocabulary.

A link, for a focused crawl: product terms (3 points each) and the focus hints of
``keywords/queries.toml`` (1 point each), in the anchor text, the URL's words and the text around
the link. Plain substring matching on casefolded text: a score only orders a crawl.

A page, for a spider that hands pages on by what they say: how many Safe City product terms its
words name, found by the extractors' own matcher (``extractors.lexicon``), so a page is judged by
the rules its analysis will apply: word boundaries, excluded phrases (a phone's "face unlock"), and
weak terms ("cameras") left out. Chinese terms match without jieba's tokens here (loose, and cheap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from crawler.reading import LinkInContext
from extractors.lexicon import default_lexicon
from extractors.matcher import PRODUCT
from keywords import load_vocabulary
from keywords.queries import load_queries

TERM_POINTS, HINT_POINTS = 3, 1
URL_WORDS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class LinkScorer:
    terms: tuple[str, ...]
    hints: tuple[str, ...]

    def score_text(self, text: str) -> int:
        folded = f" {text.casefold()} "
        points = sum(TERM_POINTS for term in self.terms if term in folded)
        return points + sum(HINT_POINTS for hint in self.hints if hint in folded)

    def score(self, link: LinkInContext) -> int:
        """Anchor and URL count fully; the surrounding text adds what they did not say."""
        own = self.score_text(f"{link.text} {url_words(link.url)}")
        around = self.score_text(link.context)
        return own + max(0, around - own) // 2


def product_terms(text: str) -> int:
    """How many Safe City product terms (``keywords/products.toml``, weak ones not counted)
    ``text`` names."""
    return sum(hit.kind == PRODUCT for hit in default_lexicon().matcher.find(text))


def url_words(url: str) -> str:
    """The words of the URL's last path segment and query: ``/en/safe-city_solutions/`` →
    ``safe city solutions``. Folders are left out: a section's name says nothing of each page in
    it (``/procurement/school-meals.html``)."""
    parts = urlsplit(url)
    segment = [s for s in parts.path.split("/") if s][-1:] or [""]
    return URL_WORDS.sub(" ", unquote(segment[0] + " " + parts.query)).strip()


def _folded(term: str) -> str:
    term = term.casefold()
    return f" {term} " if term.isascii() and len(term) <= 4 else term


@lru_cache(maxsize=1)
def default_scorer() -> LinkScorer:
    vocabulary = load_vocabulary()
    terms = {_folded(t.text) for c in vocabulary.categories for t in c.terms}
    hints = {_folded(h) for h in load_queries().hints}
    return LinkScorer(tuple(sorted(terms)), tuple(sorted(hints - terms)))
