"""A local web server for the spiders' tests: a fixture folder served on 127.0.0.x like a real site.

- Text files (``.html .xml .json .txt``) have ``{{BASE}}`` and ``{{OTHER}}`` replaced by this
  server's and the other server's base URL (feeds and sitemaps need absolute links).
- Every file gets an ``ETag`` and a fixed ``Last-Modified``; a request that sends them back gets
  ``304 Not Modified``. ``_headers.json`` in the folder sets a file's headers (its charset, or
  ``null`` to send none) instead of the extension's default.
- ``change(path, body)`` and ``remove(path)`` edit the site between two crawls; ``routes`` maps a
  path to a function answering dynamic requests (a fake GDELT or CDX API).
- ``log`` records every request (path with query, and the conditional headers it carried).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[str, dict[str, list[str]]], Answer]
LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"
TYPES = {
    ".html": "text/html",
    ".xml": "application/xml",
    ".json": "application/json",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".png": "image/png",
}
TEMPLATED = (".html", ".xml", ".json", ".txt", "")


@dataclass
class Hit:
    path: str
    conditional: bool


@dataclass
class FixtureSite:
    root: Path
    base: str = ""
    other: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    changed: dict[str, bytes | None] = field(default_factory=dict)

    def change(self, path: str, body: bytes) -> None:
        self.changed[path] = body

    def remove(self, path: str) -> None:
        self.changed[path] = None

    def paths(self) -> list[str]:
        return [hit.path for hit in self.log]

    def answer(self, path: str, query: str, headers: Any) -> Answer:
        if path in self.routes:
            return self.routes[path](path, parse_qs(query))
        for prefix, route in self.routes.items():
            if prefix.endswith("/") and path.startswith(prefix):
                return route(path + ("?" + query if query else ""), parse_qs(query))
        body = self._body(path)
        if body is None:
            return 404, {"Content-Type": "text/html"}, b"<html><body><p>Not found</p></body></html>"
        out = self._headers(path)
        out["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        out["Last-Modified"] = LAST_MODIFIED
        if headers.get("If-None-Match") == out["ETag"] or (
            not headers.get("If-None-Match") and headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            return 304, {"ETag": out["ETag"]}, b""
        return 200, out, body

    def _body(self, path: str) -> bytes | None:
        if path in self.changed:
            return self.changed[path]
        file = self.root / unquote(path).lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file() or self.root.resolve() not in file.resolve().parents:
            return None
        body = file.read_bytes()
        if file.suffix in TEMPLATED:
            body = body.replace(b"{{BASE}}", self.base.encode()).replace(
                b"{{OTHER}}", self.other.encode()
            )
        return body

    def _headers(self, path: str) -> dict[str, str]:
        special = self.root / "_headers.json"
        table = json.loads(special.read_text()) if special.exists() else {}
        if path in table:
            return {k: v for k, v in table[path].items() if v is not None}
        name = path.rsplit("/", 1)[-1]
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ".html"
        return {"Content-Type": TYPES.get(suffix, "application/octet-stream")}


def _handler(site: FixtureSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            conditional = bool(
                self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
            )
            site.log.append(Hit(self.path, conditional))
            status, headers, body = site.answer(parts.path, parts.query, self.headers)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(site: FixtureSite, host: str = "127.0.0.1") -> Iterator[FixtureSite]:
    server = ThreadingHTTPServer((host, 0), _handler(site))
    site.base = f"http://{host}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_pair(
    root: Path, routes: dict[str, Route] | None = None
) -> Iterator[tuple[FixtureSite, FixtureSite]]:
    """The fixture site on 127.0.0.1 and an empty one on 127.0.0.2 (an address the user did not
    type: pages that link or redirect there must be refused before anything is sent)."""
    other = FixtureSite(root / "_other") if (root / "_other").exists() else FixtureSite(root)
    with serve(other, "127.0.0.2") as second:
        site = FixtureSite(root, other=second.base, routes=dict(routes or {}))
        with serve(site) as first:
            yield first, second


@contextmanager
def serve_folder(root: Path, delay: float = 0.0) -> Iterator[tuple[str, list[str]]]:
    """``root`` served as plain files on 127.0.0.1, each answer ``delay`` seconds late; yields
    the base URL and the paths asked for, in order."""
    hits: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:
            hits.append(self.path)
            time.sleep(delay)
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
