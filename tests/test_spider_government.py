"""The `government` spider on a portal with deep links, distractors, Chinese pages in GBK and Big5,
and a link and a redirect to 127.0.0.2, an address the user did not type."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from store.db import Database
from store.models import CrawlError, Page
from tests.sites import SITES, crawl
from tests.sites.server import Answer, serve_pair

FOUND = {
    "/",
    "/zh/",
    "/public-security/",
    "/public-security/notices/",
    "/public-security/notices/2019-video-surveillance-tender.html",
    "/procurement/",
    "/procurement/2020-facial-recognition-award.html",
    "/zh/gonggao/",
    "/zh/gonggao/pingan-chengshi.html",
}
DISTRACTORS = (
    "/tourism/",
    "/tax/forms.html",
    "/weather.html",
    "/events/spring-fair.html",
    "/staff/canteen.html",
    "/zh/lvyou.html",
)


def test_focused_crawl_follows_the_vocabulary_and_refuses_other_addresses(tmp_path: Path) -> None:
    other_base: list[str] = []

    def redirect(path: str, query: dict[str, list[str]]) -> Answer:
        return 302, {"Location": other_base[0] + "/police.html"}, b""

    with serve_pair(SITES / "government", {"/go/police-portal": redirect}) as (site, other):
        other_base.append(other.base)
        db_url = f"sqlite:///{tmp_path / 'g.db'}"
        crawl(db_url, "government", f"{site.base}/", f"{site.base}/zh/")
        requested = {p.split("?")[0] for p in site.paths()}
    assert other.log == []
    assert not requested & set(DISTRACTORS)
    db = Database(db_url)
    with db.reading() as session:
        stored = {p.url.removeprefix(site.base): p for p in session.scalars(select(Page))}
        errors = {
            (e.url.removeprefix(site.base), e.kind) for e in session.scalars(select(CrawlError))
        }
    db.close()
    assert set(stored) == FOUND
    assert "人臉識別" in stored["/zh/gonggao/pingan-chengshi.html"].text  # Big5, charset in header
    assert "市公安局发布的通知公告" in stored["/zh/gonggao/"].text  # GBK, no charset anywhere
    assert "新田市" in (stored["/zh/"].title or "")  # GBK, charset in the meta tag
    # the direct link to 127.0.0.2 leaves the portal's host: not followed at all (other.log)
    assert ("/go/police-portal", "refused_address") in errors
    assert ("/admin/police-login.html", "robots_disallowed") in errors
