"""Errors as pages: project errors become a 4xx page with their one-line message."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from store.errors import InvalidChange, NotFound


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(InvalidChange, _invalid)
    app.register_error_handler(HTTPException, _http)


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, message=message), status


def _csrf(exc: CSRFError) -> tuple[str, int]:
    message = (
        "The form was refused: its security token is missing or does not belong to your "
        "session. Go back, reload the page and send it again."
    )
    return _page(400, "Form refused", message)


def _not_found(exc: NotFound) -> tuple[str, int]:
    return _page(404, "Not found", str(exc))


def _invalid(exc: InvalidChange) -> tuple[str, int]:
    return _page(400, "Not done", str(exc))


def _http(exc: HTTPException) -> tuple[str, int]:
    return _page(exc.code or 500, exc.name, exc.description or "")
