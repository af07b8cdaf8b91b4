"""What each export kind holds, as one SQL query over the store returning an Arrow table.

``mentions`` are the events as coded in each article, with a stable id (a hash of article,
trigger and parties); ``events`` are the fused real-world events, one row each, with the
sentence of their earliest report and the list of all their reports.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec
import pyarrow as pa
import pyarrow.compute as pc

from dateline.store.duck import Store
from dateline.store.fused import disagreements_from, readable_disagreements
from dateline.store.places import FUSED_PLACES, Near
from dateline.store.rows import date_text, event_clauses, known_date, month_and_day

ExportKind = Literal["articles", "events", "mentions", "actors", "quotes"]
KINDS: tuple[ExportKind, ...] = ("articles", "events", "mentions", "actors", "quotes")

# where an event happened, from its stored place (a Location as JSON; all null when none)
PLACE_COLUMNS = """
    CAST(json_extract_string({alias}.place, '$.geonames_id') AS BIGINT) AS place_geonames_id,
    json_extract_string({alias}.place, '$.name') AS place_name,
    json_extract_string({alias}.place, '$.feature') AS place_feature,
    json_extract_string({alias}.place, '$.country') AS place_country,
    json_extract_string({alias}.place, '$.adm1') AS place_adm1,
    CAST(json_extract_string({alias}.place, '$.lat') AS DOUBLE) AS place_lat,
    CAST(json_extract_string({alias}.place, '$.lon') AS DOUBLE) AS place_lon,
    json_extract_string({alias}.place, '$.basis') AS place_basis"""

# a per-article event's stable id: a hash of its article, trigger and parties
MENTION_ID = """substr(sha256({alias}.article_id || ':' || {alias}.anchor_start || ':'
    || coalesce({alias}.actor_id, '') || ':' || coalesce({alias}.recipient_id, '')), 1, 16)"""
_EVENT_COLUMNS = f"""
    {MENTION_ID.format(alias="e")} AS event_id,
    e.article_id, e.type, e.mode, e.context, e.cameo, e.quad, e.intensity, e.modality,
    e.confidence, e.main, e.date, e.date_precision, e.date_basis, e.location,
    {PLACE_COLUMNS.format(alias="e")},
    e.actor_id, a.name AS actor_name, a.country AS actor_country, a.sector AS actor_sector,
    e.actor_text,
    e.recipient_id, r.name AS recipient_name, r.country AS recipient_country,
    r.sector AS recipient_sector, e.recipient_text,
    e.anchor_text, e.anchor_start, e.anchor_end, e.sentence_start, e.sentence_end,
    substring(art.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
    e.decided_by, art.url, art.source, art.published,
    CAST(art.published AS DATE) AS published_date"""
_EVENTS_FROM = """
    FROM events e
    LEFT JOIN actors a ON a.id = e.actor_id
    LEFT JOIN actors r ON r.id = e.recipient_id
    JOIN articles art ON art.id = e.article_id"""

QUERIES: dict[ExportKind, str] = {
    "articles": """
        SELECT id, url, source, title, published, published_basis, language, text,
               content_hash, ingested_at, origin, format, duplicate_of, duplicate_kind,
               duplicate_similarity, CAST(published AS DATE) AS published_date
        FROM articles ORDER BY published NULLS LAST, seq""",
    "mentions": f"SELECT {_EVENT_COLUMNS} {_EVENTS_FROM} ORDER BY e.date NULLS LAST, event_id",
    "events": f"""
        SELECT f.id AS event_id, f.first_article_id AS article_id, f.type, f.mode, e.context,
               f.cameo, f.quad, f.intensity, f.modality, f.confidence, f.date, f.date_precision,
               f.date_basis, f.location, {PLACE_COLUMNS.format(alias="p")},
               f.actor_id, a.name AS actor_name, a.country AS actor_country,
               a.sector AS actor_sector,
               CASE WHEN e.actor_id = f.actor_id THEN e.actor_text END AS actor_text,
               f.recipient_id, r.name AS recipient_name, r.country AS recipient_country,
               r.sector AS recipient_sector,
               CASE WHEN e.recipient_id = f.recipient_id THEN e.recipient_text END
                   AS recipient_text,
               e.anchor_text, e.anchor_start, e.anchor_end, e.sentence_start, e.sentence_end,
               substring(art.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)
                   AS sentence,
               e.decided_by, art.url, art.source, art.published,
               CAST(coalesce(art.published, f.first_reported) AS DATE) AS published_date,
               f.story_id, f.num_mentions, f.num_articles, f.num_sources, f.sources,
               f.disagreements,
               (SELECT list({{'article_id': m.article_id, 'seq': m.event_seq,
                              'source': m.source, 'copy_of': m.copy_of}}
                            ORDER BY m.article_id, m.event_seq)
                FROM fused_mentions m WHERE m.fused_id = f.id) AS mentions
        FROM fused_events f
        JOIN fused_mentions fm ON fm.fused_id = f.id AND fm.article_id = f.first_article_id
        JOIN events e ON e.article_id = fm.article_id AND e.seq = fm.event_seq
        JOIN articles art ON art.id = f.first_article_id
        LEFT JOIN ({FUSED_PLACES}) p ON p.fused_id = f.id
        LEFT JOIN actors a ON a.id = f.actor_id
        LEFT JOIN actors r ON r.id = f.recipient_id
        WHERE f.type <> 'STATEMENT'
        QUALIFY row_number() OVER (PARTITION BY f.id ORDER BY fm.event_seq) = 1
        ORDER BY f.date NULLS LAST, f.first_reported NULLS LAST, f.id""",
    "actors": """
        SELECT a.id, a.name, a.kind, a.country, a.sector,
               count(m.article_id) AS mentions, count(DISTINCT m.article_id) AS articles
        FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
        GROUP BY ALL ORDER BY articles DESC, mentions DESC, a.id""",
    "quotes": """
        SELECT q.article_id, q.start_char, q.end_char, q.text, q.kind, q.speaker_text,
               q.speaker_actor_id, a.name AS speaker_name, q.cue_text, art.source,
               art.published, CAST(art.published AS DATE) AS published_date
        FROM quotes q LEFT JOIN actors a ON a.id = q.speaker_actor_id
        JOIN articles art ON art.id = q.article_id
        ORDER BY art.published NULLS LAST, q.article_id, q.start_char""",
}


def query_table(store: Store, kind: ExportKind) -> pa.Table:
    """Everything of one kind in the store, as an Arrow table, unfiltered; events' dates as
    ``readable_dates`` gives them."""
    table = store.con.sql(QUERIES[kind]).to_arrow_table()
    return readable_dates(table) if kind in ("events", "mentions") else table


def readable_dates(table: pa.Table) -> pa.Table:
    """An events table whose ``date`` is ISO or null, never a TimeML placeholder: a day of
    unknown year ("XXXX-08-23") is a null ``date`` with ``date_month`` 8 and ``date_day`` 23,
    and ``date_text`` says every date as people read it ("08-23 (year unknown)"). Dates that
    sources disagree on are said the same way."""
    raw = table["date"].to_pylist()
    parts = [month_and_day(value) for value in raw]
    at = table.schema.get_field_index("date")
    table = table.set_column(at, "date", pa.array([known_date(v) for v in raw], pa.string()))
    added = (
        ("date_month", pa.array([month for month, _ in parts], pa.int8())),
        ("date_day", pa.array([day for _, day in parts], pa.int8())),
        ("date_text", pa.array([date_text(v) for v in raw], pa.string())),
    )
    for offset, (name, column) in enumerate(added, start=1):
        table = table.add_column(at + offset, name, column)
    if "disagreements" in table.schema.names:
        cells = [_readable(cell) for cell in table["disagreements"].to_pylist()]
        at = table.schema.get_field_index("disagreements")
        table = table.set_column(at, "disagreements", pa.array(cells, pa.string()))
    return table


def _readable(cell: str | None) -> str | None:
    if cell is None:
        return None
    found = readable_disagreements(disagreements_from(cell))
    return msgspec.json.encode(found).decode()


def export_table(
    store: Store,
    kind: ExportKind,
    *,
    min_confidence: float = 0.0,
    country: str | None = None,
    near: Near | None = None,
) -> pa.Table:
    """Everything of one kind in the store, as an Arrow table; events and mentions only at or
    above ``min_confidence``, and placed in ``country`` and ``near`` where given."""
    table = query_table(store, kind)
    if kind in ("events", "mentions") and min_confidence > 0:
        table = table.filter(pc.field("confidence") >= min_confidence)
    if kind in ("events", "mentions") and (country or near):
        is_fused = kind == "events"
        clauses = event_clauses(
            "x", actor=None, type=None, modality=None, since=None, until=None,
            include_statements=True, country=country, near=near, is_fused=is_fused,
        )  # fmt: skip
        table = keep_events(store, table, clauses, is_fused=is_fused)
    return table


def keep_events(
    store: Store, table: pa.Table, clauses: tuple[str, list[Any]], *, is_fused: bool
) -> pa.Table:
    """The rows of an ``events`` (``is_fused``) or ``mentions`` table whose event the WHERE
    ``clauses`` keep: they name the event table ``x`` and its parties' actors ``a`` and ``r``
    (as ``dateline.store.rows.event_clauses`` writes them)."""
    column, source = ("x.id", "fused_events") if is_fused else (MENTION_ID, "events")
    sql, params = clauses
    kept = store.con.execute(
        f"""SELECT {column.format(alias="x")} FROM {source} x
            LEFT JOIN actors a ON a.id = x.actor_id LEFT JOIN actors r ON r.id = x.recipient_id
            WHERE TRUE {sql}""",
        params,
    ).fetchall()
    wanted = pa.array([row[0] for row in kept], type=pa.string())
    return table.filter(pc.is_in(table["event_id"], value_set=wanted))
