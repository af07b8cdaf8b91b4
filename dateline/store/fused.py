"""Read fused events: the timeline, one event with all its reports, and the actor network.

Every filter value reaches SQL as a bound parameter; page sizes are capped so one query cannot
pull the whole store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from dateline.model import Disagreement, Event, Location, Record
from dateline.store.duck import Store
from dateline.store.events import decode_place, events_at
from dateline.store.places import FUSED_PLACES, Near
from dateline.store.rows import (
    DEFAULT_MIN_CONFIDENCE,
    MEDIA_SECTOR,
    date_text,
    event_clauses,
    known_date,
    month_and_day,
)

MAX_LIMIT = 1000

_FROM = """
    FROM fused_events f
    LEFT JOIN actors a ON a.id = f.actor_id
    LEFT JOIN actors r ON r.id = f.recipient_id
    WHERE TRUE"""
_SELECT = "SELECT f.*, a.name, a.country, a.sector, r.name, r.country, r.sector" + _FROM
# The sentence of each fused event's first report, read for the events of one page only, as a
# join: as a correlated column of the filtered query it was worked out for every stored event
# (a page of 100 took 0.5 s on news-2017's 9,000 fused events, and a few hundred MB of memory).
_EVIDENCE = """
    SELECT fm.fused_id, fm.event_seq,
           substring(art.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)
    FROM fused_mentions fm
    JOIN fused_events f ON f.id = fm.fused_id AND f.first_article_id = fm.article_id
    JOIN events e ON e.article_id = fm.article_id AND e.seq = fm.event_seq
    JOIN articles art ON art.id = fm.article_id
    WHERE fm.fused_id IN (SELECT unnest(?))
    ORDER BY fm.fused_id, fm.event_seq"""
# The places of one page's events, read as their evidence is.
_PLACES = f"""
    SELECT p.fused_id, p.place FROM ({FUSED_PLACES}) p
    WHERE p.fused_id IN (SELECT unnest(?))"""


class FusedFilter(Record, frozen=True, kw_only=True):
    """Which fused events to read; ``actor`` matches either party by id or name."""

    actor: str | None = None
    type: str | None = None
    modality: str | None = None
    story: str | None = None
    since: str | None = None  # ISO date, compared with the event's date
    until: str | None = None
    q: str | None = None  # words in any report's sentence
    country: str | None = None  # ISO alpha-3 of the event's place
    near: Near | None = None  # the event's place within this circle
    is_placed: bool = False  # only events with a place on the map (coordinates)
    include_statements: bool = False
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    limit: int = 100
    offset: int = 0
    latest_first: bool = False  # the most recent dates first (undated still last)


class Party(Record, frozen=True, kw_only=True):
    id: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None


class FusedView(Record, frozen=True, kw_only=True):
    """A fused event with its parties' names and the sentence of its earliest report."""

    id: str
    type: str
    mode: str | None
    cameo: str
    quad: int
    intensity: float
    actor: Party | None
    recipient: Party | None
    is_symmetric: bool
    # ISO, and null where no year is known; a day of unknown year ("XXXX-08-23" in TimeML)
    # is kept as its month and day, and ``date_text`` says it as people read it
    date: str | None
    date_month: int | None
    date_day: int | None
    date_text: str
    date_precision: str | None
    date_basis: str
    location: str | None
    place: Location | None  # where ``location`` is on the map (``dateline.store.places``)
    modality: str
    confidence: float
    story_id: str | None
    num_mentions: int
    num_articles: int
    num_sources: int
    sources: tuple[str, ...]
    first_article_id: str
    first_reported: datetime | None
    evidence: str
    disagreements: tuple[Disagreement, ...]


class FusedMentionView(Record, frozen=True, kw_only=True):
    """One report of a fused event: the article it is in and the event as coded there."""

    article_id: str
    event_seq: int
    title: str | None
    url: str | None
    source: str
    published: datetime | None
    copy_of: str | None
    event: Event  # as coded there, its ``date`` null where no year is known, as a FusedView's
    date_month: int | None  # the report's own date, as FusedView has the fused event's
    date_day: int | None
    date_text: str


class FusedDetail(Record, frozen=True, kw_only=True):
    event: FusedView
    mentions: tuple[FusedMentionView, ...]


class NetworkEdge(Record, frozen=True, kw_only=True):
    """All fused events from one actor to one recipient."""

    actor: Party
    recipient: Party
    count: int
    by_type: tuple[tuple[str, int], ...]
    by_quad: tuple[tuple[int, int], ...]
    mean_intensity: float
    first_date: str | None
    last_date: str | None


def list_fused(store: Store, *, where: FusedFilter | None = None) -> list[FusedView]:
    """Fused events, earliest date first (undated last)."""
    where = where or FusedFilter()
    sql, params = _filtered(where)
    order = "DESC" if where.latest_first else "ASC"
    sql += (
        # a day of an unknown year ("XXXX-08-23") after every dated event, as undated ones
        f" ORDER BY coalesce(f.date LIKE 'XXXX%', TRUE), f.date {order},"
        f" f.first_reported {order} NULLS LAST, f.id LIMIT ? OFFSET ?"
    )
    limit = min(max(where.limit, 0), MAX_LIMIT)
    found = store.con.execute(sql, [*params, limit, max(where.offset, 0)]).fetchall()
    return _with_evidence(store, found)


def _with_evidence(store: Store, rows: Sequence[Sequence[Any]]) -> list[FusedView]:
    """The views of ``rows``, each with its evidence sentence and its place."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    found = store.con.execute(_EVIDENCE, [ids]).fetchall()
    evidence: dict[str, str | None] = {}
    for fused_id, _, sentence in found:  # the first report's earliest event
        evidence.setdefault(fused_id, sentence)
    places = {
        fused_id: decode_place(place)
        for fused_id, place in store.con.execute(_PLACES, [ids]).fetchall()
    }
    return [
        _view(row, evidence=evidence.get(row[0]) or "", place=places.get(row[0])) for row in rows
    ]


def matching_ids(where: FusedFilter) -> tuple[str, list[Any]]:
    """A query of the ids of the fused events ``where`` keeps (its page aside), with its bound
    values, for other reads to select from."""
    clauses, params = _clauses(where)
    return "SELECT f.id" + _FROM + clauses, params


def count_fused(store: Store, *, where: FusedFilter | None = None) -> int:
    sql, params = _filtered(where or FusedFilter())
    found = store.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()
    return int(found[0][0])


def find_fused(store: Store, fused_id: str) -> FusedDetail | None:
    """One fused event with every report of it; None when no such id is stored."""
    found = store.con.execute(_SELECT + " AND f.id = ?", [fused_id]).fetchall()
    if not found:
        return None
    rows = store.con.execute(
        """SELECT fm.article_id, fm.event_seq, art.title, art.url, fm.source, art.published,
                  fm.copy_of
           FROM fused_mentions fm JOIN articles art ON art.id = fm.article_id
           WHERE fm.fused_id = ?
           ORDER BY art.published NULLS LAST, fm.article_id, fm.event_seq""",
        [fused_id],
    ).fetchall()
    events = events_at(store, [(row[0], row[1]) for row in rows])
    mentions = tuple(
        FusedMentionView(
            article_id=row[0],
            event_seq=row[1],
            title=row[2],
            url=row[3],
            source=row[4],
            published=row[5].astimezone(UTC) if row[5] is not None else None,
            copy_of=row[6],
            **_report_date(events[(row[0], row[1])].event),
        )
        for row in rows
    )
    return FusedDetail(event=_with_evidence(store, found)[0], mentions=mentions)


def actor_network(
    store: Store, *, where: FusedFilter | None = None, include_media: bool = False
) -> list[NetworkEdge]:
    """Who acts on whom: one edge per (actor, recipient), over events that both name.

    Without a modality filter only asserted events count: a threat of talks is no tie. News
    media (sector JRN) are left out unless ``include_media`` or an ``actor`` filter asks: they
    are mostly the sources of reports, and as parties they crowd the network.
    """
    where = where or FusedFilter(limit=MAX_LIMIT)
    if where.modality is None:
        where = FusedFilter(**{**_fields(where), "modality": "asserted"})
    sql, params = _filtered(where)
    sql += " AND f.actor_id IS NOT NULL AND f.recipient_id IS NOT NULL"
    views = [_view(row) for row in store.con.execute(sql, params).fetchall()]
    grouped: dict[tuple[str, str], list[FusedView]] = defaultdict(list)
    media = include_media or bool(where.actor)
    for view in views:
        if view.actor and view.recipient:
            if not media and MEDIA_SECTOR in (view.actor.sector, view.recipient.sector):
                continue
            grouped[(view.actor.id, view.recipient.id)].append(view)
    edges = [_edge(members) for members in grouped.values()]
    return sorted(edges, key=lambda e: (-e.count, e.actor.id, e.recipient.id))


def _fields(where: FusedFilter) -> dict[str, Any]:
    return {name: getattr(where, name) for name in where.__struct_fields__}


def _edge(members: Sequence[FusedView]) -> NetworkEdge:
    first = members[0]
    assert first.actor is not None and first.recipient is not None
    dates = sorted(m.date for m in members if m.date)
    types = Counter(m.type for m in members)
    quads = Counter(m.quad for m in members)
    return NetworkEdge(
        actor=first.actor,
        recipient=first.recipient,
        count=len(members),
        by_type=tuple(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
        by_quad=tuple(sorted(quads.items())),
        mean_intensity=round(sum(m.intensity for m in members) / len(members), 3),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )


def _filtered(where: FusedFilter) -> tuple[str, list[Any]]:
    clauses, params = _clauses(where)
    return _SELECT + clauses, params


def _clauses(where: FusedFilter) -> tuple[str, list[Any]]:
    clauses, params = event_clauses(
        "f",
        actor=where.actor,
        type=where.type,
        modality=where.modality,
        since=where.since,
        until=where.until,
        include_statements=where.include_statements,
        min_confidence=where.min_confidence,
        extra=(("story_id", where.story),),
        country=where.country,
        near=where.near,
        is_fused=True,
        is_placed=where.is_placed,
    )
    if where.q:
        clauses += """ AND EXISTS (
            SELECT 1 FROM fused_mentions fm
            JOIN events e ON e.article_id = fm.article_id AND e.seq = fm.event_seq
            JOIN articles art ON art.id = e.article_id
            WHERE fm.fused_id = f.id
              AND substring(art.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)
                  ILIKE ?)"""
        params.append(f"%{where.q}%")
    return clauses, params


def _party(cells: Sequence[Any], party_id: str | None) -> Party | None:
    if party_id is None:
        return None
    return Party(id=party_id, name=cells[0], country=cells[1], sector=cells[2])


def _view(row: Sequence[Any], *, evidence: str = "", place: Location | None = None) -> FusedView:
    month, day = month_and_day(row[9])
    return FusedView(
        id=row[0],
        type=row[1],
        mode=row[2],
        cameo=row[3],
        quad=row[4],
        intensity=row[5],
        actor=_party(row[23:26], row[6]),
        recipient=_party(row[26:29], row[7]),
        is_symmetric=row[8],
        date=known_date(row[9]),
        date_month=month,
        date_day=day,
        date_text=date_text(row[9]),
        date_precision=row[10],
        date_basis=row[11],
        location=row[12],
        place=place,
        modality=row[13],
        confidence=row[14],
        story_id=row[15],
        num_mentions=row[16],
        num_articles=row[17],
        num_sources=row[18],
        sources=tuple(row[19]),
        first_article_id=row[20],
        first_reported=row[21].astimezone(UTC) if row[21] is not None else None,
        evidence=evidence,
        disagreements=readable_disagreements(disagreements_from(row[22])),
    )


def _report_date(event: Event) -> dict[str, Any]:
    """A report's event with its date as the views show dates (see ``FusedView``)."""
    month, day = month_and_day(event.date)
    return {
        "event": msgspec.structs.replace(event, date=known_date(event.date)),
        "date_month": month,
        "date_day": day,
        "date_text": date_text(event.date),
    }


def disagreements_from(cell: str) -> tuple[Disagreement, ...]:
    return msgspec.json.decode(cell, type=tuple[Disagreement, ...])


def readable_disagreements(found: Sequence[Disagreement]) -> tuple[Disagreement, ...]:
    """Disagreements with each date as people read it: a day of unknown year as "08-23 (year
    unknown)", never its TimeML placeholder."""
    return tuple(
        msgspec.structs.replace(
            item,
            values=tuple(
                msgspec.structs.replace(value, value=date_text(value.value))
                for value in item.values
            ),
        )
        if item.field == "date"
        else item
        for item in found
    )
