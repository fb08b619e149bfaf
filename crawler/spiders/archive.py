"""``archive``: pages as the Wayback Machine captured them, from CDX queries for a URL pattern
(Huawei's Safe City pages, many since taken down): one raw snapshot per distinct digest, stored
with its original URL and capture time, so removed pages become evidence again."""

from __future__ import annotations

from crawler.base_spiders import CdxSpider


class ArchiveSpider(CdxSpider):
    name = "archive"
    snapshot_path = "/web/{timestamp}id_/{original}"
