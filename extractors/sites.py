"""Which site a page belongs to, and what kind of source that site is.

The site is the host of the page's canonical address when it declares one (a syndicated or archived
copy names its publisher), else of the address it was fetched from; ``www.`` is dropped.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from keywords.model import SiteKinds


def site_host(url: str, canonical_url: str | None = None) -> str:
    for candidate in (canonical_url, url):
        if candidate:
            host = (urlsplit(candidate).hostname or "").lower().rstrip(".")
            if host:
                return host.removeprefix("www.")
    return "unknown"


def site_kind(host: str, kinds: SiteKinds) -> str:
    for rule in kinds.rules:
        for suffix in rule.suffixes:
            if host == suffix or host.endswith("." + suffix):
                return rule.kind
    return kinds.default
