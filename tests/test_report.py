"""`safecity report`: an offline HTML report whose figures match the confirmed records, with a world
map in PNG and SVG whose confirmed countries are coloured."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import select

from keywords.context import load_country_context
from safecity.cli import cli
from safecity.report.shapes import inside_point
from safecity.report.worldmap import NO_AGREEMENT, PALETTE, pixel
from store.db import Database
from store.models import Candidate, Claim, Evidence
from tests.recordseed import PAGES, confirm, seed


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def near(found: tuple[int, ...], colour: str) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(found[:3], hex_rgb(colour), strict=True))


def make_report(runner: CliRunner, db_url: str, out: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(cli, ["report", "--db", db_url, "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return dict(json.loads((out / "figures.json").read_text(encoding="utf-8")))


def expected_figures(db: Database) -> dict[str, Counter[str]]:
    """The breakdowns, counted straight from the confirmed candidates in the database."""
    context = load_country_context()
    with db.reading() as session:
        confirmed = session.scalars(select(Candidate).where(Candidate.status == "confirmed")).all()
        facts = [context.countries[c.country] for c in confirmed]
        return {
            "by_country": Counter(c.country for c in confirmed),
            "by_year": Counter(str(c.year) if c.year else "year unknown" for c in confirmed),
            "by_product": Counter(p for c in confirmed for p in c.products),
            "by_freedom": Counter(f.freedom or "not rated" for f in facts),
            "by_region": Counter(f.region for f in facts),
            "by_income": Counter(f.income or "not classified" for f in facts),
        }


def assert_figures_match(figures: dict[str, Any], expected: dict[str, Counter[str]]) -> None:
    total = sum(expected["by_country"].values())
    assert figures["records"] == total
    assert figures["countries"] == len(expected["by_country"])
    assert Counter(figures["by_country"]) == expected["by_country"]
    for name in ("by_year", "by_product", "by_freedom", "by_region", "by_income"):
        got = {s["label"]: (s["count"], s["percent"]) for s in figures[name]}
        want = {k: (n, round(100 * n / total, 1)) for k, n in expected[name].items()}
        assert got == want, name


@pytest.fixture
def reported(db: Database) -> dict[str, int]:
    ids = seed(db)
    for country in ("KE", "EC", "ZM"):
        confirm(db, ids[country])
    confirm(db, ids["PK"], year=2010)  # the page in Chinese gives no year
    return ids  # LA stays new


def test_figures_match_the_confirmed_records(
    runner: CliRunner, db: Database, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "report"
    figures = make_report(runner, db_url, out)
    assert_figures_match(figures, expected_figures(db))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f"<b id=total-records>{figures['records']}</b>" in page
    assert f"<b id=total-countries>{figures['countries']}</b>" in page
    for share in figures["by_region"] + figures["by_freedom"]:
        assert f"<td class=n>{share['percent']:.1f}%</td>" in page
    assert "Vientiane" not in page  # not confirmed


def test_map_png_is_an_image_with_the_confirmed_countries_coloured(
    runner: CliRunner, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "report"
    figures = make_report(runner, db_url, out)
    with Image.open(out / "map.png") as image:
        assert image.format == "PNG" and image.width > 1000
        rgb = image.convert("RGB")
        for code in figures["by_country"]:  # around a point inside (a city's point may be on it)
            x, y = pixel(*inside_point(code))
            around = [rgb.getpixel((x + dx, y + dy)) for dx in (-9, 0, 9) for dy in (-9, 0, 9)]
            found = [p for p in around if isinstance(p, tuple)]
            assert any(near(p, shade) for p in found for shade, _ in PALETTE), (code, found)
        for code in ("FR", "BR", "LA"):  # no confirmed record (Laos is only a candidate)
            found = rgb.getpixel(pixel(*inside_point(code)))
            assert isinstance(found, tuple) and near(found, NO_AGREEMENT), (code, found)
    svg = ET.parse(out / "map.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_report_needs_nothing_from_the_network(
    runner: CliRunner, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "report"
    make_report(runner, db_url, out)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    resources = re.findall(r"<img[^>]*src=\"([^\"]+)\"", page)
    assert resources == ["map.png"] and (out / "map.png").exists()
    assert "url(" not in page


def test_benefit_claims_appear_next_to_their_source(
    runner: CliRunner, db: Database, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    kenya_page = PAGES["KE"][0]
    with db.transaction() as session:
        evidence = session.scalars(
            select(Evidence).where(Evidence.candidate_id == reported["KE"])
        ).first()
        assert evidence is not None
        session.add(
            Claim(
                page_id=evidence.page_id,
                metric="response_time",
                direction="down",
                before=11.0,
                after=3.5,
                percent=None,
                unit="minutes",
                sentence="Police said response times fell from 11 to 3.5 minutes.",
                start=0,
                end=10,
            )
        )
    out = tmp_path / "report"
    make_report(runner, db_url, out)
    page = (out / "index.html").read_text(encoding="utf-8")
    claims = page.split("Benefit claims in the sources")[1]
    assert "Police said response times fell from 11 to 3.5 minutes." in claims
    assert "before 11 minutes, after 3.5 minutes" in claims
    assert f"<a href='{kenya_page}'>" in claims


def test_filters_narrow_the_report(
    runner: CliRunner, db_url: str, reported: dict[str, int], tmp_path: Path
) -> None:
    figures = make_report(runner, db_url, tmp_path / "r", "--since", "2012")
    assert set(figures["by_country"]) == {"KE", "ZM"}


def test_an_empty_report_still_renders(runner: CliRunner, db_url: str, tmp_path: Path) -> None:
    figures = make_report(runner, db_url, tmp_path / "r")
    assert figures["records"] == 0
    assert "no records" in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")


def test_on_the_demo_data_the_report_matches_the_confirmed_records(
    runner: CliRunner, db: Database, db_url: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SAFECITY_DATABASE_URL"}
    demo = subprocess.run(
        [sys.executable, "-m", "safecity", "demo", "--db", db_url],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    with db.reading() as session:
        ids = sorted(session.scalars(select(Candidate.id)))
    assert len(ids) >= 3
    for candidate_id in ids[:-1]:  # an analyst confirms all but one
        assert runner.invoke(cli, ["confirm", str(candidate_id), "--db", db_url]).exit_code == 0
    out = tmp_path / "report"
    figures = make_report(runner, db_url, out)
    assert_figures_match(figures, expected_figures(db))
    assert figures["records"] == len(ids) - 1
