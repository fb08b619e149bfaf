"""Fixture sites for the spiders' tests, one folder per spider slug (served by ``server.py``,
written by ``_build.py``), and the way tests run the ``safecity`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SITES = Path(__file__).resolve().parent


def user_environment(**settings: str) -> dict[str, str]:
    """This process's environment without our SAFECITY_ variables (a test's settings must not leak
    into the command it runs), plus ``settings``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SAFECITY_")}
    return {**environ, **settings}


def safecity(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``safecity ARGS`` in a subprocess, as a user would (Twisted's reactor runs once per
    process)."""
    environ = user_environment(**(env or {}))
    command = [sys.executable, "-m", "safecity", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=environ, check=False
    )


def crawl(db_url: str, spider: str, *starts: str, extra: tuple[str, ...] = (),
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    args = ["crawl", spider, "--db", db_url, *extra]
    for url in starts:
        args += ["--start", url]
    result = safecity(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result
