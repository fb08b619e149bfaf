"""The report in a real browser (Debian's Chromium through Playwright, as the triage app's browser
tests drive it): at a laptop's 1366 px and a phone's 390 px nothing overflows its column, the map
and the tables are there, and printing starts each section on a new page. Screenshots of the page
and the map are kept in the test's directory for a person to look at."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from safecity.cli import cli
from safecity.report.worldmap import PALETTE
from store.db import Database, upgrade
from store.models import Claim, Page
from tests.recordseed import PAGES, confirm, seed, store_page

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}
LONG_URL = "http://ministry-of-interior.gov.example/" + "press-releases/" * 8 + "safe-city-nairobi"
# every element whose right edge is past its column's, ignoring what scrolls inside a .wide box
OVERFLOWING = """() => {
  const body = document.body, style = getComputedStyle(body);
  const right = body.getBoundingClientRect().right - parseFloat(style.paddingRight) + 1;
  return [...body.querySelectorAll('*')]
    .filter(e => !e.parentElement.closest('.wide'))
    .filter(e => e.getBoundingClientRect().right > right)
    .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60));
}"""


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report of four records in English and Chinese, one with a very long source address,
    a vendor claim and a comparison with a reference list."""
    base = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{base / 'safecity.db'}"
    db = Database(url)
    upgrade(db.engine)
    store_page(db, LONG_URL, PAGES["KE"][1])
    ids = seed(db, "KE", "PK", "EC", "ZM")
    for code, candidate in ids.items():
        year = {"year": 2016} if code == "PK" else {}  # the page in Chinese gives no year
        confirm(db, candidate, counterpart="Ministry of Interior and Coordination of National "
                "Government" if code == "KE" else None, **year)  # fmt: skip
    with db.transaction() as session:
        page_id = session.scalars(select(Page.id).where(Page.url == PAGES["ZM"][0])).one()
        sentence = "The company said crime fell by 46 percent in the covered districts."
        session.add(Claim(page_id=page_id, metric="crime", direction="down", before=None,
                          after=None, percent=46.0, unit=None, sentence=sentence, start=0,
                          end=len(sentence)))  # fmt: skip
    db.close()
    reference = base / "study.csv"
    reference.write_text(
        "vendor,country_code,city,year\nhuawei,KE,Nairobi,2014\nhuawei,BR,Campinas,2016\n",
        encoding="utf-8",
    )
    out = base / "out"
    args = ["report", "-o", str(out), "--reference", str(reference), "--db", url]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("device", sorted(WIDTHS))
def test_nothing_overflows_and_the_map_and_tables_are_there(
    browser: Any, report_dir: Path, device: str
) -> None:
    width, height = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto((report_dir / "index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(OVERFLOWING) == []
        loaded = page.evaluate(
            "() => { const m = document.querySelector('img.map');"
            " return [m.complete, m.naturalWidth, m.getBoundingClientRect().width]; }"
        )
        assert loaded[0] and loaded[1] > 1000 and 0 < loaded[2] <= width
        assert page.locator("table.overview tr").count() == 1 + 4  # header and four countries
        assert page.locator("article.record").count() == 4
        assert page.locator("table.comparison tr.matched").count() == 1
        assert page.locator("ol.cites li").count() >= 4
        page.screenshot(path=str(report_dir / f"report-{device}.png"), full_page=True)
        shot = page.locator("img.map").screenshot(path=str(report_dir / f"map-{device}.png"))
        with Image.open(BytesIO(shot)) as image:  # the map as shown: shaded countries on it
            colours = {c for _, c in image.convert("RGB").getcolors(1 << 20) or []}
        shades = [tuple(int(s[i : i + 2], 16) for i in (1, 3, 5)) for s, _ in PALETTE]
        assert any(
            all(abs(a - b) <= 6 for a, b in zip(c, shade, strict=True))
            for c in colours
            for shade in shades
        )
    finally:
        page.close()


def test_printing_starts_each_section_on_a_new_page(browser: Any, report_dir: Path) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto((report_dir / "index.html").as_uri())
        page.emulate_media(media="print")
        breaks = page.evaluate(
            "[...document.querySelectorAll('h2')].map(h => getComputedStyle(h).breakBefore)"
        )
        assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
        pdf = page.pdf(format="A4", print_background=True)
        pages = PdfReader(BytesIO(pdf)).pages
        assert len(pages) >= len(breaks)
        # each later section's heading is at the top of a page
        tops = [p.extract_text().lstrip().split("\n")[0] for p in pages]
        for heading in ("Records by country", "Method", "Sources"):
            assert any(t.startswith(heading) for t in tops), (heading, tops)
    finally:
        page.close()
