"""The schema: typed SQLAlchemy 2.0 models. Alembic migrations build it; never ``create_all``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from keywords import STAGES

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CANDIDATE_STATUSES = ("new", "confirmed", "rejected")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps on every database: SQLite keeps no zone, so values are stored in
    UTC and read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database: use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Source(Base):
    """A site pages come from, identified by host; its kind weighs its evidence."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(20))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(50))
    source: Mapped[str | None] = mapped_column(String(100), index=True)  # sources-file entry
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    start_urls: Mapped[list[str]] = mapped_column(default=list)
    requests: Mapped[int] = mapped_column(default=0)
    pages_new: Mapped[int] = mapped_column(default=0)
    pages_changed: Mapped[int] = mapped_column(default=0)
    pages_unchanged: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    # feed and search results not fetched because an earlier run of the source handed them on
    results_seen: Mapped[int] = mapped_column(default=0, server_default="0")

    error_list: Mapped[list[CrawlError]] = relationship(back_populates="run")


class CrawlError(Base):
    __tablename__ = "crawl_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(50))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]

    run: Mapped[CrawlRun] = relationship(back_populates="error_list")


class Page(Base):
    """One revision of a fetched page: a new row only when the content hash changes."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("url", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    final_url: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    status: Mapped[int]
    fetched_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    content_type: Mapped[str] = mapped_column(String(200), default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)  # the raw bytes, compressed: store.pages
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    spider: Mapped[str | None] = mapped_column(String(50))
    etag: Mapped[str | None] = mapped_column(Text)  # validators for conditional re-fetching
    last_modified: Mapped[str | None] = mapped_column(Text)
    removed_at: Mapped[datetime | None]  # the URL answered 404/410 after having answered before
    original_url: Mapped[str | None] = mapped_column(Text)  # an archived snapshot's address
    snapshot_at: Mapped[datetime | None]  # when the archive captured it

    source: Mapped[Source] = relationship()
    mentions: Mapped[list[Mention]] = relationship(back_populates="page")
    claims: Mapped[list[Claim]] = relationship(back_populates="page")


class Mention(Base):
    """A vocabulary hit in a page's text. ``kind`` is product, vendor, country, city or cue;
    ``category`` is the product category id, vendor id, country code, city id or cue stage."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(50), index=True)
    term: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    sentence: Mapped[str] = mapped_column(Text)

    page: Mapped[Page] = relationship(back_populates="mentions")


class Claim(Base):
    """A benefit claim in a page (crime down 15 %, response time from 10 to 4.5 minutes)."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(50))
    direction: Mapped[str | None] = mapped_column(String(10))
    before: Mapped[float | None]
    after: Mapped[float | None]
    percent: Mapped[float | None]
    unit: Mapped[str | None] = mapped_column(String(30))
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]

    page: Mapped[Page] = relationship(back_populates="claims")


class Candidate(Base):
    """A proposed agreement: one per (vendor, country, city); ``city_key`` is '' when no city."""

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("vendor", "country", "city_key"),
        # the database refuses what no code path may write (migration 0007)
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in CANDIDATE_STATUSES) + ")", name="status"
        ),
        CheckConstraint(
            "stage IS NULL OR stage IN (" + ", ".join(f"'{s}'" for s in STAGES) + ")",
            name="stage",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor: Mapped[str] = mapped_column(String(50))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(200))
    city_key: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None]
    stage: Mapped[str | None] = mapped_column(String(20))
    counterpart: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    agreement_type: Mapped[str | None] = mapped_column(String(30))  # mou, contract... (0005)
    note: Mapped[str | None] = mapped_column(Text)
    products: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    evidence: Mapped[list[Evidence]] = relationship(back_populates="candidate")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="candidate", order_by="Decision.id"
    )


class Evidence(Base):
    """A sentence of a page that supports a candidate."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("candidate_id", "page_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"), index=True)
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    added_at: Mapped[datetime]
    # which rule made the sentence evidence: deal, deployment or passing (extractors.pairs) (0007)
    rule: Mapped[str] = mapped_column(String(20), default="passing", server_default="passing")

    capture_url: Mapped[str | None] = mapped_column(Text)  # a Wayback Machine capture of the page
    captured_at: Mapped[datetime | None]

    candidate: Mapped[Candidate] = relationship(back_populates="evidence")
    page: Mapped[Page] = relationship()


class Decision(Base):
    """An analyst's act on a candidate: appended, never updated or deleted."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    # web or cli (migration 0007; none on decisions recorded before it)
    channel: Mapped[str | None] = mapped_column(String(10))
    # who recorded it, when an admin recorded a decision in the actor's name
    named_by: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)

    candidate: Mapped[Candidate] = relationship(back_populates="decisions")


class SeenItem(Base):
    """A feed entry or search result already handed on, so later runs do not fetch it again."""

    __tablename__ = "seen_items"
    __table_args__ = (UniqueConstraint("source", "url_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    url_hash: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime]


class User(Base):
    """An analyst or admin of the triage app."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Lock(Base):
    """A named lock held in the database (one run per source at a time); stale when its holder's
    heartbeat stops."""

    __tablename__ = "locks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]


# --- triage app and search (migration 0003) ---

# The queue: open candidates of one status by score, best first.
Index(
    "ix_candidates_queue",
    Candidate.status,
    Candidate.merged_into_id,
    Candidate.score,
    Candidate.id,
)
# The queue's language and source-kind filters go from pages to the candidates they support.
Index("ix_pages_language", Page.language)
Index("ix_evidence_page_id_candidate_id", Evidence.page_id, Evidence.candidate_id)
# The open candidates best first, of one status or all (migration 0008): PostgreSQL reads a page
# of the queue from these in order (it does not take "merged_into_id IS NULL" as fixing a column
# of ix_candidates_queue).
Index(
    "ix_candidates_open_queue",
    Candidate.status,
    Candidate.score,
    Candidate.id,
    sqlite_where=Candidate.merged_into_id.is_(None),
    postgresql_where=Candidate.merged_into_id.is_(None),
)
Index(
    "ix_candidates_open_by_score",
    Candidate.score,
    Candidate.id,
    sqlite_where=Candidate.merged_into_id.is_(None),
    postgresql_where=Candidate.merged_into_id.is_(None),
)
Index(
    "ix_candidates_merged_into_id",
    Candidate.merged_into_id,
    sqlite_where=Candidate.merged_into_id.is_not(None),
    postgresql_where=Candidate.merged_into_id.is_not(None),
)


class CandidateFacet(Base):
    """What the queue filters a candidate by, found from its evidence and fields: the language of
    an evidence page (``language:zh``), the kind of its site (``kind:government``), a product
    (``product:cctv``). Kept by ``store.facets`` whenever evidence or fields change (migration
    0008): filtering by them reads an index instead of every candidate's evidence."""

    __tablename__ = "candidate_facets"
    __table_args__ = (Index("ix_candidate_facets_facet_candidate_id", "facet", "candidate_id"),)

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(60), primary_key=True)


class LoginAttempt(Base):
    """A login to the triage app, kept to throttle guessing (by name and address)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    ok: Mapped[bool]


class SearchDoc(Base):
    """Searchable text of a page (title and text) or an evidence sentence, as ``store.search``
    tokenises it (Chinese as overlapping character pairs). The full-text index over ``terms``
    (FTS5 on SQLite, a GIN tsvector index on PostgreSQL) is built by migration 0003."""

    __tablename__ = "search_docs"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # page or evidence
    ref_id: Mapped[int]
    terms: Mapped[str] = mapped_column(Text)


# --- exports and imports (migration 0005) ---


class CitedSource(Base):
    """A source an analyst cites for a candidate that the crawler did not store (a record imported
    from a spreadsheet): its address, date, the id of an archived copy and a Wayback capture."""

    __tablename__ = "cited_sources"
    __table_args__ = (UniqueConstraint("candidate_id", "url", "archive_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    archive_id: Mapped[str] = mapped_column(String(200), default="")
    capture_url: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)  # where it came from: file and row
    added_at: Mapped[datetime]
