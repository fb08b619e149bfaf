"""Serve a folder of static files on 127.0.0.1 in a background thread (the demo's sample site)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SAMPLE_SITE = Path(__file__).resolve().parent / "sample_site"


class _QuietHandler(SimpleHTTPRequestHandler):
    # text/html without a charset: each page's own <meta charset> (or none) must speak for it
    # the base class declares this as an instance attribute; a class-level dict is how it is used
    extensions_map = {  # noqa: RUF012
        **SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(root: Path = SAMPLE_SITE, host: str = "127.0.0.1") -> Iterator[str]:
    """Yields the base URL (``http://127.0.0.1:PORT``) while the folder is served."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
