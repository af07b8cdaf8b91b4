"""Fusion over the store: rebuild the fused events from the stored per-article events.

Fusion is a corpus-level step over stored records (DESIGN §1): it never re-runs the NLP, and it
rebuilds every fused event in one transaction, so adding articles later gives the same result as
one run over all of them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

import msgspec

from dateline.fuse.events import Report, fuse
from dateline.model import FusedEvent, Record
from dateline.store.duck import Store

_REPORTS = """
    SELECT e.article_id, e.seq, e.type, e.cameo, e.mode, e.quad, e.intensity, e.actor_id,
           e.recipient_id, e.date, e.date_precision, e.date_basis, e.location, e.modality,
           e.confidence, art.source, art.url, art.published, art.duplicate_of, s.story_id
    FROM events e
    JOIN articles art ON art.id = e.article_id
    LEFT JOIN article_stories s ON s.article_id = e.article_id
    ORDER BY e.article_id, e.seq"""


class FusionOutcome(Record, frozen=True, kw_only=True):
    reports: int
    fused: int
    multi_source: int  # fused events reported by two or more independent outlets
    seconds: float


def fuse_store(store: Store) -> FusionOutcome:
    """Fuse every stored event anew and replace the stored fused events with the result."""
    started = time.perf_counter()
    reports = load_reports(store)
    fused = fuse(reports)
    _replace(store, fused)
    return FusionOutcome(
        reports=len(reports),
        fused=len(fused),
        multi_source=sum(1 for f in fused if f.num_sources > 1),
        seconds=round(time.perf_counter() - started, 3),
    )


def load_reports(store: Store) -> list[Report]:
    """Every stored per-article event, with its article's outlet, date, copy link and story."""
    return [_report(row) for row in store.con.execute(_REPORTS).fetchall()]


def outlet(source: str | None, url: str | None, article_id: str) -> str:
    """The outlet's name, else the URL's host; an article of unknown origin stands alone."""
    if source:
        return source
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return f"unknown outlet ({article_id[:8]})"


def _report(row: Sequence[Any]) -> Report:
    published = row[17].astimezone(UTC) if row[17] is not None else None
    return Report(
        article_id=row[0],
        seq=row[1],
        type=row[2],
        cameo=row[3],
        mode=row[4],
        quad=row[5],
        intensity=row[6],
        actor_id=row[7],
        recipient_id=row[8],
        date=row[9],
        date_precision=row[10],
        date_basis=row[11],
        location=row[12],
        modality=row[13],
        confidence=row[14],
        source=outlet(row[15], row[16], row[0]),
        published=published,
        copy_of=row[18],
        story_id=row[19],
    )


def _replace(store: Store, fused: Sequence[FusedEvent]) -> None:
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM fused_mentions")
        con.execute("DELETE FROM fused_events")
        if fused:
            con.executemany(
                f"INSERT INTO fused_events VALUES ({', '.join('?' * 23)})",
                [_fused_row(f) for f in fused],
            )
            con.executemany(
                "INSERT INTO fused_mentions VALUES (?, ?, ?, ?, ?)",
                [
                    [f.id, m.article_id, m.seq, m.source, m.copy_of]
                    for f in fused
                    for m in f.mentions
                ],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _fused_row(event: FusedEvent) -> list[Any]:
    return [
        event.id,
        event.type,
        event.mode,
        event.cameo,
        event.quad,
        event.intensity,
        event.actor_id,
        event.recipient_id,
        event.is_symmetric,
        event.date,
        event.date_precision,
        event.date_basis,
        event.location,
        event.modality,
        event.confidence,
        event.story_id,
        event.num_mentions,
        event.num_articles,
        event.num_sources,
        list(event.sources),
        event.first_article_id,
        event.first_reported,
        msgspec.json.encode(event.disagreements).decode(),
    ]
