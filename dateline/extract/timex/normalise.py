"""Normalisers for dates named by the calendar: full dates, month-days, months, years, decades.

Each takes the match's named groups (lower-cased, unmatched ones absent) and a ``Context`` and
returns the TIMEX3 type and value. Relative, deictic and duration families live in ``relative``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from dateline.extract.timex import calendar
from dateline.extract.timex.lexicon import lookup
from dateline.model import Record, TimexType

Groups = Mapping[str, str]
Value = tuple[TimexType, str]


class Context(Record, frozen=True, kw_only=True):
    """What a normaliser knows besides the words: the anchor date and a tense hint."""

    anchor: date | None
    future: bool | None = None


Normaliser = Callable[[Groups, Context], Value]


def day_number(text: str) -> int:
    return int(text.rstrip("stndrh"))


def date_full(groups: Groups, context: Context) -> Value:
    month = int(lookup("month", groups.get("month") or groups["month2"]))
    day = day_number(groups.get("day") or groups["day2"])
    return "DATE", _ymd(int(groups["year"]), month, day)


def date_iso(groups: Groups, context: Context) -> Value:
    return "DATE", _ymd(int(groups["year"]), int(groups["month"]), int(groups["day"]))


def _ymd(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return calendar.month_value(year, month)


def month_day(groups: Groups, context: Context) -> Value:
    month = int(lookup("month", groups.get("month") or groups["month2"]))
    day = day_number(groups.get("day") or groups["day2"])
    if context.anchor is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    year = calendar.nearest_year(context.anchor, month, day, future=context.future)
    return "DATE", _ymd(year, month, day)


def month_year(groups: Groups, context: Context) -> Value:
    month = int(lookup("month", groups["month"]))
    return "DATE", calendar.month_value(int(groups["year"]), month)


def month(groups: Groups, context: Context) -> Value:
    number = int(lookup("month", groups["month"]))
    anchor = context.anchor
    if anchor is None:
        return "DATE", f"XXXX-{number:02d}"
    rel = " ".join(groups.get("rel", "").split()[-1:])
    if rel in ("last", "previous", "past"):
        year = anchor.year if number < anchor.month else anchor.year - 1
    elif rel in ("next", "coming", "following"):
        year = anchor.year if number > anchor.month else anchor.year + 1
    elif rel in ("this", "current", "same"):
        year = anchor.year
    else:
        year = calendar.nearest_year(anchor, number, None, future=context.future)
    return "DATE", calendar.month_value(year, number)


def year(groups: Groups, context: Context) -> Value:
    return "DATE", groups["year"]


def year_words(groups: Groups, context: Context) -> Value:
    """Years in words: "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    if "thousand" in groups:
        rest = groups["thousand"].split()[2:]
        tail = number_word(" ".join(w for w in rest if w != "and")) if rest else 0
        return "DATE", f"{2000 + tail:04d}"
    head = {"nineteen": 19, "twenty": 20}[groups["century"]]
    return "DATE", f"{head * 100 + number_word(groups['rest']):04d}"


def number_word(phrase: str) -> int:
    """A number written in words below 100 ("ninety-six", "ninety six"); 0 if not one."""
    value = lookup("number", phrase)
    return int(value) if value.isdigit() else 0


def decade(groups: Groups, context: Context) -> Value:
    if "decword" in groups:
        return "DATE", "19" + lookup("decade", groups["decword"])
    tens = groups.get("tens") or groups["tens2"]
    century = groups.get("century") or _century_of_short_decade(int(tens), context.anchor)
    return "DATE", century + tens


def _century_of_short_decade(tens: int, anchor: date | None) -> str:
    """The '90s are the 1990s; the '00s belong to the anchor's century when it is 2000+."""
    if anchor is not None and anchor.year // 10 % 100 >= tens and anchor.year >= 2000:
        return str(anchor.year // 100)
    return "19"


def century(groups: Groups, context: Context) -> Value:
    ordinal = groups["ord"]
    count = int(ordinal[:-2]) if ordinal[:-2].isdigit() else int(lookup("ordinal", ordinal))
    return "DATE", f"{count - 1:02d}"


def season(groups: Groups, context: Context) -> Value:
    code = lookup("season", groups["season"])
    if "year" in groups:
        return "DATE", f"{groups['year']}-{code}"
    anchor = context.anchor
    if anchor is None:
        return "DATE", f"XXXX-{code}"
    order = calendar.SEASONS.index(code)
    current = calendar.SEASONS.index(calendar.season_of(anchor))
    rel = groups.get("rel", "").split()[-1:]
    year = anchor.year
    if rel == ["last"]:
        year = anchor.year if order < current else anchor.year - 1
    elif rel == ["next"]:
        year = anchor.year if order > current else anchor.year + 1
    return "DATE", f"{year}-{code}"


def holiday(groups: Groups, context: Context) -> Value:
    month_text, day_text = lookup("holiday", groups["holiday"]).split("-")
    if context.anchor is None:
        return "DATE", f"XXXX-{month_text}-{day_text}"
    future = {"last": False, "next": True}.get(groups.get("rel", ""), context.future)
    year = calendar.nearest_year(context.anchor, int(month_text), int(day_text), future=future)
    return "DATE", f"{year}-{month_text}-{day_text}"


def fixed(groups: Groups, context: Context) -> Value:
    kind, value = lookup("fixed", groups["fixed"]).split(":", 1)
    if value.startswith("T"):
        day = context.anchor.isoformat() if context.anchor else "XXXX-XX-XX"
        value = day + value
    return _kind(kind), value


def _kind(text: str) -> TimexType:
    for kind in ("DATE", "TIME", "DURATION", "SET"):
        if text == kind:
            return kind
    raise ValueError(f"E211 unknown TIMEX3 type {text!r} in the timex lexicon")
