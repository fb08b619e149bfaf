"""Scrapy settings for safecity-watch crawls.

Nothing here reads the environment: the app's settings object (``safecity.settings``) passes the
database URL and contact address in through ``crawl_settings``. Each override of a Scrapy default
says the default.
"""

from __future__ import annotations

from typing import Any

BOT_NAME = "safecity-watch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = True  # default False
AUTOTHROTTLE_ENABLED = True  # default False
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0  # default 1.0, stated because politeness depends on it
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # default 8
DOWNLOAD_DELAY = 1.0  # seconds; default 0
DOWNLOAD_TIMEOUT = 30  # default 180
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # default 1 GiB; checked before and after decompression
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024  # default 32 MiB
COOKIES_ENABLED = False  # default True: we read public pages, sessions only add tracking
TELNETCONSOLE_ENABLED = False  # default True
REMOTE_CONTROL_ENABLED = False  # default True: no control port opened by a research crawl
LOG_INSTALL_ROOT_HANDLER = True  # default True; the CLI's crawl logs through Scrapy's handler
LOG_LEVEL = "INFO"  # default DEBUG
DEPTH_LIMIT = 3  # default 0 (unlimited)
DEPTH_PRIORITY = 1  # default 0: breadth-first, so a page budget covers the nearest pages first
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"  # default LIFO; with DEPTH_PRIORITY
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"  # default LIFO; with DEPTH_PRIORITY

# Above RedirectMiddleware (600), so the guard sees a 3xx response before it is followed.
DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.PrivateAddressGuard": 650}
ITEM_PIPELINES = {"crawler.pipelines.StorePipeline": 300}

SAFECITY_BATCH_SIZE = 50  # pages per database transaction
SAFECITY_TRUSTED_HOSTS: list[str] = []
USER_AGENT_TEMPLATE = "safecity-watch/{version} (+{contact})"


def crawl_settings(
    *,
    database_url: str,
    contact_url: str,
    version: str,
    trusted_hosts: list[str],
    local_only: bool = False,
    depth_limit: int | None = None,
    max_pages: int | None = None,
) -> dict[str, Any]:
    """Overrides for one crawl. ``local_only`` (every start host is this machine) drops the delays:
    politeness is owed to other people's servers."""
    overrides: dict[str, Any] = {
        "SAFECITY_DATABASE_URL": database_url,
        "SAFECITY_TRUSTED_HOSTS": trusted_hosts,
        "USER_AGENT": USER_AGENT_TEMPLATE.format(version=version, contact=contact_url),
    }
    if depth_limit is not None:
        overrides["DEPTH_LIMIT"] = depth_limit
    if max_pages is not None:
        overrides["SAFECITY_MAX_PAGES"] = max_pages
    if local_only:
        overrides.update(
            AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0, CONCURRENT_REQUESTS_PER_DOMAIN=8
        )
    return overrides
