"""Full-text search, from the app and from `safecity search`, in English and in Chinese."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from safecity.cli import cli
from store.db import Database
from store.search import search, sync_index
from store.searchterms import index_terms, parse_query
from tests.web.conftest import AuthActions, text_of
from tests.web.pages import article, store_page


def test_han_runs_are_indexed_as_character_pairs() -> None:
    assert index_terms("华为平安城市 in Belgrade") == " 华为 为平 平安 安城 城市  in Belgrade"
    assert [p.text for p in parse_query("平安城市 cameras")] == ["平安 安城 城市", "cameras"]
    single = parse_query("华")
    assert single[0].prefix and single[0].text == "华"
    assert parse_query('" * -- ()') == []


@pytest.mark.parametrize(
    "query, city",
    [
        ("Belgrade", "Belgrade"),
        ("facial recognition", "Belgrade"),
        ("street", "Belgrade"),  # stemmed: the page says "streets"
        ("贝尔格莱德", "Belgrade"),
        ("人脸识别", "Belgrade"),
        ("识别", "Belgrade"),  # any part of a Chinese word
        ("command center Nairobi", "Nairobi"),
    ],
)
def test_search_finds_evidence_in_either_language(
    database: Database, seeded: dict[str, int], query: str, city: str
) -> None:
    with database.transaction() as session:
        sync_index(session)
    with database.reading() as session:
        results = search(session, query)
        assert {c.city for _e, c, _p in results.evidence} == {city}
        assert results.pages


def test_words_must_all_match_and_syntax_is_just_text(
    database: Database, seeded: dict[str, int]
) -> None:
    with database.transaction() as session:
        sync_index(session)
    with database.reading() as session:
        assert search(session, "Belgrade Nairobi").empty
        assert search(session, 'Belgrade" OR "Nairobi').empty
        assert search(session, "NEAR(x y) AND *").empty


def test_pages_stored_later_are_found_after_sync(
    database: Database, seeded: dict[str, int]
) -> None:
    with database.transaction() as session:
        sync_index(session)
        assert sync_index(session) == 0
    with database.transaction() as session:
        body = article(
            "万象监控",
            "https://la.example/v",
            "老挝公安部与华为签署协议，在万象建设平安城市指挥中心。",
            lang="zh",
        )
        store_page(session, "https://la.example/v", body)
        assert sync_index(session) >= 2  # the page and its evidence
    with database.reading() as session:
        assert {c.city for _e, c, _p in search(session, "万象").evidence} == {"Vientiane"}


def test_search_page_highlights_and_links_to_candidates(
    client: FlaskClient, auth: AuthActions, seeded: dict[str, int]
) -> None:
    auth.login()
    html = text_of(client.get("/search?q=贝尔格莱德"))
    assert "<mark>贝尔格莱德</mark>" in html
    assert f'href="/candidates/{seeded["Belgrade"]}#page-' in html
    english = text_of(client.get("/search?q=Quito"))
    assert "<mark>Quito</mark>" in english
    assert "Nothing stored contains" in text_of(client.get("/search?q=Atlantis"))


def test_search_command(runner: CliRunner, db_url: str, seeded: dict[str, int]) -> None:
    result = runner.invoke(cli, ["search", "人脸识别", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert f"candidate {seeded['Belgrade']} (huawei, RS, Belgrade, new)" in result.output
    english = runner.invoke(cli, ["search", "Lahore", "--json", "--db", db_url])
    data = json.loads(english.output)
    assert {e["candidate"] for e in data["evidence"]} == {seeded["Lahore"]}
    assert any(p["title"] == "Lahore safe city opens" for p in data["pages"])
    missing = runner.invoke(cli, ["search", "Atlantis", "--db", db_url])
    assert missing.exit_code == 0 and "nothing stored contains 'Atlantis'" in missing.output
