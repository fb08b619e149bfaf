"""Save Page Now: on confirm, ask the Wayback Machine to capture each evidence page and keep the
capture's address with the evidence (``evidence.capture_url``, ``captured_at``).

The endpoint is ``{wayback_url}/save/{page url}``. It answers a capture in one of three ways, all
handled: a redirect whose ``Location`` is the capture (``/web/<14-digit timestamp>/<url>``), a
``Content-Location`` header with that path, or a ``Link`` header with a ``rel="memento"`` address.
Failures (the ``X-Archive-Wayback-Runtime-Error`` header, 4xx/5xx, time-outs) are reported per page
and never undo the confirmation, which is committed before any capture is asked for.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from urllib.parse import urljoin

from sqlalchemy import select
from sqlalchemy.orm import Session

from keywords import SafecityError
from safecity.settings import Settings
from store.db import Database
from store.models import Evidence, Page

TIMESTAMP = re.compile(r"/web/(\d{14})")
MEMENTO = re.compile(r'<([^>]+)>\s*;[^,]*rel="?[^",]*\bmemento\b')
ERROR_HEADER = "X-Archive-Wayback-Runtime-Error"


class WaybackError(SafecityError):
    """Raised by ``SavePageNow.capture`` when the archive does not give a capture address."""


@dataclass(frozen=True)
class Capture:
    url: str  # the page
    capture_url: str  # its copy in the archive
    captured_at: datetime | None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is the answer: its Location is the capture


class SavePageNow:
    def __init__(self, base_url: str, timeout: float, user_agent: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.user_agent = user_agent
        self.opener = urllib.request.build_opener(_NoRedirect)

    def capture(self, url: str) -> Capture:
        request = urllib.request.Request(
            f"{self.base_url}/save/{url}", headers={"User-Agent": self.user_agent}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return self._read(url, response.status, response.headers)
        except urllib.error.HTTPError as exc:
            return self._read(url, exc.code, exc.headers)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise WaybackError(f"cannot reach {self.base_url}: {reason}") from None

    def _read(self, url: str, status: int, headers: Message) -> Capture:
        if headers.get(ERROR_HEADER):
            raise WaybackError(f"the archive refused: {headers[ERROR_HEADER]}")
        if status == 429:
            raise WaybackError("the archive asks to slow down (429 Too Many Requests): try later")
        address = None
        if 300 <= status < 400:
            address = headers.get("Location")
        elif status < 300:
            address = headers.get("Content-Location") or _memento(headers.get("Link", ""))
        if not address or not TIMESTAMP.search(address):
            raise WaybackError(f"the archive answered {status} without a capture address")
        capture_url = urljoin(self.base_url + "/", address)
        return Capture(url, capture_url, _timestamp(capture_url))


def _memento(link: str) -> str | None:
    found = MEMENTO.search(link)
    return found.group(1) if found else None


def _timestamp(capture_url: str) -> datetime | None:
    found = TIMESTAMP.search(capture_url)
    if not found:
        return None
    return datetime.strptime(found.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def pending_pages(session: Session, candidate_id: int) -> list[str]:
    """The addresses of the candidate's evidence pages that have no capture yet, each once."""
    rows = session.execute(
        select(Page.url, Page.original_url)
        .join(Evidence, Evidence.page_id == Page.id)
        .where(Evidence.candidate_id == candidate_id, Evidence.capture_url.is_(None))
        .distinct()
        .order_by(Page.url)
    ).all()
    # a page fetched from an archive is an archived copy already
    return [url for url, original in rows if original is None]


def record_capture(session: Session, candidate_id: int, capture: Capture) -> int:
    """Keep the capture on the candidate's evidence from that page; how many rows got it."""
    evidence = session.scalars(
        select(Evidence)
        .join(Page, Evidence.page_id == Page.id)
        .where(Evidence.candidate_id == candidate_id, Page.url == capture.url)
    ).all()
    for row in evidence:
        row.capture_url = capture.capture_url
        row.captured_at = capture.captured_at or datetime.now(UTC)
    session.flush()
    return len(evidence)


def archive_sources(
    settings: Settings,
    database: Database,
    candidate_id: int,
    say: Callable[[str, bool], None],
) -> None:
    """Capture each pending evidence page, one transaction per capture; ``say(line, is_error)``."""
    with database.reading() as session:
        urls = pending_pages(session, candidate_id)
    client = SavePageNow(
        settings.wayback_url,
        settings.wayback_timeout,
        f"safecity-watch/{settings.version} (+{settings.contact_url})",
    )
    for url in urls:
        try:
            capture = client.capture(url)
        except WaybackError as exc:
            say(f"Save Page Now failed for {url}: {exc} (the confirmation stands)", True)
            continue
        with database.transaction() as session:
            record_capture(session, candidate_id, capture)
        say(f"archived {url} at {capture.capture_url}", False)
