"""``safecity search WORDS``: stored pages and evidence sentences that contain every word
(English or Chinese), from the terminal; the web app's search page shares ``store.search``."""

from __future__ import annotations

import json
from typing import Any

import click

from safecity.database import open_database
from safecity.options import clean_errors, db_option
from safecity.settings import Settings


@click.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@clean_errors
def search_command(words: tuple[str, ...], limit: int, as_json: bool, db_url: str | None) -> None:
    """Search stored pages and evidence sentences (English or Chinese; every word must match)."""
    from store.search import search as run_search
    from store.search import sync_index

    query = " ".join(words)
    with open_database(Settings.load(db_url), create=False) as database:
        with database.transaction() as session:
            sync_index(session)
        with database.reading() as session:
            results = run_search(session, query, limit)
            evidence = [
                {
                    "candidate": c.id,
                    "vendor": c.vendor,
                    "country": c.country,
                    "city": c.city,
                    "status": c.status,
                    "sentence": e.sentence,
                    "url": p.url,
                }
                for e, c, p in results.evidence
            ]
            pages = [
                {
                    "page": p.id,
                    "title": p.title,
                    "url": p.url,
                    "language": p.language,
                    "candidates": [c.id for c in cited],
                }
                for p, cited in results.pages
            ]
    if as_json:
        click.echo(json.dumps({"evidence": evidence, "pages": pages}, ensure_ascii=False, indent=2))
        return
    _print_results(query, evidence, pages)


def _print_results(query: str, evidence: list[dict[str, Any]], pages: list[dict[str, Any]]) -> None:
    if not evidence and not pages:
        click.echo(f"nothing stored contains {query!r}")
        return
    click.echo(f"evidence sentences ({len(evidence)}):")
    for e in evidence:
        place = f"{e['vendor']}, {e['country']}, {e['city'] or '-'}"
        click.echo(f"  candidate {e['candidate']} ({place}, {e['status']}): {e['sentence']}")
    click.echo(f"pages ({len(pages)}):")
    for p in pages:
        cited = ", ".join(str(i) for i in p["candidates"]) or "-"
        click.echo(f"  page {p['page']} [{p['language'] or '?'}] {p['title'] or '(no title)'}")
        click.echo(f"    {p['url']}  evidence for candidates: {cited}")
