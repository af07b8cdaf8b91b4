"""Read the store: articles and rejections with filters, and the counts a summary needs.

Every user-supplied value reaches SQL as a bound parameter, never as text in the query.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from dateline.model import Article, Record, Rejection
from dateline.store.duck import Store
from dateline.store.rows import ARTICLE_COLUMNS, article_from_row

_SELECT_ARTICLES = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"


class ArticleFilter(Record, frozen=True, kw_only=True):
    """Which stored articles to list."""

    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    language: str | None = None
    include_duplicates: bool = True
    limit: int | None = None
    offset: int = 0


class StoreCounts(Record, frozen=True, kw_only=True):
    articles: int
    exact_duplicates: int
    near_duplicates: int
    rejections: int
    by_language: tuple[tuple[str, int], ...]
    by_basis: tuple[tuple[str, int], ...]
    by_reason: tuple[tuple[str, int], ...]


def list_articles(store: Store, *, where: ArticleFilter | None = None) -> list[Article]:
    """Stored articles, oldest first (undated last), filtered."""
    where = where or ArticleFilter()
    clauses, params = _article_clauses(where)
    sql = _SELECT_ARTICLES
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY published NULLS LAST, seq"
    if where.limit is not None:
        sql += " LIMIT ?"
        params.append(where.limit)
    if where.offset:
        sql += " OFFSET ?"
        params.append(where.offset)
    return [article_from_row(row) for row in store.con.execute(sql, params).fetchall()]


def get_article(store: Store, article_id: str) -> Article | None:
    """The article with this id; None when the store has none (a lookup miss, not a failure)."""
    found = store.con.execute(_SELECT_ARTICLES + " WHERE id = ?", [article_id]).fetchall()
    return article_from_row(found[0]) if found else None


def list_rejections(store: Store, *, reason: str | None = None) -> list[Rejection]:
    sql = "SELECT origin, stage, reason, detail, sample, rejected_at FROM rejections"
    params: list[object] = []
    if reason:
        sql += " WHERE reason = ?"
        params.append(reason)
    found = store.con.execute(sql + " ORDER BY rejected_at, origin", params).fetchall()
    names = ("origin", "stage", "reason", "detail", "sample", "rejected_at")
    return [Rejection(**dict(zip(names, row, strict=True))) for row in found]


def counts(store: Store) -> StoreCounts:
    """How much the store holds, by kind."""
    con = store.con
    total, exact, near = con.execute(
        """SELECT count(*), count(*) FILTER (duplicate_kind = 'exact'),
                  count(*) FILTER (duplicate_kind = 'near') FROM articles"""
    ).fetchall()[0]
    rejected = con.execute("SELECT count(*) FROM rejections").fetchall()[0][0]
    return StoreCounts(
        articles=total,
        exact_duplicates=exact,
        near_duplicates=near,
        rejections=rejected,
        by_language=_grouped(store, "articles", "coalesce(language, 'unknown')"),
        by_basis=_grouped(store, "articles", "published_basis"),
        by_reason=_grouped(store, "rejections", "reason"),
    )


def article_json(article: Article) -> bytes:
    """One article as a JSON line: every field, the cleaned and the raw text included."""
    return msgspec.json.encode(article)


def _article_clauses(where: ArticleFilter) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    for clause, value in (
        ("published >= ?", where.since),
        ("published <= ?", where.until),
        ("source = ?", where.source),
        ("language = ?", where.language),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    if not where.include_duplicates:
        clauses.append("duplicate_of IS NULL")
    return clauses, params


def _grouped(store: Store, table: str, expression: str) -> tuple[tuple[str, int], ...]:
    # ``table`` and ``expression`` are constants of this module, never user input.
    found = store.con.execute(
        f"SELECT {expression} AS k, count(*) AS n FROM {table} GROUP BY k ORDER BY n DESC, k"
    ).fetchall()
    return tuple((str(key), int(number)) for key, number in found)
