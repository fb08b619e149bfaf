"""Run a crawl in this process and report what it stored."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from crawler.netguard import is_public_address, resolve
from crawler.settings import crawl_settings
from keywords import SafecityError
from safecity.settings import Settings

SPIDERS = ("site",)


class CrawlError(SafecityError):
    """Raised by ``run_crawl`` for a spider name or start URL it cannot use."""


def _hosts(start_urls: list[str]) -> list[str]:
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


def run_crawl(
    settings: Settings,
    spider: str,
    start_urls: list[str],
    *,
    max_pages: int | None = None,
    depth: int | None = None,
    log_level: str = "WARNING",
) -> None:
    """Crawl with ``spider`` from ``start_urls`` into the settings' database (already migrated).

    The hosts typed here are trusted even when they are on a private network; everything the pages
    link to is checked. A crawl of this machine only runs without politeness delays.
    """
    if spider not in SPIDERS:
        raise CrawlError(f"unknown spider {spider!r}; choose from: {', '.join(SPIDERS)}")
    if not start_urls:
        raise CrawlError("nothing to crawl: give at least one --start URL")
    hosts = _hosts(start_urls)
    local = all(_is_local(h) for h in hosts)
    scrapy_settings = ScrapySettings()
    scrapy_settings.setmodule("crawler.settings", priority="project")
    scrapy_settings.update(
        crawl_settings(
            database_url=settings.database_url,
            contact_url=settings.contact_url,
            version=settings.version,
            trusted_hosts=hosts,
            local_only=local,
            depth_limit=depth,
            max_pages=max_pages,
        ),
        priority="cmdline",
    )
    scrapy_settings.set("LOG_LEVEL", log_level, priority="cmdline")
    process = CrawlerProcess(scrapy_settings)
    spider_class = process.spider_loader.load(spider)
    process.crawl(spider_class, start_urls=start_urls)
    process.start()
