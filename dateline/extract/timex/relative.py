"""Normalisers for expressions relative to the anchor: weekdays, today, "last week", "two years
ago", quarters, clock times, durations and sets.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateline.extract.timex import calendar
from dateline.extract.timex.durations import duration_value, number, signed_count, unit_code
from dateline.extract.timex.lexicon import lookup
from dateline.extract.timex.normalise import Context, Groups, Value
from dateline.model import TimexType

_BACK = frozenset({"last", "previous", "prior", "past", "this past", "year-earlier", "year-ago"})
_AHEAD = frozenset({"next", "coming", "following", "this coming"})
# "the past year" and "the next month" name a stretch of time, "last year" a calendar unit.
_SPAN_RELS = frozenset({"the past", "the next", "the coming", "past", "the last"})


def _rel(groups: Groups) -> str:
    """The relation word(s) without a leading "the": "the previous" -> "previous"."""
    words = groups.get("rel", "").split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def weekday(groups: Groups, context: Context) -> Value:
    number_ = int(lookup("weekday", groups["weekday"]))
    part = lookup("part_of_day", groups["part"]) if "part" in groups else ""
    anchor = context.anchor
    if anchor is None:
        return "DATE", f"XXXX-WXX-{number_}" + (f"T{part}" if part else "")
    rel = _rel(groups)
    if rel in _BACK:
        day = calendar.weekday_near(anchor - timedelta(days=1), number_, future=False)
    elif rel in _AHEAD:
        day = calendar.weekday_near(anchor + timedelta(days=1), number_, future=True)
    else:
        day = calendar.weekday_near(anchor, number_, future=bool(context.future))
    return _with_part(day, part)


def _with_part(day: date, part: str, *, kind: TimexType = "DATE") -> Value:
    if part:
        return kind, f"{day.isoformat()}T{part}"
    return "DATE", day.isoformat()


def deictic(groups: Groups, context: Context) -> Value:
    word = groups.get("deictic") or groups.get("this", "")
    part_text = groups.get("part") or groups.get("part2")
    part = lookup("part_of_day", part_text) if part_text else ""
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    if word == "last":
        offset = -1
    if context.anchor is None:
        return ("TIME" if part else "DATE"), "XXXX-XX-XX" + (f"T{part}" if part else "")
    # TimeBank types "Friday night" DATE but "this morning" and "last night" TIME.
    kind: TimexType = "TIME" if "this" in groups else "DATE"
    return _with_part(context.anchor + timedelta(days=offset), part, kind=kind)


def relative_unit(groups: Groups, context: Context) -> Value:
    unit = unit_code(groups["unit"]) or "Q"  # "the latest period": a reporting quarter
    rel_text = " ".join(groups["rel"].split())
    if rel_text in _SPAN_RELS and "edge" not in groups:
        return "DURATION", duration_value("1", unit)
    if context.anchor is None:
        return "DATE", calendar.underspecified(unit)
    value = calendar.shift(context.anchor, unit, _unit_shift(_rel(groups), unit, context))
    return "DATE", value + "-WE" if unit == "WE" else value


def _unit_shift(rel: str, unit: str, context: Context) -> int:
    """How many units back or ahead a relation word points."""
    if "year-" in rel:
        return -5 if unit == "Q" else -1
    if unit == "Q" and rel in ("", "latest", "most recent"):
        return -1  # the quarter a company reports on is the last complete one
    if unit == "WE" and rel in ("", "this") and not context.future:
        anchor = context.anchor
        return -1 if anchor is not None and anchor.isoweekday() < 4 else 0
    return -1 if rel in _BACK else 1 if rel in _AHEAD else 0


def year_earlier(groups: Groups, context: Context) -> Value:
    if context.anchor is None:
        return "DATE", "XXXX"
    return "DATE", str(context.anchor.year - 1)


def year_period(groups: Groups, context: Context) -> Value:
    if "ord" in groups:
        return "DATE", f"{groups['year']}-Q{lookup('ordinal', groups['ord'])}"
    if context.anchor is None:
        return "DATE", f"{groups['year']}-QX"
    _, current = calendar.shift_quarter(*calendar.quarter_of(context.anchor), -1)
    return "DATE", f"{groups['year']}-Q{current}"


def offset(groups: Groups, context: Context) -> Value:
    unit = unit_code(groups["unit"])
    count = number(groups["num"])
    by = signed_count(count, groups["dir"])
    if by == 0 or context.anchor is None:
        return "DATE", "PAST_REF" if signed_count("1", groups["dir"]) < 0 else "FUTURE_REF"
    if unit in ("H", "MI", "S"):
        return "DATE", context.anchor.isoformat()
    if unit == "DE":
        unit, by = "Y", by * 10
    return "DATE", calendar.shift(context.anchor, unit, by)


def duration(groups: Groups, context: Context) -> Value:
    return "DURATION", duration_value(number(groups["num"]), unit_code(groups["unit"]))


def vague_duration(groups: Groups, context: Context) -> Value:
    if groups.get("rel") == "recent":
        return "DATE", "PAST_REF"
    return "DURATION", duration_value("X", unit_code(groups["unit"]))


def quarter(groups: Groups, context: Context) -> Value:
    ordinal = groups.get("ord") or groups["ord2"]
    count = int(ordinal[0]) if ordinal[0].isdigit() else int(lookup("ordinal", ordinal))
    letter = "H" if (groups.get("unit") or groups["unit2"]) == "half" else "Q"
    year_text = groups.get("year") or groups.get("year2")
    if year_text is None and context.anchor is None:
        return "DATE", f"XXXX-{letter}{count}"
    if year_text is None and context.anchor is not None:
        year_text = str(_quarter_year(context.anchor, count, letter, groups.get("qual", "")))
    return "DATE", f"{year_text}-{letter}{count}"


def _quarter_year(anchor: date, count: int, letter: str, qualifier: str) -> int:
    """A quarter named without a year: this year's, unless it cannot have been reported yet."""
    year, current = calendar.quarter_of(anchor)
    if letter == "H":
        current = (current + 1) // 2
    if count > current and current == 1:
        year -= 1
    return year - 1 if "year-" in qualifier else year


def clock(groups: Groups, context: Context) -> Value:
    hour = int(groups.get("hour") or groups["hour24"])
    minute = int(groups.get("minute") or groups.get("minute24") or 0)
    meridiem = groups.get("ampm", "").replace(".", "").replace(" ", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    if meridiem == "am" and hour == 12:
        hour = 0
    day = context.anchor.isoformat() if context.anchor else "XXXX-XX-XX"
    return "TIME", f"{day}T{hour:02d}:{minute:02d}"


def every(groups: Groups, context: Context) -> Value:
    if "weekday" in groups:
        return "SET", f"XXXX-WXX-{lookup('weekday', groups['weekday'])}"
    if "part" in groups:
        return "SET", f"XXXX-XX-XXT{lookup('part_of_day', groups['part'])}"
    count_text = groups.get("num", "1")
    count = "2" if count_text == "other" else number(count_text)
    return "SET", duration_value(count, unit_code(groups["unit"]))
