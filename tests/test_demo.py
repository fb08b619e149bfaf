"""`safecity demo`, as `make demo` runs it: a fresh database and the candidates on screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from safecity.sitefiles import SAMPLE_SITE

EXPECTED = json.loads((SAMPLE_SITE / "expected.json").read_text(encoding="utf-8"))


def run_demo(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SAFECITY_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "safecity", "demo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_demo_shows_the_candidates_and_starts_fresh_each_time(tmp_path: Path) -> None:
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "safecity-demo.db").exists()
    table, rows = candidate_rows(first.stdout)
    assert len(rows) == len(EXPECTED["candidates"])
    shown = {(r[3], r[4]) for r in rows}
    assert shown == {(c["vendor"], c["country"]) for c in EXPECTED["candidates"]}
    for city in {c["city"] for c in EXPECTED["candidates"] if c["city"]}:
        assert city in table
    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    # pages arrive in another order each time, so ids differ; the rows must not
    assert sorted(r[1:] for r in candidate_rows(second.stdout)[1]) == sorted(r[1:] for r in rows)


def candidate_rows(stdout: str) -> tuple[str, list[list[str]]]:
    table = stdout.split("candidate agreements:")[1].split("next steps")[0]
    return table, [line.split() for line in table.strip().splitlines()[2:]]
