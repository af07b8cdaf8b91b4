"""Read stored events with their parties' names and their article's outlet and date.

Every filter value reaches SQL as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from dateline.model import Event, Location, Record, Span
from dateline.store.duck import Store
from dateline.store.places import Near
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE, event_clauses, span_from_cells

_SELECT = """
    SELECT e.* EXCLUDE (main, location_start, location_end, place), a.name AS actor_name,
           r.name AS recipient_name, art.source, art.published,
           substring(art.text, e.sentence_start + 1, e.sentence_end - e.sentence_start), e.main,
           e.location_start, e.location_end, e.place
    FROM events e
    LEFT JOIN actors a ON a.id = e.actor_id
    LEFT JOIN actors r ON r.id = e.recipient_id
    JOIN articles art ON art.id = e.article_id
    WHERE TRUE"""


class EventFilter(Record, frozen=True, kw_only=True):
    """Which stored events to list; ``actor`` matches either party by id or name."""

    actor: str | None = None
    type: str | None = None
    modality: str | None = None
    since: str | None = None  # ISO date; compared with the event's date
    until: str | None = None
    country: str | None = None  # ISO alpha-3 of the event's place
    near: Near | None = None  # the event's place within this circle
    include_statements: bool = False
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    limit: int = 500


class StoredEvent(Record, frozen=True, kw_only=True):
    event: Event
    seq: int  # the event's position among its article's events
    actor_name: str | None
    recipient_name: str | None
    source: str | None
    published: datetime | None


def list_events(store: Store, *, where: EventFilter | None = None) -> list[StoredEvent]:
    """Stored events, earliest event date first (undated last)."""
    where = where or EventFilter()
    sql, params = _filtered(where)
    sql += " ORDER BY e.date NULLS LAST, e.article_id, e.anchor_start, e.seq LIMIT ?"
    found = store.con.execute(sql, [*params, where.limit]).fetchall()
    return [_stored(row) for row in found]


def _filtered(where: EventFilter) -> tuple[str, list[Any]]:
    clauses, params = event_clauses(
        "e",
        actor=where.actor,
        type=where.type,
        modality=where.modality,
        since=where.since,
        until=where.until,
        include_statements=where.include_statements,
        min_confidence=where.min_confidence,
        country=where.country,
        near=where.near,
    )
    return _SELECT + clauses, params


def _stored(row: Sequence[Any]) -> StoredEvent:
    event = Event(
        article_id=row[0],
        sentence=Span(start=row[1], end=row[2], text=row[32]),
        anchor=Span(start=row[3], end=row[4], text=row[5]),
        type=row[6],
        mode=row[7],
        context=tuple(row[8]),
        cameo=row[9],
        quad=row[10],
        intensity=row[11],
        actor_id=row[12],
        recipient_id=row[13],
        actor_span=span_from_cells(row[14], row[15], row[16]),
        recipient_span=span_from_cells(row[17], row[18], row[19]),
        date=row[20],
        date_precision=row[21],
        date_basis=row[22],
        location=row[23],
        location_span=span_from_cells(row[34], row[35], row[23]),
        place=decode_place(row[36]) if row[36] else None,
        modality=row[24],
        confidence=row[25],
        decided_by=row[26],
        main=row[33],
    )
    published = row[31].astimezone(UTC) if row[31] is not None else None
    return StoredEvent(
        event=event,
        seq=row[27],
        actor_name=row[28],
        recipient_name=row[29],
        source=row[30],
        published=published,
    )


decode_place = msgspec.json.Decoder(Location).decode


def events_at(store: Store, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], StoredEvent]:
    """The stored events with these (article id, seq) keys."""
    if not keys:
        return {}
    wanted = ", ".join("(?, ?)" for _ in keys)
    sql = _SELECT + f" AND (e.article_id, e.seq) IN ({wanted})"
    found = store.con.execute(sql, [cell for key in keys for cell in key]).fetchall()
    stored = [_stored(row) for row in found]
    return {(s.event.article_id, s.seq): s for s in stored}
