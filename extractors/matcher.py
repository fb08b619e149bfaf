"""Find every vocabulary term in a text in one pass, with exact offsets into the original text.

Two Aho-Corasick automata run over length-preserving folds of the text (see ``normalize``): one for
terms matched case-insensitively, one for case-sensitive names and acronyms. Latin-script hits must
sit
on word boundaries (a trailing plural ``s``/``es`` is allowed); Chinese hits must line up with
jieba's
tokens when the caller passes the token boundaries.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from extractors.normalize import fold
from keywords import Vocabulary
from keywords.model import Term
from keywords.pairs import PairWords

PRODUCT, VENDOR, COUNTRY, CITY, CUE, EXCLUDE = (
    "product",
    "vendor",
    "country",
    "city",
    "cue",
    "exclude",
)
WEAK = "weak"  # a product term that counts only beside a product named outright
FUTURE = "future"  # "will", "将": a marker, not a mention


@dataclass(frozen=True)
class Entry:
    kind: str
    # category id, vendor id, country code, city id or cue stage; for EXCLUDE the kind it guards
    label: str
    term: str  # the vocabulary's spelling
    lang: str


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    term: str  # the text as it stands in the document
    start: int
    end: int
    lang: str = "*"
    ambiguous: bool = False


def is_han(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3400" <= ch <= "\u4dbf"


def _is_word(ch: str) -> bool:
    return ch.isalnum() and not is_han(ch)


class Matcher:
    def __init__(
        self,
        entries: Iterable[tuple[Term, Entry]],
        ambiguous: frozenset[str],
        zh_suffixes: frozenset[str] = frozenset(),
    ) -> None:
        self._ambiguous = ambiguous
        self._zh_suffixes = zh_suffixes
        # One automaton over the lower-cased fold; a case-sensitive term sits under its lower-cased
        # key with the exact (case-kept) form it must also match.
        self._automaton = ahocorasick.Automaton()
        exact: dict[str, list[Entry]] = {}
        cased: dict[str, dict[str, list[Entry]]] = {}
        for term, entry in entries:
            key = fold(term.text)
            if term.case_sensitive:
                cased.setdefault(key, {}).setdefault(fold(term.text, lower=False), []).append(entry)
            else:
                exact.setdefault(key, []).append(entry)
        for key in exact.keys() | cased.keys():
            variants = tuple((form, tuple(group)) for form, group in cased.get(key, {}).items())
            self._automaton.add_word(key, (len(key), tuple(exact.get(key, ())), variants))
        self._han_terms = sorted(k for k in exact.keys() | cased.keys() if any(map(is_han, k)))
        self._han_term_set = frozenset(self._han_terms)
        if len(self._automaton):
            self._automaton.make_automaton()

    @property
    def han_terms(self) -> list[str]:
        """The Chinese terms, for jieba's user dictionary."""
        return self._han_terms

    def find(self, text: str, han_boundaries: list[int] | None = None) -> list[Hit]:
        """All hits, overlapping ones resolved per kind (longest first), exclusions applied.

        ``han_boundaries``: the sorted offsets where jieba's tokens start and end, for Chinese text.
        """
        tokens = None
        if han_boundaries is not None:
            tokens = _Tokens(han_boundaries, self._zh_suffixes, self._han_term_set)
        return _resolve(list(self._scan(text, tokens)))

    def _scan(self, text: str, tokens: _Tokens | None) -> Iterator[Hit]:
        if not len(self._automaton):
            return
        for last, (length, entries, variants) in self._automaton.iter(fold(text)):
            start = last - length + 1
            end = _accept(text, start, last + 1, tokens)
            if end < 0 or "\n" in text[start:end]:  # a term never runs across paragraphs
                continue
            matched = list(entries)
            if variants:
                original = fold(text[start : last + 1], lower=False)
                # a name in an all-capitals dateline or headline (QUITO, 15 March) still counts
                shouting = original.isupper() and len(original) > 3
                matched += [
                    e for form, group in variants if form == original or shouting for e in group
                ]
            for entry in matched:
                yield Hit(
                    entry.kind,
                    entry.label,
                    text[start:end],
                    start,
                    end,
                    entry.lang,
                    entry.term in self._ambiguous,
                )


class _Tokens:
    """jieba's token boundaries, and what else may let a term end inside a token."""

    def __init__(self, boundaries: list[int], suffixes: frozenset[str], terms: frozenset[str]):
        self.sorted = boundaries
        self.set = set(boundaries)
        self.suffixes = suffixes
        self.terms = terms

    def accepts(self, text: str, start: int, end: int) -> bool:
        """A Chinese term must start a token and end one; or end where its token only adds a known
        suffix (华为 in 华为公司), or inside a token that is another term of ours (视频监控 in
        视频/监控摄像头: jieba had to choose). 印度 in 印度洋 and 拟 in 模拟 do not count."""
        if start not in self.set:
            return False
        if end in self.set:
            return True
        after = bisect_right(self.sorted, end)
        if after >= len(self.sorted):
            return False
        token_end = self.sorted[after]
        if text[end:token_end] in self.suffixes:
            return True
        token_start = self.sorted[after - 1]
        return text[token_start:token_end] in self.terms


def _accept(text: str, start: int, end: int, tokens: _Tokens | None) -> int:
    """The hit's end (past an accepted plural) if it stands on boundaries; -1 if not."""
    first, last = text[start], text[end - 1]
    if is_han(first) or is_han(last):
        if tokens is None:
            return end
        return end if tokens.accepts(text, start, end) else -1
    if _is_word(first) and start > 0 and _is_word(text[start - 1]):
        return -1
    if not _is_word(last) or end >= len(text) or not _is_word(text[end]):
        return end
    if last.isalpha():
        for suffix in ("s", "es"):
            stop = end + len(suffix)
            if text[end:stop].lower() == suffix and (stop >= len(text) or not _is_word(text[stop])):
                return stop
    return -1


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Longest match wins among overlapping hits of one kind (Papua New Guinea over Guinea); product
    categories overlap freely (video surveillance cameras: video_surveillance and cctv)."""
    excluded = [h for h in hits if h.kind == EXCLUDE]
    kept: list[Hit] = []
    groups: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        if hit.kind != EXCLUDE:
            per_label = hit.kind in (PRODUCT, WEAK)
            groups.setdefault((hit.kind, hit.label if per_label else ""), []).append(hit)
    for (kind, _label), group in groups.items():
        guards = [h for h in excluded if h.label.partition(":")[0] == kind]
        group.sort(key=lambda h: (h.start, -(h.end - h.start)))
        taken: tuple[int, int] = (-1, -1)
        labels: set[str] = set()
        for hit in group:
            if any(_guards(g, hit) for g in guards):
                continue
            if (hit.start, hit.end) == taken:
                # the same span under another label (Santiago, CL or DO) is kept for the places step
                if hit.label not in labels:
                    labels.add(hit.label)
                    kept.append(hit)
                continue
            if hit.start < taken[1]:
                continue
            taken, labels = (hit.start, hit.end), {hit.label}
            kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.kind, h.label))
    return kept


def _guards(guard: Hit, hit: Hit) -> bool:
    """An exclude drops the hits it overlaps: all of its kind, or one label's (``cue:signed``)."""
    _kind, _, label = guard.label.partition(":")
    return guard.start < hit.end and hit.start < guard.end and label in ("", hit.label)


def _entries(vocabulary: Vocabulary) -> Iterator[tuple[Term, Entry]]:
    for category in vocabulary.categories:
        for term in category.terms:
            yield term, Entry(PRODUCT, category.id, term.text, term.lang)
        for term in category.exclude:
            yield term, Entry(EXCLUDE, PRODUCT, term.text, term.lang)
            yield term, Entry(EXCLUDE, WEAK, term.text, term.lang)
        for term in category.weak:
            yield term, Entry(WEAK, category.id, term.text, term.lang)
    for vendor in vocabulary.vendors:
        for term in vendor.terms:
            yield term, Entry(VENDOR, vendor.id, term.text, term.lang)
        for term in vendor.exclude:
            yield term, Entry(EXCLUDE, VENDOR, term.text, term.lang)
    for cue in vocabulary.cues:
        for term in cue.terms:
            yield term, Entry(CUE, cue.stage, term.text, term.lang)
        for term in cue.exclude:  # guards its own stage only: "will be installed" stays proposed
            yield term, Entry(EXCLUDE, f"{CUE}:{cue.stage}", term.text, term.lang)
    for term in vocabulary.future:
        yield term, Entry(FUTURE, "future", term.text, term.lang)
    for country in vocabulary.countries:
        for term in country.terms:
            yield term, Entry(COUNTRY, country.code, term.text, term.lang)
    for city in vocabulary.cities:
        for term in city.terms:
            yield term, Entry(CITY, city.id, term.text, term.lang)


def build_matcher(vocabulary: Vocabulary) -> Matcher:
    return Matcher(_entries(vocabulary), vocabulary.ambiguous, vocabulary.zh_token_suffixes)


def build_claims_matcher(vocabulary: Vocabulary) -> Matcher:
    """Metric names and direction words, for benefit claims."""
    entries: list[tuple[Term, Entry]] = []
    for metric in vocabulary.metrics:
        entries += [(t, Entry("metric", metric.id, t.text, t.lang)) for t in metric.terms]
    for way, terms in vocabulary.directions.items():
        entries += [(t, Entry("direction", way, t.text, t.lang)) for t in terms]
    return Matcher(entries, frozenset(), vocabulary.zh_token_suffixes)


def build_marker_matcher(words: PairWords, zh_suffixes: frozenset[str]) -> Matcher:
    """Negation, speculation, bid … markers (``keywords/pairs.toml``), each under its kind."""
    entries = [
        (t, Entry("marker", kind, t.text, t.lang)) for kind, terms in words.markers for t in terms
    ]
    entries += [(t, Entry(EXCLUDE, "marker", t.text, t.lang)) for t in words.exclude]
    return Matcher(entries, frozenset(), zh_suffixes)
