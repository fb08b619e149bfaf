"""One scrapy-redis worker against two on the same local mirror: time, pages per second, speed-up,
and a check that every page is stored exactly once.

Each round builds nothing new: the mirror (bench/mirror.py) is built once; each round gets a fresh
PostgreSQL database, starts the workers together (`safecity crawl site --redis … --depth 0`) and
times them from start to the last exit. ``--latency`` holds every answer that long, as a remote
site would; at 0 the crawl is bound by this machine's CPUs, which the workers then share.

    .venv/bin/python bench/crawl_redis.py [--pages 2000] [--latency 0.5] [--rounds 1]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379/5] [--extract-workers N]

Reads ../shared/corpus/real-html/ (through bench/mirror.py), which is not part of the project;
exits with a note where absent.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import redis
from corpus import CORPUS
from mirror import Mirror, build_mirror
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from crawler.distributed import crawl_key
from store.db import Database, upgrade
from store.models import CrawlError, CrawlRun, Page

IDLE = 2.0  # --redis-idle: seconds of an empty queue before the workers stop (in every timing)


class _Slow(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server
    latency = 0.0

    def do_GET(self) -> None:
        time.sleep(self.latency)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve_forever(directory: Path, latency: float) -> None:
    handler = type("Handler", (_Slow,), {"latency": latency})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


@contextmanager
def served(directory: Path, latency: float) -> Iterator[str]:
    """The mirror on 127.0.0.1, from its own process (its threads never slow the timing)."""
    command = [sys.executable, __file__, "serve", str(directory), "--latency", str(latency)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    try:
        if not url.startswith("http://"):
            raise RuntimeError(f"the mirror server did not start (exit {process.wait()})")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, migrated PostgreSQL database for one round, dropped afterwards."""
    name = f"bench_redis_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    upgrade(db.engine)
    db.close()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def crawl(workers: int, base: str, db_url: str, redis_url: str, extract: int | None) -> float:
    """Start ``workers`` workers together; the seconds until the last one exits. Unless told,
    the workers share this machine's cores for analysis (one worker alone gets them all)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SAFECITY_")}
    cores = os.cpu_count() or 1
    environ["SAFECITY_EXTRACT_WORKERS"] = str(extract or max(1, cores // workers))
    command = [sys.executable, "-m", "safecity", "crawl", "site", "--db", db_url, "--depth", "0"]
    command += ["--start", f"{base}/index.html", "--redis", redis_url, "--redis-idle", str(IDLE)]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(workers)
    ]
    for process in processes:
        _, err = process.communicate()
        if process.returncode:
            raise RuntimeError(f"a worker failed ({process.returncode}):\n{err[-2000:]}")
    return time.perf_counter() - started


def check(db_url: str, base: str, mirror: Mirror) -> list[int]:
    """Every mirror page stored exactly once, no error; returns the pages each worker stored."""
    db = Database(db_url)
    with db.reading() as session:
        stored = Counter(url.removeprefix(base) for url in session.scalars(select(Page.url)))
        runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        errors = Counter(session.scalars(select(CrawlError.kind)))
        failed = list(session.scalars(select(CrawlError.message).where(CrawlError.kind == "store")))
    db.close()
    twice = [path for path, count in stored.items() if count > 1]
    missing = set(mirror.all_paths) - set(stored)
    if twice or missing or errors["store"]:
        problem = f"stored twice: {twice[:5]}, missing: {sorted(missing)[:5]}, {errors}"
        raise SystemExit("\n".join([problem, *failed[:3]]))
    return [run.pages_new for run in runs]  # ("empty" errors: pages with no main text, stored)


def forget(redis_url: str, key: str) -> int:
    """Delete what a round left in Redis (a finished crawl leaves nothing); how many keys."""
    client = redis.Redis.from_url(redis_url)
    names = list(client.scan_iter(match=key + ":*"))
    if names:
        client.delete(*names)
    client.close()
    return len(names)


def round_(workers: int, mirror: Mirror, args: argparse.Namespace) -> float:
    with served(mirror.directory, args.latency) as base, fresh_database(args.postgres) as db:
        key = crawl_key("site", None, [f"{base}/index.html"])
        try:
            seconds = crawl(workers, base, db, args.redis, args.extract_workers)
            shares = check(db, base, mirror)
        finally:
            left = forget(args.redis, key)
    pages = len(mirror.all_paths)
    print(
        f"{workers} worker{'s' if workers > 1 else ''}: {seconds:6.1f} s, "
        f"{pages / seconds:6.1f} pages/s; pages stored by each: {shares}"
        + (f"; {left} keys left in Redis" if left else "")
    )
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve DIR on 127.0.0.1 (used by the benchmark)")
    serve.add_argument("directory", type=Path)
    serve.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per answer")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--extract-workers", type=int, default=None)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "SAFECITY_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    if args.command == "serve":
        with contextlib.suppress(KeyboardInterrupt):
            _serve_forever(args.directory, args.latency)
        return 0
    if not (CORPUS / "index.jsonl").exists():
        print(f"corpus not found at {CORPUS}: the mirror needs ../shared (not part of the project)")
        return 0
    with tempfile.TemporaryDirectory() as directory:
        mirror = build_mirror(Path(directory), args.pages)
        pages = len(mirror.all_paths)
        print(f"mirror: {pages} pages, {args.latency} s per answer, {os.cpu_count()} CPUs")
        timings: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for workers in (1, 2):
                timings[workers].append(round_(workers, mirror, args))
    one, two = min(timings[1]), min(timings[2])
    print(f"speed-up, two workers over one (best of {args.rounds}): {one / two:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
