"""jieba segmentation with our Chinese terms as its user dictionary, loaded once per process."""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba

from extractors.lexicon import default_lexicon

# jieba logs its dictionary loading at DEBUG/INFO on its own logger; keep crawl logs readable.
jieba.setLogLevel(logging.WARNING)
USER_TERM_FREQUENCY = 100_000  # high enough that jieba keeps our terms whole


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in default_lexicon().matcher.han_terms:
        tokenizer.add_word(term, USER_TERM_FREQUENCY)
    return tokenizer


def token_boundaries(text: str) -> list[int]:
    """The sorted offsets where jieba starts or ends a token."""
    bounds: set[int] = set()
    for _word, start, end in _tokenizer().tokenize(text):
        bounds.add(start)
        bounds.add(end)
    return sorted(bounds)


def segment(text: str) -> list[str]:
    return list(_tokenizer().cut(text))
