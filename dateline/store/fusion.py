"""Fusion over the store: rebuild the fused events from the stored per-article events.

Fusion is a corpus-level step over stored records (DESIGN §1): it never re-runs the NLP, and it
rebuilds every fused event in one transaction, so adding articles later gives the same result as
one run over all of them.

It is also where the actor registry applies: a party that its own article left unresolved but
that names a person some stored article described ("Mwitwa", after another article's "Zambian
Foreign Minister Chanda Mwitwa") is that person in the fused event. The registry is read from
the whole store each time, so the result does not depend on the order articles came in.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import UTC, date
from typing import Any
from urllib.parse import urlsplit

import msgspec
import pyarrow as pa

from dateline.extract.actors.registry import Registry
from dateline.fuse.events import Report, fuse
from dateline.model import FusedEvent, Record
from dateline.store.duck import Store
from dateline.store.extracted import load_registry

_REPORTS = """
    SELECT e.article_id, e.seq, e.type, e.cameo, e.mode, e.quad, e.intensity, e.actor_id,
           e.recipient_id, e.date, e.date_precision, e.date_basis,
           -- a dateline is where the article was written, no place its reports give the event
           CASE WHEN json_extract_string(e.place, '$.basis') = 'dateline' THEN NULL
                ELSE e.location END,
           e.modality,
           e.confidence, art.source, art.url,
           CASE WHEN art.published_precision IS NULL THEN art.published END,
           art.duplicate_of, s.story_id,
           e.actor_text, e.recipient_text
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
    """Every stored per-article event, with its article's outlet, date, copy link and story;
    an unresolved party that names a person the registry knows is that person."""
    registry = load_registry(store)
    return [_report(row, registry) for row in store.con.execute(_REPORTS).fetchall()]


def _parties(row: Sequence[Any], registry: Registry, day: date | None) -> dict[str, str | None]:
    """A report's actor and recipient, an unresolved one named by the registry where it can;
    never one party on both sides."""
    actor = row[7] or _learned(registry, row[20], day)
    recipient = row[8] or _learned(registry, row[21], day)
    if recipient == actor and row[8] is None:
        recipient = None
    return {"actor_id": actor, "recipient_id": recipient}


_NAME_WORD = re.compile(r"[A-Z][\w'\u2019-]+")


def _learned(registry: Registry, phrase: str | None, on: date | None) -> str | None:
    """The person the registry knows by this phrase: a full name, or a surname only one learned
    person has."""
    if not phrase or not registry:
        return None
    # a surname alone only where the phrase looks like one ("Mwitwa", not "them" or "the group")
    surname = phrase if _NAME_WORD.fullmatch(phrase) else None
    found = registry.person(phrase, on=on) or (
        registry.by_surname(surname, on=on) if surname else None
    )
    return found.actor_id if found is not None else None


def outlet(source: str | None, url: str | None, article_id: str) -> str:
    """The outlet's name, else the URL's host; an article of unknown origin stands alone."""
    if source:
        return source
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return f"unknown outlet ({article_id[:8]})"


def _report(row: Sequence[Any], registry: Registry) -> Report:
    published = row[17].astimezone(UTC) if row[17] is not None else None
    day = published.date() if published is not None else None
    return Report(
        article_id=row[0],
        seq=row[1],
        type=row[2],
        cameo=row[3],
        mode=row[4],
        quad=row[5],
        intensity=row[6],
        **_parties(row, registry, day),
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
    # Arrow tables, not executemany: a corpus has tens of thousands of fused events.
    events = pa.Table.from_pylist([_fused_row(f) for f in fused], schema=_FUSED_SCHEMA)
    mentions = pa.Table.from_pylist(
        [
            {
                "fused_id": f.id,
                "article_id": m.article_id,
                "event_seq": m.seq,
                "source": m.source,
                "copy_of": m.copy_of,
            }
            for f in fused
            for m in f.mentions
        ],
        schema=_MENTION_SCHEMA,
    )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM fused_mentions")
        con.execute("DELETE FROM fused_events")
        con.register("new_fused", events)
        con.register("new_fused_mentions", mentions)
        con.execute("INSERT INTO fused_events SELECT * FROM new_fused")
        con.execute("INSERT INTO fused_mentions SELECT * FROM new_fused_mentions")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("new_fused")
        con.unregister("new_fused_mentions")


_FUSED_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("cameo", pa.string()),
        ("quad", pa.int32()),
        ("intensity", pa.float64()),
        ("actor_id", pa.string()),
        ("recipient_id", pa.string()),
        ("is_symmetric", pa.bool_()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("date_basis", pa.string()),
        ("location", pa.string()),
        ("modality", pa.string()),
        ("confidence", pa.float64()),
        ("story_id", pa.string()),
        ("num_mentions", pa.int32()),
        ("num_articles", pa.int32()),
        ("num_sources", pa.int32()),
        ("sources", pa.list_(pa.string())),
        ("first_article_id", pa.string()),
        ("first_reported", pa.timestamp("us", tz="UTC")),
        ("disagreements", pa.string()),
    ]
)
_MENTION_SCHEMA = pa.schema(
    [
        ("fused_id", pa.string()),
        ("article_id", pa.string()),
        ("event_seq", pa.int32()),
        ("source", pa.string()),
        ("copy_of", pa.string()),
    ]
)


def _fused_row(event: FusedEvent) -> dict[str, Any]:
    row = {name: getattr(event, name) for name in _FUSED_SCHEMA.names if name != "disagreements"}
    row["sources"] = list(event.sources)
    row["disagreements"] = msgspec.json.encode(event.disagreements).decode()
    return row
