"""The `archive` spider against a fake Wayback Machine: a CDX API answering ``output=json`` page by
page (``showResumeKey``) and raw snapshots under ``/web/{timestamp}id_/{original}``."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select

from store.db import Database
from store.models import Page, Source
from tests.sites import SITES, crawl
from tests.sites.server import Answer, FixtureSite, serve

ROOT = SITES / "archive"
ROWS = json.loads((ROOT / "cdx.json").read_text())
PAGE_SIZE = 3


def cdx(path: str, query: dict[str, list[str]]) -> Answer:
    """The captures from ``resumeKey`` on, ``PAGE_SIZE`` at a time, then ``[]`` and the next key."""
    start = int(query.get("resumeKey", ["0"])[0])
    rows = ROWS[1:][start : start + PAGE_SIZE]
    body: list[list[str]] = [ROWS[0], *rows]
    if query.get("showResumeKey") == ["true"] and start + PAGE_SIZE < len(ROWS) - 1:
        body += [[], [str(start + PAGE_SIZE)]]
    return 200, {"Content-Type": "text/plain"}, json.dumps(body).encode()


def snapshot(path: str, query: dict[str, list[str]]) -> Answer:
    """``/web/20190312084501id_/https://e.huawei.com/en/…`` is the file
    ``web/20190312084501/e.huawei.com/en/…``."""
    stamp, original = path.removeprefix("/web/").split("id_/", 1)
    file = ROOT / "web" / stamp / original.split("://", 1)[1]
    file = file / "index.html" if original.endswith("/") else file
    if not file.is_file():
        return 404, {"Content-Type": "text/html"}, b"<p>not archived</p>"
    kind = "application/pdf" if file.suffix == ".pdf" else "text/html; charset=utf-8"
    return 200, {"Content-Type": kind}, file.read_bytes()


def test_one_snapshot_per_digest_stored_as_evidence_of_the_original(tmp_path: Path) -> None:
    site = FixtureSite(ROOT, routes={"/cdx/search/cdx": cdx, "/web/": snapshot})
    with serve(site):
        start = (
            f"{site.base}/cdx/search/cdx?url={quote('e.huawei.com/en/')}&matchType=prefix"
            "&output=json&showResumeKey=true&limit=3"
        )
        db_url = f"sqlite:///{tmp_path / 'a.db'}"
        crawl(db_url, "archive", start)
        first = list(site.paths())
        crawl(db_url, "archive", start)
        second = site.paths()[len(first) :]
    snapshots = sorted(p for p in first if p.startswith("/web/"))
    assert snapshots == [
        "/web/20190312084501id_/https://e.huawei.com/en/industries/safe-city/",
        "/web/20200115120000id_/https://e.huawei.com/en/industries/safe-city/",
        "/web/20200301080000id_/https://e.huawei.com/en/case-studies/safe-city-nairobi",
        "/web/20200302080000id_/https://e.huawei.com/en/industries/safe-city/brochure.pdf",
    ]
    assert sum("resumeKey" in p for p in first) == 2  # 8 captures, 3 per page
    assert not [p for p in second if p.startswith("/web/")]  # snapshots never change
    db = Database(db_url)
    with db.reading() as session:
        pages = session.scalars(select(Page).order_by(Page.snapshot_at)).all()
        hosts = {s.host: s.kind for s in session.scalars(select(Source))}
    db.close()
    assert [p.original_url for p in pages] == [s.split("id_/", 1)[1] for s in snapshots]
    assert (
        pages[0].snapshot_at is not None
        and pages[0].snapshot_at.isoformat() == "2019-03-12T08:45:01+00:00"
    )
    assert "100 cities" in pages[0].text and "200 cities" in pages[1].text
    assert "Nairobi" in pages[3].text and pages[3].content_type == "application/pdf"
    assert hosts == {"e.huawei.com": "vendor"}  # the site is the original's, with its kind
