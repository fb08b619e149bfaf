"""Page analysis in worker processes, so that a crawl uses every core: extraction is CPU-bound.

Workers come from a ``forkserver`` that has imported only this module (the extractors, never Scrapy
or Twisted, nor the crawl's sockets and database connections); each loads the vocabulary (and
langdetect's profiles) once, in its initializer. A worker ignores SIGINT (Ctrl-C in a terminal
reaches every process of the group: the crawl decides when to stop) and exits when the process
that started it is gone (a crawl killed with SIGKILL leaves no worker behind).

A worker that dies (a crash in a C extension, the out-of-memory killer) breaks the whole pool: every
analysis in flight fails with ``BrokenProcessPool``. ``renew`` replaces the pool once per breakage;
``isolated`` runs one page at a time in a pool of its own, to tell the page that kills a worker
from the pages that were only in flight beside it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import types
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from extractors import Analysis, analyze
from extractors.language import detect_language
from extractors.lexicon import default_lexicon
from extractors.pdf import analyze_pdf, is_pdf

Task = Callable[[bytes, str, str], Analysis]
WARM_UP = "The workers read the vocabulary and the language profiles once, when they start."


def analyze_page(body: bytes, url: str, content_type: str) -> Analysis:
    """One page's analysis: PDF by ``extractors.pdf``, anything else by ``extractors.analyze``."""
    if is_pdf(body, content_type):
        return analyze_pdf(body, url)
    return analyze(body, url, content_type=content_type)


def _watch_parent() -> None:
    parent = multiprocessing.parent_process()  # its sentinel closes when the crawl process dies
    if parent is not None:
        parent.join()
        os._exit(0)


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, daemon=True).start()
    default_lexicon()
    detect_language(WARM_UP)  # langdetect reads its profiles on first use: now, not on a page


class _Process(multiprocessing.context.ForkServerProcess):
    """A forkserver process that does not run the parent's ``__main__``: multiprocessing would run
    the ``safecity`` script (the whole app) in every worker; the workers need this module only."""

    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")  # what the child is told to import
        try:
            return multiprocessing.context.ForkServerProcess._Popen(process_obj)
        finally:
            sys.modules["__main__"] = main


class _Context(multiprocessing.context.ForkServerContext):
    Process = _Process


def _context() -> multiprocessing.context.ForkServerContext:
    context = _Context()
    context.set_forkserver_preload([__name__])
    return context


class ExtractionPool:
    """``workers`` processes running ``task`` (a module-level function, as workers import it)."""

    def __init__(self, workers: int, task: Task = analyze_page) -> None:
        self.workers = workers
        self.task = task
        self.generation = 0
        self.executor = self._executor(workers)
        self.alone: ProcessPoolExecutor | None = None

    @staticmethod
    def _executor(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker)

    def warm(self) -> None:
        """Start the workers now, rather than on the first pages, from a thread: starting the
        forkserver and its first worker takes a few tenths of a second."""
        threading.Thread(target=self._start_workers, name="safecity-warm", daemon=True).start()

    def _start_workers(self) -> None:
        with contextlib.suppress(RuntimeError, BrokenProcessPool):  # closed or broken already
            for _ in range(self.workers):
                self.executor.submit(int)

    def submit(self, body: bytes, url: str, content_type: str) -> tuple[int, Future[Analysis]]:
        """The pool's generation (for ``renew``) and the analysis to come."""
        try:
            return self.generation, self.executor.submit(self.task, body, url, content_type)
        except BrokenProcessPool:
            self.renew(self.generation)
            return self.generation, self.executor.submit(self.task, body, url, content_type)

    def renew(self, generation: int) -> None:
        """Replace the pool of ``generation`` if it is still the current one."""
        if generation != self.generation:
            return
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._executor(self.workers)
        self.generation += 1

    def isolated(self, body: bytes, url: str, content_type: str) -> Future[Analysis]:
        """The analysis in a one-worker pool of its own; the caller runs one at a time."""
        if self.alone is None:
            self.alone = self._executor(1)
        try:
            return self.alone.submit(self.task, body, url, content_type)
        except BrokenProcessPool:
            self.alone = self._executor(1)
            return self.alone.submit(self.task, body, url, content_type)

    def close(self) -> None:
        """Wait for the analyses in flight, then end the workers."""
        self.executor.shutdown(wait=True)
        if self.alone is not None:
            self.alone.shutdown(wait=True)
