"""The archived copy of a crawled page, made safe to show: sanitised with nh3 (Ammonia) and served
under a CSP that sandboxes it (no scripts, no same-origin access) and lets it load nothing."""

from __future__ import annotations

from functools import cache

import nh3
from flask import Response

from extractors.html import decode_html
from store.models import Page
from store.pages import page_body

ARCHIVE_POLICY = "; ".join(
    [
        "sandbox",
        "default-src 'none'",
        "style-src 'unsafe-inline'",  # only what survives sanitising; it can fetch nothing
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
HEAD = (
    '<!doctype html><html><head><meta charset="utf-8"><title>archived copy</title>'
    '<meta name="referrer" content="no-referrer"></head><body>'
)


@cache
def _cleaner() -> nh3.Cleaner:
    # no images or links: a researcher reading a vendor's page must not ping the vendor's server
    tags = (nh3.ALLOWED_TAGS - {"img", "area", "map"}) | {"main", "section", "time"}
    attributes = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items() if k in tags}
    attributes["a"] = {"hreflang"}
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags={"script", "style", "title", "template"},
        attributes=attributes,
        url_schemes=set(),
        link_rel=None,
    )


def sanitised(html: str) -> str:
    return _cleaner().clean(html)


def archived_copy(page: Page) -> Response:
    html = decode_html(page_body(page), page.content_type or None)
    response = Response(HEAD + sanitised(html) + "</body></html>", mimetype="text/html")
    response.headers["Content-Security-Policy"] = ARCHIVE_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
