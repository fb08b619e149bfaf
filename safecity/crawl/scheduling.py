"""``safecity schedule``: every source of the sources file crawled on its schedule.

A source is due at the first time its schedule names after its latest run started: at once if it
never ran, never if it is manual. A run that ended interrupted is resumed at once. Each run is a
``safecity crawl SPIDER --source NAME`` child process (Scrapy's reactor runs once per process),
under the database lock ``source:NAME`` (one run per source at a time, whichever host asks), with
its queue kept in ``STATE_DIR/NAME`` so that an interrupted run resumes where it stopped.

SIGTERM or SIGINT: no new run starts, each running crawl gets SIGTERM (Scrapy finishes the requests
in flight and the run is recorded interrupted), the locks are released, exit 0. A second signal is
passed on too, and makes the crawls stop at once.
"""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType

from sqlalchemy.orm import Session

from safecity.crawl.sources import SourceEntry, SourcesFile
from store.db import Database
from store.locks import acquire, heartbeat, holder_of, release, this_process
from store.models import CrawlRun
from store.runs import latest_run

HEARTBEAT = 30.0  # seconds between the lock heartbeats of a running crawl (stale after 5 minutes)
RECHECK = 60.0  # seconds: the longest sleep (a lock held elsewhere, a run made by another host)
POLL = 1.0  # seconds between looks at the running crawls
INTERRUPTED = "interrupted"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def due_at(
    source: SourceEntry,
    latest: CrawlRun | None,
    attempted: datetime | None,
    now: datetime,
    *,
    queue_left: bool = False,
) -> tuple[datetime | None, bool]:
    """When ``source`` runs next (None: manual), and whether that run resumes an interrupted one.
    ``attempted``: when this scheduler last started it (its run may not be recorded yet);
    ``queue_left``: its crawl left a queue behind (it did not finish)."""
    if source.next_run(now) is None:
        return None, False
    stopped = queue_left or (latest is not None and latest.status == INTERRUPTED)
    if stopped and attempted is None:
        return now, True
    starts = [t for t in (latest.started_at if latest else None, attempted) if t is not None]
    return (source.next_run(max(starts)) if starts else now), False


@dataclass(frozen=True)
class Options:
    sources: SourcesFile
    state_dir: Path
    db_url: str | None = None  # passed on to each crawl as --db
    once: bool = False  # start what is due now, wait for it, exit
    jobs: int = 1  # crawls at once
    verbose: bool = False


@dataclass
class Running:
    source: SourceEntry
    process: subprocess.Popen[bytes]

    @property
    def lock(self) -> str:
        return lock_name(self.source)


def lock_name(source: SourceEntry) -> str:
    return f"source:{source.name}"


@dataclass
class Scheduler:
    database: Database
    options: Options
    say: Callable[[str], None]
    holder: str = field(default_factory=this_process)
    running: dict[str, Running] = field(default_factory=dict)
    attempted: dict[str, datetime] = field(default_factory=dict)
    busy: dict[str, datetime] = field(default_factory=dict)  # locked elsewhere: retry after
    signals: list[int] = field(default_factory=list)
    passed_on: int = 0  # how many of the signals the crawls were sent
    failed: int = 0
    next_up: tuple[datetime, str] | None = None  # the next source due, when none is running
    announced: tuple[datetime, str] | bool | None = False  # what was last said of it

    def run(self) -> int:
        """Run until a signal (or, with ``once``, until what was due has run); the exit code."""
        wake_read, wake_write = os.pipe()
        previous = {s: signal.signal(s, self._on_signal(wake_write)) for s in STOP_SIGNALS}
        last_beat = time.monotonic()
        try:
            while True:
                self._reap()
                self._pass_signals()
                now = datetime.now(UTC)
                upcoming = None if self.signals else self._start_due(now)
                if not self.signals:
                    self._announce(now)
                if not self.running and (self.signals or self.options.once):
                    return 1 if self.failed and self.options.once else 0
                if time.monotonic() - last_beat >= HEARTBEAT:
                    self._beat()
                    last_beat = time.monotonic()
                _sleep(wake_read, self._pause(now, upcoming))
        finally:
            self._stop_all()
            for number, handler in previous.items():
                signal.signal(number, handler)
            os.close(wake_read)
            os.close(wake_write)

    def _on_signal(self, wake: int) -> Callable[[int, FrameType | None], None]:
        def handler(number: int, _frame: FrameType | None) -> None:
            self.signals.append(number)
            os.write(wake, b".")

        return handler

    def _pass_signals(self) -> None:
        while len(self.signals) > self.passed_on:
            self.passed_on += 1
            names = ", ".join(self.running) or "no crawl"
            self.say(f"stopping: {names} running; finishing the requests in flight")
            for run in self.running.values():
                run.process.send_signal(signal.SIGTERM)

    def _start_due(self, now: datetime) -> datetime | None:
        """Start the sources that are due (with ``once``, each at most once); the next time one
        will be."""
        if len(self.running) >= self.options.jobs:
            return None
        waiting = []
        with self.database.reading() as session:
            for source in self.options.sources.sources:
                if source.name in self.running or self.busy.get(source.name, now) > now:
                    continue
                if self.options.once and source.name in self.attempted:
                    continue
                when, _ = self._due(session, source, now)
                if when is not None:
                    waiting.append((when, source))
        for when, source in sorted(waiting, key=lambda pair: pair[0]):
            if when <= now and len(self.running) < self.options.jobs:
                self._start(source, now)
        later = [(w, f"{s.name} ({s.spider})") for w, s in waiting if s.name not in self.running]
        self.next_up = min(later, default=None)
        return self.next_up[0] if self.next_up else None

    def _announce(self, now: datetime) -> None:
        """Say what runs next and when, once each time that changes while nothing runs; with
        ``once``, say so when nothing was due."""
        if self.running or self.next_up == self.announced:
            return
        if self.options.once:
            if self.attempted or self.announced is not False:
                return
            self.say(
                "nothing is due now"
                + (
                    f"; next: {_when(*self.next_up, now)}"
                    if self.next_up
                    else " (no source has a schedule: each is manual)"
                )
            )
        elif self.next_up is not None:
            self.say(f"next: {_when(*self.next_up, now)}")
        else:
            self.say("nothing to run: no source has a schedule (each is manual)")
        self.announced = self.next_up

    def _due(
        self, session: Session, source: SourceEntry, now: datetime
    ) -> tuple[datetime | None, bool]:
        latest = latest_run(session, source.spider, source.name)
        queue_left = (self.options.state_dir / source.name).is_dir()
        return due_at(source, latest, self.attempted.get(source.name), now, queue_left=queue_left)

    def _start(self, source: SourceEntry, now: datetime) -> None:
        with self.database.transaction() as session:
            if not acquire(session, lock_name(source), self.holder):
                self._busy(source, holder_of(session, lock_name(source)))
                return
        with self.database.reading() as session:  # due still, now that it is ours?
            when, resume = self._due(session, source, now)
        if when is None or when > now:
            self._release(lock_name(source))
            return
        folder = self.options.state_dir / source.name
        if not resume:
            shutil.rmtree(folder, ignore_errors=True)
        self.say(f"{'resuming' if resume else 'starting'} {source.name} ({source.spider})")
        self.attempted[source.name] = now
        try:
            process = subprocess.Popen(
                self._command(source), start_new_session=True, preexec_fn=_stop_with_parent
            )
        except OSError:
            self._release(lock_name(source))
            raise
        self.running[source.name] = Running(source, process)

    def _busy(self, source: SourceEntry, holder: str | None) -> None:
        if source.name not in self.busy:
            self.say(f"skipping {source.name}: {holder or 'another scheduler'} is crawling it")
        forever = datetime.max.replace(tzinfo=UTC)
        later = datetime.now(UTC) + timedelta(seconds=RECHECK)
        self.busy[source.name] = forever if self.options.once else later

    def _command(self, source: SourceEntry) -> list[str]:
        options = self.options
        command = [sys.executable, "-m", "safecity", "crawl", source.spider]
        command += ["--source", source.name, "--sources", str(options.sources.path)]
        command += ["--state-dir", str(options.state_dir)]
        command += ["--db", options.db_url] if options.db_url else []
        return command + (["--verbose"] if options.verbose else [])

    def _reap(self) -> None:
        for name, run in list(self.running.items()):
            code = run.process.poll()
            if code is None:
                continue
            del self.running[name]
            self._release(run.lock)
            with self.database.reading() as session:
                latest = latest_run(session, run.source.spider, name)
            recorded = latest is not None and latest.started_at >= self.attempted[name]
            status = latest.status if latest and recorded else "no run recorded"
            self.say(f"{name}: {status}" + (f" (exit code {code})" if code else ""))
            if code and not self.signals:
                self.failed += 1

    def _release(self, lock: str) -> None:
        with self.database.transaction() as session:
            release(session, lock, self.holder)

    def _beat(self) -> None:
        for run in self.running.values():
            with self.database.transaction() as session:
                ours = heartbeat(session, run.lock, self.holder)
            if not ours:
                self.say(f"{run.source.name}: lock taken over by another scheduler; stopping")
                run.process.send_signal(signal.SIGTERM)

    def _pause(self, now: datetime, upcoming: datetime | None) -> float:
        if self.running or self.signals:
            return POLL
        if upcoming is None:
            return RECHECK
        return max(0.0, min(RECHECK, (upcoming - now).total_seconds()))

    def _stop_all(self) -> None:
        """On an unexpected error: stop the crawls and wait for them (their locks go stale)."""
        for run in self.running.values():
            if run.process.poll() is None:
                run.process.send_signal(signal.SIGTERM)
        for run in self.running.values():
            run.process.wait()


def _when(at: datetime, what: str, now: datetime) -> str:
    minutes = max(0, round((at - now).total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    wait = f"{days}d{hours:02d}h" if days else f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"
    return f"{what} at {at:%Y-%m-%d %H:%M} UTC (in {wait})"


def _sleep(wake: int, seconds: float) -> None:
    """Sleep, or less when a signal arrives (its handler writes to ``wake``)."""
    ready, _, _ = select.select([wake], [], [], seconds)
    if ready:
        os.read(wake, 1024)


def _stop_with_parent() -> None:
    """In a crawl's process before it starts: SIGTERM when the scheduler dies (Linux), so that no
    crawl outlives its lock."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
