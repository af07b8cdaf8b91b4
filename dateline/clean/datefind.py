"""Fast regex recognition of explicit dates in article text ("Aug. 25, 2021", "24 September 2021",
"2021-09-24T10:32Z", "11/19/2019"), shared by the date-line cleaning rule and dates.py.

Own regexes instead of dateparser: it is two orders of magnitude slower, and news datelines use
a small set of shapes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache

import msgspec

from dateline.clean.phrases import data_rows

_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_YEAR_NUMBER = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# "Wednesday 3rd of September, 2021": the longest day-and-month before a year; "-09-24" after.
_WINDOW_BEFORE = 32
_WINDOW_AFTER = 7
_WEEKDAY = (
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
)
_TIME = re.compile(
    r"(?:\s*(?:,|at|-|–|\||/|T)?\s*)(?P<h>[0-2]?\d)[:.h](?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?:\s*\(?(?P<tz>(?-i:[A-Z]{1,5})\b|[+-][01]\d:?[0-5]\d)\)?)?",
    re.IGNORECASE,
)


class DateMatch(msgspec.Struct, frozen=True, kw_only=True):
    """An explicit full date found at ``text[start:end]`` (time included when one follows)."""

    start: int
    end: int
    day: date
    moment: datetime


@cache
def _months() -> dict[str, int]:
    return {name: int(month) for name, month in data_rows("months.tsv")}


@cache
def _zones() -> dict[str, int]:
    return {name: int(offset) for name, offset in data_rows("timezones.tsv")}


@cache
def _month_alt() -> str:
    names = sorted(_months(), key=len, reverse=True)
    return "(?:" + "|".join(names) + ")"


@cache
def _full_date_patterns() -> tuple[re.Pattern[str], ...]:
    month = f"(?P<m>{_month_alt()})"
    flags = re.IGNORECASE
    return (
        re.compile(rf"\b{month}\.?\s+{_DAY},?\s+{_YEAR}", flags),
        re.compile(rf"\b{_DAY}\.?\s+(?:of\s+)?{month}\.?,?\s+{_YEAR}", flags),
        re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<nm>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
        re.compile(r"\b(?P<y>(?:19|20)\d\d)/(?P<nm>[01]?\d)/(?P<d>[0-3]?\d)(?!\d)"),
        re.compile(
            r"\b(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?!\d)"
        ),
    )


@cache
def day_shapes() -> tuple[re.Pattern[str], ...]:
    """Dates that name a day or month without being full dates: "Nov. 18", "18 November",
    "November 2019"."""
    month = _month_alt()
    flags = re.IGNORECASE
    return (
        re.compile(rf"\b{month}\.?\s+[0-3]?\d(?:st|nd|rd|th)?\b", flags),
        re.compile(rf"\b[0-3]?\d(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{month}\b\.?", flags),
        re.compile(rf"\b{month}\.?,?\s+(?:19|20)\d\d\b", flags),
    )


@cache
def time_shapes() -> tuple[re.Pattern[str], ...]:
    """Weekdays, clock times, time zones and "3 hours ago": parts of a date line, not a date."""
    flags = re.IGNORECASE
    return (
        re.compile(rf"\b(?:{_WEEKDAY})\b,?", flags),
        re.compile(r"\b\d+\s*(?:hours?|hrs?|minutes?|mins?|days?|weeks?)\s+ago\b", flags),
        re.compile(r"\b[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?\s?m\b\.?)?", flags),
        re.compile(r"\b[01]?\d\s*[ap]\.?\s?m\b\.?", flags),
        re.compile(r"\b(?:" + "|".join(_zones()) + r")\b"),
    )


def _day_of(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year, day_text = int(groups["y"]), groups.get("d")
    if groups.get("m"):
        month, day = _months()[groups["m"].casefold()], int(str(day_text))
    elif groups.get("nm"):
        month, day = int(groups["nm"]), int(str(day_text))
    else:
        return _numeric_day(int(groups["a"]), int(groups["b"]), year, dotted=groups["sep"] == ".")
    return _safe_date(year, month, day)


def _numeric_day(first: int, second: int, year: int, *, dotted: bool) -> date | None:
    """dd.mm.yyyy is day-first; with slashes only an unambiguous reading is accepted."""
    if dotted:
        return _safe_date(year, second, first)
    readings = {_safe_date(year, first, second), _safe_date(year, second, first)} - {None}
    return readings.pop() if len(readings) == 1 else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 31 June and the like: not a date, so not a match
        return None


def _with_time(text: str, end: int, day: date) -> tuple[int, datetime]:
    """The moment the date names (midnight UTC unless a time follows), and where it ends."""
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    found = _TIME.match(text, end)
    hour = _hour(found)
    if found is None or hour is None:
        return end, moment
    local = moment.replace(hour=hour, minute=int(found["mi"]), tzinfo=_offset(found["tz"]))
    return found.end(), local.astimezone(UTC)


def _hour(found: re.Match[str] | None) -> int | None:
    if found is None:
        return None
    hour, meridiem = int(found["h"]), (found["ap"] or "").lower()
    if not meridiem:
        return hour if hour < 24 else None
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if meridiem == "p" else 0)


def _offset(zone: str | None) -> timezone:
    if zone is None:
        return UTC
    if zone[0] in "+-":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    minutes = _zones().get(zone.upper())
    return UTC if minutes is None else timezone(timedelta(minutes=minutes))


def find_dates(text: str, *, with_time: bool = False) -> list[DateMatch]:
    """Every explicit full date (day, month and year) in ``text``, in order, non-overlapping."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for window_start, window_end in _year_windows(text):
        for pattern in _full_date_patterns():
            for match in pattern.finditer(text, window_start, window_end):
                day = _day_of(match)
                if day is None or any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                taken.append((match.start(), match.end()))
                found.append(_date_match(text, match, day, with_time=with_time))
    return sorted(found, key=lambda item: item.start)


def _year_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around each year: every full date contains one, and years are rare,
    so the month-name patterns run on a few short windows instead of the whole text."""
    windows: list[tuple[int, int]] = []
    for year in _YEAR_NUMBER.finditer(text):
        start, end = max(0, year.start() - _WINDOW_BEFORE), year.end() + _WINDOW_AFTER
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _date_match(text: str, match: re.Match[str], day: date, *, with_time: bool) -> DateMatch:
    end, moment = match.end(), datetime(day.year, day.month, day.day, tzinfo=UTC)
    if with_time:
        end, moment = _with_time(text, end, day)
    return DateMatch(start=match.start(), end=end, day=day, moment=moment)
