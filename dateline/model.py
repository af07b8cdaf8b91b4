"""The records of dateline's data model (DESIGN §2): one typed, frozen record per concept.

Offsets are 0-based, end-exclusive indices into the owning article's cleaned ``text``.
Datetimes are timezone-aware UTC.  Records are msgspec Structs so they round-trip through
JSON, DuckDB and Parquet without hand-written converters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec

PublishedBasis = Literal["metadata", "text", "user", "estimated", "unknown"]
# How far an estimated publication date goes: "2021-08" or "2021" (a given date is a day).
PublishedPrecision = Literal["month", "year"]
SourceFormat = Literal["text", "html", "jsonl", "warc", "feed"]
DuplicateKind = Literal["exact", "near"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Modality = Literal["asserted", "negated", "hypothetical", "future", "historical"]
DateBasis = Literal["explicit", "publication", "unknown"]
DatePrecision = Literal["day", "week", "month", "year"]
ActorKind = Literal["person", "organisation", "country", "group"]


class Record(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every record: frozen, keyword-only, JSON-serialisable."""


class Segment(Record, frozen=True, kw_only=True, array_like=True):
    """A run of characters copied unchanged from ``raw_text`` into the cleaned ``text``.

    ``text[start:start+length] == raw_text[raw_start:raw_start+length]``.
    """

    start: int
    raw_start: int
    length: int


class Article(Record, frozen=True, kw_only=True):
    """One news article, cleaned, with its provenance.

    ``raw_text`` is the decoded text before cleaning, kept so nothing is lost;
    ``segments`` map every character of ``text`` back to ``raw_text``.
    """

    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: datetime | None = None
    published_basis: PublishedBasis = "unknown"
    language: str | None = None
    text: str
    content_hash: str
    ingested_at: datetime
    origin: str
    format: SourceFormat
    raw_text: str
    segments: tuple[Segment, ...] = ()
    duplicate_of: str | None = None
    duplicate_kind: DuplicateKind | None = None
    duplicate_similarity: float | None = None
    # Set only when dateline dated an undated article itself (basis "estimated"): ``published``
    # is then the first day of the month or year its text allows, and ``published_cues`` says
    # what told it ("Secretary of State Antony Blinken; 2021-08-24; 2021-08-25").
    published_precision: PublishedPrecision | None = None
    published_cues: str | None = None


class Rejection(Record, frozen=True, kw_only=True):
    """An input that could not become an article, with a stable reason code (see errors.Reason)."""

    origin: str
    stage: str
    reason: str
    detail: str
    sample: str = ""
    rejected_at: datetime | None = None


class Span(Record, frozen=True, kw_only=True):
    """A character span of an article's text."""

    start: int
    end: int
    text: str


class Mention(Record, frozen=True, kw_only=True):
    """An actor mention; offsets are into the article's ``text``, or its ``title`` when
    ``field`` says so."""

    article_id: str
    start: int
    end: int
    text: str
    label: str
    actor_id: str | None = None
    field: Literal["text", "title"] = "text"


class Role(Record, frozen=True, kw_only=True):
    title: str | None = None
    country: str | None = None
    sector: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    evidence_article_id: str | None = None
    evidence: Span | None = None


class Actor(Record, frozen=True, kw_only=True):
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    roles: tuple[Role, ...] = ()


class Timex(Record, frozen=True, kw_only=True):
    article_id: str
    start: int
    end: int
    text: str
    type: TimexType
    value: str


class Quote(Record, frozen=True, kw_only=True):
    article_id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: Span | None = None
    speaker_actor_id: str | None = None
    cue: Span | None = None


class Event(Record, frozen=True, kw_only=True):
    article_id: str
    sentence: Span
    anchor: Span
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str
    quad: int
    intensity: float
    actor_id: str | None = None
    recipient_id: str | None = None
    actor_span: Span | None = None  # the phrase naming the actor ("Turkish Foreign Minister X")
    recipient_span: Span | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    date_basis: DateBasis = "unknown"
    # the place phrase of the event's clause ("in Kabul": Kabul), or of the article's dateline
    # where ``place.basis`` is "dateline"
    location: str | None = None
    location_span: Span | None = None
    place: Location | None = None  # where ``location`` is on the map
    modality: Modality = "asserted"
    confidence: float = 1.0
    decided_by: str = ""
    main: bool = False  # the sentence's principal event (exactly one per sentence with events)


class Location(Record, frozen=True, kw_only=True):
    """Where an event happened on the map (GeoNames). ``basis`` says how it is known:
    "gazetteer", the place phrase of the event's clause; "dateline", no phrase in the clause,
    the city of the article's dateline ("KABUL (AP) —"), for an event local to it (its parties
    of that city's country and no other); "actors", no phrase, the one country its parties
    belong to (a country, never a city: that is all it tells); "unresolved", a phrase the
    gazetteer does not hold. ``country`` is ISO alpha-3, ``adm1`` GeoNames'
    first-level division code within it."""

    geonames_id: int | None = None
    name: str | None = None
    feature: Literal["country", "city"] | None = None
    country: str | None = None
    adm1: str | None = None
    lat: float | None = None
    lon: float | None = None
    basis: Literal["gazetteer", "dateline", "actors", "unresolved"] = "unresolved"


class EventMentionRef(Record, frozen=True, kw_only=True):
    """One report of a fused event: the ``seq``-th event extracted from an article."""

    article_id: str
    seq: int
    source: str  # the outlet, or a stand-in naming the article when the outlet is unknown
    published: datetime | None = None
    copy_of: str | None = None  # set when the article is a near/exact copy of an earlier one


class DisagreementValue(Record, frozen=True, kw_only=True):
    value: str
    sources: tuple[str, ...]
    article_ids: tuple[str, ...]


class Disagreement(Record, frozen=True, kw_only=True):
    """Reports of one event that differ on a detail (``date``, ``location``): all kept."""

    field: str
    values: tuple[DisagreementValue, ...]


class FusedEvent(Record, frozen=True, kw_only=True):
    """One real-world event and every report of it."""

    id: str
    type: str
    mode: str | None = None
    cameo: str
    quad: int
    intensity: float
    actor_id: str | None = None
    recipient_id: str | None = None
    is_symmetric: bool = False  # actor and recipient are interchangeable (CONSULT, COOPERATE)
    date: str | None = None
    date_precision: DatePrecision | None = None
    date_basis: DateBasis = "unknown"
    location: str | None = None
    modality: Modality = "asserted"
    confidence: float = 1.0
    story_id: str | None = None
    mentions: tuple[EventMentionRef, ...] = ()
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0
    sources: tuple[str, ...] = ()  # independent outlets, earliest report first
    first_article_id: str
    first_reported: datetime | None = None
    disagreements: tuple[Disagreement, ...] = ()


class Story(Record, frozen=True, kw_only=True):
    id: str
    article_ids: tuple[str, ...]
    label: str | None = None
    first_date: date | None = None
    last_date: date | None = None
