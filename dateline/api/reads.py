"""Reads the pages need that the store modules do not offer: one article's annotations, and
articles found by words in their title or text.

Every user-supplied value reaches SQL as a bound parameter, never as text in the query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from dateline.model import Article, Mention, Record, Span, Timex
from dateline.store.duck import Store
from dateline.store.rows import date_text, known_date, month_and_day, span_from_cells


class EventMark(Record, frozen=True, kw_only=True):
    """One event an article states, as the spans to highlight and the fused event it joined."""

    seq: int
    type: str
    quad: int
    modality: str
    date: str | None  # ISO, null where no year is known (as in ``FusedView``)
    date_month: int | None
    date_day: int | None
    date_text: str
    sentence: Span
    anchor: Span
    actor: Span | None
    recipient: Span | None
    actor_name: str | None
    recipient_name: str | None
    fused_id: str | None


class ArticleHit(Record, frozen=True, kw_only=True):
    """An article a search found, without its text."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: datetime | None
    snippet: str


def mentions_of(store: Store, article_id: str) -> list[Mention]:
    """The actor mentions of one article's text, in reading order."""
    found = store.con.execute(
        """SELECT article_id, start_char, end_char, text, label, actor_id, field FROM mentions
           WHERE article_id = ? AND field = 'text' ORDER BY start_char""",
        [article_id],
    ).fetchall()
    names = ("article_id", "start", "end", "text", "label", "actor_id", "field")
    return [Mention(**dict(zip(names, row, strict=True))) for row in found]


def timexes_of(store: Store, article_id: str) -> list[Timex]:
    """The time expressions of one article, in reading order."""
    found = store.con.execute(
        """SELECT article_id, start_char, end_char, text, type, value FROM timexes
           WHERE article_id = ? ORDER BY start_char""",
        [article_id],
    ).fetchall()
    names = ("article_id", "start", "end", "text", "type", "value")
    return [Timex(**dict(zip(names, row, strict=True))) for row in found]


def event_marks(store: Store, article_id: str) -> list[EventMark]:
    """Every event one article states (statements too), with the fused event each joined."""
    found = store.con.execute(
        """SELECT e.seq, e.type, e.quad, e.modality, e.date,
                  e.sentence_start, e.sentence_end,
                  substring(art.text, e.sentence_start + 1, e.sentence_end - e.sentence_start),
                  e.anchor_start, e.anchor_end, e.anchor_text,
                  e.actor_start, e.actor_end, e.actor_text,
                  e.recipient_start, e.recipient_end, e.recipient_text,
                  a.name, r.name, f.fused_id
           FROM events e JOIN articles art ON art.id = e.article_id
           LEFT JOIN actors a ON a.id = e.actor_id
           LEFT JOIN actors r ON r.id = e.recipient_id
           LEFT JOIN fused_mentions f ON f.article_id = e.article_id AND f.event_seq = e.seq
           WHERE e.article_id = ? ORDER BY e.anchor_start, e.seq""",
        [article_id],
    ).fetchall()
    return [_event_mark(row) for row in found]


def _event_mark(row: Sequence[Any]) -> EventMark:
    month, day = month_and_day(row[4])
    return EventMark(
        seq=row[0],
        type=row[1],
        quad=row[2],
        modality=row[3],
        date=known_date(row[4]),
        date_month=month,
        date_day=day,
        date_text=date_text(row[4]),
        sentence=Span(start=row[5], end=row[6], text=row[7]),
        anchor=Span(start=row[8], end=row[9], text=row[10]),
        actor=span_from_cells(row[11], row[12], row[13]),
        recipient=span_from_cells(row[14], row[15], row[16]),
        actor_name=row[17],
        recipient_name=row[18],
        fused_id=row[19],
    )


def search_articles(store: Store, q: str, *, limit: int, offset: int = 0) -> list[ArticleHit]:
    """Articles whose title or text contains ``q`` (case-insensitive), oldest first."""
    found = store.con.execute(
        """SELECT id, title, source, url, published,
                  substring(text, greatest(strpos(lower(text), lower(?)) - 80, 1), 240)
           FROM articles
           WHERE contains(lower(coalesce(title, '')), lower(?)) OR contains(lower(text), lower(?))
           ORDER BY published NULLS LAST, seq LIMIT ? OFFSET ?""",
        [q, q, q, limit, offset],
    ).fetchall()
    return [
        ArticleHit(
            id=row[0],
            title=row[1],
            source=row[2],
            url=row[3],
            published=row[4].astimezone(UTC) if row[4] is not None else None,
            snippet=row[5],
        )
        for row in found
    ]


def article_hit(article: Article) -> ArticleHit:
    """An article as a list shows it: its provenance and the start of its text."""
    return ArticleHit(
        id=article.id,
        title=article.title,
        source=article.source,
        url=article.url,
        published=article.published,
        snippet=article.text[:240],
    )
