"""A local mirror for crawl benchmarks: pages drawn from the real-HTML corpus, linked into a
crawlable site, served by a static server on 127.0.0.1 in its own process.

    build_mirror(directory, pages, seed)   # writes the site; returns a Mirror
    url, stop = serve(directory)           # http://127.0.0.1:PORT; stop() ends the server

Shape of the site: ``/index.html`` (also ``/``) links to the first two sections; section ``k``
(``/sKKKK/index.html``) lists its 100 pages and links to sections ``k+1`` and ``k+2``, like a
paginated news listing. Each page is a corpus page, byte for byte except that every ``<a href>``
points into the mirror (the home page, its section, its neighbours, the next section, a page of an
earlier section), a comment at the end makes its content unique, and one page in twenty gets a
sentence naming a vendor, a product and a city, so candidates form. A breadth-first crawl walks the
sections in order, so its frontier stays about one section wide whatever the size of the mirror.
``/sitemap.xml`` lists every page (not announced in ``robots.txt``: a crawl from ``/`` follows
links). The corpus pages stay in the temporary mirror: they are test data, never republished.

    .venv/bin/python bench/mirror.py build DIR --pages 2000 [--seed 0]
    .venv/bin/python bench/mirror.py serve DIR        # prints the URL, serves until stopped
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS

SECTION = 100  # pages per section listing
ANCHOR = re.compile(rb"""(<a\s[^>]*?\bhref\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
FIRST_P = re.compile(rb"<p[\s>]", re.I)
TOPICAL = (
    b"<p>Huawei signed a contract with the city of Nairobi, Kenya, in 2019 to install "
    b"facial recognition cameras and a command centre for the police.</p>"
)


@dataclass(frozen=True)
class Mirror:
    directory: Path
    pages: list[str]  # URL paths of the article pages (indexes and home not included)
    indexes: list[str]  # URL paths of the home page and the section listings

    @property
    def all_paths(self) -> list[str]:
        return self.indexes + self.pages


def corpus_shapes(root: Path = CORPUS) -> list[Path]:
    """The corpus's HTML pages (gzip files), in manifest order."""
    with (root / "index.jsonl").open(encoding="utf-8") as manifest:
        entries = [json.loads(line) for line in manifest]
    return [root / e["path"] for e in entries if e["kind"] in ("html", "html-listpage")]


def page_path(number: int) -> str:
    return f"/s{number // SECTION:04d}/{number:06d}.html"


def section_path(section: int) -> str:
    return f"/s{section:04d}/index.html"


def _targets(number: int, pages: int, rng: random.Random) -> list[str]:
    """Where a page's anchors point, in turn: home, section, neighbours, next section, earlier."""
    section = number // SECTION
    sections = (pages + SECTION - 1) // SECTION
    first = section * SECTION
    size = min(SECTION, pages - first)
    out = ["/index.html", section_path(section)]
    out += [page_path(first + (number - first + step) % size) for step in (1, 2, 3, -1)]
    if section + 1 < sections:
        out.append(section_path(section + 1))
    if section:
        out.append(page_path(rng.randrange(first)))
    return out


def _relink(body: bytes, targets: list[str]) -> bytes:
    counter = iter(range(1 << 30))

    def replace(match: re.Match[bytes]) -> bytes:
        target = targets[next(counter) % len(targets)]
        return match.group(1) + b'"' + target.encode() + b'"'

    return ANCHOR.sub(replace, body)


def mirror_page(body: bytes, number: int, pages: int, rng: random.Random) -> bytes:
    body = _relink(body, _targets(number, pages, rng))
    if rng.random() < 0.05 and (match := FIRST_P.search(body)):
        body = body[: match.start()] + TOPICAL + body[match.start() :]
    return body + f"\n<!-- mirror page {number} -->\n".encode()


def _listing(title: str, links: list[str]) -> bytes:
    items = "\n".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><ul>\n{items}\n</ul></body></html>\n"
    ).encode()


def _write(directory: Path, path: str, body: bytes) -> None:
    file = directory / path.lstrip("/")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(body)


def build_mirror(directory: Path, pages: int, seed: int = 0, corpus: Path = CORPUS) -> Mirror:
    """Write a mirror of ``pages`` article pages (plus a home page and one listing per 100 pages)
    into ``directory``; the same seed gives the same site."""
    directory = Path(directory)
    rng = random.Random(seed)
    shapes = corpus_shapes(corpus)
    order = [rng.randrange(len(shapes)) for _ in range(pages)]
    cache: dict[int, bytes] = {}
    paths = []
    for number, shape in enumerate(order):
        if shape not in cache:
            cache[shape] = gzip.decompress(shapes[shape].read_bytes())
        path = page_path(number)
        _write(directory, path, mirror_page(cache[shape], number, pages, rng))
        paths.append(path)
    sections = (pages + SECTION - 1) // SECTION
    indexes = ["/index.html"]
    _write(directory, "/index.html", _listing("Mirror", [section_path(s) for s in range(2)]))
    for section in range(sections):
        members = paths[section * SECTION : (section + 1) * SECTION]
        following = [section_path(s) for s in (section + 1, section + 2) if s < sections]
        listing = _listing(f"Section {section}", members + following)
        _write(directory, section_path(section), listing)
        indexes.append(section_path(section))
    _write(directory, "/robots.txt", b"User-agent: *\nAllow: /\n")
    urls = "\n".join(f"<url><loc>{p}</loc></url>" for p in indexes + paths)
    sitemap = '<?xml version="1.0" encoding="UTF-8"?>\n'
    sitemap += f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
    _write(directory, "/sitemap.xml", sitemap.encode())
    return Mirror(directory, paths, indexes)


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection serves many requests

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve_forever(directory: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(directory)))
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


def serve(directory: Path) -> tuple[str, Callable[[], None]]:
    """Serve ``directory`` on 127.0.0.1 from a separate process; returns its base URL (no
    trailing slash) and a function that stops the server."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "serve", str(directory)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.kill()
        raise RuntimeError(f"the mirror server did not start (exit {process.wait()})")

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    return url, stop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write a mirror into DIR")
    build.add_argument("directory", type=Path)
    build.add_argument("--pages", type=int, default=2000)
    build.add_argument("--seed", type=int, default=0)
    served = commands.add_parser("serve", help="serve DIR on 127.0.0.1 until stopped")
    served.add_argument("directory", type=Path)
    args = parser.parse_args()
    if args.command == "serve":
        with contextlib.suppress(KeyboardInterrupt):
            _serve_forever(args.directory)
        return 0
    if not (CORPUS / "index.jsonl").exists():
        print(f"corpus not found at {CORPUS}: the mirror needs ../shared (not part of the project)")
        return 0
    mirror = build_mirror(args.directory, args.pages, args.seed)
    print(f"{len(mirror.pages)} pages and {len(mirror.indexes)} listings in {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
