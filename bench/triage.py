"""Server time of the triage app on a large SQLite database: the queue page, a candidate page and
a search, each requested N times through Flask's test client in this process (no network, no
browser). Prints the median and the 95th percentile; the goal is a median under 100 ms.

    .venv/bin/python bench/triage.py [--db PATH] [--candidates 100000] [--mentions 1000000] [-n 50]
    .venv/bin/python bench/triage.py --url postgresql://user@host/dbname ...   # PostgreSQL

The database is seeded once (bulk inserts through SQLAlchemy Core, about a minute) and reused
while its counts match; --fresh seeds it again.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select

from keywords import CATEGORY_IDS, SITE_KINDS, load_vocabulary
from safecity.web import create_app
from store.db import Database, upgrade
from store.facets import refresh_all
from store.models import Candidate, Evidence, Mention, Page, Source
from store.pages import compress_body
from store.queue import refresh_statistics
from store.search import sync_index
from store.users import add_user

PASSWORD = "bench password"
CHUNK = 20_000
EN_WORDS = [
    "ministry",
    "police",
    "city",
    "cameras",
    "surveillance",
    "contract",
    "signed",
    "agreement",
    "command",
    "centre",
    "network",
    "project",
    "officials",
    "security",
    "traffic",
    "streets",
    "district",
    "council",
    "budget",
    "video",
    "recognition",
    "system",
    "installation",
    "pilot",
    "programme",
    "tender",
    "supply",
    "maintenance",
]
ZH_PHRASES = [
    "公安局",
    "平安城市",
    "视频监控",
    "指挥中心",
    "人脸识别",
    "车牌识别",
    "签署",
    "协议",
    "项目",
    "合同",
    "政府",
    "警方",
    "摄像头",
    "部署",
    "建设",
    "安装",
    "城市",
    "安全",
    "系统",
    "技术",
]
CITIES = ("Harbour", "Hill", "Lake", "River", "Plain", "Port", "Valley", "Cape")


def sentence(rng: random.Random, zh: bool, place: str) -> str:
    if zh:
        return "".join(rng.choices(ZH_PHRASES, k=8)) + place + "华为" + "。"
    words = rng.choices(EN_WORDS, k=14)
    return f"The {' '.join(words[:7])} in {place} with Huawei {' '.join(words[7:])}."


def rows_in_chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bulk(database: Database, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    with database.engine.begin() as conn:
        for chunk in rows_in_chunks(rows):
            conn.execute(insert(table), chunk)
            n += len(chunk)
    return n


def seed(database: Database, candidates: int, mentions: int) -> None:
    rng = random.Random(5)
    vocabulary = load_vocabulary()
    countries = [c.code for c in vocabulary.countries][:150]
    vendors = [v.id for v in vocabulary.vendors]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    pages = max(1, mentions // 20)
    bulk(
        database,
        Source.__table__,  # type: ignore[arg-type]
        ({"id": i + 1, "host": f"site{i}.example", "kind": SITE_KINDS[i % 5]} for i in range(500)),
    )
    texts: list[str] = []

    def page_rows() -> Iterator[dict[str, Any]]:
        for i in range(pages):
            zh = i % 10 < 3
            place = f"{rng.choice(CITIES)} {i % 997}"
            text = "\n".join(sentence(rng, zh, place) for _ in range(6))
            texts.append(text)
            stamp = now - timedelta(days=i % 2000)
            yield {
                "id": i + 1,
                "url": f"https://site{i % 500}.example/p/{i}",
                "final_url": f"https://site{i % 500}.example/p/{i}",
                "source_id": i % 500 + 1,
                "run_id": None,
                "status": 200,
                "fetched_at": stamp,
                "last_seen_at": stamp,
                "content_type": "text/html",
                "content_hash": f"{i:064x}",
                "body": compress_body(f"<html><body><p>{text}</p></body></html>".encode()),
                "title": f"Report {i} on {place}",
                "published": date(2015, 1, 1) + timedelta(days=i % 3000),
                "language": "zh" if zh else "en",
                "text": text,
            }

    bulk(database, Page.__table__, page_rows())  # type: ignore[arg-type]

    def mention_rows() -> Iterator[dict[str, Any]]:
        kinds = ("product", "vendor", "country", "city", "cue")
        for i in range(mentions):
            page = i % pages
            text = texts[page]
            start = rng.randrange(0, max(1, len(text) - 12))
            yield {
                "page_id": page + 1,
                "kind": kinds[i % 5],
                "category": rng.choice(CATEGORY_IDS),
                "term": text[start : start + 8],
                "start": start,
                "end": start + 8,
                "sentence": text[max(0, start - 40) : start + 80],
            }

    bulk(database, Mention.__table__, mention_rows())  # type: ignore[arg-type]

    statuses = ["new"] * 16 + ["confirmed"] * 2 + ["rejected"] * 2

    def candidate_rows() -> Iterator[dict[str, Any]]:
        for i in range(candidates):
            city = f"{rng.choice(CITIES)} {i}"
            yield {
                "id": i + 1,
                "vendor": "huawei" if i % 4 else rng.choice(vendors),
                "country": rng.choice(countries),
                "city": city,
                "city_key": city.casefold(),
                "year": 2005 + i % 19,
                "stage": rng.choice(("proposed", "signed", "deployed", None)),
                "products": sorted(rng.sample(CATEGORY_IDS, 3)),
                "status": rng.choice(statuses),
                "score": round(rng.random() * 10, 3),
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }

    bulk(database, Candidate.__table__, candidate_rows())  # type: ignore[arg-type]

    def evidence_rows() -> Iterator[dict[str, Any]]:
        for i in range(candidates * 2):
            page = rng.randrange(pages)
            text = texts[page]
            end = text.find("\n") if "\n" in text else len(text)
            yield {
                "candidate_id": i // 2 + 1,
                "page_id": page + 1,
                "sentence": text[:end],
                "start": i % 2,
                "end": end,
                "added_at": now,
            }

    bulk(database, Evidence.__table__, evidence_rows())  # type: ignore[arg-type]
    with database.transaction() as session:
        add_user(session, "bench", "analyst", PASSWORD)


def counts(database: Database) -> tuple[int, int]:
    with database.reading() as session:
        candidates = session.scalar(select(func.count()).select_from(Candidate)) or 0
        mentions = session.scalar(select(func.count()).select_from(Mention)) or 0
    return candidates, mentions


def timed(request: Callable[[], Any], n: int) -> tuple[float, float]:
    request()  # warm the caches and the templates
    times = []
    for _ in range(n):
        t = time.perf_counter()
        response = request()
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench-triage.db"))
    parser.add_argument("--url", default=None, help="a database URL instead (PostgreSQL)")
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("-n", type=int, default=50, help="requests per page (default 50)")
    parser.add_argument("--fresh", action="store_true", help="seed the database again")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{args.db.resolve()}"
    if args.fresh and not args.url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    database = Database(url)
    upgrade(database.engine)
    if counts(database) != (args.candidates, args.mentions):
        if counts(database) != (0, 0):
            sys.exit(f"{args.url or args.db} holds other data: use --fresh or another --db")
        t = time.perf_counter()
        seed(database, args.candidates, args.mentions)
        print(
            f"seeded {args.candidates:,} candidates, {args.mentions:,} mentions "
            f"in {time.perf_counter() - t:.0f} s"
        )
        t = time.perf_counter()
        with database.transaction() as session:
            indexed = sync_index(session)
        print(
            f"indexed {indexed:,} pages and evidence sentences in {time.perf_counter() - t:.0f} s"
        )
        t = time.perf_counter()
        with database.transaction() as session:
            refresh_all(session)  # the facets the queue filters by (the crawl keeps them)
        print(f"facets of every candidate in {time.perf_counter() - t:.0f} s")
        with database.transaction() as session:
            refresh_statistics(session)  # as `safecity serve` does when it starts
    database.close()

    app = create_app({"DATABASE_URL": url})
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    client.post(
        "/auth/login",
        data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    rng = random.Random(7)
    cases: dict[str, Callable[[], Any]] = {
        "queue (new, by score)": lambda: client.get("/queue"),
        "queue, page 50": lambda: client.get("/queue?page=50"),
        # every filter of the queue (store.filters), alone and in the pairs analysts use
        "queue, every status": lambda: client.get("/queue?status=all"),
        "queue, confirmed": lambda: client.get("/queue?status=confirmed"),
        "queue, by vendor": lambda: client.get("/queue?vendor=hikvision"),
        "queue, by country": lambda: client.get("/queue?country=RS"),
        "queue, by product": lambda: client.get("/queue?product=cctv"),
        "queue, by language": lambda: client.get("/queue?language=zh"),
        "queue, by year": lambda: client.get("/queue?year=2010"),
        "queue, by source kind": lambda: client.get("/queue?source_kind=government"),
        "queue, by country and year": lambda: client.get("/queue?country=RS&year=2010"),
        "queue, by product and language": lambda: client.get("/queue?product=cctv&language=zh"),
        "queue, by source kind, every status": lambda: client.get(
            "/queue?source_kind=government&status=all"
        ),
        "candidate page": lambda: client.get(f"/candidates/{rng.randrange(args.candidates) + 1}"),
        "search, English (2 words)": lambda: client.get("/search?q=tender+Harbour"),
        "search, Chinese": lambda: client.get("/search?q=人脸识别"),
    }
    print(f"server time over {args.n} requests each (ms):")
    print(f"  {'':40} {'median':>8} {'p95':>8}")
    for name, request in cases.items():
        median, p95 = timed(request, args.n)
        print(f"  {name:40} {median:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
