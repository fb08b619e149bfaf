"""What a user sees while things run and afterwards: a crawl's progress line, what the scheduler
runs next, and one candidate from the terminal (``safecity show``)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

from click.testing import CliRunner

from crawler.items import FetchFailure
from crawler.progress import Progress
from safecity.cli import cli
from store.db import Database
from store.runs import finish_run, start_run
from tests.recordseed import confirm, seed
from tests.sites import safecity
from tests.sites.server import serve_folder


def test_the_progress_line_counts_fetched_stored_and_errors() -> None:
    crawler = SimpleNamespace(spider=None)
    for mode, ending in (("lines", "\n"), ("live", "")):
        out = io.StringIO()
        progress = Progress(crawler, mode, 30.0, out)  # type: ignore[arg-type]
        for _ in range(3):
            progress.response(None, None, None)
        progress.item(
            FetchFailure("http://a.example/x", "http_404", "HTTP 404", "site"), None, None
        )
        progress.show()
        line = out.getvalue()
        assert "crawl: 3 fetched, 0 pages stored, 1 error, " in line and "pages/min" in line
        assert line.endswith(ending)
        assert line.startswith("\r") == (mode == "live")  # a terminal's line is rewritten


def test_schedule_once_with_nothing_due_says_what_runs_next(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "nightly"\nspider = "site"\nstart = ["http://127.0.0.1:9/"]\n'
        'schedule = "0 3 * * *"\n',
        encoding="utf-8",
    )
    with db.transaction() as session:  # it ran a moment ago: due tomorrow at 03:00
        run = start_run(session, "site", ["http://127.0.0.1:9/"], "nightly")
        finish_run(session, run.id, "finished", 1)
    args = ["schedule", "--once", "--sources", str(sources), "--state-dir", str(tmp_path / "st")]
    result = runner.invoke(cli, [*args, "--db", db_url])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"nothing is due now; next: nightly \(site\) at \d{4}-\d\d-\d\d 03:00 UTC \(in \d+h\d\dm\)",
        result.output,
    ), result.output


def test_show_prints_fields_evidence_and_history(
    runner: CliRunner, db: Database, db_url: str
) -> None:
    kenya = seed(db, "KE")["KE"]
    confirm(db, kenya, "two reports agree")
    result = runner.invoke(cli, ["show", str(kenya), "--db", db_url])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith(f"candidate {kenya}: huawei, Nairobi, KE — confirmed")
    assert "  year: 2014" in text
    assert (
        "ke-daily.example (media) · " in text and "http://ke-daily.example/police-cameras" in text
    )
    assert "National Police Service signed a contract with Huawei" in text
    assert "confirm by amina via web" in text and "status: new → confirmed" in text
    assert "“two reports agree”" in text
    shown = json.loads(runner.invoke(cli, ["show", str(kenya), "--json", "--db", db_url]).output)
    assert shown["evidence"][0]["site"] == "ke-daily.example"
    assert [h["action"] for h in shown["history"]] == ["confirm"]
    missing = runner.invoke(cli, ["show", "999", "--db", db_url])
    assert missing.exit_code == 2 and "no candidate with id 999" in missing.output


def test_a_crawl_off_a_terminal_prints_a_progress_line_every_few_seconds(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    links = "".join(f'<a href="/p{i}.html">page {i}</a>' for i in range(3))
    (root / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")
    for i in range(3):
        (root / f"p{i}.html").write_text(
            f"<html><body><p>Page {i} about city cameras.</p></body></html>", encoding="utf-8"
        )
    url = f"sqlite:///{tmp_path / 'crawl.db'}"
    with serve_folder(root, delay=0.8) as (base, _hits):
        result = safecity(
            "crawl", "--start", f"{base}/index.html", "--progress-every", "1", "--db", url
        )
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("site: ")]
    assert progress, result.stderr  # off a terminal: whole lines, no carriage returns
    assert all(re.search(r"\d+ fetched, \d+ pages? stored, \d+ errors?, ", p) for p in progress)
    assert "\r" not in result.stderr
