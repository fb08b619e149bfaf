"""Which countries and cities a page is about, from the raw place hits.

A name that is also a common word or another place (``Vocabulary.ambiguous``) counts only when the
page
supports it with an unambiguous name of the same country; a city name shared by several countries
(Santiago) counts only for a country the page names; a city also implies its country.
"""

from __future__ import annotations

from collections import Counter

from extractors.lexicon import Lexicon
from extractors.matcher import CITY, COUNTRY, Hit


def resolve_places(hits: list[Hit], lexicon: Lexicon) -> list[Hit]:
    """The place hits that stand, in text order; other hits are returned unchanged."""
    places = _longest([h for h in hits if h.kind in (COUNTRY, CITY)])
    countries = [h for h in places if h.kind == COUNTRY]
    country_spans = {(h.start, h.end) for h in countries}
    cities = [h for h in places if h.kind == CITY and (h.start, h.end) not in country_spans]
    supported = {h.label for h in countries if not h.ambiguous}
    by_span: dict[tuple[int, int], list[Hit]] = {}
    for hit in cities:
        by_span.setdefault((hit.start, hit.end), []).append(hit)
    for group in by_span.values():
        if len(group) == 1 and not group[0].ambiguous:
            supported.add(lexicon.cities[group[0].label].country)
    kept_cities = []
    for group in by_span.values():
        known = [h for h in group if lexicon.cities[h.label].country in supported]
        if len(known) == 1 or (len(known) > 1 and len({h.label for h in known}) == 1):
            kept_cities.append(known[0])
        elif not known and len(group) > 1 and not group[0].ambiguous:
            # several countries' cities by one name, none supported: the largest (Santiago, CL)
            kept_cities.append(max(group, key=lambda h: lexicon.cities[h.label].population))
    kept_countries = [h for h in countries if h.label in supported]
    others = [h for h in hits if h.kind not in (COUNTRY, CITY)]
    return sorted(others + kept_countries + kept_cities, key=lambda h: (h.start, h.kind))


def _longest(places: list[Hit]) -> list[Hit]:
    """A name inside a longer place name is part of it: Spain in Port of Spain, Benin in Benin City,
    Bissau in Guinea-Bissau (the matcher resolves overlaps within one kind only)."""
    inside: set[int] = set()
    reach = (-1, 0)  # the furthest end among the hits seen so far, and its earliest start
    for i in sorted(range(len(places)), key=lambda k: (places[k].start, -places[k].end)):
        hit = places[i]
        end, start = reach[0], -reach[1]
        if end >= hit.end and end - start > hit.end - hit.start:
            inside.add(i)
        reach = max(reach, (hit.end, -hit.start))
    return [h for i, h in enumerate(places) if i not in inside]


def page_countries(hits: list[Hit], lexicon: Lexicon) -> list[str]:
    """Country codes named or implied (by a city), in order of first appearance."""
    order: dict[str, None] = {}
    for hit in hits:
        if hit.kind == COUNTRY:
            order.setdefault(hit.label)
        elif hit.kind == CITY:
            order.setdefault(lexicon.cities[hit.label].country)
    return list(order)


def main_city(hits: list[Hit], country: str, lexicon: Lexicon) -> str | None:
    """The city of ``country`` the page names most (the first named, on a tie)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for hit in hits:
        if hit.kind == CITY and lexicon.cities[hit.label].country == country:
            counts[hit.label] += 1
            first.setdefault(hit.label, hit.start)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], first[c]))
