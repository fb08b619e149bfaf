"""The app in a real browser: Debian's headless Chromium driven by Playwright (never `playwright
install`: the machine has no internet). The data is the bundled sample site, crawled once per test
session by `safecity demo`, and a hostile page stored through ``save_page``.

Without /usr/bin/chromium these tests are skipped with the reason; under CI (CI=true) they fail
instead, since `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from safecity.web import create_app
from store.db import Database
from store.models import Candidate, Decision
from store.users import add_user
from tests.web.conftest import PASSWORD
from tests.web.pages import HOSTILE, store_page


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the sample site crawled into it, made once and copied for each test."""
    folder = tmp_path_factory.mktemp("sample")
    path = folder / "sample.db"
    env = {k: v for k, v in os.environ.items() if k != "SAFECITY_DATABASE_URL"}
    subprocess.run(
        [sys.executable, "-m", "safecity", "demo", "--db", f"sqlite:///{path}"],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path


@pytest.fixture
def site(browser: Any, crawled: Path, tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """The app served by waitress on 127.0.0.1 over a copy of the crawled database, with the
    hostile page added; yields its base URL and the database."""
    from waitress import create_server, wasyncore

    path = tmp_path / "app.db"
    shutil.copy(crawled, path)
    url = f"sqlite:///{path}"
    database = Database(url)
    with database.transaction() as session:
        store_page(session, *HOSTILE)
        add_user(session, "ana", "analyst", PASSWORD)
        add_user(session, "bo", "analyst", PASSWORD)
    app = create_app({"DATABASE_URL": url})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}", database
    finally:
        # closed from the server's own thread: sockets closed under its poll() fail there (EBADF)
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        app.extensions["safecity_db"].close()
        database.close()


def login(browser: Any, base: str, name: str = "ana") -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")
    return page


def candidates(database: Database) -> dict[str, Candidate]:
    with database.reading() as session:
        return {c.city or c.country: c for c in session.scalars(select(Candidate))}


def selected_id(page: Any) -> int:
    return int(page.locator("table.queue tr.selected").get_attribute("data-id"))


def test_triage_three_candidates_by_keyboard_and_see_the_history(
    browser: Any, site: tuple[str, Database]
) -> None:
    base, database = site
    page = login(browser, base)
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("j")
    first = selected_id(page)
    # e: edit the selected one on its page; fields are typed, c confirms
    page.keyboard.press("e")
    page.wait_for_url(f"**/candidates/{first}?**")
    page.get_by_label("Counterpart").fill("Ministry of Internal Affairs")
    page.get_by_label("Value").fill("USD 1 million (reported)")
    page.keyboard.press("Escape")
    page.keyboard.press("c")
    page.wait_for_url(base + "/?sel=*")
    # back in the queue: r, a reason, Enter rejects the selected row
    second = selected_id(page)
    page.keyboard.press("r")
    page.keyboard.type("a telecom network, no surveillance products")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text=Candidate {second} rejected.")
    # m, a number, Enter merges the selected row into that candidate
    third = selected_id(page)
    target = next(c.id for c in candidates(database).values() if c.id not in (first, second, third))
    page.keyboard.press("m")
    page.keyboard.type(str(target))
    page.keyboard.press("Enter")
    by_id = {c.id: c for c in candidates(database).values()}
    if by_id[third].country != by_id[target].country:  # asked first, nothing merged yet
        assert "different countries" in page.locator("p.question").inner_text()
        assert by_id[third].merged_into_id is None
        page.check("#force")
        page.click("#merge")
    page.wait_for_selector(f"text=Candidate {third} merged into candidate {target}.")

    by_id = {c.id: c for c in candidates(database).values()}
    assert by_id[first].status == "confirmed"
    assert by_id[first].counterpart == "Ministry of Internal Affairs"
    assert by_id[second].status == "rejected"
    assert by_id[second].note == "a telecom network, no surveillance products"
    assert by_id[third].merged_into_id == target

    page.goto(f"{base}/candidates/{first}")
    history = page.locator("#history")
    assert (
        "confirm" in history.inner_text() and "Ministry of Internal Affairs" in history.inner_text()
    )
    page.goto(f"{base}/candidates/{target}")
    entry = page.locator("#history li").first
    assert "merge in" in entry.inner_text() and f"#{third}" in entry.inner_text()
    page.goto(f"{base}/candidates/{third}")
    assert f"Merged into candidate {target}" in page.locator("p.notice").inner_text()
    page.context.close()


def test_second_analyst_on_a_stale_page_is_refused_and_keeps_the_input(
    browser: Any, site: tuple[str, Database]
) -> None:
    base, database = site
    belgrade = candidates(database)["Belgrade"].id
    ana, bo = login(browser, base, "ana"), login(browser, base, "bo")
    for page in (ana, bo):
        page.goto(f"{base}/candidates/{belgrade}")
    ana.get_by_role("button", name="Confirm").click()
    ana.wait_for_selector(f"text=Candidate {belgrade} confirmed.")
    bo.get_by_label("Year").fill("2016")
    bo.get_by_label("Note or reason").fill("only a pilot in one district")
    bo.get_by_role("button", name="Reject").click()
    bo.wait_for_selector(".conflict")
    conflict = bo.locator(".conflict").inner_text()
    assert "someone changed this candidate" in conflict
    assert "confirm by ana" in conflict and "Status now: confirmed" in conflict
    assert bo.get_by_label("Note or reason").input_value() == "only a pilot in one district"
    assert bo.get_by_label("Year").input_value() == "2016"
    with database.reading() as session:
        candidate = session.get(Candidate, belgrade)
        assert candidate is not None and candidate.status == "confirmed"
        actors = [d.actor for d in session.scalars(select(Decision))]
        assert actors == ["ana"]
    ana.context.close()
    bo.context.close()


def test_hostile_page_is_shown_as_text_and_runs_nothing(
    browser: Any, site: tuple[str, Database]
) -> None:
    base, database = site
    bishkek = next(c for c in candidates(database).values() if c.country == "KG")
    page = login(browser, base)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/queue", f"/candidates/{bishkek.id}", "/search?q=Bishkek"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    page.goto(f"{base}/candidates/{bishkek.id}")
    title = "<script>window.__pwned=1</script> Bishkek <b onmouseover=alert(1)>deal</b>"
    assert page.get_by_text(title).first.is_visible()
    assert page.get_by_text("<img src=x onerror=window.__pwned=3>", exact=False).count() >= 1
    page.locator("details.archive summary").last.click()  # the hostile page came last
    frame_element = page.locator("details.archive iframe").last
    frame_element.wait_for()
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_load_state("load")
    frame.locator("text=command center in Bishkek").wait_for()
    assert "<script" not in frame.content().lower()
    page.mouse.move(200, 200)
    page.locator("span.sentence").first.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert "pwned" not in page.title()
    page.context.close()


def test_a_post_without_the_csrf_token_is_refused(browser: Any, site: tuple[str, Database]) -> None:
    base, database = site
    lusaka = candidates(database)["Lusaka"]
    page = login(browser, base)
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["safecity_session"]
    assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Lax"
    assert page.evaluate("document.cookie") == ""
    response = page.context.request.post(
        f"{base}/candidates/{lusaka.id}/decide",
        form={"action": "confirm", "version": str(lusaka.version)},
    )
    assert response.status == 400
    assert "security token" in response.text()
    with database.reading() as session_:
        candidate = session_.get(Candidate, lusaka.id)
        assert candidate is not None and candidate.status == "new"
    page.context.close()
