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
CONCURRENT_ITEMS = 8  # default 100: tasks started per response; a page yields one item and links
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

RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]  # default adds 429: RetryAfter owns it

# Process_request runs in ascending order, process_response in descending order.
DOWNLOADER_MIDDLEWARES = {
    # after robots.txt (100): a request robots.txt forbids is never looked up or counted
    "crawler.incremental.SeenFilter": 110,
    "crawler.politeness.NotFoundStreak": 120,
    # ConditionalRequests sees the 304 first, before retries or redirects can act on it
    "crawler.incremental.ConditionalRequests": 560,
    "crawler.politeness.RetryAfter": 570,  # before RetryMiddleware (550) sees a 429
    # above RedirectMiddleware (600), so the guard sees a 3xx response before it is followed
    "crawler.middlewares.PrivateAddressGuard": 650,
}
EXTENSIONS = {"crawler.middlewares.ContentTypeGate": 100, "crawler.progress.Progress": 500}
ITEM_PIPELINES = {"crawler.pipelines.StorePipeline": 300}

SAFECITY_BATCH_SIZE = 50  # pages per database transaction
SAFECITY_PROGRESS = ""  # live (a terminal), lines (a log) or "" (quiet): crawler.progress
SAFECITY_PROGRESS_INTERVAL = 30.0  # seconds between progress lines off a terminal
SAFECITY_EXTRACT_WORKERS: int | None = None  # analysis processes; None: one per core, 0: none
SAFECITY_TRUSTED_HOSTS: list[str] = []  # hosts the user typed (start URLs, sources file)
SAFECITY_ALLOW_HOSTS: list[str] = []  # non-public hosts or networks a crawl may reach anyway
SAFECITY_REVALIDATE = True  # conditional requests for pages stored before
SAFECITY_MAX_RETRY_AFTER = 300.0  # seconds; a server asking for a longer pause is an error
SAFECITY_RETRY_AFTER_TIMES = 3
SAFECITY_MAX_404_STREAK = 50  # 404/410 answers in a row before a host is left alone
USER_AGENT_TEMPLATE = "safecity-watch/{version} (+{contact})"

# Distributed crawls (``--redis``, crawler/distributed.py); the scrapy-redis settings are set then.
SAFECITY_REDIS_IDLE_CLOSE = 10.0  # seconds the shared queue stays empty, no worker busy, to stop
SAFECITY_REDIS_POLL = 0.5  # seconds between a worker's looks at the shared queue
SAFECITY_REDIS_BUSY_TTL = 30.0  # seconds a dead worker's busy mark still holds the others
SAFECITY_REDIS_OUTAGE_LIMIT = 600.0  # seconds without Redis before a worker gives up
REDIS_PARAMS = {"socket_timeout": 10, "socket_connect_timeout": 3}  # scrapy-redis's: 30 and 30


def crawl_settings(
    *,
    database_url: str,
    contact_url: str,
    version: str,
    trusted_hosts: list[str],
    local_only: bool = False,
    depth_limit: int | None = None,
    max_pages: int | None = None,
    allow_hosts: list[str] | None = None,
    max_bytes: int | None = None,
    extract_workers: int | None = None,
) -> dict[str, Any]:
    """Overrides for one crawl. ``local_only`` (every start host is this machine) drops the delays:
    politeness is owed to other people's servers."""
    overrides: dict[str, Any] = {
        "SAFECITY_DATABASE_URL": database_url,
        "SAFECITY_TRUSTED_HOSTS": trusted_hosts,
        "SAFECITY_ALLOW_HOSTS": allow_hosts or [],
        "USER_AGENT": USER_AGENT_TEMPLATE.format(version=version, contact=contact_url),
    }
    if max_bytes is not None:
        overrides.update(DOWNLOAD_MAXSIZE=max_bytes, DOWNLOAD_WARNSIZE=max_bytes // 2)
    if extract_workers is not None:
        overrides["SAFECITY_EXTRACT_WORKERS"] = extract_workers
    if depth_limit is not None:
        overrides["DEPTH_LIMIT"] = depth_limit
    if max_pages is not None:
        overrides["SAFECITY_MAX_PAGES"] = max_pages
    if local_only:
        overrides.update(
            AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0, CONCURRENT_REQUESTS_PER_DOMAIN=8
        )
    return overrides


def redis_settings(url: str, key: str, idle: float | None = None) -> dict[str, Any]:
    """Overrides that make a crawl one worker of a distributed crawl: its queue and duplicate
    filter in Redis at ``url`` under ``key`` (crawler/distributed.py)."""
    overrides: dict[str, Any] = {
        "SCHEDULER": "crawler.distributed.SharedScheduler",  # default scrapy.core.scheduler
        "DUPEFILTER_CLASS": "crawler.distributed.SharedDupeFilter",  # default RFPDupeFilter
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.SharedQueue",
        "SCHEDULER_PERSIST": True,  # scrapy-redis default False: a stopping worker wipes the queue
        "SCHEDULER_QUEUE_KEY": f"{key}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{key}:dupefilter",
        "SAFECITY_REDIS_KEY": key,
        "REDIS_URL": url,
    }
    if idle is not None:
        overrides["SAFECITY_REDIS_IDLE_CLOSE"] = idle
    return overrides
