"""keywords/country_context.csv: every ISO country, values from the editions its header names, and
a loader that says `file:line: problem` when a line is wrong."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pycountry
import pytest

from keywords.context import (
    CONTEXT_FILE,
    FREEDOM_STATUSES,
    INCOME_GROUPS,
    ContextError,
    load_country_context,
)

LINES = CONTEXT_FILE.read_text(encoding="utf-8").splitlines()
TERRITORIES_RATED = {"HK", "PS", "EH"}  # rated by Freedom House but not among its 195 countries


def test_every_iso_country_has_its_context_and_every_column_its_source() -> None:
    context = load_country_context()
    assert set(context.countries) == {c.alpha_2 for c in pycountry.countries}
    assert set(context.sources) >= {"code", "name", "region", "income", "freedom"}
    assert "Freedom in the World 2019" in context.sources["freedom"]
    assert "fiscal year 2020" in context.sources["income"]


def test_freedom_column_matches_the_totals_freedom_house_published() -> None:
    # Freedom in the World 2019 rated 195 countries: 86 Free, 59 Partly Free, 50 Not Free.
    # Kosovo (Partly Free) has no ISO code, so 58 Partly Free countries are in the file.
    context = load_country_context()
    countries = Counter(
        f.freedom for code, f in context.countries.items() if code not in TERRITORIES_RATED
    )
    assert (countries["free"], countries["partly-free"], countries["not-free"]) == (86, 58, 50)
    assert set(countries) <= {*FREEDOM_STATUSES, None}


def test_income_column_matches_the_world_bank_fy2020_counts() -> None:
    # FY2020: 31 low, 47 lower-middle, 60 upper-middle, 80 high income economies (218). Kosovo
    # (upper-middle) has no ISO code; the Channel Islands are one economy, two ISO codes (GG, JE).
    groups = Counter(f.income for f in load_country_context().countries.values())
    assert [groups[g] for g in INCOME_GROUPS] == [31, 47, 59, 81]


def write_variant(tmp_path: Path, line_number: int, new_line: str | None) -> Path:
    lines = list(LINES)
    if new_line is None:
        del lines[line_number - 1]
    else:
        lines[line_number - 1] = new_line
    path = tmp_path / "country_context.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def data_line(code: str) -> int:
    return next(n for n, line in enumerate(LINES, start=1) if line.startswith(f"{code},"))


@pytest.mark.parametrize(
    "code, replacement, problem",
    [
        (
            "KE",
            "KE,Kenya,East Africa,lower-middle,partly-free",
            "region 'East Africa' is not one of",
        ),
        ("KE", "KE,Kenya,Sub-Saharan Africa,middle,partly-free", "income 'middle' is not one of"),
        ("KE", "KE,Kenya,Sub-Saharan Africa,lower-middle,free-ish", "freedom 'free-ish'"),
        ("KE", "KX,Kenya,Sub-Saharan Africa,lower-middle,partly-free", "'KX' is not an ISO"),
        ("KE", "KE,Kenya,Sub-Saharan Africa", "expected 5 fields"),
        ("RS", "KE,Kenya,Sub-Saharan Africa,lower-middle,partly-free", "KE appears twice"),
    ],
)
def test_a_wrong_line_is_reported_with_file_and_line(
    tmp_path: Path, code: str, replacement: str, problem: str
) -> None:
    number = data_line(code)
    path = write_variant(tmp_path, number, replacement)
    with pytest.raises(ContextError) as caught:
        load_country_context(path)
    assert f"country_context.csv:{number}: " in str(caught.value)
    assert problem in str(caught.value)


def test_a_missing_country_is_named(tmp_path: Path) -> None:
    path = write_variant(tmp_path, data_line("ZW"), None)
    with pytest.raises(ContextError, match="countries missing: ZW"):
        load_country_context(path)
