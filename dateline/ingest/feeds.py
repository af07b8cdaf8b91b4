"""Read RSS and Atom feed files: one raw document per item, with its link, date and outlet.

feedparser tolerates most broken XML; a feed it cannot make sense of, or an item with no text,
becomes a Rejection rather than vanishing.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from dateline.errors import Reason
from dateline.ingest.items import RawDocument
from dateline.model import Rejection

STAGE = "dateline.ingest.feed.v1"


def read_feed(data: bytes, *, origin: str) -> Iterator[RawDocument | Rejection]:
    """The items of one feed document."""
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    # A feed cut off mid-item parses to an empty entry: only entries with something in them count.
    entries = [entry for entry in parsed.get("entries") or [] if entry]
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f"no feed items could be read: {problem}" if problem else "the feed has no items"
        reason = Reason.MALFORMED_FEED if problem else Reason.NO_ARTICLE_TEXT
        yield Rejection(origin=origin, stage=STAGE, reason=reason.value, detail=detail)
        return
    outlet = parsed.get("feed", {}).get("title") or None
    for number, entry in enumerate(entries, start=1):
        yield _item(entry, origin=f"{origin}#item{number}", outlet=outlet)


def _item(entry: Any, *, origin: str, outlet: str | None) -> RawDocument | Rejection:
    body = _body(entry)
    if not body.strip():
        return Rejection(
            origin=origin,
            stage=STAGE,
            reason=Reason.NO_ARTICLE_TEXT.value,
            detail="the feed item has no content or summary",
        )
    published = _entry_date(entry)
    return RawDocument(
        origin=origin,
        format="feed",
        text=body,
        is_html=True,
        title=entry.get("title") or None,
        url=entry.get("link") or None,
        source=outlet,
        published=published.isoformat() if published else None,
    )


def _body(entry: Any) -> str:
    # Full content (content:encoded, Atom content) beats the summary when the feed has both.
    contents = entry.get("content") or []
    values = [part.get("value", "") for part in contents if part.get("value")]
    if values:
        return str(max(values, key=len))
    return str(entry.get("summary") or entry.get("description") or "")


def _entry_date(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None
