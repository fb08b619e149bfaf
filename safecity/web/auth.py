"""Logging in and out. Attempts are throttled per name and address (``store.users``)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from safecity.web.db import transaction
from safecity.web.security import local_path
from store.users import LoginThrottled, authenticate, session_token

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=("GET", "POST"))
def login() -> str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    next_path = local_path(request.values.get("next"), url_for("index"))
    if request.method == "GET":
        return render_template("auth/login.html", next=next_path, username="")
    name = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        with transaction() as db:
            user = authenticate(
                db,
                name,
                password,
                request.remote_addr or "unknown",
                current_app.config["LOGIN_THROTTLE"],
            )
            token = session_token(user) if user else None
            user_id = user.id if user else None
    except LoginThrottled as exc:
        page = render_template("auth/login.html", next=next_path, username=name, error=str(exc))
        return page, 429, {"Retry-After": str(exc.retry_after)}
    if user_id is None:
        error = "Wrong username or password."
        return render_template("auth/login.html", next=next_path, username=name, error=error), 401
    session.clear()
    session.permanent = True
    session["user_id"] = user_id
    session["auth"] = token
    return redirect(next_path)


@bp.route("/logout", methods=("POST",))
def logout() -> Response:
    session.clear()
    return redirect(url_for("auth.login"))
