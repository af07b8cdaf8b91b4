"""Records to table rows and back: the one place that knows how an Article is laid out in DuckDB."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import msgspec
import pyarrow as pa

from dateline.dedup import DuplicateChange
from dateline.extract.dating import estimated_value
from dateline.extract.events.encoder import PLOVER_LABELS
from dateline.model import Article, PublishedPrecision, Segment, Span
from dateline.store.places import Near, fused_place_clauses, place_clauses

ARTICLE_COLUMNS = (
    "id",
    "url",
    "source",
    "title",
    "published",
    "published_basis",
    "language",
    "text",
    "content_hash",
    "ingested_at",
    "origin",
    "format",
    "raw_text",
    "segments",
    "duplicate_of",
    "duplicate_kind",
    "duplicate_similarity",
    "published_precision",
    "published_cues",
)
_UNDATED = "9999"
_segments_encoder = msgspec.json.Encoder()
_segments_decoder = msgspec.json.Decoder(tuple[Segment, ...])
_TIME = pa.timestamp("us", tz="UTC")
_ARTICLE_SCHEMA = pa.schema(
    [(name, pa.string()) for name in ARTICLE_COLUMNS[:4]]
    + [("published", _TIME)]
    + [(name, pa.string()) for name in ARTICLE_COLUMNS[5:9]]
    + [("ingested_at", _TIME)]
    + [(name, pa.string()) for name in ARTICLE_COLUMNS[10:16]]
    + [("duplicate_similarity", pa.float64()), ("seq", pa.int64())]
    + [("published_precision", pa.string()), ("published_cues", pa.string())]
)

# Events below this confidence are kept in the store and the extract output but left out of the
# default views and exports (``--min-confidence 0`` shows them all). The confidence of an act the
# encoder decided is half a learnt probability that a reader finds its type right
# (``dateline.extract.events.calibration``): at 0.5 the default view kept 122 of 138 freshly
# judged news events, their type right 0.77 of the time against 0.71 for all 138; on the labelled
# news it shows events with precision 0.87 (see README).
DEFAULT_MIN_CONFIDENCE = 0.5


MEDIA_SECTOR = "JRN"  # PLOVER's sector of news media: agencies, papers, broadcasters


def sort_key_of(article_id: str, published: datetime | None) -> tuple[str, str]:
    """Earliest-copy order: publication time (undated last), then id, so it never depends on
    the order articles arrived in."""
    stamp = published.astimezone(UTC).isoformat() if published else _UNDATED
    return stamp, article_id


def sort_key(article: Article) -> tuple[str, str]:
    return sort_key_of(article.id, article.published)


def articles_table(articles: Sequence[Article], *, first_seq: int) -> pa.Table:
    """New articles as an Arrow table in the ``articles`` column order."""
    columns: dict[str, list[Any]] = {name: [] for name in _ARTICLE_SCHEMA.names}
    for seq, article in enumerate(articles, start=first_seq):
        for name in ARTICLE_COLUMNS:
            columns[name].append(_cell(article, name))
        columns["seq"].append(seq)
    return pa.table(columns, schema=_ARTICLE_SCHEMA)


def changes_table(changes: Sequence[DuplicateChange]) -> pa.Table:
    return pa.table(
        {
            "article_id": [change.article_id for change in changes],
            "duplicate_of": [change.duplicate_of for change in changes],
            "kind": [change.kind for change in changes],
            "similarity": pa.array([change.similarity for change in changes], pa.float64()),
        }
    )


def article_from_row(row: Sequence[Any]) -> Article:
    """An Article from a row selected as ``ARTICLE_COLUMNS``."""
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    values["segments"] = decode_segments(values["segments"])
    for name in ("published", "ingested_at"):
        if values[name] is not None:
            values[name] = values[name].astimezone(UTC)
    return Article(**values)


def span_cells(span: Span | None) -> list[Any]:
    """A span as the three nullable columns (start, end, text) the store keeps it in."""
    return [span.start, span.end, span.text] if span else [None, None, None]


def span_from_cells(start: int | None, end: int | None, text: str | None) -> Span | None:
    """The span stored as three nullable columns, or None where it was absent."""
    if start is None or end is None or text is None:
        return None
    return Span(start=start, end=end, text=text)


def decode_segments(encoded: str) -> tuple[Segment, ...]:
    return _segments_decoder.decode(encoded)


def _cell(article: Article, name: str) -> Any:
    value = getattr(article, name)
    if name == "segments":
        return _segments_encoder.encode(value).decode()
    return value


# the values the event filters take (command line, API, Python): checked in one place
MODALITIES = ("asserted", "negated", "hypothetical", "future", "historical")
EVENT_TYPES = (*PLOVER_LABELS, "STATEMENT")
_DATE_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def date_text(value: str | None) -> str:
    """An event's date as people read it: "undated", or a day of unknown year ("XXXX-08-23"
    in TimeML) as "08-23 (year unknown)", never the placeholder itself."""
    if not value:
        return "undated"
    if value.startswith("XXXX-"):
        return f"{value[5:]} (year unknown)"
    return value


_MONTH_DAY = re.compile(r"^(?:\d{4}|XXXX)-(\d{2})(?:-(\d{2}))?$")


def known_date(value: str | None) -> str | None:
    """An event's date where its year is known ("2021-08-23", "2021-08", "2021"), else None: a
    day of unknown year ("XXXX-08-23") is no date a program can compare or parse, and the
    fields the API and exports give beside it (``date_month``, ``date_day``) keep what it says."""
    return None if not value or value.startswith("XXXX") else value


def month_and_day(value: str | None) -> tuple[int | None, int | None]:
    """The month and day an event's date names, its year known or not: "XXXX-08-23" and
    "2021-08-23" give (8, 23), "2021-08" (8, None), a year or no date (None, None)."""
    found = _MONTH_DAY.match(value or "")
    if found is None:
        return None, None
    month, day = found.groups()
    return int(month), int(day) if day else None


def published_text(published: datetime | None, precision: PublishedPrecision | None) -> str:
    """An article's date as people read it: "2021-09-24", or "2021-08" and "2021" for one
    dateline estimated; "" for none."""
    if published is None:
        return ""
    return estimated_value(published, precision) if precision else published.date().isoformat()


def is_date_bound(value: str) -> bool:
    """Whether ``value`` is an event-date bound: YYYY, YYYY-MM or YYYY-MM-DD, a real date."""
    if not _DATE_BOUND.match(value):
        return False
    try:
        date.fromisoformat(value if len(value) == 10 else (value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def event_clauses(
    alias: str,
    *,
    actor: str | None,
    type: str | None,
    modality: str | None,
    since: str | None,
    until: str | None,
    include_statements: bool,
    min_confidence: float = 0.0,
    extra: tuple[tuple[str, str | None], ...] = (),
    country: str | None = None,
    near: Near | None = None,
    is_fused: bool = False,
    is_placed: bool = False,
) -> tuple[str, list[Any]]:
    """The WHERE clauses (each starting " AND") and bound values shared by the event queries.

    ``alias`` names the event table in the query (``fused_events`` where ``is_fused``, else
    ``events``); its parties' actors must be joined as ``a`` and ``r``. ``actor`` matches
    either party by id or name; ``extra`` adds (column, value); ``country``, ``near`` and
    ``is_placed`` keep the events placed there (``dateline.store.places``).
    """
    sql = ""
    params: list[Any] = []
    if actor:
        sql += (
            f" AND ({alias}.actor_id = ? OR {alias}.recipient_id = ?"
            " OR a.name ILIKE ? OR r.name ILIKE ?)"
        )
        params += [actor, actor, f"%{actor}%", f"%{actor}%"]
    for clause, value in (
        (f" AND {alias}.type = ?", type.upper() if type else None),
        (f" AND {alias}.modality = ?", modality.lower() if modality else None),
        *((f" AND {alias}.{column} = ?", value) for column, value in extra),
        (f" AND {alias}.date >= ?", since),
        # "until 2021-08" keeps all of August: the date's first characters against the bound
        (f" AND substr({alias}.date, 1, {len(until or '')}) <= ?", until),
    ):
        if value:
            sql += clause
            params.append(value)
    if since or until:  # a day of unknown year ("XXXX-08-23") is in no period: its story
        sql += f" AND {alias}.date NOT LIKE 'XXXX%'"  # dates it at fusion, or nothing does
    if not include_statements:
        sql += f" AND {alias}.type <> 'STATEMENT'"
    if min_confidence > 0:
        sql += f" AND {alias}.confidence >= ?"
        params.append(min_confidence)
    if is_fused:
        where, values = fused_place_clauses(alias, country=country, near=near, is_placed=is_placed)
    else:
        where, values = place_clauses(
            f"{alias}.place", country=country, near=near, is_placed=is_placed
        )
    return sql + where, params + values
