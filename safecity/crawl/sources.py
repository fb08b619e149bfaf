"""The sources file: what to crawl, with which spider, how much and how often.

TOML, one ``[[source]]`` table per source (see ``safecity/sources.toml``, the defaults). Every
problem is reported as ``file:line: key: problem``. Keys of a source:

- ``name`` (required, unique, lowercase slug): shown by ``safecity runs``; remembers seen results;
- ``spider`` (required): site, huawei, government, news or archive;
- ``kind``: vendor, government, media, ngo or archive: the weight of its pages as evidence (else
  the host rules of ``keywords/site_kinds.toml``; never applied to archived snapshots);
- ``start``: URLs to begin with (sitemaps, pages, feeds, CDX queries); required but for a news
  source with searches;
- ``languages``: ``en``/``zh``, the languages its searches are asked in;
- ``allow`` / ``deny``: URL regexes: only pages matching ``allow`` are kept, ``deny`` never fetched;
- ``max_pages`` (≥ 1), ``depth`` (≥ 0): the page budget and link depth of one run;
- ``schedule``: when it is crawled: a cron expression of five fields in UTC (``"0 3 * * 1"``:
  Mondays at 03:00), ``daily``, ``weekly``, ``monthly`` (midnight UTC; every day, on Sundays, on
  the 1st), ``manual`` (the default: never on its own); ``safecity schedule`` and
  ``safecity crawl --due`` run what is due;
- ``[[source.search]]`` (news only): ``api`` (gdelt or google_news), ``base`` (the API URL),
  ``since`` (a date), ``until`` (a date; default now), ``window_days``, ``records`` (GDELT's
  maxrecords, ≤ 250), ``reach_days`` (how far back the API searches; 0: no limit).

A top-level ``[network]`` table may allow-list non-public hosts or networks:
``allow = ["10.1.0.0/16", "intranet.example"]``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from cronsim import CronSim, CronSimError

from keywords import SITE_KINDS, SafecityError

T = TypeVar("T")

DEFAULT_SOURCES = Path(__file__).resolve().parents[1] / "sources.toml"  # safecity/sources.toml
SPIDERS = ("site", "huawei", "government", "news", "archive")
# the words a schedule may be, as cron expressions (None: only when asked)
SCHEDULES: dict[str, str | None] = {
    "daily": "0 0 * * *",
    "weekly": "0 0 * * 0",
    "monthly": "0 0 1 * *",
    "manual": None,
}
APIS = ("gdelt", "google_news")
LANGUAGES = ("en", "zh")
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
SOURCE_KEYS = {"name", "spider", "kind", "start", "languages", "allow", "deny", "max_pages",
               "depth", "schedule", "search"}  # fmt: skip
SEARCH_KEYS = {"api", "base", "since", "until", "window_days", "records", "reach_days"}


class SourcesError(SafecityError):
    """Raised by ``load_sources`` for a sources file it cannot use: `file:line: key: problem`."""


@dataclass(frozen=True)
class Search:
    api: str
    base: str
    since: datetime
    until: datetime | None
    window_days: int
    records: int
    reach_days: int


@dataclass(frozen=True)
class SourceEntry:
    """One ``[[source]]`` of the sources file: what to crawl and when (a site is
    ``store.models.Source``; a citation of an exported record is ``exports.records.Source``)."""

    name: str
    spider: str
    kind: str | None
    start: tuple[str, ...]
    languages: tuple[str, ...]
    allow: tuple[str, ...]
    deny: tuple[str, ...]
    max_pages: int | None
    depth: int | None
    schedule: str
    searches: tuple[Search, ...]

    def next_run(self, after: datetime) -> datetime | None:
        """The first time after ``after`` its schedule names (UTC); None for a manual source."""
        cron = SCHEDULES.get(self.schedule, self.schedule)
        return next(_times(cron, after)) if cron else None

    def hosts(self) -> set[str]:
        """The hosts this source names (start points and search APIs): typed by the analyst."""
        urls = [*self.start, *(s.base for s in self.searches)]
        return {(urlsplit(u).hostname or "").lower() for u in urls} - {""}


@dataclass(frozen=True)
class SourcesFile:
    path: Path
    sources: tuple[SourceEntry, ...]
    allow_hosts: tuple[str, ...]

    def named(self, name: str) -> SourceEntry:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources)
        raise SourcesError(f"{self.path}: no source named {name!r}; known: {known}")

    def for_spider(self, spider: str) -> tuple[SourceEntry, ...]:
        return tuple(s for s in self.sources if s.spider == spider)


class _Lines:
    """Finds the line a value stands on again (tomllib gives values, not positions)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[SourcesError] = []  # every mistake, reported together

    def attempt(self, read: Callable[[], T], fallback: T) -> T:
        """``read()``, or ``fallback`` with its mistake kept for the report."""
        try:
            return read()
        except SourcesError as exc:
            self.problems.append(exc)
            return fallback

    def table(self, header: str, index: int, after: int = 0, before: int | None = None) -> int:
        seen = -1
        for number in range(after + 1, (before or len(self.lines)) + 1):
            if self.lines[number - 1].strip() == header:
                seen += 1
                if seen == index:
                    return number
        return after or 1

    def key(self, start: int, key: str) -> int:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1].strip()
            if number > start and line.startswith("["):
                break
            if pattern.match(line):
                return number
        return start

    def error(self, line: int, key: str, problem: str) -> SourcesError:
        return SourcesError(f"{self.path}:{line}: {key}: {problem}")


class _Entry:
    """One table of the file, with the line of each key for error messages."""

    def __init__(self, lines: _Lines, data: dict[str, Any], line: int, keys: set[str]) -> None:
        self.lines, self.data, self.line = lines, data, line
        for key in data:
            if key not in keys:
                lines.problems.append(
                    self.error(key, f"unknown key; known: {', '.join(sorted(keys))}")
                )

    def error(self, key: str, problem: str) -> SourcesError:
        return self.lines.error(self.lines.key(self.line, key), key, problem)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        value = self.data.get(key, default)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            names = (
                kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            )
            raise self.error(key, f"must be {names}, not {type(value).__name__}")
        return value

    def choice(
        self, key: str, choices: tuple[str, ...] | dict[str, int], default: Any = None
    ) -> Any:
        value = self.get(key, str, default)
        if value is not None and value not in choices:
            raise self.error(key, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def integer(self, key: str, low: int, high: int | None = None, default: Any = None) -> Any:
        value = self.get(key, int, default)
        if value is not None and (value < low or (high is not None and value > high)):
            limit = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise self.error(key, f"must be {limit}, not {value}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self.error(key, "must be a list of non-empty strings")
        return tuple(values)

    def urls(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for url in values:
            self._check_url(key, url)
        return values

    def url(self, key: str) -> str:
        value = self.get(key, str)
        if value is None:
            raise self.error(key, "missing")
        self._check_url(key, value)
        return str(value)

    def _check_url(self, key: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.error(key, f"not an http(s) URL: {url!r}")

    def patterns(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise self.error(key, f"bad regular expression {value!r}: {exc}") from None
        return values

    def schedule(self, key: str) -> str:
        value = self.get(key, str, "manual").strip()
        if value in SCHEDULES:
            return str(value)
        try:
            next(_times(value, datetime(2000, 1, 1, tzinfo=UTC)))
        except (CronSimError, StopIteration) as exc:
            raise self.error(
                key,
                f"{value!r} is not a schedule ({exc or 'never due'}): give five cron fields "
                f"such as '0 3 * * *', or one of: {', '.join(SCHEDULES)}",
            ) from None
        return str(value)

    def moment(self, key: str, required: bool = False) -> datetime | None:
        value = self.get(key, (date, datetime))
        if value is None:
            if required:
                raise self.error(key, "missing (a date such as 2017-01-01)")
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.combine(value, time(), tzinfo=UTC)


def _search(entry: _Entry) -> Search:
    api = entry.choice("api", APIS)
    if api is None:
        raise entry.error("api", f"missing; one of: {', '.join(APIS)}")
    return Search(
        api=api,
        base=entry.url("base"),
        since=entry.moment("since", required=True) or datetime.min.replace(tzinfo=UTC),
        until=entry.moment("until"),
        window_days=entry.integer("window_days", 1, default=30),
        records=entry.integer("records", 1, 250, default=250),
        reach_days=entry.integer("reach_days", 0, default=0),
    )


def _name(entry: _Entry) -> str:
    name = entry.get("name", str)
    if name is None or not NAME.match(name):
        raise entry.error(
            "name", "missing" if name is None else f"{name!r} is not a lowercase slug"
        )
    return str(name)


def _spider(entry: _Entry) -> str:
    spider = entry.choice("spider", SPIDERS)
    if spider is None:
        raise entry.error("spider", f"missing; one of: {', '.join(SPIDERS)}")
    return str(spider)


def _languages(entry: _Entry) -> tuple[str, ...]:
    languages = entry.strings("languages") or LANGUAGES
    for language in languages:
        if language not in LANGUAGES:
            raise entry.error("languages", f"{language!r} is not one of: {', '.join(LANGUAGES)}")
    return tuple(languages)


def _source(lines: _Lines, data: dict[str, Any], index: int, end: int | None) -> SourceEntry:
    """The entry as a ``SourceEntry``; each mistake goes to ``lines.problems`` and the value in
    error is left at a stand-in, so that the rest of the entry is checked too."""
    line = lines.table("[[source]]", index)
    entry = _Entry(lines, data, line, SOURCE_KEYS)
    name = lines.attempt(lambda: _name(entry), f"source-{index + 1}")
    spider = lines.attempt(lambda: _spider(entry), "site")
    searches = []
    tables: list[Any] = lines.attempt(lambda: entry.get("search", list, []), [])
    for number, table in enumerate(tables):
        search_line = lines.table("[[source.search]]", number, after=line, before=end)
        search_entry = _Entry(lines, table, search_line, SEARCH_KEYS)
        found = lines.attempt(lambda e=search_entry: _search(e), None)  # type: ignore[misc]
        if found is not None:
            searches.append(found)
    if searches and spider != "news":
        lines.problems.append(entry.error("search", "only news sources search"))
    start: tuple[str, ...] = lines.attempt(lambda: entry.urls("start"), ())
    if not start and not tables and "start" not in data:
        lines.problems.append(entry.error("start", "missing: give the URLs to begin with"))
    return SourceEntry(
        name=name,
        spider=spider,
        kind=lines.attempt(lambda: entry.choice("kind", SITE_KINDS), None),
        start=start,
        languages=lines.attempt(lambda: _languages(entry), LANGUAGES),
        allow=lines.attempt(lambda: entry.patterns("allow"), ()),
        deny=lines.attempt(lambda: entry.patterns("deny"), ()),
        max_pages=lines.attempt(lambda: entry.integer("max_pages", 1), None),
        depth=lines.attempt(lambda: entry.integer("depth", 0), None),
        schedule=lines.attempt(lambda: entry.schedule("schedule"), "manual"),
        searches=tuple(searches),
    )


def _times(cron: str, after: datetime) -> Iterator[datetime]:
    """The times a five-field cron expression names after ``after``, in UTC."""
    if len(cron.split()) != 5:
        raise CronSimError(f"{len(cron.split())} fields, not 5")
    return CronSim(cron, after.astimezone(UTC))


def load_sources(path: Path | None = None) -> SourcesFile:
    """Read and check a sources file (default: the shipped ``safecity/sources.toml``)."""
    path = path or DEFAULT_SOURCES
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read the sources file: {exc}") from None
    lines = _Lines(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise lines.error(int(match.group(1)) if match else 1, "toml", problem) from None
    top = _Entry(lines, data, 1, {"source", "network"})
    network: dict[str, Any] = lines.attempt(lambda: top.get("network", dict, {}), {})
    allow_entry = _Entry(lines, network, lines.table("[network]", 0), {"allow"})
    allow_hosts: tuple[str, ...] = lines.attempt(lambda: allow_entry.strings("allow"), ())
    tables: list[Any] = lines.attempt(lambda: top.get("source", list, []), [])
    starts = [lines.table("[[source]]", i) for i in range(len(tables))]
    sources = []
    for index, table in enumerate(tables):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else None
        sources.append(_source(lines, table, index, end))
    names = [s.name for s in sources]
    for index, name in enumerate(names):
        if name in names[:index]:
            line = lines.key(starts[index], "name")
            lines.problems.append(lines.error(line, "name", f"{name!r} is used by another source"))
    if lines.problems:
        # one line each, in the order of the file
        ordered = sorted(lines.problems, key=lambda p: _line_of(str(p)))
        raise SourcesError("\n".join(str(p) for p in ordered))
    return SourcesFile(path, tuple(sources), allow_hosts)


def _line_of(message: str) -> int:
    match = re.search(r":(\d+): ", message)
    return int(match.group(1)) if match else 0
