"""The queue: candidates by score with filters, counts and pages, and quick decisions on the
selected row (Confirm, Reject with a reason, Merge into another) without leaving it."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from keywords import SITE_KINDS
from safecity.web.db import reading, transaction
from safecity.web.forms import int_or_none
from safecity.web.security import local_path
from store import decisions
from store.decisions import Actor, NeedsConfirmation, StaleCandidate
from store.errors import InvalidChange
from store.models import CANDIDATE_STATUSES
from store.queue import QueueFilters, queue

bp = Blueprint("queue", __name__, url_prefix="/queue")
LANGUAGES = ("en", "zh", "fr", "es", "pt", "ar", "ru")


def filters_from(args: MultiDict[str, str]) -> QueueFilters:
    status = args.get("status", "new")

    def text(name: str) -> str | None:
        return (args.get(name) or "").strip() or None

    return QueueFilters(
        status=status if status in CANDIDATE_STATUSES else None,
        vendor=text("vendor"),
        country=text("country"),
        product=text("product"),
        language=text("language"),
        year=int_or_none(args.get("year")),
        source_kind=text("source_kind"),
        page=int_or_none(args.get("page")) or 1,
    )


def index() -> str:
    return _render(filters_from(request.args))


bp.add_url_rule("", "index", index)


def _render(
    filters: QueueFilters,
    *,
    error: str | None = None,
    selected: int | None = None,
    ask_merge: str | None = None,
) -> str:
    with reading() as db:
        page = queue(db, filters)
        ids = [row.candidate.id for row in page.rows]
        index = int_or_none(request.args.get("sel")) or 0
        if selected not in ids:
            selected = ids[min(max(index, 0), len(ids) - 1)] if ids else None
        return render_template(
            "queue/index.html",
            q=page,
            filters=page.filters,
            error=error,
            ask_merge=ask_merge,
            checked_id=selected,
            languages=LANGUAGES,
            site_kinds=SITE_KINDS,
            statuses=CANDIDATE_STATUSES,
            form=request.form if request.method == "POST" else {},
        )


@bp.post("/decide")
def decide() -> str | Response | tuple[str, int]:
    back = local_path(request.form.get("back"), url_for("index"))
    filters = filters_from(MultiDict(request.args))
    chosen = (request.form.get("candidate") or "").split(":")
    candidate_id = int_or_none(chosen[0])
    version = int_or_none(chosen[1]) if len(chosen) > 1 else None
    action = request.form.get("action", "")
    if candidate_id is None:
        return _render(filters, error="Select a candidate first (j and k move)."), 400
    try:
        with transaction() as db:
            message = _apply(db, action, candidate_id, version)
    except StaleCandidate as exc:
        error = f"Not done: {exc}. The queue below shows it as it is now; your input is kept."
        return _render(filters, error=error, selected=candidate_id), 409
    except NeedsConfirmation as exc:
        return _render(filters, selected=candidate_id, ask_merge=str(exc)), 400
    except InvalidChange as exc:
        return _render(filters, error=f"Not done: {exc}", selected=candidate_id), 400
    flash(message)
    return redirect(back)


def _apply(db: Session, action: str, candidate_id: int, version: int | None) -> str:
    actor = Actor(g.user.name, "web")
    if action == "confirm":
        decisions.confirm(db, candidate_id, actor=actor, expected_version=version)
        return f"Candidate {candidate_id} confirmed."
    if action == "reject":
        reason = request.form.get("reason", "")
        decisions.reject(db, candidate_id, actor=actor, reason=reason, expected_version=version)
        return f"Candidate {candidate_id} rejected."
    if action == "merge":
        into = int_or_none(request.form.get("into"))
        if into is None:
            raise InvalidChange("say which candidate to merge into (its number)")
        decisions.merge(
            db,
            candidate_id,
            into=into,
            actor=actor,
            expected_version=version,
            note=request.form.get("reason") or None,
            force=request.form.get("force") == "1",
        )
        return f"Candidate {candidate_id} merged into candidate {into}."
    raise InvalidChange(f"unknown action {action!r}")
