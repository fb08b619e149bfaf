"""Small stored pages that propose candidate records, and the decisions an analyst takes on them,
shared by the export, import, report and Wayback tests. Seeded through the real store functions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from extractors import analyze
from keywords import load_vocabulary
from store import decisions
from store.db import Database
from store.models import Candidate
from store.pages import FetchedPage, save_page

KINDS = load_vocabulary().site_kinds

PAGES = {
    "KE": (
        "http://ke-daily.example/police-cameras",
        "Kenya's National Police Service signed a contract with Huawei in 2014 to install CCTV "
        "cameras and a command centre in Nairobi.",
    ),
    "PK": (
        "http://pk-news.example/lahore",
        "旁遮普省政府与华为签署合同，在拉合尔建设平安城市指挥中心和视频监控系统。",
    ),
    "EC": (
        "http://ec-press.example/quito",
        "Ecuador's government deployed Huawei surveillance cameras and an emergency command "
        "center in Quito in 2011.",
    ),
    "ZM": (
        "http://zm-times.example/cctv",
        "Zambia's government signed an agreement with Huawei in 2018 for a national CCTV "
        "network and command centres.",
    ),
    "LA": (
        "http://la-wire.example/vientiane",
        "Laos signed a Safe City agreement with Huawei in 2018 covering video surveillance in "
        "Vientiane.",
    ),
}


def page_html(host: str, sentence: str, extra: str = "") -> bytes:
    return (
        f"<html><head><title>Report from {host}</title></head><body><article><p>{sentence}</p>"
        f"<p>{extra or 'No official would say how much the system cost.'}</p></article>"
        "</body></html>"
    ).encode()


def store_page(db: Database, url: str, sentence: str, extra: str = "") -> None:
    host = url.split("/")[2]
    body = page_html(host, sentence, extra)
    fetched = FetchedPage(url, url, 200, "text/html; charset=utf-8", body, datetime.now(UTC))
    with db.transaction() as session:
        save_page(session, fetched, analyze(body, url), KINDS)


def seed(db: Database, *countries: str) -> dict[str, int]:
    """Store the pages of ``countries`` (default: all); {country: candidate id}."""
    for code in countries or tuple(PAGES):
        store_page(db, *PAGES[code])
    with db.reading() as session:
        return {c.country: c.id for c in session.scalars(select(Candidate))}


def confirm(db: Database, candidate_id: int, note: str | None = None, **fields: object) -> None:
    """Confirm as an analyst would; ``fields`` (counterpart, value, agreement_type, a year the
    page did not give...) are what the analyst filled in."""
    with db.transaction() as session:
        analyst = decisions.Actor("amina", "web")
        decisions.confirm(session, candidate_id, actor=analyst, changes=fields, note=note)
