"""Store and read what extraction finds: mentions, actors and their roles, timexes, quotes.

One article's extraction is replaced whole, inside the batch's transaction, so re-extracting
an article (a new extractor version, an interrupted run) never leaves two copies behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from dateline.errors import Reason
from dateline.extract.actors import load_kb
from dateline.extract.actors.registry import LearnedPerson, Registry
from dateline.extract.article import EXTRACTOR, Extraction
from dateline.extract.dating import PublishedEstimate
from dateline.model import Actor, Event, Quote, Record, Rejection, Role
from dateline.store.duck import Store
from dateline.store.rows import MEDIA_SECTOR, span_cells, span_from_cells

_PER_ARTICLE = ("mentions", "timexes", "quotes", "events", "extractions")


class ActorSummary(Record, frozen=True, kw_only=True):
    """An actor with how often and where the store mentions it."""

    actor: Actor
    mentions: int
    articles: int


def pending_articles(store: Store, *, languages: tuple[str, ...] = ("en",)) -> list[str]:
    """Ids of stored articles in ``languages`` that this extractor has not done yet."""
    found = store.con.execute(
        """SELECT a.id FROM articles a
           LEFT JOIN extractions e ON e.article_id = a.id AND e.extractor = ?
           WHERE e.article_id IS NULL AND (a.language IS NULL OR list_contains(?, a.language))
           ORDER BY a.seq""",
        [EXTRACTOR, list(languages)],
    ).fetchall()
    return [row[0] for row in found]


def write_extractions(store: Store, extractions: Sequence[Extraction]) -> None:
    """Replace the stored extraction of each article, all in one transaction."""
    if not extractions:
        return
    con = store.con
    ids = [extraction.article_id for extraction in extractions]
    con.execute("BEGIN TRANSACTION")
    try:
        for table in _PER_ARTICLE:
            # ``table`` comes from this module's constant list, never from input.
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
        con.execute(
            "DELETE FROM actor_roles WHERE evidence_article_id IN (SELECT unnest(?))", [ids]
        )
        con.execute(  # a failure recorded by an earlier extractor run
            "DELETE FROM rejections WHERE stage = ? AND origin IN (SELECT unnest(?))",
            [EXTRACTOR, ids],
        )
        _insert_rows(store, extractions)
        _insert_failures(store, extractions)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _insert_failures(store: Store, extractions: Sequence[Extraction]) -> None:
    """An article extraction failed on is stored as done, with a rejection that says why (its
    origin is the article's id): a later run does not try it again and is never blocked."""
    store.insert_rejections(
        [
            Rejection(
                origin=e.article_id,
                stage=EXTRACTOR,
                reason=Reason.PROCESSING_FAILED,
                detail=e.failure,
            )
            for e in extractions
            if e.failure is not None
        ]
    )


def _insert_rows(store: Store, extractions: Sequence[Extraction]) -> None:
    con = store.con
    now = datetime.now(UTC)
    rows: dict[str, list[list[Any]]] = {"mentions": [], "timexes": [], "quotes": [], "events": []}
    actors: dict[str, Actor] = {}
    roles: list[list[Any]] = []
    for extraction in extractions:
        rows["mentions"] += [
            [m.article_id, m.start, m.end, m.text, m.label, m.actor_id, m.field]
            for m in extraction.mentions
        ]
        rows["timexes"] += [
            [t.article_id, t.start, t.end, t.text, t.type, t.value] for t in extraction.timexes
        ]
        rows["quotes"] += [_quote_row(quote) for quote in extraction.quotes]
        rows["events"] += [_event_row(event, seq) for seq, event in enumerate(extraction.events)]
        for actor in extraction.actors:
            actors.setdefault(actor.id, actor)
            roles += [_role_row(actor.id, role) for role in actor.roles]
    marks = {"mentions": 7, "timexes": 6, "quotes": 12, "events": 32}
    for table, values in rows.items():
        if values:
            holes = ", ".join("?" * marks[table])
            con.executemany(f"INSERT INTO {table} VALUES ({holes})", values)
    if actors:
        con.executemany(
            "INSERT INTO actors VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [[a.id, a.name, a.kind, a.country, a.sector] for a in actors.values()],
        )
    if roles:
        con.executemany("INSERT INTO actor_roles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", roles)
    con.executemany(
        "INSERT INTO extractions VALUES (?, ?, ?, ?)",
        [[e.article_id, EXTRACTOR, e.published_used, now] for e in extractions],
    )
    _write_estimates(store, extractions)


def _write_estimates(store: Store, extractions: Sequence[Extraction]) -> None:
    """An undated article takes the date its extraction estimated (the first day of the month
    or year, with that precision and its cues), or goes back to none. A date the article came
    with (metadata, the user's, its dateline, a crawl date) is never touched."""
    store.con.executemany(
        """UPDATE articles
           SET published = ?, published_basis = ?, published_precision = ?, published_cues = ?
           WHERE id = ? AND (published IS NULL OR published_precision IS NOT NULL)""",
        [[*estimate_cells(e.published_estimate), e.article_id]
         for e in extractions if e.failure is None],
    )  # fmt: skip


def estimate_cells(estimate: PublishedEstimate | None) -> list[Any]:
    """The article columns (published, basis, precision, cues) an estimate sets."""
    if estimate is None:
        return [None, "unknown", None, None]
    month = estimate.month or 1
    start = datetime(estimate.year, month, 1, tzinfo=UTC)
    return [start, "estimated", estimate.precision, "; ".join(estimate.cues) or None]


def _quote_row(quote: Quote) -> list[Any]:
    return [
        quote.article_id,
        quote.start,
        quote.end,
        quote.text,
        quote.kind,
        *span_cells(quote.speaker),
        quote.speaker_actor_id,
        *span_cells(quote.cue),
    ]


def _event_row(event: Event, seq: int) -> list[Any]:
    return [
        event.article_id,
        event.sentence.start,
        event.sentence.end,
        event.anchor.start,
        event.anchor.end,
        event.anchor.text,
        event.type,
        event.mode,
        list(event.context),
        event.cameo,
        event.quad,
        event.intensity,
        event.actor_id,
        event.recipient_id,
        *span_cells(event.actor_span),
        *span_cells(event.recipient_span),
        event.date,
        event.date_precision,
        event.date_basis,
        event.location,
        event.modality,
        event.confidence,
        event.decided_by,
        seq,
        event.main,
        event.location_span.start if event.location_span else None,
        event.location_span.end if event.location_span else None,
        _encode_place(event.place).decode() if event.place else None,
    ]


_encode_place = msgspec.json.Encoder().encode


def _role_row(actor_id: str, role: Role) -> list[Any]:
    return [
        actor_id,
        role.title,
        role.country,
        role.sector,
        role.valid_from,
        role.valid_to,
        role.evidence_article_id,
        *span_cells(role.evidence),
    ]


def list_actors(
    store: Store, *, name: str | None = None, limit: int = 100, include_media: bool = False
) -> list[ActorSummary]:
    """Actors by how many articles mention them, with the roles the texts gave them. News media
    (sector JRN: agencies, papers, broadcasters) are mostly cited as sources, not actors, and are
    left out unless ``include_media`` or a ``name`` asks for them."""
    sql = """SELECT a.id, a.name, a.kind, a.country, a.sector,
                    count(m.article_id) AS n, count(DISTINCT m.article_id) AS arts
             FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id"""
    params: list[Any] = []
    if name:
        sql += " WHERE a.name ILIKE ? OR a.id = ?"
        params += [f"%{name}%", name]
    elif not include_media:
        sql += f" WHERE coalesce(a.sector, '') <> '{MEDIA_SECTOR}'"
    sql += " GROUP BY ALL ORDER BY arts DESC, n DESC, a.name LIMIT ?"
    found = store.con.execute(sql, [*params, limit]).fetchall()
    roles = _roles(store, [row[0] for row in found])
    return [
        ActorSummary(
            actor=Actor(
                id=row[0],
                name=row[1],
                kind=row[2],
                country=row[3],
                sector=row[4],
                roles=tuple(roles.get(row[0], ())),
            ),
            mentions=row[5],
            articles=row[6],
        )
        for row in found
    ]


class StoredQuote(Record, frozen=True, kw_only=True):
    """A quote with the name of its speaker's actor and its article's date."""

    quote: Quote
    speaker_name: str | None
    published: datetime | None


def list_quotes(
    store: Store, *, actor: str | None = None, article_id: str | None = None, limit: int = 200
) -> list[StoredQuote]:
    """Stored quotes, oldest article first; ``actor`` matches the speaker's id or name."""
    sql = """SELECT q.*, a.name, art.published FROM quotes q
             LEFT JOIN actors a ON a.id = q.speaker_actor_id
             JOIN articles art ON art.id = q.article_id WHERE TRUE"""
    params: list[Any] = []
    if actor:
        sql += " AND (q.speaker_actor_id = ? OR a.name ILIKE ?)"
        params += [actor, f"%{actor}%"]
    if article_id:
        sql += " AND q.article_id = ?"
        params.append(article_id)
    sql += " ORDER BY art.published NULLS LAST, q.article_id, q.start_char, q.end_char LIMIT ?"
    found = store.con.execute(sql, [*params, limit]).fetchall()
    return [_stored_quote(row) for row in found]


def _stored_quote(row: Sequence[Any]) -> StoredQuote:
    quote = Quote(
        article_id=row[0],
        start=row[1],
        end=row[2],
        text=row[3],
        kind=row[4],
        speaker=span_from_cells(row[5], row[6], row[7]),
        speaker_actor_id=row[8],
        cue=span_from_cells(row[9], row[10], row[11]),
    )
    published = row[13].astimezone(UTC) if row[13] is not None else None
    return StoredQuote(quote=quote, speaker_name=row[12], published=published)


def _roles(store: Store, actor_ids: list[str]) -> dict[str, list[Role]]:
    if not actor_ids:
        return {}
    found = store.con.execute(
        """SELECT * FROM actor_roles WHERE actor_id IN (SELECT unnest(?))
           ORDER BY valid_from NULLS LAST""",
        [actor_ids],
    ).fetchall()
    roles: dict[str, list[Role]] = {}
    for row in found:
        role = Role(
            title=row[1],
            country=row[2],
            sector=row[3],
            valid_from=row[4],
            valid_to=row[5],
            evidence_article_id=row[6],
            evidence=span_from_cells(row[7], row[8], row[9]),
        )
        roles.setdefault(row[0], []).append(role)
    kb = load_kb()
    for actor_id in actor_ids:  # what the knowledge base knows, beside what the texts said
        known = kb.roles_of(actor_id)
        if known:
            roles[actor_id] = [*known, *roles.get(actor_id, ())]
    return roles


def load_registry(store: Store) -> Registry:
    """Every person some stored article described, with the roles and their evidence."""
    found = store.con.execute(
        """SELECT DISTINCT a.id, a.name FROM actors a JOIN actor_roles r ON r.actor_id = a.id
           WHERE a.kind = 'person' AND r.evidence_article_id IS NOT NULL ORDER BY a.id"""
    ).fetchall()
    roles = _roles(store, [row[0] for row in found])
    people = tuple(
        LearnedPerson(actor_id=row[0], name=row[1], roles=tuple(roles.get(row[0], ())))
        for row in found
    )
    return Registry(people)
