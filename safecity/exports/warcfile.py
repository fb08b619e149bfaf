"""WARC: the stored pages behind the selected records, as the crawler fetched them, readable by
replay tools (pywb, ReplayWeb.page). A warcinfo record opens the file; each page revision is a
response record whose WARC-Record-ID is the record's archived-copy id (records.archive_id). A
resource record, ``urn:safecity-watch:records``, holds the records themselves (JSON, with their
citations and evidence quotes), so the file explains why each page is in it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from safecity.exports.records import archive_id
from store.models import Page
from store.pages import page_body

SOFTWARE = "safecity-watch"


def _http_headers(page: Page, body: bytes) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(page.status).phrase
    except ValueError:
        reason = "Unknown"
    headers = [("Content-Type", page.content_type or "application/octet-stream")]
    headers.append(("Content-Length", str(len(body))))
    if page.etag:
        headers.append(("ETag", page.etag))
    if page.last_modified:
        headers.append(("Last-Modified", page.last_modified))
    return StatusAndHeaders(f"{page.status} {reason}", headers, protocol="HTTP/1.1")


def _warc_date(page: Page) -> str:
    return page.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")


RECORDS_URI = "urn:safecity-watch:records"


def write_warc(
    pages: Iterable[Page], path: Path, description: str, records: list[dict[str, Any]] | None = None
) -> int:
    """Write the pages (after the ``records``, if any); gzip each record when ``path`` ends in
    .gz. Returns how many pages."""
    count = 0
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        info = writer.create_warcinfo_record(
            path.name,
            {"software": SOFTWARE, "format": "WARC File Format 1.1", "description": description},
        )
        writer.write_record(info)
        if records:
            writer.write_record(_records(writer, records))
        for page in pages:
            body = page_body(page)
            record = writer.create_warc_record(
                page.final_url,
                "response",
                payload=BytesIO(body),
                length=len(body),  # known: warcio then needs no temporary copy
                http_headers=_http_headers(page, body),
                warc_headers_dict={
                    "WARC-Record-ID": f"<{archive_id(page)}>",
                    "WARC-Date": _warc_date(page),
                },
            )
            writer.write_record(record)
            if page.url != page.final_url:
                writer.write_record(_requested(writer, page))
            count += 1
    return count


def _requested(writer: WARCWriter, page: Page) -> ArcWarcRecord:
    """A metadata record saying which address was asked for when the page came from a redirect."""
    payload = f"requested-url: {page.url}\n".encode()
    return writer.create_warc_record(
        page.final_url,
        "metadata",
        payload=BytesIO(payload),
        length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Refers-To": f"<{archive_id(page)}>",
            "WARC-Date": _warc_date(page),
        },
    )


def _records(writer: WARCWriter, records: list[dict[str, Any]]) -> ArcWarcRecord:
    payload = json.dumps(records, ensure_ascii=False, indent=1, default=str).encode()
    return writer.create_warc_record(
        RECORDS_URI,
        "resource",
        payload=BytesIO(payload),
        length=len(payload),
        warc_content_type="application/json",
    )
