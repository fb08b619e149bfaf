"""CSRF tokens on every form, a Content-Security-Policy on every page, crawled text escaped, and
the archived copy of a page served sanitised inside a sandbox."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from store.db import Database
from store.models import Candidate, Decision, Page
from tests.web.conftest import AuthActions, text_of
from tests.web.pages import HOSTILE, store_page
from tests.web.test_auth import FORMS, PAGES


@pytest.fixture
def hostile(database: Database) -> tuple[int, int]:
    """The hostile page stored; its candidate's id and its page id."""
    with database.transaction() as session:
        store_page(session, *HOSTILE)
    with database.reading() as session:
        candidate = session.scalars(select(Candidate).where(Candidate.country == "KG")).one()
        page = session.scalars(select(Page).where(Page.url == HOSTILE[0])).one()
        return candidate.id, page.id


@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("token", [None, "forged-token"])
def test_every_form_refuses_a_post_without_its_token(
    client: FlaskClient,
    auth: AuthActions,
    database: Database,
    seeded: dict[str, int],
    path: str,
    token: str | None,
) -> None:
    auth.login()
    data = {"candidate": "1:1", "action": "confirm", "version": "1", "text": "x", "into": "2"}
    if token:
        data["csrf_token"] = token
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "security token" in text_of(response)
    with database.reading() as session:
        assert session.scalars(select(Decision)).all() == []


def test_login_and_logout_need_the_token_too(client: FlaskClient, auth: AuthActions) -> None:
    refused = client.post("/auth/login", data={"username": "ana", "password": "x" * 12})
    assert refused.status_code == 400
    auth.login()
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/queue").status_code == 200


@pytest.mark.parametrize("path", [*PAGES, "/auth/login"])
def test_every_page_has_a_content_security_policy(
    client: FlaskClient, auth: AuthActions, seeded: dict[str, int], path: str
) -> None:
    auth.login()
    response = client.get(path)
    assert response.status_code == 200, path
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy or "sandbox" in policy
    assert "'unsafe-inline'" not in policy.split("style-src")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_app_pages_carry_no_inline_script_or_style(
    client: FlaskClient, auth: AuthActions, seeded: dict[str, int]
) -> None:
    auth.login()
    for path in ("/queue", f"/candidates/{seeded['Belgrade']}", "/search?q=Huawei", "/health"):
        html = text_of(client.get(path))
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_crawled_markup_is_shown_as_text_everywhere(
    client: FlaskClient, auth: AuthActions, hostile: tuple[int, int]
) -> None:
    candidate_id, _page_id = hostile
    auth.login()
    pages = {
        "queue": text_of(client.get("/queue")),
        "candidate": text_of(client.get(f"/candidates/{candidate_id}")),
        "search": text_of(client.get("/search?q=Bishkek")),
    }
    for name, html in pages.items():
        assert "window.__pwned" in html, name  # the words are there ...
        assert "<script>window.__pwned" not in html, name  # ... but never as markup
        assert "<img src=x" not in html and "<b onmouseover" not in html, name
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; Bishkek" in pages["candidate"]
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in pages["candidate"]


def test_archived_copy_is_sanitised_and_sandboxed(
    client: FlaskClient, auth: AuthActions, hostile: tuple[int, int]
) -> None:
    candidate_id, page_id = hostile
    auth.login()
    page = text_of(client.get(f"/candidates/{candidate_id}"))
    frame = re.search(r"<iframe[^>]*>", page)
    assert frame is not None
    assert 'sandbox=""' in frame.group() and f"/pages/{page_id}/archive" in frame.group()
    response = client.get(f"/pages/{page_id}/archive")
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy
    html = text_of(response)
    assert "command center in Bishkek" in html
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", lowered)  # no event handler on any tag
    # what the page showed as text stays text
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in html


def test_unknown_records_are_404_pages(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    for path in ("/candidates/999", "/pages/999/archive", "/health/runs/999"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Not found" in text_of(response)
