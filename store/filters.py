"""The one candidate filter: which candidates the queue, the exports, the report and the
``safecity candidates`` and ``status`` commands take.

Merged candidates (``merged_into_id`` set) are never taken, whatever the status: their evidence
lives on in the candidate they were merged into. Every other narrowing is optional: status (None
for any), vendors, countries, products (any of them), the language or site kind of an evidence
page, the year exactly, or a range of years (since, until).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, exists, intersect, select
from sqlalchemy.orm import Session

from keywords import CATEGORY_IDS, SITE_KINDS, load_vocabulary
from store.errors import InvalidFilter
from store.facets import facet
from store.models import CANDIDATE_STATUSES, Candidate, CandidateFacet

ANY = ("any", "all")  # spellings of "every status"


def parse_status(value: str | None, default: str | None = None) -> str | None:
    """A status as typed: ``any``/``all`` is None (every status), empty is ``default``."""
    if value is None or not value.strip():
        return default
    value = value.strip().lower()
    if value in ANY:
        return None
    if value not in CANDIDATE_STATUSES:
        choices = ", ".join((*CANDIDATE_STATUSES, "any"))
        raise InvalidFilter(f"unknown status {value!r}; choose from: {choices}")
    return value


@dataclass(frozen=True)
class CandidateFilter:
    """Which candidates to take; empty tuples and None mean no restriction."""

    status: str | None = None
    vendors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    language: str | None = None
    source_kind: str | None = None
    year: int | None = None
    since: int | None = None
    until: int | None = None

    def check(self) -> CandidateFilter:
        """The filter with known values only (country codes upper-cased), or ``InvalidFilter``
        naming the choices."""
        vocabulary = load_vocabulary()
        codes = tuple(c.upper() for c in self.countries)
        _known("status", (self.status,) if self.status else (), CANDIDATE_STATUSES)
        _known("vendor", self.vendors, sorted(v.id for v in vocabulary.vendors))
        _known("country", codes, {c.code for c in vocabulary.countries}, "ISO 3166 codes")
        _known("product", self.products, CATEGORY_IDS)
        _known("source kind", (self.source_kind,) if self.source_kind else (), SITE_KINDS)
        if self.since is not None and self.until is not None and self.since > self.until:
            raise InvalidFilter(f"--since {self.since} is after --until {self.until}")
        return replace(self, countries=codes)


def _known(what: str, given: tuple[str, ...], choices: Any, hint: str | None = None) -> None:
    unknown = [g for g in given if g not in choices]
    if unknown:
        listed = hint or ", ".join(choices)
        raise InvalidFilter(f"unknown {what} {unknown[0]!r}; choose from: {listed}")


def conditions(f: CandidateFilter) -> list[ColumnElement[bool]]:
    """The filter as WHERE conditions on ``Candidate``."""
    where = field_conditions(f)
    having = with_facets(f)
    if having is not None:
        where.append(Candidate.id.in_(having))
    return where


def field_conditions(f: CandidateFilter) -> list[ColumnElement[bool]]:
    """The conditions on the candidate's own columns (merged ones always out)."""
    where: list[ColumnElement[bool]] = [Candidate.merged_into_id.is_(None)]
    if f.status:
        where.append(Candidate.status == f.status)
    if f.vendors:
        where.append(Candidate.vendor.in_(f.vendors))
    if f.countries:
        where.append(Candidate.country.in_([c.upper() for c in f.countries]))
    if f.year is not None:
        where.append(Candidate.year == f.year)
    if f.since is not None:
        where.append(Candidate.year >= f.since)
    if f.until is not None:
        where.append(Candidate.year <= f.until)
    return where


def facet_groups(f: CandidateFilter) -> list[tuple[str, ...]]:
    """The facets (``store.facets``) a candidate must have: one of each group."""
    groups = []
    if f.products:
        groups.append(tuple(facet("product", p) for p in f.products))
    if f.language:
        groups.append((facet("language", f.language),))
    if f.source_kind:
        groups.append((facet("kind", f.source_kind),))
    return groups


def with_facets(f: CandidateFilter) -> Select[Any] | CompoundSelect[Any] | None:
    """The ids of the candidates with the filter's facets (None: no facet asked for): read from
    the facets' index, not from every candidate's evidence."""
    sets = [
        select(CandidateFacet.candidate_id).where(CandidateFacet.facet.in_(group))
        for group in facet_groups(f)
    ]
    if not sets:
        return None
    if len(sets) == 1:
        return sets[0].distinct() if len(facet_groups(f)[0]) > 1 else sets[0]
    return intersect(*sets)


def facet_exists(f: CandidateFilter) -> list[ColumnElement[bool]]:
    """The same facets as correlated EXISTS conditions: cheaper than ``with_facets`` when many
    candidates qualify and only the best few are wanted (the queue's page)."""
    return [
        exists().where(CandidateFacet.candidate_id == Candidate.id, CandidateFacet.facet.in_(group))
        for group in facet_groups(f)
    ]


def select_candidates(f: CandidateFilter) -> Select[Candidate]:
    """The filtered candidates, best supported first (score, then id)."""
    return select(Candidate).where(*conditions(f)).order_by(Candidate.score.desc(), Candidate.id)


def filtered(session: Session, f: CandidateFilter) -> list[Candidate]:
    return list(session.scalars(select_candidates(f)))
