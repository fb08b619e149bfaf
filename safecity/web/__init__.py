"""The analysts' triage app: a Flask application factory in the flaskr style, one blueprint per
area (auth, queue, candidate, search, health), server-rendered templates, a little static JS."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from store.users import Throttle

if TYPE_CHECKING:  # Flask is imported when an app is made, not by every `safecity` command
    from flask import Flask

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": "sqlite:///safecity.db",
    # Secure cookies are sent by browsers over https, and over plain http to localhost /
    # 127.0.0.1 only; `safecity serve --insecure-cookies` turns it off for plain http elsewhere.
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "safecity_session",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    # a page left open all morning must still submit: the token lives as long as the session
    "WTF_CSRF_TIME_LIMIT": None,
    "LOGIN_THROTTLE": Throttle(),
    "MAX_CONTENT_LENGTH": 1_000_000,
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app on ``DATABASE_URL`` (already migrated: ``safecity serve`` migrates first).

    Without a ``SECRET_KEY`` a random one is made, so sessions end when the process does.
    """
    from flask import Flask
    from flask_wtf.csrf import CSRFProtect

    from store.db import Database, require_current

    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.update(test_config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    database = Database(app.config["DATABASE_URL"])
    require_current(database.engine)
    app.extensions["safecity_db"] = database

    CSRFProtect(app)
    from safecity.web import auth, candidate, errors, health, queue, search, security

    security.init_app(app)
    errors.init_app(app)
    for module in (auth, queue, candidate, search, health):
        app.register_blueprint(module.bp)
    app.register_blueprint(candidate.pages)
    app.add_url_rule("/", endpoint="index", view_func=queue.index)
    from safecity.web.filters import register_filters

    register_filters(app)
    return app
