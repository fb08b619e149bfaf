"""The method section, written from the database: which spiders and sources ran and when, the
pages read by language and kind of site, how candidates are proposed and scored, what analysts
decided and how many of them, and what the crawl could not see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from keywords import LANGUAGES, load_vocabulary
from keywords.pairs import load_pair_words
from store.models import Candidate, CrawlError, CrawlRun, Decision, Page, Source

ANALYST_ACTIONS = ("confirm", "reject", "merge", "split", "edit", "note", "undo", "import")


@dataclass(frozen=True)
class RunLine:
    spider: str
    source: str | None
    runs: int
    first: datetime
    last: datetime
    pages: int  # new and changed
    errors: int


@dataclass(frozen=True)
class MethodFacts:
    runs: list[RunLine]
    pages: int
    addresses: int
    by_language_kind: Counter[tuple[str, str]]
    statuses: Counter[str]
    merged: int
    analysts: int
    decisions: int
    imported: int
    errors: Counter[str]
    removed: int
    removed_archived: int
    pdfs_without_text: int
    weights: dict[str, float] = field(default_factory=dict)


def _runs(session: Session) -> list[RunLine]:
    rows = session.execute(
        select(
            CrawlRun.spider, CrawlRun.source, func.count(), func.min(CrawlRun.started_at),
            func.max(CrawlRun.started_at),
            func.sum(CrawlRun.pages_new + CrawlRun.pages_changed), func.sum(CrawlRun.errors),
        ).group_by(CrawlRun.spider, CrawlRun.source).order_by(func.min(CrawlRun.started_at))
    ).all()  # fmt: skip
    return [RunLine(s, src, n, first, last, int(p or 0), int(e or 0))
            for s, src, n, first, last, p, e in rows]  # fmt: skip


def _removed(session: Session) -> tuple[int, int]:
    removed = set(session.scalars(select(Page.url).where(Page.removed_at.is_not(None))))
    archived = set(session.scalars(select(Page.original_url).where(Page.original_url.in_(removed))))
    return len(removed), len(archived)


def method_facts(session: Session) -> MethodFacts:
    pairs = session.execute(
        select(Page.language, Source.kind, func.count())
        .join(Source, Source.id == Page.source_id).group_by(Page.language, Source.kind)
    ).all()  # fmt: skip
    open_ = Candidate.merged_into_id.is_(None)
    statuses = session.execute(
        select(Candidate.status, func.count()).where(open_).group_by(Candidate.status)
    ).all()
    decided = select(Decision).where(Decision.action.in_(ANALYST_ACTIONS)).subquery()
    errors = session.execute(select(CrawlError.kind, func.count()).group_by(CrawlError.kind))
    removed, archived = _removed(session)
    return MethodFacts(
        runs=_runs(session),
        pages=session.scalar(select(func.count()).select_from(Page)) or 0,
        addresses=session.scalar(select(func.count(func.distinct(Page.url)))) or 0,
        by_language_kind=Counter({(lang or "unknown", kind): n for lang, kind, n in pairs}),
        statuses=Counter({status: n for status, n in statuses}),
        merged=session.scalar(select(func.count()).where(~open_)) or 0,
        analysts=session.scalar(select(func.count(func.distinct(decided.c.actor)))) or 0,
        decisions=session.scalar(select(func.count()).select_from(decided)) or 0,
        imported=session.scalar(select(func.count()).where(Decision.action == "import")) or 0,
        errors=Counter({kind: n for kind, n in errors}),
        removed=removed,
        removed_archived=archived,
        pdfs_without_text=session.scalar(
            select(func.count()).where(Page.content_type.contains("pdf"), Page.text == "")
        ) or 0,
        weights=dict(load_vocabulary().site_kinds.weights),
    )  # fmt: skip


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _runs_table(runs: list[RunLine]) -> str:
    if not runs:
        return "<p>No crawl runs are recorded in this database.</p>"
    rows = "".join(
        f"<tr><td>{_e(r.spider)}</td><td>{_e(r.source or 'ad hoc start URLs')}</td>"
        f"<td class=n>{r.runs}</td><td>{_day(r.first)}</td><td>{_day(r.last)}</td>"
        f"<td class=n>{r.pages}</td><td class=n>{r.errors}</td></tr>"
        for r in runs
    )
    return (
        "<div class=wide><table><tr><th>spider</th><th>source</th><th>runs</th><th>first</th>"
        f"<th>last</th><th>pages stored</th><th>errors</th></tr>{rows}</table></div>"
    )


def _pages_table(facts: MethodFacts) -> str:
    counts = facts.by_language_kind
    languages = sorted({lang for lang, _ in counts}, key=lambda x: (-sum(
        n for (lang, _), n in counts.items() if lang == x), x))  # fmt: skip
    kinds = sorted({kind for _, kind in counts})
    head = "".join(f"<th>{_e(k)}</th>" for k in kinds)
    body = "".join(
        f"<tr><td>{_e(lang)}</td>"
        + "".join(f"<td class=n>{counts.get((lang, k), 0)}</td>" for k in kinds)
        + f"<td class=n>{sum(counts.get((lang, k), 0) for k in kinds)}</td></tr>"
        for lang in languages
    )
    return (
        f"<p>{facts.pages} page revisions stored from {facts.addresses} addresses, by language "
        "(as detected) and the kind of site that published them:</p>"
        f"<div class=wide><table><tr><th>language</th>{head}<th>all</th></tr>{body}</table></div>"
    )


def _scoring(facts: MethodFacts) -> str:
    weights = ", ".join(f"{k} {v:g}" for k, v in sorted(facts.weights.items(), key=lambda x: -x[1]))
    rules = ", ".join(f"{k} {v:g}" for k, v in load_pair_words().rule_weights.items())
    return (
        "<p>The crawler reads each page's main text, detects its language (fifteen are read: "
        f"{_e(', '.join(LANGUAGES))}) and tags the vendors, Safe City products (facial and "
        "licence-plate recognition, command centres, CCTV, intelligent video surveillance, crowd "
        "and social-media monitoring …), places and agreement wording it names. A page proposes "
        "a <i>candidate</i> agreement (vendor, country, city) only where its text ties the vendor "
        "to that country: a sentence naming both beside a product, the place of the headline for "
        "a sentence about what the vendor did, or a project card's fields. Denials, bans, "
        "speculation, allegations, bids without an award and questions tie nothing; a country "
        "named as a company's nationality or a venue is no deal place. Each evidence sentence is "
        "marked as a stated deal, a stated deployment or a mention in passing; the same deal "
        "reported in several languages lands on one candidate. A candidate's score is the sum, "
        "over the distinct sites that give evidence, of the weight of the site's kind "
        f"({_e(weights)}) times that of its strongest evidence rule ({_e(rules)}); a syndicated "
        "copy of a page counts once. The machine proposes; an analyst reads the evidence and "
        "confirms, rejects or merges each candidate.</p>"
    )


def _decisions(facts: MethodFacts) -> str:
    s = facts.statuses
    analysts = f"{facts.analysts} analyst{'s' if facts.analysts != 1 else ''}"
    imported = (
        f", {facts.imported} of them rows imported from spreadsheets" if facts.imported else ""
    )
    return (
        f"<p id=method-decisions>Candidates: <b>{s.get('confirmed', 0)}</b> confirmed, "
        f"<b>{s.get('rejected', 0)}</b> rejected, <b>{s.get('new', 0)}</b> not yet decided, "
        f"<b>{facts.merged}</b> merged into another. {facts.decisions} decisions by "
        f"<b>{analysts}</b>{imported}, each kept in an audit log with who, when, and the fields "
        "before and after.</p>"
    )


def _blind_spots(facts: MethodFacts) -> str:
    errors = ", ".join(f"{k} {n}" for k, n in sorted(facts.errors.items()))
    items = [
        "Pages behind logins, paywalls or forms, and content loaded only by scripts, are not read.",
        f"Scanned PDFs have no text to read (there is no OCR): {facts.pdfs_without_text} PDF "
        "pages were stored without text.",
        f"Pages removed before anyone archived them are lost: {facts.removed} addresses "
        f"answered 404 or 410 after having answered, {facts.removed_archived} of them with an "
        "archived snapshot.",
        "robots.txt is obeyed, so disallowed pages are not fetched; every failed fetch is "
        f"recorded ({errors or 'none recorded'}).",
        "Agreements reported only in print, on social media, in languages the vocabulary does "
        "not cover, or not at all, cannot be found; a record here is a lower bound.",
    ]
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def render_method(facts: MethodFacts) -> str:
    return (
        f"<h3>What was read, and when</h3>{_runs_table(facts.runs)}{_pages_table(facts)}"
        f"<h3>How candidates are proposed and scored</h3>{_scoring(facts)}"
        f"<h3>What analysts decided</h3>{_decisions(facts)}"
        f"<h3>What the crawl cannot see</h3>{_blind_spots(facts)}"
    )
