"""Run crawls in this process: one Scrapy crawler per source, all at once, each its own crawl run.

What a crawl may reach: the hosts typed by the user (``--start``) or named by the sources file are
trusted even on a private network; so are the hosts and networks allow-listed in the sources file's
``[network]`` or ``SAFECITY_ALLOW_HOSTS``; everything the pages link to is checked. A crawl whose
every host is this machine runs without politeness delays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from crawler.netguard import is_public_address, resolve
from crawler.queries import SearchSpec
from crawler.settings import crawl_settings
from keywords import SafecityError
from safecity.settings import Settings
from safecity.sources import SCHEDULES, SPIDERS, Source, SourcesFile
from store.db import Database
from store.runs import last_finished

OVERLAP = timedelta(days=1)  # a search asks again about the day before the last run started


class CrawlError(SafecityError):
    """Raised by ``run_crawl`` for a spider name, source or start URL it cannot use."""


@dataclass(frozen=True)
class Plan:
    """One crawler to run: a spider, the source it is for (None: ad hoc), and its start URLs."""

    spider: str
    source: Source | None
    start_urls: tuple[str, ...]
    arguments: dict[str, Any] = field(default_factory=dict)


def _hosts(start_urls: list[str] | tuple[str, ...]) -> list[str]:
    hosts = []
    for url in start_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CrawlError(f"not an http(s) URL: {url!r}")
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
        raise CrawlError(f"unknown spider {spider!r}; choose from: {', '.join(SPIDERS)}")
    chosen = [sources.named(n) for n in names] if sources and names else []
    if names and not sources:
        raise CrawlError("--source needs a sources file")
    for source in chosen:
        if source.spider != spider:
            raise CrawlError(f"source {source.name!r} is for the {source.spider} spider")
    if start_urls:
        _hosts(start_urls)
        if not chosen:
            return [Plan(spider, None, tuple(start_urls))]
        return [Plan(spider, s, tuple(start_urls), {"searches": ()}) for s in chosen]
    chosen = chosen or list(sources.for_spider(spider) if sources else [])
    if not chosen:
        raise CrawlError(
            f"nothing to crawl: give --start URLs, or a sources file with {spider} sources"
        )
    return [Plan(spider, s, s.start) for s in chosen]


def due(plans: list[Plan], database: Database, at: datetime) -> list[Plan]:
    """The plans whose source's schedule says a run is due: never run, or long enough ago."""
    out = []
    with database.reading() as session:
        for plan in plans:
            days = SCHEDULES.get(plan.source.schedule, 0) if plan.source else 0
            if not days:
                continue
            last = last_finished(session, plan.spider, plan.source.name if plan.source else None)
            if last is None or last.started_at <= at - timedelta(days=days) + timedelta(hours=1):
                out.append(plan)
    return out


def _spider_arguments(plan: Plan, database: Database) -> dict[str, Any]:
    arguments: dict[str, Any] = {"start_urls": list(plan.start_urls)}
    source = plan.source
    if source is None:
        return arguments
    arguments.update(
        source=source.name,
        kind=source.kind,
        allow=list(source.allow),
        deny=list(source.deny),
        languages=list(source.languages),
    )
    if plan.spider == "news":
        arguments["searches"] = [
            SearchSpec(s.api, s.base, s.since, s.until, s.window_days, s.records, s.reach_days)
            for s in source.searches
        ]
        with database.reading() as session:
            last = last_finished(session, plan.spider, source.name)
        if last is not None:
            arguments["since"] = last.started_at - OVERLAP
    arguments.update(plan.arguments)
    return arguments


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
    )


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
) -> int:
    """Crawl into the settings' database (already migrated); returns how many crawls ran."""
    plans = plan_crawls(spider, start_urls, sources, source_names)
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
    process = CrawlerProcess(base)
    for plan, spider_arguments in zip(plans, arguments, strict=True):
        crawler = process.create_crawler(plan.spider)
        overrides = _crawler_settings(plan, settings, sources, max_pages, depth)
        crawler.settings.update(overrides, priority="cmdline")
        process.crawl(crawler, **spider_arguments)
    process.start()
    return len(plans)
