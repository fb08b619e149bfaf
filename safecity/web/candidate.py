"""One candidate: its fields (editable), evidence, claims and history, and every decision on it.

A decision that fails (a stale version, a missing reason, a bad value) shows the page again with
the reason and with everything the analyst typed still in the forms, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from safecity.web.archive import archived_copy
from safecity.web.db import reading, transaction
from safecity.web.forms import (
    candidate_values,
    changes_from,
    differences,
    int_or_none,
    submitted_values,
)
from safecity.web.security import local_path
from store import decisions
from store.decisions import Actor, NeedsConfirmation, StaleCandidate
from store.errors import InvalidChange, NotFound
from store.models import Page
from store.review import review

bp = Blueprint("candidate", __name__, url_prefix="/candidates")
Page_ = str | Response | tuple[str, int]


@bp.get("/<int:candidate_id>")
def show(candidate_id: int) -> str:
    return _render(candidate_id)


def _render(
    candidate_id: int,
    *,
    kept: str | None = None,
    error: str | None = None,
    stale: StaleCandidate | None = None,
    ask_merge: str | None = None,
) -> str:
    """The page; ``kept`` names the form whose submitted values are shown again."""
    with reading() as db:
        view = review(db, candidate_id)
        stored = candidate_values(view.candidate)
        values = stored | (submitted_values(request.form) if kept else {})
        conflict = None
        if stale is not None:
            conflict = {
                "version": view.candidate.version,
                "last": view.history[0] if view.history else None,
                "differences": differences(stored, values) if kept == "decide" else [],
            }
        return render_template(
            "candidate/show.html",
            view=view,
            c=view.candidate,
            values=values,
            kept=kept,
            error=error,
            conflict=conflict,
            ask_merge=ask_merge,
            back=_back(),
        )


def _back() -> str | None:
    back = request.values.get("back")
    return local_path(back, "") or None


def _act(candidate_id: int, form: str, do: Callable[[Session], tuple[int, str]]) -> Page_:
    """Run one decision; on success go to the page ``do`` names, with its message."""
    try:
        with transaction() as db:
            goto, message = do(db)
    except StaleCandidate as exc:
        return _render(candidate_id, kept=form, stale=exc), 409
    except NeedsConfirmation as exc:
        return _render(candidate_id, kept=form, ask_merge=str(exc)), 400
    except NotFound:
        raise
    except InvalidChange as exc:
        return _render(candidate_id, kept=form, error=str(exc)), 400
    flash(message)
    back = _back()
    if form == "decide" and request.form.get("action") in ("confirm", "reject") and back:
        return redirect(back)
    return redirect(url_for(".show", candidate_id=goto, back=back))


def _version() -> int | None:
    return int_or_none(request.form.get("version"))


def _actor() -> Actor:
    return Actor(g.user.name, "web")


@bp.post("/<int:candidate_id>/decide")
def decide(candidate_id: int) -> Page_:
    action = request.form.get("action", "save")
    changes = changes_from(request.form)
    note = request.form.get("note", "").strip()

    def do(db: Session) -> tuple[int, str]:
        actor, version = _actor(), _version()
        if action == "confirm":
            decisions.confirm(
                db,
                candidate_id,
                actor=actor,
                expected_version=version,
                changes=changes,
                note=note or None,
            )
            return candidate_id, f"Candidate {candidate_id} confirmed."
        if action == "reject":
            decisions.reject(
                db,
                candidate_id,
                actor=actor,
                reason=note,
                expected_version=version,
                changes=changes,
            )
            return candidate_id, f"Candidate {candidate_id} rejected."
        decisions.edit(
            db,
            candidate_id,
            actor=actor,
            changes=changes,
            expected_version=version,
            note=note or None,
        )
        return candidate_id, f"Candidate {candidate_id} saved."

    return _act(candidate_id, "decide", do)


@bp.post("/<int:candidate_id>/merge")
def merge(candidate_id: int) -> Page_:
    def do(db: Session) -> tuple[int, str]:
        into = int_or_none(request.form.get("into"))
        if into is None:
            raise InvalidChange("say which candidate to merge into (its number)")
        note = request.form.get("note", "").strip() or None
        target = decisions.merge(
            db,
            candidate_id,
            into=into,
            actor=_actor(),
            expected_version=_version(),
            note=note,
            force=request.form.get("force") == "1",
        )
        return target.id, f"Candidate {candidate_id} merged into candidate {target.id}."

    return _act(candidate_id, "merge", do)


@bp.post("/<int:candidate_id>/split")
def split(candidate_id: int) -> Page_:
    def do(db: Session) -> tuple[int, str]:
        ids = [i for i in map(int_or_none, request.form.getlist("evidence")) if i is not None]
        key = {f: request.form.get(f"split_{f}", "") for f in ("vendor", "country", "city")}
        note = request.form.get("note", "").strip() or None
        target = decisions.split(
            db,
            candidate_id,
            evidence_ids=ids,
            key=key,
            actor=_actor(),
            expected_version=_version(),
            note=note,
        )
        return target.id, f"{len(ids)} evidence sentences split off into candidate {target.id}."

    return _act(candidate_id, "split", do)


@bp.post("/<int:candidate_id>/note")
def note(candidate_id: int) -> Page_:
    def do(db: Session) -> tuple[int, str]:
        text = request.form.get("text", "")
        decisions.add_note(db, candidate_id, actor=_actor(), note=text, expected_version=_version())
        return candidate_id, "Note added."

    return _act(candidate_id, "note", do)


@bp.post("/<int:candidate_id>/undo")
def undo(candidate_id: int) -> Page_:
    def do(db: Session) -> tuple[int, str]:
        undone = decisions.undo(
            db, candidate_id, actor=_actor(), admin=g.user.admin, expected_version=_version()
        )
        return candidate_id, f"Undone: {undone.action} by {undone.actor}."

    return _act(candidate_id, "undo", do)


pages = Blueprint("pages", __name__, url_prefix="/pages")


@pages.get("/<int:page_id>/archive")
def archive(page_id: int) -> Response:
    """The stored copy of a crawled page, sanitised, for a sandboxed frame: no scripts, no
    event handlers, nothing fetched from anywhere, and a CSP sandbox should anything slip by."""
    with reading() as db:
        page = db.get(Page, page_id)
        if page is None:
            raise NotFound(f"no stored page {page_id}")
        return archived_copy(page)
