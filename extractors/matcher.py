"""Find every vocabulary term in a text in one pass, with exact offsets into the original text.

Two Aho-Corasick automata run over length-preserving folds of the text (see ``normalize``): one for
terms matched case-insensitively, one for case-sensitive names and acronyms. Latin-script hits must
sit on word boundaries (a trailing plural ``s``/``es`` is allowed); Chinese hits must line up with
jieba's tokens when the caller passes the token boundaries.

Two rules serve the inflected languages, each a closed list a linguist can read:

- a term written with a trailing ``*`` is a stem (``видеонаблюдени*``, ``kamera*``, ``كاميرا*``): it
  matches when one of its language's endings (``keywords/matching.toml``, ``[inflection.<lang>]``),
  or a chain of up to ``chain`` of them, follows it up to a word boundary; the empty ending counts,
  so the stem itself matches too. A ``*`` that ends an inner word of a phrase (``безопасн* город*``,
  ``распознавани* лиц``) takes one ending of the same list; those forms are spelled out when the
  matcher is built (at most two inner stems a term), so the scan stays one pass;
- an Arabic-script term may be preceded, inside its word, by the proclitics و ف ب ك ل and the
  article ال in their usual combinations (والكاميرات, بالمدينة, للمراقبة): ``PROCLITICS``.

Japanese is written without spaces, in kanji, hiragana and katakana. Its kanji line up with jieba's
tokens as Chinese does (jieba cuts kana one character a token, so a particle after a term
always ends it: 監視カメラを, ファーウェイは). A term that starts or ends with katakana must be
a whole katakana word besides: インド is not India inside インドネシア, nor カメラ a camera
inside カメラマン; a katakana head listed in ``keywords/matching.toml`` (``[japanese]
katakana_heads``) may follow it inside the word (セーフシティ + プロジェクト, 監視カメラ +
システム).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from extractors.normalize import fold
from keywords import LANGUAGES, Vocabulary
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
STEM = "*"  # a trailing star marks a term as a stem (see the module docstring)


def _proclitics() -> frozenset[str]:
    """و/ف (and, so) + ب/ك/ل (in, as, for) + ال (the); ل + ال is written لل."""
    out = set()
    for conjunction in ("", "و", "ف"):
        for preposition in ("", "ب", "ك", "ل"):
            for article in ("", "ال"):
                joined = preposition + article
                out.add(conjunction + ("لل" if joined == "لال" else joined))
    out.discard("")
    return frozenset(out)


PROCLITICS = _proclitics()


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


_HAN = re.compile("[\u2e80-\u9fff\uf900-\ufaff\u3400-\u4dbf]")


def is_han(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3400" <= ch <= "\u4dbf"


def _is_word(ch: str) -> bool:
    return ch.isalnum() and not is_han(ch)


def is_katakana(ch: str) -> bool:
    """A katakana letter or the long-vowel mark ー (not the middle dot ・, which separates
    words)."""
    return "\u30a1" <= ch <= "\u30fa" or ch == "\u30fc"


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7af"


def _script_break(a: str, b: str) -> bool:
    """Korean writes its particles and nouns onto Latin words without a space (CCTV를, Huawei는,
    AI카메라): a change between Hangul and another script is a word boundary."""
    return is_hangul(a) != is_hangul(b)


def is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


@dataclass(frozen=True)
class Inflection:
    """A language's endings (folded, as the text is) and how many may follow each other."""

    endings: tuple[str, ...]
    chain: int = 1

    def ends(self, folded: str, end: int) -> int:
        """The farthest word boundary reachable from ``end`` through at most ``chain`` endings;
        -1 if none."""
        reach, frontier = [end], [end]
        for _ in range(self.chain):
            frontier = [
                p + len(e) for p in frontier for e in self.endings if folded.startswith(e, p)
            ]
            if not frontier:
                break
            reach += frontier
        stops = [p for p in reach if p >= len(folded) or not _is_word(folded[p])]
        return max(stops, default=-1)


class Matcher:
    def __init__(
        self,
        entries: Iterable[tuple[Term, Entry]],
        ambiguous: frozenset[str],
        zh_suffixes: frozenset[str] = frozenset(),
        inflections: dict[str, Inflection] | None = None,
        katakana_heads: frozenset[str] = frozenset(),
    ) -> None:
        self._ambiguous = ambiguous
        self._zh_suffixes = zh_suffixes
        self._katakana_heads = tuple(sorted(katakana_heads))
        inflections = inflections or {}
        # One automaton over the lower-cased fold; a case-sensitive term sits under its lower-cased
        # key with the exact (case-kept) form it must also match. A stem sits under its key with
        # its language's inflection (and its case-kept form, or None).
        self._automaton = ahocorasick.Automaton()
        exact: dict[str, list[Entry]] = {}
        cased: dict[str, dict[str, list[Entry]]] = {}
        stems: dict[str, dict[tuple[str, str | None], list[Entry]]] = {}
        for term, entry in entries:
            for text in _spelled_out(term, inflections):
                key = fold(text.removesuffix(STEM))
                if text.endswith(STEM) and len(text) > 1:
                    for form in _stem_forms(text[:-1], term.case_sensitive):
                        stems.setdefault(key, {}).setdefault((term.lang, form), []).append(entry)
                elif term.case_sensitive:
                    cased.setdefault(key, {}).setdefault(fold(text, lower=False), []).append(entry)
                else:
                    exact.setdefault(key, []).append(entry)
        for key in exact.keys() | cased.keys() | stems.keys():
            variants = tuple((form, tuple(group)) for form, group in cased.get(key, {}).items())
            inflected = tuple(
                (inflections.get(lang, _NO_ENDINGS), form, tuple(group))
                for (lang, form), group in stems.get(key, {}).items()
            )
            value = (len(key), tuple(exact.get(key, ())), variants, inflected)
            self._automaton.add_word(key, value)
        keys = exact.keys() | cased.keys() | stems.keys()
        self._han_terms = sorted(k for k in keys if _HAN.search(k))
        self._han_term_set = frozenset(self._han_terms)
        if len(self._automaton):
            self._automaton.make_automaton()

    @property
    def han_terms(self) -> list[str]:
        """The Chinese terms, for jieba's user dictionary."""
        return self._han_terms

    def find(
        self, text: str, han_boundaries: list[int] | None = None, *, language: str | None = None
    ) -> list[Hit]:
        """All hits, overlapping ones resolved per kind (longest first), exclusions applied.

        ``han_boundaries``: the sorted offsets where jieba's tokens start and end, for Chinese text.
        ``language``: the page's language, when known; future markers are short function words, so
        only the page's own count (folded, French "va" and Portuguese "vai", "vão" are Vietnamese
        "và" (and), "vai", "vào" (into)). Product, vendor, place and cue terms are long enough to
        stay language-free.
        """
        tokens = None
        if han_boundaries is not None:
            tokens = _Tokens(han_boundaries, self._zh_suffixes, self._han_term_set)
        hits = self._scan(text, tokens)
        own = "id" if language == "ms" else language
        if own in LANGUAGES:  # a language the vocabulary has no markers for keeps them all
            hits = (h for h in hits if h.kind != FUTURE or h.lang in (own, "*"))
        return _resolve(list(hits))

    def _scan(self, text: str, tokens: _Tokens | None) -> Iterator[Hit]:
        if not len(self._automaton):
            return
        folded = fold(text)
        for last, (length, entries, variants, stems) in self._automaton.iter(folded):
            start = last - length + 1
            if not _starts_word(text, folded, start):
                continue
            if entries or variants:
                end = _accept(text, start, last + 1, tokens, self._katakana_heads)
                if end >= 0:
                    yield from self._hits(text, start, end, last + 1, entries, variants)
            for inflection, form, group in stems:
                end = inflection.ends(folded, last + 1)
                if end < 0:
                    continue
                if form is None or form == fold(text[start : last + 1], lower=False):
                    yield from self._hits(text, start, end, last + 1, group, ())

    def _hits(
        self,
        text: str,
        start: int,
        end: int,
        stop: int,
        entries: tuple[Entry, ...],
        variants: tuple[tuple[str, tuple[Entry, ...]], ...],
    ) -> Iterator[Hit]:
        matched = list(entries)
        if variants:
            original = fold(text[start:stop], lower=False)
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


_NO_ENDINGS = Inflection(())
_TATWEEL = "\u0640"
_INNER_STEM = STEM + " "


def _spelled_out(term: Term, inflections: dict[str, Inflection]) -> list[str]:
    """The term's spellings: each inner ``stem* `` replaced by the stem plus each ending of the
    term's language (or none); a trailing ``*`` is kept for the scan."""
    forms = [term.text]
    if _INNER_STEM not in term.text:
        return forms
    endings = ("", *inflections.get(term.lang, _NO_ENDINGS).endings)
    while any(_INNER_STEM in f for f in forms):
        forms = [
            head + ending + " " + tail
            for head, _, tail in (f.partition(_INNER_STEM) for f in forms)
            for ending in endings
        ]
    return forms


def _stem_forms(stem: str, case_sensitive: bool) -> list[str | None]:
    """The case-kept forms a stem must match: none for a case-insensitive stem; for a name, as
    written and, like whole names, in capitals (a dateline: БЕОГРАД —)."""
    if not case_sensitive:
        return [None]
    kept = fold(stem, lower=False)
    return [kept, kept.upper()] if len(kept) > 3 and kept.upper() != kept else [kept]


def _starts_word(text: str, folded: str, start: int) -> bool:
    """A hit starts a word, or (Arabic) follows only proclitics inside it; Chinese is left to
    the token check."""
    first = text[start]
    if start == 0 or is_han(first) or not _is_word(first) or not _is_word(text[start - 1]):
        return True
    if _script_break(text[start - 1], first):
        return True
    if not is_arabic(first):
        return False
    begin = start
    while begin > 0 and start - begin < 5 and _is_word(text[begin - 1]):
        begin -= 1
    # a proclitic may be drawn out with a tatweel before the word (بـالمدينة, لـهواوي)
    prefix = folded[begin:start].rstrip(_TATWEEL)
    return (begin == 0 or not _is_word(text[begin - 1])) and prefix in PROCLITICS


def _whole_katakana(text: str, start: int, end: int, heads: tuple[str, ...]) -> bool:
    """A term's katakana edges are its word's: no katakana before its first one, and none after
    its last one unless a listed head starts there (see the module docstring)."""
    if start > 0 and is_katakana(text[start]) and is_katakana(text[start - 1]):
        return False
    if end < len(text) and is_katakana(text[end - 1]) and is_katakana(text[end]):
        return text.startswith(heads, end)
    return True


def _accept(
    text: str, start: int, end: int, tokens: _Tokens | None, heads: tuple[str, ...] = ()
) -> int:
    """The hit's end (past an accepted plural) if it ends on a boundary; -1 if not. (The start
    is checked by ``_starts_word``.)"""
    first, last = text[start], text[end - 1]
    if is_han(first) or is_han(last):
        if not _whole_katakana(text, start, end, heads):
            return -1
        if tokens is None:
            return end
        return end if tokens.accepts(text, start, end) else -1
    if not _is_word(last) or end >= len(text) or not _is_word(text[end]):
        return end
    if _script_break(last, text[end]):
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
    """An exclude drops the hits it overlaps: all of its kind, or one label's (``cue:signed``);
    a longer term that holds the whole excluded phrase is the more specific reading ("a deal
    with" holds the verb "deal with") and stands."""
    _kind, _, label = guard.label.partition(":")
    holds = (
        hit.start <= guard.start
        and guard.end <= hit.end
        and hit.end - hit.start > (guard.end - guard.start)
    )
    overlaps = guard.start < hit.end and hit.start < guard.end
    return overlaps and not holds and label in ("", hit.label)


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


def inflections(vocabulary: Vocabulary) -> dict[str, Inflection]:
    return {
        lang: Inflection(tuple(fold(e) for e in endings), chain)
        for lang, (endings, chain) in vocabulary.inflections.items()
    }


def build_matcher(vocabulary: Vocabulary) -> Matcher:
    return Matcher(
        _entries(vocabulary),
        vocabulary.ambiguous,
        vocabulary.zh_token_suffixes,
        inflections(vocabulary),
        vocabulary.katakana_heads,
    )


def build_claims_matcher(vocabulary: Vocabulary) -> Matcher:
    """Metric names and direction words, for benefit claims."""
    entries: list[tuple[Term, Entry]] = []
    for metric in vocabulary.metrics:
        entries += [(t, Entry("metric", metric.id, t.text, t.lang)) for t in metric.terms]
    for way, terms in vocabulary.directions.items():
        entries += [(t, Entry("direction", way, t.text, t.lang)) for t in terms]
    return Matcher(
        entries,
        frozenset(),
        vocabulary.zh_token_suffixes,
        inflections(vocabulary),
        vocabulary.katakana_heads,
    )


def build_marker_matcher(words: PairWords, vocabulary: Vocabulary) -> Matcher:
    """Negation, speculation, bid … markers (``keywords/pairs.toml``), each under its kind."""
    entries = [
        (t, Entry("marker", kind, t.text, t.lang)) for kind, terms in words.markers for t in terms
    ]
    entries += [(t, Entry(EXCLUDE, "marker", t.text, t.lang)) for t in words.exclude]
    return Matcher(
        entries,
        frozenset(),
        vocabulary.zh_token_suffixes,
        inflections(vocabulary),
        vocabulary.katakana_heads,
    )
