"""Search URLs for the news APIs, and the time windows they are split into.

GDELT DOC 2.0 (``mode=ArtList&format=json``) returns at most ``maxrecords`` (≤ 250) articles per
query and searches a rolling window of recent coverage; Google News RSS returns at most 100 items.
A query is therefore asked window by window, and a window whose answer is full is split in two
(down to ``MIN_WINDOW``), so no result is dropped without the crawl saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from keywords.queries import SearchQuery

GDELT, GOOGLE_NEWS = "gdelt", "google_news"
APIS = (GDELT, GOOGLE_NEWS)
GDELT_MAX_RECORDS = 250
GDELT_DEFAULT_RECORDS = 75  # what GDELT returns when maxrecords is not given
GOOGLE_NEWS_CAP = 100
MIN_WINDOW = {GDELT: timedelta(minutes=15), GOOGLE_NEWS: timedelta(days=1)}
GDELT_TIME = "%Y%m%d%H%M%S"
SOURCELANG = {"en": "english", "zh": "chinese"}
GOOGLE_LOCALE = {"en": ("en-US", "US", "US:en"), "zh": ("zh-CN", "CN", "CN:zh-Hans")}


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def halves(self) -> tuple[Window, Window]:
        middle = self.start + (self.end - self.start) / 2
        return Window(self.start, middle), Window(middle, self.end)

    def label(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}..{self.end:%Y-%m-%d %H:%M} UTC"


def windows(since: datetime, until: datetime, days: int) -> list[Window]:
    """``since``..``until`` cut into windows of ``days`` days (the last one shorter)."""
    out, start = [], since
    while start < until:
        end = min(start + timedelta(days=days), until)
        out.append(Window(start, end))
        start = end
    return out


def _phrase(term: str) -> str:
    return f'"{term}"' if " " in term else term


def _any(words: tuple[str, ...]) -> str:
    if len(words) == 1:
        return _phrase(words[0])
    return "(" + " OR ".join(_phrase(w) for w in words) + ")"


def gdelt_query(query: SearchQuery, language: str) -> str:
    """Vendor AND any term, in English (GDELT translates what it monitors), from one language."""
    return f"{_any(query.vendor_names)} {_any(query.terms)} sourcelang:{SOURCELANG[language]}"


def gdelt_url(base: str, query: str, window: Window, records: int) -> str:
    params = {
        "query": query,
        "mode": "ArtList",
        "format": "json",
        "maxrecords": str(min(records, GDELT_MAX_RECORDS)),
        "sort": "DateAsc",
        "startdatetime": window.start.strftime(GDELT_TIME),
        "enddatetime": window.end.strftime(GDELT_TIME),
    }
    return f"{base}?{urlencode(params)}"


def google_news_url(base: str, query: SearchQuery, window: Window) -> str:
    """Google News RSS search, in the query's language and edition, limited to the window's days."""
    hl, gl, ceid = GOOGLE_LOCALE[query.language]
    days = f"after:{window.start:%Y-%m-%d} before:{window.end:%Y-%m-%d}"
    q = f"{_any(query.vendor_names)} {_any(query.terms)} {days}"
    return f"{base}?{urlencode({'q': q, 'hl': hl, 'gl': gl, 'ceid': ceid})}"


def gdelt_cap(url: str) -> int:
    values = parse_qs(urlsplit(url).query).get("maxrecords")
    try:
        return min(int(values[0]), GDELT_MAX_RECORDS) if values else GDELT_DEFAULT_RECORDS
    except ValueError:
        return GDELT_DEFAULT_RECORDS


def gdelt_window(url: str) -> Window | None:
    """The window a GDELT URL asks for (``startdatetime``/``enddatetime``), if it names one."""
    params = parse_qs(urlsplit(url).query)
    try:
        start = datetime.strptime(params["startdatetime"][0], GDELT_TIME).replace(tzinfo=UTC)
        end = datetime.strptime(params["enddatetime"][0], GDELT_TIME).replace(tzinfo=UTC)
    except (KeyError, ValueError):
        return None
    return Window(start, end)


def split_gdelt_url(url: str, window: Window) -> list[str] | None:
    """The URL asked for each half of ``window``; None when it is as small as GDELT resolves."""
    if window.end - window.start < 2 * MIN_WINDOW[GDELT]:
        return None
    return [with_gdelt_window(url, half) for half in window.halves()]


def with_gdelt_window(url: str, window: Window) -> str:
    parts = urlsplit(url)
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    params["startdatetime"] = window.start.strftime(GDELT_TIME)
    params["enddatetime"] = window.end.strftime(GDELT_TIME)
    return urlunsplit(parts._replace(query=urlencode(params)))


@dataclass(frozen=True)
class SearchSpec:
    """One query API of a news source (the sources file's ``[[source.search]]``)."""

    api: str
    base: str
    since: datetime
    until: datetime | None = None  # None: now
    window_days: int = 30
    records: int = GDELT_MAX_RECORDS  # GDELT's maxrecords
    reach_days: int = 0  # how far back the API searches (GDELT: a rolling window); 0: no limit


@dataclass(frozen=True)
class SearchRequest:
    """What a query request asks for, kept in its meta so a full answer can be split."""

    spec: SearchSpec
    query: SearchQuery
    window: Window

    @property
    def cap(self) -> int:
        if self.spec.api == GDELT:
            return min(self.spec.records, GDELT_MAX_RECORDS)
        return GOOGLE_NEWS_CAP

    def url(self) -> str:
        if self.spec.api == GDELT:
            query = gdelt_query(self.query, self.query.language)
            return gdelt_url(self.spec.base, query, self.window, self.spec.records)
        return google_news_url(self.spec.base, self.query, self.window)

    def halves(self) -> list[SearchRequest] | None:
        """The two half windows, or None when the window is as small as the API resolves."""
        if self.window.end - self.window.start < 2 * MIN_WINDOW[self.spec.api]:
            return None
        return [SearchRequest(self.spec, self.query, w) for w in self.window.halves()]
