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

from sqlalchemy import ColumnElement, Select, String, cast, or_, select
from sqlalchemy.orm import Session

from keywords import CATEGORY_IDS, SITE_KINDS, load_vocabulary
from store.errors import InvalidFilter
from store.models import CANDIDATE_STATUSES, Candidate, Evidence, Page, Source

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
    if f.products:
        where.append(or_(*(_has_product(p) for p in f.products)))
    if f.language:
        where.append(Candidate.id.in_(_supported_by(Page.language == f.language)))
    if f.source_kind:
        kind = select(Source.id).where(Source.kind == f.source_kind)
        where.append(Candidate.id.in_(_supported_by(Page.source_id.in_(kind))))
    return where


def _has_product(product: str) -> ColumnElement[bool]:
    # products is a JSON list of ids; its text holds each id in double quotes
    escaped = product.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(Candidate.products, String).like(f'%"{escaped}"%', escape="\\")


def _supported_by(page_condition: ColumnElement[bool]) -> Select[Any]:
    """The candidates with evidence on pages that meet the condition: found from the pages, not
    by visiting every candidate's evidence."""
    return (
        select(Evidence.candidate_id).join(Page, Page.id == Evidence.page_id).where(page_condition)
    )


def select_candidates(f: CandidateFilter) -> Select[Candidate]:
    """The filtered candidates, best supported first (score, then id)."""
    return select(Candidate).where(*conditions(f)).order_by(Candidate.score.desc(), Candidate.id)


def filtered(session: Session, f: CandidateFilter) -> list[Candidate]:
    return list(session.scalars(select_candidates(f)))
