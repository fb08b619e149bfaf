"""Logging in: required everywhere, throttled, with cookies a browser keeps to itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from store.db import Database
from store.users import set_password
from tests.web.conftest import PASSWORD, AuthActions, text_of

PAGES = [
    "/",
    "/queue",
    "/queue?status=confirmed",
    "/candidates/1",
    "/search?q=cameras",
    "/health",
    "/health/runs/1",
    "/pages/1/archive",
]
FORMS = [
    "/queue/decide",
    "/candidates/1/decide",
    "/candidates/1/merge",
    "/candidates/1/split",
    "/candidates/1/note",
    "/candidates/1/undo",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_strangers_to_the_login_form(
    client: FlaskClient, seeded: dict[str, int], path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert "Belgrade" not in text_of(response)


@pytest.mark.parametrize("path", FORMS)
def test_every_form_refuses_strangers_even_with_a_token(
    client: FlaskClient, auth: AuthActions, seeded: dict[str, int], path: str
) -> None:
    token = auth.token()
    response = client.post(path, data={"csrf_token": token, "action": "confirm", "version": 1})
    assert response.status_code == 401


def test_login_form_has_the_labelled_fields(client: FlaskClient) -> None:
    html = text_of(client.get("/auth/login"))
    assert '<label for="username">Username</label>' in html
    assert '<label for="password">Password</label>' in html
    assert 'type="password"' in html


def test_login_then_logout(client: FlaskClient, auth: AuthActions) -> None:
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "ana (analyst)" in text_of(client.get("/queue"))
    assert auth.logout().status_code == 302
    assert client.get("/queue").status_code == 302


def test_logout_is_a_form_not_a_link(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/queue").status_code == 200


def test_wrong_password_and_unknown_name_get_the_same_answer(
    client: FlaskClient, auth: AuthActions
) -> None:
    wrong = auth.login("ana", "not the password")
    unknown = auth.login("nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong username or password." in text_of(wrong)
    assert "Wrong username or password." in text_of(unknown)
    assert client.get("/queue").status_code == 302


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(
    client: FlaskClient, auth: AuthActions
) -> None:
    token = auth.token()
    data = {"username": "ana", "password": PASSWORD, "csrf_token": token}
    kept = client.post("/auth/login", data=data | {"next": "/health"})
    assert kept.headers["Location"] == "/health"
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        auth.logout()
        data["csrf_token"] = auth.token()
        response = client.post("/auth/login", data=data | {"next": evil})
        assert response.headers["Location"] == "/", evil


def test_login_attempts_are_throttled_per_name_and_address(
    client: FlaskClient, auth: AuthActions, colleagues: None
) -> None:
    for _ in range(3):  # the test app allows 3 failures per name and address
        assert auth.login("ana", "guess").status_code == 401
    blocked = auth.login("ana", PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "too many failed logins" in text_of(blocked)
    # another name from the same address still gets in, until the address's own limit
    assert auth.login("bo", PASSWORD).status_code == 302
    auth.logout()
    for _ in range(3):
        auth.login("root", "guess")
    assert auth.login("bo", PASSWORD).status_code == 429


def test_a_good_login_forgives_earlier_slips(client: FlaskClient, auth: AuthActions) -> None:
    for _ in range(2):
        auth.login("ana", "typo")
    assert auth.login().status_code == 302
    auth.logout()
    for _ in range(2):
        auth.login("ana", "typo")
    assert auth.login().status_code == 302


def test_session_cookie_is_secure_httponly_samesite(client: FlaskClient, auth: AuthActions) -> None:
    response = auth.login()
    cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("safecity_session=")
    )
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "samesite"} <= flags
    assert "SameSite=Lax" in cookie


def test_changing_a_password_ends_open_sessions(
    client: FlaskClient, auth: AuthActions, database: Database
) -> None:
    auth.login()
    assert client.get("/queue").status_code == 200
    with database.transaction() as session:
        set_password(session, "ana", "a brand new passphrase")
    assert client.get("/queue").status_code == 302


def test_sessions_expire(app: Flask) -> None:
    assert app.permanent_session_lifetime <= timedelta(hours=12)
