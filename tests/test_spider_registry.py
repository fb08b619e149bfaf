"""Every registered spider: one slug for its name, module, fixture site and test file; base spiders
document every attribute a subclass may set; runs of a source that went quiet are flagged."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from sqlalchemy import select

from crawler import base_spiders
from extractors import analyze
from keywords import load_vocabulary
from safecity.cli import cli
from safecity.crawl.planning import due, plan_crawls
from safecity.crawl.sources import SPIDERS, load_sources
from store.db import Database
from store.models import Source
from store.pages import FetchedPage, save_page
from store.runs import finish_run, run_reports, start_run

ROOT = Path(__file__).resolve().parent.parent


def loader() -> SpiderLoader:
    settings = Settings()
    settings.setmodule("crawler.settings")
    return SpiderLoader.from_settings(settings)


def test_the_cli_knows_exactly_the_registered_spiders() -> None:
    assert sorted(loader().list()) == sorted(SPIDERS)


@pytest.mark.parametrize("slug", SPIDERS)
def test_each_spider_has_its_module_fixture_and_test(slug: str) -> None:
    spider = loader().load(slug)
    assert spider.__module__ == f"crawler.spiders.{slug}"
    assert (spider.__doc__ or inspect.getmodule(spider).__doc__ or "").strip()  # type: ignore[union-attr]
    assert (ROOT / "tests" / "sites" / slug).is_dir()
    assert (ROOT / "tests" / f"test_spider_{slug}.py").is_file()
    module = ROOT / "crawler" / "spiders" / f"{slug}.py"
    assert len(module.read_text().splitlines()) <= 80


@pytest.mark.parametrize("name", base_spiders.__all__)
def test_base_spiders_document_every_attribute_a_subclass_may_set(name: str) -> None:
    cls = getattr(base_spiders, name)
    doc = inspect.getmodule(cls).__doc__ or ""  # type: ignore[union-attr]
    own = [
        attribute
        for attribute, value in vars(cls).items()
        if not attribute.startswith("_")
        and not callable(value)
        and attribute != "custom_settings"
        and not isinstance(value, property | classmethod | staticmethod)
    ]
    missing = [a for a in own if f"``{a}``" not in doc]
    assert own and not missing, missing


def test_a_source_that_stops_yielding_pages_is_flagged(db: Database, db_url: str) -> None:
    counts = [("huawei-www", 5, 0), ("huawei-www", 0, 0), ("feeds", 3, 0), ("feeds", 0, 3)]
    with db.transaction() as session:
        for source, new, seen in counts:
            run = start_run(session, "huawei" if source == "huawei-www" else "news", [], source)
            run.pages_new = new
            finish_run(session, run.id, "finished", 10, 1000, seen)
    with db.reading() as session:
        reports = {r.run.id: r.quiet for r in run_reports(session)}
    assert list(reports.values()) == [False, False, True, False]  # newest first
    result = CliRunner().invoke(cli, ["runs", "--db", db_url])
    assert result.exit_code == 0 and result.output.count("NO PAGES") == 1


def test_due_runs_only_sources_whose_schedule_says_so(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.toml"
    entry = '[[source]]\nname = "{0}"\nspider = "news"\nschedule = "{1}"\nstart = ["http://127.0.0.1:9/f"]\n'
    sources.write_text(entry.format("daily-feed", "daily") + entry.format("by-hand", "manual"))
    with db.transaction() as session:
        run = start_run(session, "news", [], "daily-feed")
        finish_run(session, run.id, "finished", 1)
    result = CliRunner().invoke(
        cli, ["crawl", "news", "--due", "--sources", str(sources), "--db", db_url]
    )
    assert result.exit_code == 0 and "no source is due" in result.output
    plans = plan_crawls("news", [], load_sources(sources))
    later = datetime.now(UTC) + timedelta(days=1)
    assert [p.source.name for p in due(plans, db, later) if p.source] == ["daily-feed"]


def test_crawl_refuses_unknown_spiders_and_sources(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    unknown = runner.invoke(
        cli, ["crawl", "spiderman", "--start", "http://127.0.0.1:9/", "--db", url]
    )
    assert unknown.exit_code == 2 and "unknown spider 'spiderman'" in unknown.output
    source = runner.invoke(cli, ["crawl", "news", "--source", "nope", "--db", url])
    assert source.exit_code == 2 and "no source named 'nope'" in source.output
    wrong = runner.invoke(cli, ["crawl", "news", "--source", "huawei-www", "--db", url])
    assert wrong.exit_code == 2 and "is for the huawei spider" in wrong.output


def test_a_sources_kind_weighs_its_pages_but_a_snapshot_counts_for_its_original(
    db: Database,
) -> None:
    at = datetime.now(UTC)
    text = b"<p>Huawei built the Safe City command center in Nairobi, Kenya.</p>"
    body = b"<html><body>" + text + b"</body></html>"
    portal = FetchedPage(
        "http://portal.example/n",
        "http://portal.example/n",
        200,
        "text/html",
        body,
        at,
        kind="government",
    )
    snapshot_url = "http://archive.example/web/2019id_/https://e.huawei.com/x"
    snapshot = FetchedPage(
        snapshot_url,
        snapshot_url,
        200,
        "text/html",
        body + b" ",
        at,
        kind="archive",
        original_url="https://e.huawei.com/x",
        snapshot_at=at,
    )
    kinds = load_vocabulary().site_kinds
    with db.transaction() as session:
        for fetched in (portal, snapshot):
            save_page(session, fetched, analyze(fetched.body, fetched.url), kinds)
    with db.reading() as session:
        assert dict(session.execute(select(Source.host, Source.kind)).all()) == {
            "portal.example": "government",
            "e.huawei.com": "vendor",
        }
