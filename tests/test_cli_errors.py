"""Errors a user meets from a fresh clone: each is one line on stderr (one per mistake) and exit
code 2, saying what to do; no traceback, and nothing made on the way out."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
from twisted.internet.error import DNSLookupError

from crawler.base_spiders.base import _classify
from safecity.cli import cli
from safecity.output import table
from tests.sites import safecity


def one_error(result: object, *said: str) -> None:
    output = getattr(result, "output", "") or getattr(result, "stderr", "")
    code = getattr(result, "exit_code", getattr(result, "returncode", None))
    assert code == 2, output
    lines = output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    for words in said:
        assert words in lines[0], output


def test_extract_of_a_broken_gzip_file(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "bad.html.gz"
    broken.write_bytes(b"not gzip at all")
    one_error(runner.invoke(cli, ["extract", str(broken)]), "bad.html.gz: cannot read it")


def test_import_of_a_file_that_is_not_a_spreadsheet(runner: CliRunner, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_text("not a zip file", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    one_error(
        runner.invoke(cli, ["import", str(garbage), "--db", url]),
        "garbage.xlsx: not a readable XLSX file",
        "CSV UTF-8",
    )


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["candidates"],
        ["runs"],
        ["confirm", "1"],
        ["export", "-o", "x.csv"],
        ["report", "-o", "report"],
        ["search", "camera"],
    ],
    ids=lambda c: c[0],
)
def test_a_command_that_reads_refuses_a_database_that_is_not_there(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "no" / "such" / "x.db"
    result = runner.invoke(cli, [*command, "--db", f"sqlite:///{missing}"])
    one_error(result, f"no database at {missing}", "safecity init")
    assert not missing.parent.exists()  # not made on the way


def test_serve_on_a_port_in_use(runner: CliRunner, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["serve", "--port", str(port), "--secret-file", str(tmp_path / "secret")]
        result = runner.invoke(cli, [*args, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    one_error(result, f"cannot listen on 127.0.0.1:{port}", "try --port")


def test_a_sources_file_reports_every_mistake_at_once(runner: CliRunner, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "Bad Name"\nspider = "nope"\nstart = ["ftp://x.example/"]\n'
        'colour = "red"\n\n'
        '[[source]]\nname = "two"\nspider = "site"\nstart = ["https://a.example/"]\ndepth = -1\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["crawl", "--sources", str(sources), "--db", "sqlite://"])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        f"{sources}:2",
        f"{sources}:3",
        f"{sources}:4",
        f"{sources}:5",
        f"{sources}:11",
    ]
    assert all(line.startswith("error: ") for line in lines)


def test_a_crawl_whose_start_host_never_answers_says_so_and_fails(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens once it is closed
    url = f"sqlite:///{tmp_path / 'crawl.db'}"
    result = safecity("crawl", "--start", f"http://127.0.0.1:{port}/", "--db", url)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and f"nothing was fetched from 127.0.0.1:{port} (connect)" in errors[0]
    assert "1 error" in result.stdout and "1 errors" not in result.stdout
    runs = safecity("runs", "--json", "--db", url)
    assert '"connect": 1' in runs.stdout


@pytest.mark.parametrize(
    "error, kind",
    [
        (DNSLookupError("no-such-host.invalid"), "dns"),
        (CannotResolveHostError("no-such-host.invalid"), "dns"),
        (DownloadConnectionRefusedError("refused"), "connect"),
        (ValueError("something else"), "other"),
    ],
)
def test_error_kinds_are_named_one_way_whatever_raised_them(
    error: BaseException, kind: str
) -> None:
    assert _classify(error)[0] == kind


def test_a_table_fits_the_width_it_is_given() -> None:
    rows = [[1, "a long source name that goes on", "2026-12-06 06:39:02", "finished"]]
    wide = table(["id", "source", "started", "status"], rows, width=200)
    assert "a long source name that goes on" in wide
    narrow = table(["id", "source", "started", "status"], rows, width=40)
    assert all(len(line) <= 40 for line in narrow.splitlines())
    assert "…" in narrow
