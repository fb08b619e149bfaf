"""Distributed crawling on scrapy-redis (``safecity crawl --redis URL``): any number of workers, on
any number of machines, share one request queue and one duplicate filter in Redis.

Thin subclasses of scrapy-redis 0.9 for what it leaves open:
- ``SharedDupeFilter``: fingerprints from the crawler's request fingerprinter (scrapy-redis hashes
  requests its own way), and a shared set that no worker deletes when it alone stops;
- ``SharedQueue``: scrapy-redis's priority queue (``DEPTH_PRIORITY`` keeps the crawl breadth-first)
  whose duplicate check and push are one atomic script, and whose pop marks the worker busy in the
  same step;
- ``SharedScheduler``: when a worker stops, and what it does while Redis is away.

When a worker stops: once the shared queue has been empty, and no worker busy, for
``SAFECITY_REDIS_IDLE_CLOSE`` seconds. A worker is busy from the moment it pops a request until it
has nothing in flight (a page in flight may add requests), and keeps its mark fresh meanwhile; a
mark lapses after ``SAFECITY_REDIS_BUSY_TTL`` seconds, so a worker that died holds no one. The
workers that see the crawl finished delete the queue and the filter, so the next crawl starts
afresh; a worker stopped otherwise (page budget, Ctrl-C) leaves them to the others, or to the next
run to resume.

Redis away (a restart, a network fault): a request that cannot be pushed waits in the worker's
outbox, a pop that fails returns nothing for now, and Redis is asked again with exponential backoff,
never blocking the reactor. A push retried after a lost reply cannot push twice (the filter says
seen), and a pop whose reply was lost is asked for again by its number. Nothing is dropped and no
worker stops for ``SAFECITY_REDIS_OUTAGE_LIMIT`` seconds; after that the worker stops with
``redis_unavailable``. What Redis itself keeps across a restart is its configuration's business
(``appendonly yes``). Requests are pickled (scrapy-redis's format): the Redis server must be
trusted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import time
import uuid
from collections import deque
from collections.abc import Sequence
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

log = logging.getLogger(__name__)

FIRST_DELAY = 0.25  # seconds before Redis is asked again after a failure; doubled each time
MAX_DELAY = 8.0

# Busy marks are read against Redis's clock (TIME), so workers on skewed machines agree.
NOW = "local t = redis.call('TIME')\nlocal now = t[1] * 1000 + math.floor(t[2] / 1000)\n"
# KEYS: queue, filter; ARGV: score, request, fingerprint ('' for a request not filtered)
PUSH = """
if ARGV[3] ~= '' and redis.call('SADD', KEYS[2], ARGV[3]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 1
"""
# KEYS: queue, busy marks, taken; ARGV: worker, mark lifetime (ms), pop number. The request is
# also kept under ``taken`` with the pop's number, until the worker's next pop: a pop whose reply
# was lost (Redis went away) is asked for again by number (TAKEN).
POP = NOW + (
    "local item = redis.call('ZRANGE', KEYS[1], 0, 0)[1]\n"
    "if not item then return false end\n"
    "redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)\n"
    "redis.call('ZADD', KEYS[2], now + ARGV[2], ARGV[1])\n"
    "redis.call('HSET', KEYS[3], ARGV[1], item, ARGV[1] .. '#', ARGV[3])\n"
    "return item\n"
)
# KEYS: taken; ARGV: worker, pop number
TAKEN = """
if redis.call('HGET', KEYS[1], ARGV[1] .. '#') ~= ARGV[2] then return false end
local item = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1], ARGV[1] .. '#')
return item
"""
# KEYS: busy marks; ARGV: worker, mark lifetime (ms)
BUSY = NOW + "redis.call('ZADD', KEYS[1], now + ARGV[2], ARGV[1])\nreturn 1\n"
# KEYS: queue, busy marks; ARGV: worker. Drops this worker's mark and lapsed ones; returns the
# queue's length and how many workers are still busy.
IDLE = NOW + (
    "redis.call('ZREM', KEYS[2], ARGV[1])\n"
    "redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)\n"
    "return {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2])}\n"
)


def crawl_key(spider: str, source: str | None, start_urls: Sequence[str]) -> str:
    """The Redis key prefix the workers of one crawl share: its spider, source and start URLs."""
    digest = hashlib.sha1("\n".join(sorted(start_urls)).encode()).hexdigest()[:12]
    name = re.sub(r"[^\w.-]", "_", source or "-")
    return f"safecity:{spider}:{name}:{digest}"


def redis_problem(url: str) -> str | None:
    """Why the Redis server at ``url`` cannot be used, or None."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None


class Outage:
    """Backoff while Redis is away: whether to ask it now, and for how long it has been away."""

    def __init__(self, limit: float, stats: Any) -> None:
        self.limit = limit
        self.stats = stats
        self.since: float | None = None
        self.delay = FIRST_DELAY
        self.retry_at = 0.0

    def ready(self) -> bool:
        return time.monotonic() >= self.retry_at

    def failed(self, error: redis.RedisError) -> None:
        now = time.monotonic()
        if self.since is None:
            log.warning("Redis unreachable (%s): requests wait in this worker, retried", error)
            self.stats.inc_value("safecity/redis_outages")
            self.since, self.delay = now, FIRST_DELAY
        else:
            self.delay = min(self.delay * 2, MAX_DELAY)
        self.retry_at = now + self.delay

    def recovered(self) -> None:
        if self.since is not None:
            log.warning("Redis is back after %.1f s", time.monotonic() - self.since)
            self.since, self.retry_at = None, 0.0

    def exhausted(self) -> bool:
        return self.since is not None and time.monotonic() - self.since > self.limit


class SharedDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """scrapy-redis's filter, fingerprinting requests as this crawler's Scrapy does."""

    fingerprinter: Any = None

    @classmethod
    def from_spider(cls, spider: Spider) -> SharedDupeFilter:
        dupefilter: SharedDupeFilter = super().from_spider(spider)
        dupefilter.fingerprinter = spider.crawler.request_fingerprinter
        return dupefilter

    def request_fingerprint(self, request: Request) -> str:
        if self.fingerprinter is None:
            return str(super().request_fingerprint(request))
        return str(self.fingerprinter.fingerprint(request).hex())

    def close(self, reason: str = "") -> None:
        """Nothing: the set is shared (scrapy-redis deletes it); the scheduler deletes it when the
        crawl is finished."""


class SharedQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis's priority queue, with an atomic filtered push and a pop that marks busy."""

    def __init__(self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None):
        super().__init__(server, spider, key, serializer)
        self.taken_key = self.key + ":taken"
        self.push_script = server.register_script(PUSH)
        self.pop_script = server.register_script(POP)
        self.taken_script = server.register_script(TAKEN)

    def push_new(self, request: Request, fingerprint: str, seen_key: str) -> bool:
        """Push ``request`` unless ``seen_key`` holds its fingerprint; one step, so a retry after a
        lost reply neither pushes twice nor loses the request."""
        data = self._encode_request(request)
        args = [-request.priority, data, fingerprint]
        return bool(self.push_script(keys=[self.key, seen_key], args=args))

    def push(self, request: Request) -> None:
        self.push_new(request, "", self.key + ":unused")

    def pop_marking(
        self, busy_key: str, worker: str, lifetime_ms: int, number: int
    ) -> Request | None:
        keys = [self.key, busy_key, self.taken_key]
        data = self.pop_script(keys=keys, args=[worker, lifetime_ms, number])
        return self._decode_request(data) if data else None

    def taken(self, worker: str, number: int) -> Request | None:
        """What pop ``number`` took, if it did (its reply was lost)."""
        data = self.taken_script(keys=[self.taken_key], args=[worker, number])
        return self._decode_request(data) if data else None

    def clear(self) -> None:
        self.server.delete(self.key, self.taken_key)


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler, knowing when the shared crawl is finished and riding out Redis
    outages (see the module's docstring)."""

    crawler: Crawler
    queue: SharedQueue
    df: SharedDupeFilter

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler: SharedScheduler = cls.from_settings(crawler.settings)
        scheduler.setup(crawler)
        return scheduler

    def setup(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler, self.stats = crawler, crawler.stats
        # no retries inside redis-py: a pop retried blindly after a lost reply would lose a
        # request; ours know what a failed call may have done, and back off off the reactor
        self.server.set_retry(Retry(NoBackoff(), 0))
        self.busy_key = settings["SAFECITY_REDIS_KEY"] + ":busy"
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.idle_close = settings.getfloat("SAFECITY_REDIS_IDLE_CLOSE")
        self.busy_ms = int(settings.getfloat("SAFECITY_REDIS_BUSY_TTL") * 1000)
        self.poll = settings.getfloat("SAFECITY_REDIS_POLL")
        self.outage = Outage(settings.getfloat("SAFECITY_REDIS_OUTAGE_LIMIT"), crawler.stats)
        self.outbox: deque[Request] = deque()
        self.pops = 0
        self.unsure: int | None = None  # a pop whose reply was lost: it may have taken a request
        self.empty_since: float | None = None
        self.finished = self.gave_up = False
        self.busy_script = self.server.register_script(BUSY)
        self.idle_script = self.server.register_script(IDLE)
        self.ticker = LoopingCall(self.tick)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.ticker.start(self.poll, now=False)

    def close(self, reason: str) -> None:
        if self.ticker.running:
            self.ticker.stop()
        try:
            if self.unsure is not None and (request := self._taken()) is not None:
                self.queue.push(request)  # not filtered: the filter has seen it
            self.server.hdel(self.queue.taken_key, self.worker, self.worker + "#")
            while self.outbox:  # a page-budget stop leaves these to the other workers
                self._push(self.outbox[0])
                self.outbox.popleft()
            queued, busy = self.idle_script(
                keys=[self.queue.key, self.busy_key], args=[self.worker]
            )
            if self.finished and not queued and not busy:
                self.flush()
        except redis.RedisError as exc:
            log.error("Redis unreachable at close (%s): %d requests lost", exc, len(self.outbox))

    def flush(self) -> None:
        super().flush()
        self.server.delete(self.busy_key)

    def has_pending_requests(self) -> bool:
        """This worker's own backlog only: with the shared queue empty the engine sees the worker
        idle and asks ``spider_idle`` whether to stop; ``tick`` watches the shared queue."""
        return bool(self.outbox)

    def enqueue_request(self, request: Request) -> bool:
        if self.outbox or not self.outage.ready():
            self.outbox.append(request)  # behind the earlier ones, pushed by ``tick``
            return True
        try:
            return self._push(request)
        except redis.RedisError as exc:
            self.outage.failed(exc)
            self.outbox.append(request)
            return True

    def _push(self, request: Request) -> bool:
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push_new(request, fingerprint, self.df.key):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.outage.recovered()
        return True

    def next_request(self) -> Request | None:
        if not self.outage.ready():
            return None
        try:
            request = self._taken() if self.unsure is not None else None
            request = request or self._pop()
        except redis.RedisError as exc:
            self.outage.failed(exc)
            return None
        self.outage.recovered()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            self.finished, self.empty_since = False, None  # work came after all
        return request

    def _pop(self) -> Request | None:
        self.pops += 1
        self.unsure = self.pops
        request = self.queue.pop_marking(self.busy_key, self.worker, self.busy_ms, self.pops)
        self.unsure = None
        return request

    def _taken(self) -> Request | None:
        assert self.unsure is not None
        request = self.queue.taken(self.worker, self.unsure)
        self.unsure = None
        return request

    def spider_idle(self) -> None:
        """Signal handler: this worker has nothing in flight; stop only when ``tick`` said so."""
        if self.gave_up:
            raise CloseSpider("redis_unavailable")
        if not self.finished:
            raise DontCloseSpider

    def tick(self) -> None:
        """Every ``SAFECITY_REDIS_POLL`` seconds: push the outbox, keep the busy mark fresh, and
        when this worker is idle, take work from the shared queue or see the crawl finished."""
        if not self.outage.ready():
            if self.outage.exhausted():
                self._give_up()
            return
        try:
            while self.outbox:
                self._push(self.outbox[0])
                self.outbox.popleft()
            if self.crawler.engine is not None and self.crawler.engine.spider_is_idle():
                self._when_idle()
            else:
                self.busy_script(keys=[self.busy_key], args=[self.worker, self.busy_ms])
                self.empty_since = None
        except redis.RedisError as exc:
            self.outage.failed(exc)
            self.empty_since = None
        else:
            self.outage.recovered()

    def _when_idle(self) -> None:
        queued, busy = self.idle_script(keys=[self.queue.key, self.busy_key], args=[self.worker])
        if queued or busy:
            self.empty_since = None
            if queued:
                self._wake()
            return
        now = time.monotonic()
        if self.empty_since is None:
            self.empty_since = now
        elif now - self.empty_since >= self.idle_close:
            self.finished = True
            self._wake()

    def _give_up(self) -> None:
        log.error("Redis unreachable for over %.0f s: this worker stops", self.outage.limit)
        self.outbox.clear()
        self.gave_up = True
        self._wake()

    def _wake(self) -> None:
        """Have the engine ask for requests (or find itself idle) now, not at its next heartbeat
        (5 s): it cannot know that other workers filled the shared queue."""
        slot = getattr(self.crawler.engine, "_slot", None)  # private; the heartbeat is the fallback
        if slot is not None:
            slot.nextcall.schedule()
