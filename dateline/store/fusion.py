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

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec
import pyarrow as pa

from dateline.extract.actors.registry import Registry
from dateline.fuse.events import FUSER, Report, fuse
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
    WHERE {where}
    ORDER BY e.article_id, e.seq"""


class FusionOutcome(Record, frozen=True, kw_only=True):
    reports: int  # fused anew in this run
    fused: int  # stored after it
    multi_source: int  # fused events reported by two or more independent outlets
    seconds: float


def fuse_store(store: Store, *, rebuild: bool = False) -> FusionOutcome:
    """Bring the stored fused events up to date: fuse anew the stories that hold an article
    whose events, outlet, date, copy link, story or learned parties changed since the last
    fusion (every story with ``rebuild``), and replace their fused events in one transaction.

    A fused event never spans two stories (reports of two articles fuse only within one), so
    this gives what fusing every stored event gives, ids included."""
    started = time.perf_counter()
    registry = load_registry(store)
    now = _fingerprints(store, registry)
    before = None if rebuild or _setting(store) != FUSER else _states(store)
    if before is None:
        redo = None
    else:
        redo = _redo(now, before)
        if not redo and not now.keys() ^ before.keys():
            return FusionOutcome(
                reports=0, fused=_count(store), multi_source=_multi(store), seconds=0.0
            )
    reports = load_reports(store, registry=registry, articles=redo)
    fused = fuse(reports)
    _replace(store, fused, articles=redo, states=now)
    return FusionOutcome(
        reports=len(reports),
        fused=_count(store),
        multi_source=int(
            store.con.execute("SELECT count(*) FROM fused_events WHERE num_sources > 1").fetchall()[
                0
            ][0]
        ),
        seconds=_since(started),
    )


def load_reports(
    store: Store, *, registry: Registry | None = None, articles: Sequence[str] | None = None
) -> list[Report]:
    """Every stored per-article event (of ``articles`` only, where given), with its article's
    outlet, date, copy link and story; an unresolved party that names a person the registry
    knows is that person."""
    registry = registry if registry is not None else load_registry(store)
    if articles is None:
        found = store.con.execute(_REPORTS.format(where="TRUE")).fetchall()
    else:
        where = "e.article_id IN (SELECT unnest(?))"
        found = store.con.execute(_REPORTS.format(where=where), [list(articles)]).fetchall()
    return [report_from_row(row, registry) for row in found]


class _State(Record, frozen=True, kw_only=True):
    fingerprint: str
    group: str  # the story, else the text: no report fuses outside it


# What fusion reads of an article, besides its events' rows (which change only when it is
# extracted again, which ``extractions`` records).
_INPUTS = """
    SELECT a.id, md5(concat_ws('|', x.extractor, x.extracted_at, a.published,
                               a.published_precision, a.source, a.url, a.duplicate_of,
                               s.story_id)),
           coalesce(s.story_id, 'text:' || coalesce(a.duplicate_of, a.id))
    FROM articles a
    LEFT JOIN extractions x ON x.article_id = a.id
    LEFT JOIN article_stories s ON s.article_id = a.id"""
_UNRESOLVED = """
    SELECT e.article_id, e.seq, e.actor_id, e.recipient_id, e.actor_text, e.recipient_text,
           CASE WHEN art.published_precision IS NULL THEN art.published END
    FROM events e JOIN articles art ON art.id = e.article_id
    WHERE (e.actor_id IS NULL AND e.actor_text IS NOT NULL)
       OR (e.recipient_id IS NULL AND e.recipient_text IS NOT NULL)
    ORDER BY e.article_id, e.seq"""


def _fingerprints(store: Store, registry: Registry) -> dict[str, _State]:
    """Each article's fusion inputs, hashed, with the parties the registry now gives its
    reports' unresolved phrases (a new person learned elsewhere can name them)."""
    learned: defaultdict[str, list[str]] = defaultdict(list)
    for row in store.con.execute(_UNRESOLVED).fetchall():
        day = row[6].astimezone(UTC).date() if row[6] is not None else None
        parties = _parties((row[2], row[3]), (row[4], row[5]), registry, day)
        learned[row[0]].append(f"{row[1]}:{parties['actor_id']}:{parties['recipient_id']}")
    found = {}
    for identifier, digest, group in store.con.execute(_INPUTS).fetchall():
        extra = "|".join(learned.get(identifier, ()))
        fingerprint = hashlib.sha1(f"{digest}|{extra}".encode()).hexdigest()
        found[identifier] = _State(fingerprint=fingerprint, group=group)
    return found


def _redo(now: dict[str, _State], before: dict[str, _State]) -> list[str]:
    """The articles of every story (or text) that holds a changed article, now or before."""
    groups = {
        state.group
        for identifier in now.keys() | before.keys()
        if now.get(identifier) != before.get(identifier)
        for state in (now.get(identifier), before.get(identifier))
        if state is not None
    }
    return sorted(i for i, state in now.items() if state.group in groups)


def _setting(store: Store) -> str | None:
    found = store.con.execute("SELECT value FROM meta WHERE key = 'fusion'").fetchall()
    return str(found[0][0]) if found else None


def _states(store: Store) -> dict[str, _State]:
    found = store.con.execute(
        "SELECT article_id, fingerprint, story_id FROM fusion_state"
    ).fetchall()
    return {row[0]: _State(fingerprint=row[1], group=row[2]) for row in found}


def _count(store: Store) -> int:
    return int(store.con.execute("SELECT count(*) FROM fused_events").fetchall()[0][0])


def _multi(store: Store) -> int:
    found = store.con.execute("SELECT count(*) FROM fused_events WHERE num_sources > 1")
    return int(found.fetchall()[0][0])


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _parties(
    ids: tuple[str | None, str | None],
    phrases: tuple[str | None, str | None],
    registry: Registry,
    day: date | None,
) -> dict[str, str | None]:
    """A report's actor and recipient, an unresolved one named by the registry where it can;
    never one party on both sides."""
    actor = ids[0] or _learned(registry, phrases[0], day)
    recipient = ids[1] or _learned(registry, phrases[1], day)
    if recipient == actor and ids[1] is None:
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


def report_from_row(row: Sequence[Any], registry: Registry) -> Report:
    """One row of ``_REPORTS`` (as ``export_reports`` writes it) as fusion reads it."""
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
        **_parties((row[7], row[8]), (row[20], row[21]), registry, day),
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


def _replace(
    store: Store,
    fused: Sequence[FusedEvent],
    *,
    articles: Sequence[str] | None,
    states: dict[str, _State],
) -> None:
    """Replace the fused events of ``articles`` (all, where None) with ``fused``, and record
    what fusion saw of every article."""
    con = store.con
    events, mentions = fused_tables(fused)
    seen = _state_table(states)
    con.execute("BEGIN TRANSACTION")
    try:
        if articles is None:
            con.execute("DELETE FROM fused_mentions")
            con.execute("DELETE FROM fused_events")
        else:
            con.execute(
                """DELETE FROM fused_events WHERE id IN (SELECT fused_id FROM fused_mentions
                   WHERE article_id IN (SELECT unnest(?)))""",
                [list(articles)],
            )
            con.execute(
                "DELETE FROM fused_mentions WHERE article_id IN (SELECT unnest(?))",
                [list(articles)],
            )
        con.register("new_fused", events)
        con.register("new_fused_mentions", mentions)
        con.execute("INSERT INTO fused_events SELECT * FROM new_fused")
        con.execute("INSERT INTO fused_mentions SELECT * FROM new_fused_mentions")
        _record_seen(store, seen)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("new_fused")
        con.unregister("new_fused_mentions")


def _record_seen(store: Store, seen: pa.Table) -> None:
    """Inside the caller's transaction: what fusion saw of every article, and its version."""
    con = store.con
    con.execute("DELETE FROM fusion_state")
    con.register("new_fusion_state", seen)
    try:
        con.execute("INSERT INTO fusion_state SELECT * FROM new_fusion_state")
    finally:
        con.unregister("new_fusion_state")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('fusion', ?)", [FUSER])


def fused_tables(fused: Sequence[FusedEvent]) -> tuple[pa.Table, pa.Table]:
    """The rows of ``fused_events`` and ``fused_mentions`` for ``fused``."""
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
    return events, mentions


def export_reports(store: Store, path: Path) -> int:
    """Write every stored per-article event as fusion reads it (``report_from_row``'s row,
    then ``fusion_group``: the story, else the text, outside which no report fuses) to the
    Parquet file ``path``, without reading it into Python; how many were written."""
    numbered = ", ".join(f"c{n}" for n in range(_REPORT_WIDTH))
    query = f"""SELECT r.*, coalesce(r.c19, 'text:' || coalesce(r.c18, r.c0)) AS fusion_group
                FROM ({_REPORTS.format(where="TRUE")}) AS r({numbered})"""
    quoted = str(path).replace("'", "''")
    store.con.execute(f"COPY ({query}) TO '{quoted}' (FORMAT parquet)")
    return int(store.con.execute(f"SELECT count(*) FROM read_parquet('{quoted}')").fetchall()[0][0])


def record_fusion(store: Store, *, registry: Registry) -> FusionOutcome:
    """Record what fusion saw of every article (``fusion_state``) and its version, for fused
    events stored by other means (a Spark run), as ``fuse_store`` records them."""
    started = time.perf_counter()
    seen = _state_table(_fingerprints(store, registry))
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        _record_seen(store, seen)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    reports = int(con.execute("SELECT count(*) FROM fused_mentions").fetchall()[0][0])
    return FusionOutcome(
        reports=reports, fused=_count(store), multi_source=_multi(store), seconds=_since(started)
    )


def _state_table(states: dict[str, _State]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"article_id": i, "fingerprint": s.fingerprint, "story_id": s.group}
            for i, s in sorted(states.items())
        ],
        schema=_STATE_SCHEMA,
    )


_REPORT_WIDTH = 22  # the columns of ``_REPORTS``
_STATE_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("fingerprint", pa.string()), ("story_id", pa.string())]
)
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
