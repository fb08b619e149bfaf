"""Which places a page ties a vendor to, sentence by sentence, and by which rule.

A sentence ties vendor V to country C when it names both (C directly, or through one of its cities
or demonyms) and a Safe City product is named in it or next to it (a sentence that states a deal
or a deployment may name its system further away, as "the project"). A reader also follows chains: a
sentence about what V did that names no other country is about the place the headline (else the
first sentence, else the country the page names most, else, on a page naming no foreign country,
its site's country-code domain) names, or, for a quotation, the one country of the sentence that
introduced its speaker; the fields of a project card read as one statement; "the company" or "le
géant chinois" stand for the vendor named just before them.

What the sentence says between V and C decides whether the tie holds: a denial, V kept out,
speculation, an allegation, a bid without an award, or a question ties nothing (markers in
``keywords/pairs.toml``), unless a contrast ("but", "但") stands between that word and V. A
country named as a company's nationality, a venue or in a photo credit is no deal place.

Each tie says which rule made it: ``deal`` (agreement, contract, signing, award or offer wording in
the sentence), ``deployment`` (systems installed, supplied, running), or ``passing`` (vendor, place
and product together, nothing more).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from extractors.analysis import Analysis
from extractors.lexicon import Lexicon
from extractors.matcher import CITY, COUNTRY, CUE, FUTURE, PRODUCT, VENDOR, Hit
from extractors.sites import site_host
from keywords import STAGES

BLOCKING = ("negation", "exclusion", "speculation", "allegation")
RULE_ORDER = ("deal", "deployment", "passing")  # strongest first
VERB_FINAL = frozenset({"ja", "ko"})  # languages whose clauses end with their verb (see blocked)
WINDOW = 1  # sentences either side in which a product makes a sentence about Safe City systems
DEAL_WINDOW = 8  # the same, for a sentence that states a deal or a deployment
_BREAKS = re.compile(r"[;:—–(,，、،؛]|\s-\s")
# a field of a project card or fact box: "Developer: Huawei", "Country: Kenya"
_FIELD = re.compile(r"[^\W\d][\w .'’/-]{0,30}:\s*\S")
FIELD_LINE = 120  # characters; a longer line with a colon is prose


@dataclass(frozen=True)
class Tie:
    sentence: int
    rule: str
    stage: str | None


@dataclass
class _Sentence:
    vendors: dict[str, list[int]] = field(default_factory=dict)  # vendor id -> starts
    places: list[Hit] = field(default_factory=list)  # country and city hits
    countries: set[str] = field(default_factory=set)  # the places of deals it may state
    products: bool = False
    cues: list[Hit] = field(default_factory=list)
    futures: list[int] = field(default_factory=list)
    markers: list[Hit] = field(default_factory=list)
    anaphors: dict[str, list[Hit]] = field(default_factory=dict)  # "the company" -> its vendor
    question: bool = False
    clauses: list[int] = field(default_factory=list)  # offsets where a new clause starts
    contrasts: list[int] = field(default_factory=list)  # where "but", "但", "しかし" … start


def sentences(analysis: Analysis, lexicon: Lexicon) -> list[_Sentence]:
    """What each sentence names, from the page's hits and markers."""
    spans = analysis.spans
    starts = [s for s, _ in spans]
    out = [_Sentence() for _ in spans]
    if not spans:
        return out

    def at(offset: int) -> _Sentence:
        return out[max(bisect_right(starts, offset) - 1, 0)]

    for hit in analysis.hits:
        s = at(hit.start)
        if hit.kind == VENDOR:
            s.vendors.setdefault(hit.label, []).append(hit.start)
        elif hit.kind == COUNTRY:
            s.places.append(hit)
        elif hit.kind == CITY:
            s.places.append(replace(hit, label=lexicon.cities[hit.label].country))
        elif hit.kind == PRODUCT:
            s.products = True
        elif hit.kind == CUE:
            s.cues.append(hit)
        elif hit.kind == FUTURE:
            s.futures.append(hit.start)
    text = analysis.text
    vendors = [h for h in analysis.hits if h.kind == VENDOR]
    vendor_starts = [h.start for h in vendors]
    for hit in analysis.markers:
        if text[hit.end : hit.end + 1] in _HYPHENS:
            continue  # a prefix, not a word: "non-payment", "no-bid", "anti-ban"
        s = at(hit.start)
        if hit.label == "anaphor":
            before = bisect_right(vendor_starts, hit.start) - 1
            if before >= 0:  # "the company": the vendor named last before it
                s.anaphors.setdefault(vendors[before].label, []).append(hit)
            s.markers.append(replace(hit, label="company"))
        elif hit.label == "clause":
            s.clauses.append(hit.start)
            s.contrasts.append(hit.start)
        else:
            s.markers.append(hit)
    for (start, end), s in zip(spans, out, strict=True):
        s.clauses += [m.start() for m in _BREAKS.finditer(text, start, end)]
        s.clauses.sort()
        s.question = text[start:end].rstrip(_CLOSERS).endswith(_QUESTION_MARKS)
        credit = _CREDIT.search(text, start, end)
        if credit:  # "© Jane Doe/AFP", "Photo: …": names after it are people and agencies
            s.places = [p for p in s.places if p.start < credit.start()]
        for hits in s.anaphors.values():  # "la empresa uruguaya HO…" is another company
            hits[:] = [h for h in hits if not _named_after(text, h, s.places)]
        s.places = [p for p in s.places if not _aside(text, p, s.markers)]
        s.countries = {p.label for p in s.places}
    return out


_HYPHENS = ("-", "‐", "‑")
_OPENING_QUOTES = "\"“„«‘'「『"
_QUESTION_MARKS = ("?", "？", "؟")
_CLOSERS = " \"'”’»)]"
_CREDIT = re.compile(r"©|\b(?:Photo|Foto|Crédit|Credit|Bild|Фото)\s*:")
_NEXT_TO = re.compile(r"\s+(?:\S+\s+)?")  # at most one word between
_SHORTLY_AFTER = re.compile(r"[^.!?。\n]{0,40}")


def _named_after(text: str, anaphor: Hit, places: list[Hit]) -> bool:
    return any(
        p.start >= anaphor.end and _NEXT_TO.fullmatch(text, anaphor.end, p.start) for p in places
    )


def _aside(text: str, place: Hit, markers: list[Hit]) -> bool:
    """A place named as a company's nationality ("the French group Thales") or as a venue ("a
    vendors' summit in Nairobi", "signed in Macau") is not where a deal was made."""
    for m in markers:
        if m.label == "company":
            lo, hi = (m.end, place.start) if m.end <= place.start else (place.end, m.start)
            if lo <= hi and _NEXT_TO.fullmatch(text, lo, hi):
                return True
        elif (
            m.label == "event"
            and m.end <= place.start
            and _SHORTLY_AFTER.fullmatch(text, m.end, place.start)
        ):
            return True
    return False


def cards(analysis: Analysis) -> list[int]:
    """For each sentence, the first sentence of its card: consecutive field lines ("Developer:
    Huawei" above "Country: Kenya") are read as one statement; any other sentence stands alone."""
    text = analysis.text
    fields = [e - s <= FIELD_LINE and _FIELD.match(text, s) is not None for s, e in analysis.spans]
    out: list[int] = []
    for i, is_field in enumerate(fields):
        out.append(out[i - 1] if is_field and i and fields[i - 1] else i)
    return out


def _clause(s: _Sentence, offset: int, end: int) -> tuple[int, int]:
    """The clause of the sentence (ending at ``end``) that holds ``offset``."""
    i = bisect_right(s.clauses, offset)
    start = s.clauses[i - 1] if i else -1
    stop = s.clauses[i] if i < len(s.clauses) else end
    return start, stop


def blocked(
    s: _Sentence, span: tuple[int, int], sentence: tuple[int, int], vendor: int | None = None
) -> bool:
    """Whether what the sentence says between two mentions (``span``: the vendor and the place,
    widened to their clauses) denies, excludes, speculates, alleges, or reports a bid without an
    award or a signed or deployed wording; a question states nothing either, and a mention in
    passing at a summit or on a visit is no deal. A word said before a contrast that comes before
    the ``vendor`` mention is not said of it ("no contract with Huawei; but the ministry will work
    with Huawei on the cameras")."""
    if s.question:
        return True
    lo = _clause(s, span[0], sentence[1])[0]
    hi = _clause(s, span[1], sentence[1])[1]
    kinds = {
        m.label
        for m in s.markers
        if lo <= m.start < hi
        and not (vendor is not None and any(m.start < c < vendor for c in s.contrasts))
    }
    # Japanese and Korean put the verb, its negation and its hedges last, after all they govern
    # (ファーウェイは、ケニアとの契約について、「結んでいない」と否定した): such a denial, ban,
    # hedge or allegation after the pair counts too, up to the sentence's end or a contrast word
    # that turns to another statement (しかし, 하지만)
    reach = min((t for t in s.contrasts if t >= hi), default=sentence[1])
    kinds |= {
        m.label
        for m in s.markers
        if m.lang in VERB_FINAL and m.label in BLOCKING and hi <= m.start < reach
    }
    if kinds & set(BLOCKING):
        return True
    if "event" in kinds and not s.cues:
        return True
    if "bid" in kinds and "win" not in kinds:
        return not any(lo <= c.start < hi and c.label != "proposed" for c in s.cues)
    return False


def _rule(s: _Sentence) -> tuple[str, str | None]:
    stages = []
    for cue in s.cues:
        future = any(f < cue.start for f in s.futures)
        stages.append("proposed" if future else cue.label)
    if not stages:
        return "passing", None
    stage = max(stages, key=STAGES.index)
    return ("deployment" if stage == "deployed" else "deal"), stage


def _about_products(info: list[_Sentence], i: int, far: bool) -> bool:
    """A product in the sentence or next to it (news gives each sentence its own paragraph, so
    "The system was built by Huawei" follows the paragraph that named the cameras); with ``far``
    (a sentence that states a deal or a deployment), the system may be named as "the project"
    further away."""
    window = DEAL_WINDOW if far else WINDOW
    lo, hi = max(0, i - window), min(len(info), i + window + 1)
    return any(info[j].products for j in range(lo, hi))


def main_country(
    analysis: Analysis, info: list[_Sentence], home: set[str], lexicon: Lexicon
) -> str | None:
    """The place the page is about: the one country (besides the vendor's home) its headline, or
    else its first sentence, names; else the country it names most, if at least twice and twice as
    often as any other; else, on a page that names no foreign country, the country of its site's
    domain (a local paper's story about "the capital")."""
    for i in (0, 1) if analysis.title else (0,):
        if i >= len(info):
            break
        # a place the headline names under a denial, a ban or an allegation ("CFO arrested in
        # Canada") is not what the page's deals are about
        span = analysis.spans[i]
        named = {p.label for p in info[i].places if not blocked(info[i], (p.start, p.start), span)}
        named -= home
        if len(named) == 1:
            return next(iter(named))
        if named:
            return None
    counts = Counter(
        p.label
        for s, (start, end) in zip(info, analysis.spans, strict=True)
        for p in s.places
        if p.label not in home and not blocked(s, (p.start, p.start), (start, end))
    )
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    site = site_country(analysis, lexicon)
    if site is None or site in home:
        return None
    foreign = {p.label for s in info for p in s.places} - home - {site}
    return None if foreign else site


def site_country(analysis: Analysis, lexicon: Lexicon) -> str | None:
    """The country the page's site's domain names (``[site_country]`` in pairs.toml), if any."""
    host = site_host(analysis.source or "", analysis.canonical_url)
    code = lexicon.pair_words.domains.country(host)
    return code if code in lexicon.countries else None


def ties(analysis: Analysis, lexicon: Lexicon, vendor: str) -> dict[str, list[Tie]]:
    """Per country (the vendor's home left out), the sentences that tie ``vendor`` to it."""
    base = lexicon.vendors[vendor].country
    home = {base, *lexicon.pair_words.homes.get(base, ())}
    info = sentences(analysis, lexicon)
    spans = analysis.spans
    headline = main_country(analysis, info, home, lexicon)
    card = cards(analysis)
    members: dict[int, list[int]] = {}
    for i, first in enumerate(card):
        members.setdefault(first, []).append(i)
    out: dict[str, list[Tie]] = {}
    for i, s in enumerate(info):
        rule, stage = _rule(s)
        mentions = s.vendors.get(vendor, [])
        # "the company" stands for the vendor in a sentence that states a deal or names a product
        if rule != "passing" or s.products:
            mentions = mentions + [h.start for h in s.anaphors.get(vendor, [])]
        if not mentions:
            continue
        group = members[card[i]]
        # a deal about other technology (5G, broadband, a data centre) borrows no far cameras
        far = rule != "passing" and not any(m.label == "network" for m in s.markers)
        if not any(_about_products(info, j, far) for j in group):
            continue
        sentence = spans[i]
        named = set().union(*(info[j].countries for j in group)) - home
        for country in named:
            places = [p.start for p in s.places if p.label == country] or [sentence[1]]
            if any(not blocked(s, _between(m, p), sentence, m) for m in mentions for p in places):
                out.setdefault(country, []).append(Tie(i, rule, stage))
        if named or i == 0 or all(blocked(s, sentence, sentence, m) for m in mentions):
            continue
        place = headline
        speaker = info[i - 1].countries - home
        if len(speaker) == 1 and analysis.text[sentence[0]] in _OPENING_QUOTES:
            place = next(iter(speaker))  # a quote speaks for the one introduced just before it
        if place is not None:
            out.setdefault(place, []).append(Tie(i, rule, stage))
    return out


def _between(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def strongest(found: list[Tie]) -> str:
    return min((t.rule for t in found), key=RULE_ORDER.index)
