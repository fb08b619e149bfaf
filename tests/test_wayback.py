"""Save Page Now on confirm, against a stand-in of the endpoint on 127.0.0.1 that answers as the
Wayback Machine does: a redirect to the capture, a Content-Location header, or a Link header with
the memento; errors in the X-Archive-Wayback-Runtime-Error header."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from safecity.cli import cli
from safecity.wayback import SavePageNow, WaybackError
from store.db import Database
from store.models import Candidate, Evidence, Page
from tests.recordseed import PAGES, seed, store_page
from tests.test_exports import read_rows, run_export

STAMP = "20260102030405"


class StandIn(BaseHTTPRequestHandler):
    """``/save/<url>``: how it answers depends on a word in the URL."""

    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        url = self.path.removeprefix("/save/")
        self.asked.append(url)
        capture = f"/web/{STAMP}/{url}"
        if "refused" in url:
            self.answer(200, {"X-Archive-Wayback-Runtime-Error": "LiveDocumentNotAvailable"})
        elif "busy" in url:
            self.answer(429, {})
        elif "memento" in url:
            link = (
                f'<{url}>; rel="original", <http://{self.headers["Host"]}{capture}>; rel="memento"'
            )
            self.answer(200, {"Link": link})
        elif "located" in url:
            self.answer(200, {"Content-Location": capture})
        elif "silent" in url:
            self.answer(200, {})
        else:
            self.answer(302, {"Location": capture})

    def answer(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def archive() -> Iterator[str]:
    StandIn.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def env(base: str, on: bool = True) -> dict[str, str]:
    return {"SAFECITY_WAYBACK_SAVE": "1" if on else "", "SAFECITY_WAYBACK_URL": base}


def captures(db: Database, candidate_id: int) -> dict[str, tuple[str | None, datetime | None]]:
    with db.reading() as session:
        rows = session.execute(
            select(Page.url, Evidence.capture_url, Evidence.captured_at)
            .join(Page, Evidence.page_id == Page.id)
            .where(Evidence.candidate_id == candidate_id)
        ).all()
    return {url: (capture, at) for url, capture, at in rows}


@pytest.mark.parametrize(
    "page, form",
    [
        ("http://ke-daily.example/police-cameras", "redirect"),
        ("http://ke-daily.example/located", "Content-Location"),
        ("http://ke-daily.example/memento", "Link"),
    ],
)
def test_the_client_reads_every_form_of_answer(archive: str, page: str, form: str) -> None:
    capture = SavePageNow(archive, 5, "test").capture(page)
    assert capture.capture_url == f"{archive}/web/{STAMP}/{page}", form
    assert capture.captured_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    "page, said",
    [
        ("http://x.example/refused", "LiveDocumentNotAvailable"),
        ("http://x.example/busy", "429"),
        ("http://x.example/silent", "without a capture address"),
    ],
)
def test_the_client_reports_what_went_wrong(archive: str, page: str, said: str) -> None:
    with pytest.raises(WaybackError, match=said):
        SavePageNow(archive, 5, "test").capture(page)


def test_nothing_listening_is_a_clear_error() -> None:
    with pytest.raises(WaybackError, match="cannot reach"):
        SavePageNow("http://127.0.0.1:9", 5, "test").capture("http://x.example/")


def test_confirm_sends_each_evidence_page_and_keeps_the_capture(
    runner: CliRunner, db: Database, db_url: str, archive: str, tmp_path: Path
) -> None:
    ids = seed(db, "KE")
    url, sentence = PAGES["KE"]
    store_page(db, "http://ke-daily.example/located", sentence, "A second report, same deal.")
    result = runner.invoke(cli, ["confirm", str(ids["KE"]), "--db", db_url], env=env(archive))
    assert result.exit_code == 0, result.output
    assert sorted(StandIn.asked) == ["http://ke-daily.example/located", url]
    for page, (capture, at) in captures(db, ids["KE"]).items():
        assert capture == f"{archive}/web/{STAMP}/{page}"
        assert at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    out = tmp_path / "records.json"
    run_export(runner, db_url, out, "--format", "json")
    (row,) = read_rows(out)
    assert sorted(row["capture_urls"]) == sorted(
        f"{archive}/web/{STAMP}/{u}" for u in StandIn.asked
    )
    # confirming again asks for nothing: every page has its capture
    StandIn.asked.clear()
    again = runner.invoke(cli, ["confirm", str(ids["KE"]), "--db", db_url], env=env(archive))
    assert again.exit_code == 0 and StandIn.asked == []


def test_a_failed_capture_is_reported_and_the_confirmation_stands(
    runner: CliRunner, db: Database, db_url: str, archive: str
) -> None:
    ids = seed(db, "KE")
    store_page(db, "http://ke-daily.example/refused", PAGES["KE"][1], "Another copy.")
    result = runner.invoke(cli, ["confirm", str(ids["KE"]), "--db", db_url], env=env(archive))
    assert result.exit_code == 0
    assert "Save Page Now failed for http://ke-daily.example/refused" in result.output
    assert "the confirmation stands" in result.output
    with db.reading() as session:
        assert session.get_one(Candidate, ids["KE"]).status == "confirmed"
    kept = captures(db, ids["KE"])
    assert kept["http://ke-daily.example/refused"] == (None, None)
    assert kept[PAGES["KE"][0]][0] == f"{archive}/web/{STAMP}/{PAGES['KE'][0]}"


def test_off_by_default_nothing_is_sent(
    runner: CliRunner, db: Database, db_url: str, archive: str
) -> None:
    ids = seed(db, "KE")
    result = runner.invoke(
        cli, ["confirm", str(ids["KE"]), "--db", db_url], env=env(archive, False)
    )
    assert result.exit_code == 0 and StandIn.asked == []
    assert all(capture == (None, None) for capture in captures(db, ids["KE"]).values())
