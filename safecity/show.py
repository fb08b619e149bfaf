"""``safecity show ID``: one candidate from the terminal — its fields, its evidence sentences
(page, site, date) and the sources analysts cited, and its history of decisions."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click
from sqlalchemy import select

from safecity.database import open_database
from safecity.options import clean_errors, db_option
from safecity.output import plural
from safecity.settings import Settings
from store.history import HistoryEntry
from store.models import CitedSource
from store.review import Review, review

FIELDS = ("vendor", "country", "city", "year", "stage", "products", "counterpart", "value")
WRAP = 96


@click.command("show")
@click.argument("candidate_id", type=int, metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@clean_errors
def show_command(candidate_id: int, as_json: bool, db_url: str | None) -> None:
    """Candidate ID: its fields, evidence sentences (page, site, date) and history."""
    settings = Settings.load(db_url)
    with open_database(settings, create=False) as database, database.reading() as session:
        view = review(session, candidate_id)
        cited = list(
            session.scalars(
                select(CitedSource)
                .where(CitedSource.candidate_id == candidate_id)
                .order_by(CitedSource.id)
            )
        )
        shown = as_dict(view, cited)
    click.echo(json.dumps(shown, ensure_ascii=False, indent=2) if as_json else as_text(shown))


def as_dict(view: Review, cited: list[CitedSource]) -> dict[str, Any]:
    c = view.candidate
    return {
        "id": c.id,
        "status": c.status,
        "score": c.score,
        "version": c.version,
        "merged_into": c.merged_into_id,
        "fields": {f: getattr(c, f) for f in FIELDS} | {"note": c.note},
        "evidence_total": view.evidence_total,
        "evidence": [
            {
                "id": item.evidence.id,
                "sentence": item.evidence.sentence,
                "url": item.page.url,
                "site": item.source.host,
                "kind": item.source.kind,
                "date": (item.page.published or item.page.fetched_at.date()).isoformat(),
                "language": item.page.language,
            }
            for item in view.evidence
        ],
        "cited": [
            {
                "url": s.url,
                "date": s.published.isoformat() if s.published else None,
                "origin": s.origin,
            }
            for s in cited
        ],
        "history": [_entry(e) for e in view.history],
    }


def _entry(entry: HistoryEntry) -> dict[str, Any]:
    d = entry.decision
    return {
        "id": d.id,
        "at": d.at.isoformat(),
        "action": d.action,
        "actor": d.actor,
        "channel": d.channel,
        "named_by": d.named_by,
        "who": entry.who,
        "note": d.note,
        "changes": [[field, before, after] for field, before, after in entry.changes],
        "links": entry.links,
        "undone": entry.undone,
    }


def as_text(shown: dict[str, Any]) -> str:
    f = shown["fields"]
    place = ", ".join(filter(None, [f["city"], f["country"]]))
    lines = [
        f"candidate {shown['id']}: {f['vendor']}, {place} — {shown['status']} "
        f"(score {shown['score']}, version {shown['version']})"
    ]
    if shown["merged_into"]:
        lines.append(f"  merged into candidate {shown['merged_into']}: decide there")
    for name in FIELDS[3:]:
        value = f[name]
        if isinstance(value, list):
            value = ", ".join(value)
        lines.append(f"  {name}: {value if value not in (None, '') else '-'}")
    if f["note"]:
        lines.append(f"  note: {f['note']}")
    lines += ["", _evidence_heading(shown)]
    for n, item in enumerate(shown["evidence"], start=1):
        lines.append(f"  [{n}] {item['site']} ({item['kind']}) · {item['date']} · {item['url']}")
        lines += textwrap.wrap(
            item["sentence"], WRAP, initial_indent="      ", subsequent_indent="      "
        )
    for source in shown["cited"]:
        lines.append(
            f"  cited: {source['url']} · {source['date'] or 'no date'} · {source['origin']}"
        )
    lines += ["", "history (newest first):" if shown["history"] else "history: no decisions yet"]
    for entry in shown["history"]:
        undone = " [undone]" if entry["undone"] else ""
        lines.append(
            f"  {entry['at'][:16].replace('T', ' ')} {entry['action']} by {entry['who']}{undone}"
        )
        for field, before, after in entry["changes"]:
            lines.append(f"      {field}: {_shown(before)} → {_shown(after)}")
        if entry["note"]:
            lines.append(f"      “{entry['note']}”")
    return "\n".join(lines)


def _evidence_heading(shown: dict[str, Any]) -> str:
    total, listed = shown["evidence_total"], len(shown["evidence"])
    more = f" (the first {listed} shown)" if listed < total else ""
    return f"evidence: {plural(total, 'sentence')}{more}"


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "-"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
