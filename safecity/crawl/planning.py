"""Run crawls in this process: one Scrapy crawler per source, all at once, each its own crawl run.

What a crawl may reach: the hosts typed by the user (``--start``) or named by the sources file are
trusted even on a private network; so are the hosts and networks allow-listed in the sources file's
``[network]`` or ``SAFECITY_ALLOW_HOSTS``; everything the pages link to is checked. A crawl whose
every host is this machine runs without politeness delays.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from scrapy.spiderloader import SpiderLoader

from crawler.distributed import crawl_key, redis_problem
from crawler.netguard import is_public_address, resolve
from crawler.pipelines import FINISHED
from crawler.settings import crawl_settings, redis_settings
from keywords import SafecityError
from safecity.crawl.sources import SPIDERS, SourceEntry, SourcesFile
from safecity.settings import Settings
from store.db import Database
from store.runs import last_finished


class CannotCrawl(SafecityError):
    """Raised by ``run_crawl`` for a spider name, source or start URL it cannot use."""


@dataclass(frozen=True)
class Plan:
    """One crawler to run: a spider, the source it is for (None: ad hoc), and its start URLs."""

    spider: str
    source: SourceEntry | None
    start_urls: tuple[str, ...]
    arguments: dict[str, Any] = field(default_factory=dict)


def _hosts(start_urls: list[str] | tuple[str, ...]) -> list[str]:
    hosts = []
    for url in start_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CannotCrawl(f"not an http(s) URL: {url!r}")
        hosts.append(parts.hostname.lower())
    return sorted(set(hosts))


def _is_local(host: str) -> bool:
    addresses = resolve(host)
    return bool(addresses) and not any(is_public_address(a) for a in addresses)


def plan_crawls(
    spider: str,
    start_urls: list[str],
    sources: SourcesFile | None,
    names: tuple[str, ...] = (),
) -> list[Plan]:
    """What ``safecity crawl`` runs. ``--start`` URLs replace the configured start points (of the
    sources named, or in one ad-hoc run); without them, every source of the spider (or those
    named)."""
    if spider not in SPIDERS:
        raise CannotCrawl(f"unknown spider {spider!r}; choose from: {', '.join(SPIDERS)}")
    chosen = [sources.named(n) for n in names] if sources and names else []
    if names and not sources:
        raise CannotCrawl("--source needs a sources file")
    for source in chosen:
        if source.spider != spider:
            raise CannotCrawl(f"source {source.name!r} is for the {source.spider} spider")
    if start_urls:
        _hosts(start_urls)
        if not chosen:
            return [Plan(spider, None, tuple(start_urls))]
        return [Plan(spider, s, tuple(start_urls), {"searches": ()}) for s in chosen]
    chosen = chosen or list(sources.for_spider(spider) if sources else [])
    if not chosen:
        raise CannotCrawl(
            f"nothing to crawl: give --start URLs, or a sources file with {spider} sources"
        )
    return [Plan(spider, s, s.start) for s in chosen]


def due(plans: list[Plan], database: Database, at: datetime) -> list[Plan]:
    """The plans whose source's schedule says a run is due: never run, or its schedule named a
    time since the last finished run started."""
    out = []
    with database.reading() as session:
        for plan in plans:
            source = plan.source
            if source is None or source.next_run(at) is None:
                continue  # ad hoc, or a manual source
            last = last_finished(session, plan.spider, source.name)
            when = source.next_run(last.started_at) if last else at
            if when is not None and when <= at:
                out.append(plan)
    return out


def _spider_arguments(plan: Plan, database: Database) -> dict[str, Any]:
    """The start URLs, and for a source what its spider's class reads from it
    (``arguments_for``)."""
    arguments: dict[str, Any] = {"start_urls": list(plan.start_urls)}
    source = plan.source
    if source is None:
        return arguments
    with database.reading() as session:
        last = last_finished(session, plan.spider, source.name)
    spider = _spider_class(plan.spider)
    arguments.update(spider.arguments_for(source, last.started_at if last else None))
    arguments.update(plan.arguments)
    return arguments


def _spider_class(name: str) -> Any:
    settings = ScrapySettings()
    settings.setmodule("crawler.settings", priority="project")
    return SpiderLoader.from_settings(settings).load(name)


def _crawler_settings(
    plan: Plan,
    settings: Settings,
    sources: SourcesFile | None,
    max_pages: int | None,
    depth: int | None,
) -> dict[str, Any]:
    source = plan.source
    hosts = _hosts([*plan.start_urls, *(s.base for s in (source.searches if source else ()))])
    return crawl_settings(
        database_url=settings.database_url,
        contact_url=settings.contact_url,
        version=settings.version,
        trusted_hosts=hosts,
        local_only=all(_is_local(h) for h in hosts),
        depth_limit=depth if depth is not None else (source.depth if source else None),
        max_pages=max_pages or (source.max_pages if source else None),
        allow_hosts=[*settings.allow_hosts, *(sources.allow_hosts if sources else ())],
        max_bytes=settings.max_page_bytes,
        extract_workers=settings.extract_workers,
    )


def _check_redis(redis_url: str, database_url: str) -> None:
    if database_url.startswith("sqlite"):
        raise CannotCrawl(
            "--redis: workers write at once, which SQLite cannot take; use PostgreSQL"
        )
    if problem := redis_problem(redis_url):
        parts = urlsplit(redis_url)
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()  # no password
        raise CannotCrawl(f"cannot reach Redis at {shown}: {problem}")


# Scrapy's loggers of failed downloads: a traceback per unreachable URL, each also recorded
QUIET_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")


def run_crawl(
    settings: Settings,
    spider: str,
    start_urls: list[str],
    *,
    sources: SourcesFile | None = None,
    source_names: tuple[str, ...] = (),
    only_due: bool = False,
    max_pages: int | None = None,
    depth: int | None = None,
    log_level: str = "WARNING",
    state_dir: Path | None = None,
    redis_url: str | None = None,
    redis_idle: float | None = None,
    progress: str = "",
    progress_interval: float = 30.0,
) -> int:
    """Crawl into the settings' database (already migrated); returns how many crawls ran.

    With ``state_dir``, each crawl keeps its queue and the requests it made in
    ``state_dir/SOURCE`` (Scrapy's JOBDIR): a crawl stopped early resumes where it stopped the
    next time it runs; one that finishes removes that folder.

    With ``redis_url``, this process is one worker of a distributed crawl: its queue and duplicate
    filter are shared in Redis with every worker of the same spider, source and start URLs, and it
    stops once the shared queue has been empty and every worker idle for ``redis_idle`` seconds.

    ``progress``: ``live`` (one line rewritten on a terminal), ``lines`` (a line every
    ``progress_interval`` seconds) or empty (quiet); see ``crawler.progress``."""
    plans = plan_crawls(spider, start_urls, sources, source_names)
    if redis_url:
        _check_redis(redis_url, settings.database_url)
    database = Database(settings.database_url)
    try:
        if only_due:
            plans = due(plans, database, datetime.now(UTC))
        arguments = [_spider_arguments(plan, database) for plan in plans]
    finally:
        database.close()
    if not plans:
        return 0
    base = ScrapySettings()
    base.setmodule("crawler.settings", priority="project")
    base.set("LOG_LEVEL", log_level, priority="cmdline")
    base.set("SAFECITY_PROGRESS", progress, priority="cmdline")
    base.set("SAFECITY_PROGRESS_INTERVAL", progress_interval, priority="cmdline")
    process = CrawlerProcess(base)
    if log_level not in ("DEBUG", "INFO"):
        for name in QUIET_LOGGERS:  # their failures are recorded on the run, by kind
            logging.getLogger(name).setLevel(logging.CRITICAL)
    crawlers = []
    for plan, spider_arguments in zip(plans, arguments, strict=True):
        crawler = process.create_crawler(plan.spider)
        overrides = _crawler_settings(plan, settings, sources, max_pages, depth)
        if state_dir is not None:
            overrides["JOBDIR"] = str(job_dir(state_dir, plan))  # default None: in memory
        if redis_url:
            key = crawl_key(plan.spider, plan.source.name if plan.source else None, plan.start_urls)
            overrides.update(redis_settings(redis_url, key, redis_idle))
        crawler.settings.update(overrides, priority="cmdline")
        process.crawl(crawler, **spider_arguments)
        crawlers.append(crawler)
    process.start()
    for plan, crawler in zip(plans, crawlers, strict=True):
        if state_dir is not None and crawler.stats.get_value("finish_reason") in FINISHED:
            shutil.rmtree(job_dir(state_dir, plan), ignore_errors=True)
    return len(plans)


def job_dir(state_dir: Path, plan: Plan) -> Path:
    """Where a crawl of this plan keeps its state between runs (Scrapy's JOBDIR)."""
    return state_dir / (plan.source.name if plan.source else plan.spider)
