"""Calendar arithmetic for normalising relative expressions against the anchor date.

Each helper returns a TimeML value string at the granularity the expression names (a day, an
ISO week, a month, a quarter, a year, a decade).
"""

from __future__ import annotations

from datetime import date, timedelta

SEASONS = ("WI", "SP", "SU", "FA")


def day_value(day: date) -> str:
    return day.isoformat()


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def season_of(day: date) -> str:
    return SEASONS[(day.month % 12) // 3]


def weekday_near(anchor: date, weekday: int, *, future: bool) -> date:
    """The ISO weekday nearest the anchor: on or before it, or on or after it if ``future``."""
    back = (anchor.isoweekday() - weekday) % 7
    if future:
        return anchor + timedelta(days=(7 - back) % 7)
    return anchor - timedelta(days=back)


def nearest_year(anchor: date, month: int, day: int | None, *, future: bool | None) -> int:
    """The year that puts month/day nearest the anchor; a tense hint breaks six-month ties."""
    best_year, best_distance = anchor.year, 10**6
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        candidate = safe_date(year, month, day or 15)
        distance = abs((candidate - anchor).days)
        if future is True and candidate < anchor - timedelta(days=7):
            distance += 180
        if future is False and candidate > anchor + timedelta(days=7):
            distance += 180
        if distance < best_distance:
            best_year, best_distance = year, distance
    return best_year


def safe_date(year: int, month: int, day: int) -> date:
    """A real date, clamping the day to the month's length (Feb. 29 in a common year -> 28)."""
    for last in (day, 30, 29, 28):
        if last <= day:
            try:
                return date(year, month, last)
            except ValueError:
                continue
    return date(year, month, 1)


def shift(anchor: date, unit: str, by: int) -> str:
    """The anchor moved ``by`` units, written at that unit's granularity."""
    if unit == "D":
        return day_value(anchor + timedelta(days=by))
    if unit in ("W", "WE"):
        return week_value(anchor + timedelta(weeks=by))
    if unit == "M":
        return month_value(*shift_month(anchor.year, anchor.month, by))
    if unit == "Q":
        year, quarter = shift_quarter(*quarter_of(anchor), by)
        return f"{year}-Q{quarter}"
    # Decades and centuries are written as their leading digits: 199 (the 1990s), 19.
    digits, size = {"DE": (3, 10), "CE": (2, 100)}.get(unit, (4, 1))
    return f"{(anchor.year + size * by) // size:0{digits}d}"


def underspecified(unit: str) -> str:
    """The value of a relative expression of this unit when there is no anchor."""
    return {
        "D": "XXXX-XX-XX",
        "W": "XXXX-WXX",
        "WE": "XXXX-WXX-WE",
        "M": "XXXX-XX",
        "Q": "XXXX-QX",
        "DE": "XXX",
        "CE": "XX",
    }.get(unit, "XXXX")
