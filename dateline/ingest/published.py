"""Publication dates: parse what metadata says, and choose the best date an article has.

The order of trust is fixed (DESIGN §2): the article's own metadata, then the date the user
gave, then an explicit date in the article's dateline or byline, then weaker estimates (the
crawl date, the latest full date the text mentions), else unknown.  The basis is always recorded.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime

from dateline.errors import Errors, config_error
from dateline.model import PublishedBasis

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_published(value: str) -> datetime | None:
    """An ISO 8601 date or datetime, or an RFC 2822 date (feeds, HTTP), as aware UTC; else None."""
    text = value.strip()
    if not text:
        return None
    if _ISO_DATE.match(text):
        return _from_iso(text)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return as_utc(parsed)


def parse_user_date(value: str) -> datetime:
    """The user's ``--published`` value; a bad one is a usage error, not bad input."""
    parsed = parse_published(value)
    if parsed is None:
        raise config_error(Errors.E005, value=value)
    return parsed


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive datetime is taken to be UTC already."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def midnight_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def choose_published(
    *,
    metadata: datetime | None,
    user: datetime | None,
    text: datetime | None,
    estimates: tuple[datetime | None, ...] = (),
) -> tuple[datetime | None, PublishedBasis]:
    """The publication date to use and its basis, in DESIGN's order of trust."""
    if metadata is not None:
        return metadata, "metadata"
    if user is not None:
        return user, "user"
    if text is not None:
        return text, "text"
    for estimate in estimates:
        if estimate is not None:
            return estimate, "estimated"
    return None, "unknown"


def _from_iso(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return midnight_utc(date.fromisoformat(text[:10]))
        except ValueError:
            return None
    return as_utc(parsed)
