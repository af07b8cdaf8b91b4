"""When a reported event can have happened, as a range of days, and whether two such ranges meet.

Outlets in other time zones date one event a day apart, and an event dated only by its article's
publication happened on that day or shortly before; the ranges carry that slack.
"""

from __future__ import annotations

from datetime import date, timedelta

Interval = tuple[date, date]  # first and last possible day, both inclusive

TOLERANCE = timedelta(days=1)
PUBLICATION_LAG = timedelta(days=3)


def interval_of(value: str | None, precision: str | None, basis: str) -> Interval | None:
    """The days an event's date allows; None when nothing is known of it."""
    if value:
        span = _parse(value, precision)
        if span is not None:
            if basis == "publication":  # the article's day: the event came on it or before
                return (span[0] - PUBLICATION_LAG, span[1])
            return span
    return None


def narrow(core: Interval, span: Interval) -> Interval | None:
    """The days both allow, with a day's slack either side; None when they cannot meet."""
    low = max(core[0], span[0] - TOLERANCE)
    high = min(core[1], span[1] + TOLERANCE)
    if low > high:
        return None
    return (low, high)


def _parse(value: str, precision: str | None) -> Interval | None:
    try:
        if "-W" in value:
            year, week = value.split("-W")
            start = date.fromisocalendar(int(year), int(week[:2]), 1)
            return (start, start + timedelta(days=6))
        parts = [int(part) for part in value[:10].split("-")]
    except ValueError:
        return None
    if len(parts) == 3 and precision in (None, "day"):
        day = date(parts[0], parts[1], parts[2])
        return (day, day)
    if len(parts) >= 2:
        first = date(parts[0], parts[1], 1)
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return (first, following - timedelta(days=1))
    return (date(parts[0], 1, 1), date(parts[0], 12, 31))


def with_year(value: str, latest: date) -> str | None:
    """``XXXX-MM-DD`` in a story whose latest known day is ``latest``: the year that puts the day
    within the 300 days before it (or a week after); None when no year does."""
    try:
        month, day = int(value[5:7]), int(value[8:10])
    except ValueError:
        return None
    for year in (latest.year, latest.year - 1, latest.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if latest - timedelta(days=300) <= candidate <= latest + timedelta(days=7):
            return candidate.isoformat()
    return None
