"""How fast `safecity crawl` goes over a local mirror of real pages; whether its memory stays flat.

Builds a mirror of N pages drawn from the real-HTML corpus (bench/mirror.py), serves it on
127.0.0.1 from a separate process, and measures, in one run:

- ``trafilatura.extract`` alone over the same pages, one after the other in this process;
- the crawl as a user runs it (`safecity crawl site --depth 0`, a subprocess, SQLite in a temporary
  folder), extraction in worker processes (one per core, or ``--workers``);
- the same crawl with extraction inside the Scrapy process (``SAFECITY_EXTRACT_WORKERS=0``).

Prints pages per second and CPU seconds per page of each, ratio (a) crawl / trafilatura (goal
>= 1.0: the whole crawl, server included, keeps pace with bare extraction on one core), ratio (b)
crawl / in-process crawl (goal >= 1.6 on 2 cores), and the crawl's peak memory (the proportional
set size of the crawl process and its workers, sampled every half second) over the first quarter
of the pages (5,000 of 20,000) against the whole crawl (goal: within 20 %). Other programs using
the CPU at the same time skew every figure: the load average is printed before and after.

    .venv/bin/python bench/crawl.py [--pages 20000] [--seed 0] [--workers N] [--skip-in-process]

Reads ../shared/corpus/real-html/, which is not part of the project; exits with a note where absent.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura
from corpus import CORPUS
from mirror import Mirror, build_mirror, serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.5
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Crawl:
    pages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # CPU seconds of the crawl process tree
    main_cpu: float = 0.0  # CPU seconds of the crawl process itself (Scrapy, storage)
    memory: list[tuple[int, int]] = field(default_factory=list)  # (pages stored, tree PSS bytes)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def peak(self, up_to: int | None = None) -> int:
        return max((m for n, m in self.memory if up_to is None or n <= up_to), default=0)


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        found = []
        for task in tasks:
            found += [int(c) for c in (task / "children").read_text().split()]
        return found
    except OSError:
        return []


def process_tree(pid: int) -> Iterator[int]:
    stack = [pid]
    while stack:
        current = stack.pop()
        yield current
        stack += _children(current)


def memory_of(pid: int) -> int:
    """Proportional set size in bytes (shared pages split between the processes that share
    them), else the resident set size."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def stored_pages(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def run_crawl(url: str, folder: Path, workers: int | None) -> Crawl:
    """`safecity crawl` over the mirror into a fresh SQLite database, sampled as it runs."""
    db = folder / f"crawl-{'auto' if workers is None else workers}.db"
    db.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFECITY_")}
    if workers is not None:
        env["SAFECITY_EXTRACT_WORKERS"] = str(workers)
    safecity = [sys.executable, "-m", "safecity"]
    subprocess.run([*safecity, "init", "--db", f"sqlite:///{db}"], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    command = [*safecity, "crawl", "site", "--start", f"{url}/", "--depth", "0"]
    result = Crawl()
    cpu: dict[int, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen([*command, "--db", f"sqlite:///{db}"], env=env, cwd=ROOT)
    while process.poll() is None:
        time.sleep(SAMPLE_SECONDS)
        tree = list(process_tree(process.pid))
        cpu.update({pid: cpu_of(pid) for pid in tree})
        result.memory.append((stored_pages(db), sum(memory_of(pid) for pid in tree)))
    result.seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"the crawl failed (exit {process.returncode})")
    result.pages = stored_pages(db)
    result.cpu = sum(cpu.values())
    result.main_cpu = cpu.get(process.pid, 0.0)
    return result


def trafilatura_alone(mirror: Mirror, base: str) -> tuple[int, float, float]:
    """(pages, seconds, CPU seconds) of ``trafilatura.extract`` over the mirror's pages."""
    paths = mirror.all_paths
    trafilatura.extract(b"<html><body><p>warm up</p></body></html>")
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        body = (mirror.directory / path.lstrip("/")).read_bytes()
        trafilatura.extract(body, url=base + path)
    return len(paths), time.perf_counter() - started, time.process_time() - cpu


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(name: str, pages: int, seconds: float, cpu: float) -> None:
    rate = pages / seconds if seconds else 0.0
    per_page = cpu / pages * 1000 if pages else 0.0
    print(
        f"{name:34s} {pages:6d} pages {seconds:8.1f} s {rate:7.1f} pages/s "
        f"{per_page:6.1f} ms CPU/page"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000, help="article pages in the mirror")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    parser.add_argument("--skip-in-process", action="store_true", help="no ratio (b)")
    args = parser.parse_args()
    if not (CORPUS / "index.jsonl").exists():
        print(f"corpus not found at {CORPUS}: this bench needs ../shared (not part of the project)")
        return 0
    print(f"{os.cpu_count()} cores; load average {load()}")
    with tempfile.TemporaryDirectory(prefix="safecity-bench-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        mirror = build_mirror(folder / "mirror", args.pages, args.seed)
        print(f"mirror: {len(mirror.pages)} pages, {len(mirror.indexes)} listings, built in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        url, stop = serve(mirror.directory)
        try:
            pages, seconds, cpu = trafilatura_alone(mirror, url)
            report("trafilatura.extract, one process", pages, seconds, cpu)
            crawl = run_crawl(url, folder, args.workers)
            report("crawl, extraction in workers", crawl.pages, crawl.seconds, crawl.cpu)
            report("  of which the Scrapy process", crawl.pages, crawl.seconds, crawl.main_cpu)
            inside = None if args.skip_in_process else run_crawl(url, folder, 0)
            if inside is not None:
                report("crawl, extraction in Scrapy", inside.pages, inside.seconds, inside.cpu)
        finally:
            stop()
    print(f"load average after: {load()}")
    if crawl.pages < pages:
        print(f"the crawl stored {crawl.pages} of {pages} pages")
    ratio_a = crawl.rate / (pages / seconds)
    print(f"(a) crawl / trafilatura alone:      {ratio_a:.2f}  (goal >= 1.0)")
    if inside is not None:
        print(f"(b) crawl / crawl in Scrapy:        {crawl.rate / inside.rate:.2f}  (goal >= 1.6)")
    quarter = pages // 4
    early, peak = crawl.peak(quarter), crawl.peak()
    growth = peak / early - 1 if early else float("nan")
    print(f"memory: peak {early / 2**20:.0f} MiB up to {quarter} pages, {peak / 2**20:.0f} MiB up "
          f"to {crawl.pages}: {growth:+.0%} (goal within 20 %)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
