"""`safecity schedule`: cron schedules in the sources file, what is due, and the scheduler run as a
user runs it, against a local site: due sources crawled once, manual ones never, and a crawl
stopped by SIGTERM recorded interrupted and resumed where it stopped."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from safecity.crawl.scheduling import due_at
from safecity.crawl.sources import SourcesError, load_sources
from store.db import Database
from store.models import CrawlRun, Page
from tests.sites import safecity, user_environment
from tests.sites.server import Answer, FixtureSite, serve

PAGES = 40  # pages of the slow site, besides its index
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = "The city council reviewed the new traffic plan and the budget for parks. " * 6


def sources_file(folder: Path, *entries: tuple[str, str, str]) -> Path:
    """A sources file of (name, schedule, start URL) site sources."""
    path = folder / "sources.toml"
    path.write_text(
        "".join(
            f'[[source]]\nname = "{name}"\nspider = "site"\nschedule = "{schedule}"\n'
            f'start = ["{start}"]\ndepth = 2\n\n'
            for name, schedule, start in entries
        ),
        encoding="utf-8",
    )
    return path


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- schedules in the sources file


def test_schedules_are_cron_expressions_or_words(tmp_path: Path) -> None:
    path = sources_file(
        tmp_path,
        ("mondays", "0 3 * * 1", "http://127.0.0.1:9/"),
        ("nightly", "daily", "http://127.0.0.1:9/"),
        ("firsts", "monthly", "http://127.0.0.1:9/"),
        ("by-hand", "manual", "http://127.0.0.1:9/"),
    )
    sources = load_sources(path)
    wednesday = at("2025-01-01T12:00:00")
    assert sources.named("mondays").next_run(wednesday) == at("2025-01-06T03:00:00")
    assert sources.named("nightly").next_run(wednesday) == at("2025-01-02T00:00:00")
    assert sources.named("firsts").next_run(wednesday) == at("2025-02-01T00:00:00")
    assert sources.named("by-hand").next_run(wednesday) is None


@pytest.mark.parametrize(
    "schedule, problem",
    [
        ("0 3 * *", "4 fields, not 5"),
        ("0 0 3 * * *", "6 fields, not 5"),
        ("61 * * * *", "Bad minute"),
        ("0 0 30 2 *", "Bad day-of-month"),
        ("often", "1 fields, not 5"),
    ],
)
def test_a_bad_schedule_names_file_line_and_key(
    tmp_path: Path, schedule: str, problem: str
) -> None:
    path = sources_file(
        tmp_path,
        ("fine", "weekly", "http://127.0.0.1:9/"),
        ("broken", schedule, "http://127.0.0.1:9/"),
    )
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    message = str(error.value)
    assert message.startswith(f"{path}:11: schedule: {schedule!r} is not a schedule")
    assert problem in message and "'0 3 * * *'" in message


def test_what_is_due_and_when(tmp_path: Path) -> None:
    path = sources_file(
        tmp_path,
        ("nightly", "0 3 * * *", "http://127.0.0.1:9/"),
        ("by-hand", "manual", "http://127.0.0.1:9/"),
    )
    nightly, by_hand = load_sources(path).sources
    now = at("2025-01-01T12:00:00")
    finished = CrawlRun(status="finished", started_at=at("2025-01-01T03:00:00"))
    interrupted = CrawlRun(status="interrupted", started_at=at("2025-01-01T03:00:00"))
    assert due_at(nightly, None, None, now) == (now, False)  # never ran: at once
    assert due_at(nightly, finished, None, now) == (at("2025-01-02T03:00:00"), False)
    assert due_at(nightly, interrupted, None, now) == (now, True)  # resumed at once
    # resumed once by this scheduler already: its next run waits for the schedule
    assert due_at(nightly, interrupted, now, now) == (at("2025-01-02T03:00:00"), False)
    # a crawl that left its queue behind did not finish, whatever its run says
    assert due_at(nightly, finished, None, now, queue_left=True) == (now, True)
    assert due_at(by_hand, None, None, now) == (None, False)
    assert due_at(by_hand, interrupted, None, now) == (None, False)


# --- the scheduler against a local site


def page(title: str, links: list[str]) -> bytes:
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{title}. {TEXT}</p><ul>{anchors}</ul></article></body></html>"
    ).encode()


class SlowPages:
    """``/p/N``: held until ``gate`` opens, then a fifth of a second each."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def __call__(self, path: str, query: dict[str, list[str]]) -> Answer:
        self.gate.wait(timeout=300)
        time.sleep(0.2)
        return 200, HTML, page(f"Page {path.rsplit('/', 1)[-1]}", [])


@pytest.fixture
def slow(tmp_path: Path) -> Iterator[tuple[FixtureSite, SlowPages]]:
    pages = SlowPages()
    links = [f"/p/{n}" for n in range(PAGES)]
    routes = {
        "/index.html": lambda path, query: (200, HTML, page("Index", links)),
        "/quick.html": lambda path, query: (200, HTML, page("Quick", ["/quick-2.html"])),
        "/quick-2.html": lambda path, query: (200, HTML, page("Quick two", [])),
        "/by-hand.html": lambda path, query: (200, HTML, page("By hand", [])),
        "/p/": pages,
    }
    with serve(FixtureSite(tmp_path / "site", routes=routes)) as site:
        yield site, pages


def runs(db_url: str) -> list[tuple[str | None, str, int]]:
    db = Database(db_url)
    with db.reading() as session:
        rows = session.execute(
            select(CrawlRun.source, CrawlRun.status, CrawlRun.pages_new).order_by(CrawlRun.id)
        ).all()
    db.close()
    return [(source, status, new) for source, status, new in rows]


def stored_pages(db_url: str) -> tuple[int, int]:
    """Page rows, and distinct URLs among them."""
    db = Database(db_url)
    with db.reading() as session:
        rows = session.scalar(select(func.count(Page.id))) or 0
        urls = session.scalar(select(func.count(func.distinct(Page.url)))) or 0
    db.close()
    return rows, urls


def test_once_crawls_what_is_due_and_then_nothing(
    db_url: str, tmp_path: Path, slow: tuple[FixtureSite, SlowPages]
) -> None:
    site, _ = slow
    path = sources_file(
        tmp_path,
        ("nightly", "0 3 * * *", f"{site.base}/quick.html"),
        ("by-hand", "manual", f"{site.base}/by-hand.html"),
    )
    args = ("schedule", "--once", "--sources", str(path), "--db", db_url)
    first = safecity(*args, "--state-dir", str(tmp_path / "state"))
    assert first.returncode == 0, first.stderr
    assert "starting nightly (site)" in first.stderr and "nightly: finished" in first.stderr
    assert runs(db_url) == [("nightly", "finished", 2)]
    assert "/by-hand.html" not in site.paths()
    assert not (tmp_path / "state" / "nightly").exists()  # a finished run keeps no queue

    requests = len(site.log)
    again = safecity(*args, "--state-dir", str(tmp_path / "state"))
    assert again.returncode == 0, again.stderr
    assert runs(db_url) == [("nightly", "finished", 2)]
    assert len(site.log) == requests


def test_sigterm_stops_a_crawl_cleanly_and_the_next_start_resumes_it(
    db_url: str, tmp_path: Path, slow: tuple[FixtureSite, SlowPages]
) -> None:
    site, pages = slow
    path = sources_file(tmp_path, ("slow", "0 3 * * *", f"{site.base}/index.html"))
    state = tmp_path / "state"
    args = ["schedule", "--sources", str(path), "--db", db_url, "--state-dir", str(state)]
    command = [sys.executable, "-m", "safecity", *args, "--verbose"]
    environ = user_environment()
    with subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=environ
    ) as scheduler:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(scheduler.stderr or []))
        reader.start()
        try:
            wait_for(lambda: any(p.startswith("/p/") for p in site.paths()), scheduler)
            scheduler.send_signal(signal.SIGTERM)
            wait_for(lambda: any("Received SIGTERM" in line for line in lines), scheduler)
            pages.gate.set()  # the requests in flight may now finish
            assert scheduler.wait(timeout=300) == 0, "".join(lines)
        finally:
            pages.gate.set()
            if scheduler.poll() is None:
                scheduler.kill()
            reader.join(timeout=60)

    fetched = {p for p in site.paths() if p.startswith("/p/")}
    assert runs(db_url) == [("slow", "interrupted", 1 + len(fetched))]  # in-flight pages stored
    assert len(fetched) < PAGES and (state / "slow").is_dir()

    resumed = safecity("schedule", "--once", *args[1:])
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming slow (site)" in resumed.stderr
    assert runs(db_url) == [
        ("slow", "interrupted", 1 + len(fetched)),
        ("slow", "finished", PAGES - len(fetched)),
    ]
    asked = Counter(p for p in site.paths() if p.startswith("/p/"))
    assert len(asked) == PAGES and set(asked.values()) == {1}  # each page fetched once
    assert stored_pages(db_url) == (PAGES + 1, PAGES + 1)
    assert not (state / "slow").exists()


def wait_for(condition: object, process: subprocess.Popen[str]) -> None:
    """Until ``condition()`` holds; fails if the process ends first (or after five minutes, so a
    broken build does not hang the suite)."""
    assert callable(condition)
    deadline = time.monotonic() + 300
    while not condition():
        assert process.poll() is None, "the scheduler ended early"
        assert time.monotonic() < deadline, "the scheduler never got there"
        time.sleep(0.1)
