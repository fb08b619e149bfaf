"""Search over stored pages and evidence sentences (English and Chinese)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy.exc import IntegrityError

from safecity.web.db import reading, transaction
from store.search import search, sync_index
from store.searchterms import needles

bp = Blueprint("search", __name__, url_prefix="/search")
MAX_QUERY = 200


@bp.get("")
def index() -> str:
    query = (request.args.get("q") or "").strip()[:MAX_QUERY]
    results = None
    if query:
        refresh_index()
        with reading() as db:
            results = search(db, query)
            return render_template(
                "search/index.html", query=query, results=results, needles=needles(query)
            )
    return render_template("search/index.html", query=query, results=None, needles=[])


def refresh_index() -> None:
    """Index what was stored since the last search; another request doing the same at the same
    moment wins the race, and that is fine."""
    try:
        with transaction() as db:
            sync_index(db)
    except IntegrityError:
        pass
