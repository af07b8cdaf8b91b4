"""Stories in the store: recompute them over every stored article, and read them back filtered.

``update_stories`` reads only what is stored (text, title, date, source, duplicate links and the
actors extraction resolved), never re-running the NLP, and replaces the ``stories`` and
``article_stories`` rows in one transaction: the result equals one run over all the articles.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

import msgspec

from dateline.fuse.stories import (
    STORIES,
    ArticleState,
    StoryConfig,
    StoryInput,
    StoryUpdate,
    regroup,
)
from dateline.model import Record
from dateline.store.duck import Store


class StoryOutcome(Record, frozen=True, kw_only=True):
    """What ``update_stories`` wrote."""

    articles: int
    stories: int
    seconds: float
    regrouped: int = 0  # articles whose story was worked out again (all of them at first)


class StoryFilter(Record, frozen=True, kw_only=True):
    """Which stories to list: an actor (id, or name contains), a date range they overlap, text
    their label or one of their titles contains."""

    actor: str | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None
    limit: int = 100
    offset: int = 0


class StoryView(msgspec.Struct, frozen=True, kw_only=True):
    """One stored story as the query layer, CLI and web UI show it."""

    id: str
    label: str | None
    first_date: date | None
    last_date: date | None
    num_articles: int
    article_ids: tuple[str, ...]


def update_stories(
    store: Store, *, config: StoryConfig | None = None, rebuild: bool = False
) -> StoryOutcome:
    """Bring the stored stories up to date with the stored articles: regroup only the parts
    within reach of what changed since the last update (all of them with ``rebuild``, or when
    the settings changed), and replace those stories' rows, all in one transaction."""
    started = time.perf_counter()
    config = config or StoryConfig()
    articles = stored_inputs(store)
    settings = _settings(config)
    previous = None if rebuild or _setting(store) != settings else _states(store)
    update = regroup(articles, config=config, previous=previous)
    if previous is None or update.touched:
        _write(store, update, settings=settings, whole=previous is None)
    return StoryOutcome(
        articles=len(articles),
        stories=_count(store),
        seconds=time.perf_counter() - started,
        regrouped=len(update.touched),
    )


def stored_inputs(store: Store) -> list[StoryInput]:
    """Every stored article as clustering reads it, with the actors its mentions resolved to."""
    actors: defaultdict[str, list[str]] = defaultdict(list)
    for article_id, actor_id in store.con.execute(
        """SELECT DISTINCT article_id, actor_id FROM mentions
           WHERE actor_id IS NOT NULL ORDER BY article_id, actor_id"""
    ).fetchall():
        actors[article_id].append(actor_id)
    found = store.con.execute(
        # an estimated date only bounds the article (and may itself come from its story)
        """SELECT id, text, title, CASE WHEN published_precision IS NULL THEN published END,
                  source, duplicate_of FROM articles ORDER BY id"""
    ).fetchall()
    return [
        StoryInput(
            id=row[0],
            text=row[1],
            title=row[2],
            published=_day(row[3]),
            source=row[4],
            actors=tuple(actors.get(row[0], ())),
            duplicate_of=row[5],
        )
        for row in found
    ]


def list_stories(store: Store, *, where: StoryFilter | None = None) -> list[StoryView]:
    """Stored stories, latest first (then largest, then by id), filtered."""
    where = where or StoryFilter()
    clauses, params = _story_clauses(where)
    sql = f"""SELECT s.id, s.label, s.first_date, s.last_date, s.num_articles,
                     (SELECT list(x.article_id ORDER BY x.article_id) FROM article_stories x
                      WHERE x.story_id = s.id)
              FROM stories s WHERE {" AND ".join(clauses) or "TRUE"}
              ORDER BY s.last_date DESC NULLS LAST, s.num_articles DESC, s.id
              LIMIT ? OFFSET ?"""
    found = store.con.execute(sql, [*params, where.limit, where.offset]).fetchall()
    return [_view(row) for row in found]


def story_of(store: Store, article_id: str) -> str | None:
    """The id of the story the article belongs to; None when it has none (yet)."""
    found = store.con.execute(
        "SELECT story_id FROM article_stories WHERE article_id = ?", [article_id]
    ).fetchall()
    return str(found[0][0]) if found else None


def _write(store: Store, update: StoryUpdate, *, settings: str, whole: bool) -> None:
    con = store.con
    touched = sorted(update.touched)
    con.execute("BEGIN TRANSACTION")
    try:
        if whole:
            for table in ("article_stories", "stories", "story_state"):
                con.execute(f"DELETE FROM {table}")  # names from this line, never from input
        else:
            con.execute(
                """DELETE FROM stories WHERE id IN (SELECT story_id FROM article_stories
                   WHERE article_id IN (SELECT unnest(?)))""",
                [touched],
            )
            for table in ("article_stories", "story_state"):
                con.execute(
                    f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [touched]
                )
        stories = update.stories
        if stories:
            con.executemany(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
                [[s.id, s.label, s.first_date, s.last_date, len(s.article_ids)] for s in stories],
            )
            con.executemany(
                "INSERT INTO article_stories VALUES (?, ?)",
                [[article_id, s.id] for s in stories for article_id in s.article_ids],
            )
        if update.states:
            con.executemany(
                "INSERT INTO story_state VALUES (?, ?, ?, ?, ?)",
                [
                    [i, st.fingerprint, st.day, st.is_canonical, st.part]
                    for i, st in sorted(update.states.items())
                ],
            )
        con.execute("INSERT OR REPLACE INTO meta VALUES ('stories', ?)", [settings])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def record_stories(store: Store, *, config: StoryConfig | None = None) -> StoryOutcome:
    """Record the version and settings of stories stored by other means (a Spark run), as
    ``update_stories`` records them, and say what is stored."""
    started = time.perf_counter()
    settings = _settings(config or StoryConfig())
    store.con.execute("INSERT OR REPLACE INTO meta VALUES ('stories', ?)", [settings])
    found = store.con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_stories)"
    ).fetchall()[0]
    return StoryOutcome(
        articles=int(found[0]),
        stories=_count(store),
        seconds=time.perf_counter() - started,
        regrouped=int(found[1]),
    )


def _settings(config: StoryConfig) -> str:
    return f"{STORIES}|{msgspec.json.encode(config).decode()}"


def _setting(store: Store) -> str | None:
    found = store.con.execute("SELECT value FROM meta WHERE key = 'stories'").fetchall()
    return str(found[0][0]) if found else None


def _states(store: Store) -> dict[str, ArticleState]:
    found = store.con.execute(
        "SELECT article_id, fingerprint, day, is_canonical, part FROM story_state"
    ).fetchall()
    return {
        row[0]: ArticleState(fingerprint=row[1], day=row[2], is_canonical=row[3], part=row[4])
        for row in found
    }


def _count(store: Store) -> int:
    return int(store.con.execute("SELECT count(*) FROM stories").fetchall()[0][0])


def _story_clauses(where: StoryFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.since is not None:
        clauses.append("s.last_date >= ?")
        params.append(where.since)
    if where.until is not None:
        clauses.append("s.first_date <= ?")
        params.append(where.until)
    if where.actor:
        clauses.append(
            """s.id IN (SELECT x.story_id FROM article_stories x
                        JOIN mentions m ON m.article_id = x.article_id
                        JOIN actors a ON a.id = m.actor_id
                        WHERE a.id = ? OR a.name ILIKE ?)"""
        )
        params += [where.actor, f"%{where.actor}%"]
    if where.q:
        clauses.append(
            """(s.label ILIKE ? OR s.id IN (SELECT x.story_id FROM article_stories x
                JOIN articles art ON art.id = x.article_id WHERE art.title ILIKE ?))"""
        )
        params += [f"%{where.q}%", f"%{where.q}%"]
    return clauses, params


def _view(row: tuple[Any, ...]) -> StoryView:
    return StoryView(
        id=row[0],
        label=row[1],
        first_date=row[2],
        last_date=row[3],
        num_articles=int(row[4]),
        article_ids=tuple(row[5] or ()),
    )


def _day(published: datetime | None) -> date | None:
    return published.astimezone(UTC).date() if published is not None else None
