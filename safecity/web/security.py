"""Login required everywhere, and the headers every response carries.

The app's pages load nothing but their own static files (no inline script or style), so the
Content-Security-Policy allows 'self' alone. The archived copy of a crawled page is served by its
own route with a stricter policy of its own (``sandbox``; see ``candidate.archive``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, g, redirect, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from safecity.web.db import reading
from store.models import User
from store.users import session_token

PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})
APP_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


@dataclass(frozen=True)
class Analyst:
    id: int
    name: str
    role: str

    @property
    def admin(self) -> bool:
        return self.role == "admin"


def init_app(app: Flask) -> None:
    app.before_request(load_user)
    app.before_request(require_login)
    app.after_request(set_headers)


def load_user() -> None:
    g.user = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    with reading() as db:
        user = db.get(User, user_id)
        if user is not None and session.get("auth") == session_token(user):
            g.user = Analyst(user.id, user.name, user.role)


def require_login() -> BaseResponse | None:
    if g.user is not None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return Response("log in first", status=401, mimetype="text/plain")


def local_path(target: str | None, default: str) -> str:
    """``target`` if it is a path on this site, else ``default``: no open redirects."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default


def set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", APP_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response
