"""Find time expressions in raw text: run every rule, keep the longest non-overlapping matches,
join a clock time to the date beside it, and normalise each against the anchor date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date

import msgspec

from dateline.extract.timex import normalise, relative
from dateline.extract.timex.grammar import rules
from dateline.extract.timex.normalise import Context, Groups, Normaliser
from dateline.extract.timex.record import TimexSpan

NORMALISERS: Mapping[str, Normaliser] = {
    "date_full": normalise.date_full,
    "date_iso": normalise.date_iso,
    "month_day": normalise.month_day,
    "month_year": normalise.month_year,
    "month": normalise.month,
    "year": normalise.year,
    "decade": normalise.decade,
    "century": normalise.century,
    "season": normalise.season,
    "holiday": normalise.holiday,
    "fixed": normalise.fixed,
    "weekday": relative.weekday,
    "deictic": relative.deictic,
    "relative_unit": relative.relative_unit,
    "offset": relative.offset,
    "duration": relative.duration,
    "duration_adj": relative.duration,
    "vague_duration": relative.vague_duration,
    "quarter": relative.quarter,
    "year_period": relative.year_period,
    "year_earlier": relative.year_earlier,
    "year_words": normalise.year_words,
    "clock": relative.clock,
    "set": relative.every,
}

# Words before an expression that make a bare weekday or month point forward, not back.
_FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|plans?\s+to|planned|planning|scheduled|set\s+to|is\s+to|"
    r"are\s+to|expected|expects?|due|as\s+soon\s+as|as\s+early\s+as|upcoming|would|until|"
    r"resume|next)\b[^.!?\n]*$",
    re.I,
)
_CUE_WINDOW = 60
_CAPITALISED = ("month", "month2", "weekday")
# A clock time and a date with only this between them are one expression ("5 p.m. EST Nov. 9").
_CLOCK_JOINER = re.compile(r"[ ,]+(?:on\s+)?")


class _Match:
    """A rule's match before normalisation; plain class: it never leaves this module."""

    __slots__ = ("groups", "match", "priority", "rule")

    def __init__(self, rule: str, priority: int, match: re.Match[str]) -> None:
        self.rule, self.priority, self.match = rule, priority, match
        self.groups = {
            name: " ".join(value.lower().split())
            for name, value in match.groupdict().items()
            if value is not None
        }


def find_timexes(text: str, *, anchor: date | None) -> list[TimexSpan]:
    """Every time expression in ``text`` with its TIMEX3 type and value, in text order.

    ``anchor`` is the document creation time; without one, relative expressions get
    underspecified values (XXXX-XX-XX, XXXX-WXX) rather than guesses.
    """
    chosen = _select(list(_candidates(text)))
    spans = [_normalise(found, text, anchor) for found in chosen]
    return _join_clock_to_date(_year_ago_quarters(chosen, spans), text)


def _candidates(text: str) -> Iterator[_Match]:
    for priority, (rule, pattern) in enumerate(rules()):
        for match in pattern.finditer(text):
            found = _Match(rule, priority, match)
            if _plausible(found):
                yield found


def _plausible(found: _Match) -> bool:
    """Reject the matches a regex cannot rule out on its own."""
    match = found.match
    if any(match.group(name) and match.group(name)[0].islower() for name in _named(match)):
        return False  # "may" and "march" as verbs
    check = _RULE_CHECKS.get(found.rule)
    return check is None or check(found.groups, match)


def _year_ok(groups: Groups, match: re.Match[str]) -> bool:
    return "edge" in groups or 1700 <= int(groups["year"]) <= 2099


def _duration_ok(groups: Groups, match: re.Match[str]) -> bool:
    if groups["unit"] == "second" and groups["num"] in ("a", "an"):
        return False  # "a second attempt"
    return not (groups["num"].isdigit() and int(groups["num"]) >= 1000)  # "the 1988 quarter"


def _adjective_ok(groups: Groups, match: re.Match[str]) -> bool:
    # "two-year", but not "three-quarters of"
    return _duration_ok(groups, match) and not groups["unit"].endswith("s")


def _relative_unit_ok(groups: Groups, match: re.Match[str]) -> bool:
    unit, rel = groups["unit"], groups["rel"]
    # "the days", "the day", "the second" are rarely times; plurals are vague_duration's.
    return not (unit.endswith("s") or (rel == "the" and unit in _CLOCKLIKE))


def _season_ok(groups: Groups, match: re.Match[str]) -> bool:
    return bool({"rel", "edge", "year"} & groups.keys()) or groups["season"] != "fall"


def _month_ok(groups: Groups, match: re.Match[str]) -> bool:
    if {"rel", "edge"} & groups.keys():
        return True
    return _NOT_A_MONTH.match(match.string, match.end()) is None


def _year_words_ok(groups: Groups, match: re.Match[str]) -> bool:
    return "century" not in groups or 10 <= normalise.number_word(groups["rest"]) <= 99


_CLOCKLIKE = frozenset({"day", "second", "minute", "hour"})
_RULE_CHECKS: Mapping[str, Callable[[Groups, re.Match[str]], bool]] = {
    "year": _year_ok,
    "duration": _duration_ok,
    "duration_adj": _adjective_ok,
    "relative_unit": _relative_unit_ok,
    "season": _season_ok,
    "month": _month_ok,
    "year_words": _year_words_ok,
}
# "the March for Life", "March of the Penguins": a capitalised noun, not a month.
_NOT_A_MONTH = re.compile(r"\s+(?:for|of|on|to)\s+(?!\d)")


def _named(match: re.Match[str]) -> list[str]:
    return [name for name in _CAPITALISED if name in match.re.groupindex]


def _select(candidates: list[_Match]) -> list[_Match]:
    """Longest match first (earlier rule on a tie); drop anything overlapping a kept match."""
    candidates.sort(key=lambda c: (c.match.start() - c.match.end(), c.priority, c.match.start()))
    kept: list[_Match] = []
    taken: set[int] = set()
    for found in candidates:
        positions = range(found.match.start(), found.match.end())
        if taken.isdisjoint(positions):
            kept.append(found)
            taken.update(positions)
    return sorted(kept, key=lambda c: c.match.start())


def _normalise(found: _Match, text: str, anchor: date | None) -> TimexSpan:
    start, end = found.match.span()
    context = Context(anchor=anchor, future=_points_forward(text, start))
    kind, value = NORMALISERS[found.rule](found.groups, context)
    return TimexSpan(start=start, end=end, text=text[start:end], type=kind, value=value)


def _points_forward(text: str, start: int) -> bool:
    return _FUTURE_CUE.search(text, max(0, start - _CUE_WINDOW), start) is not None


_QUARTER = re.compile(r"(\d{4})-([QH]\d)")
_YEAR_BACK_WORDS = frozenset({"a", "one", "1"})
_BACK_DIRECTIONS = frozenset({"ago", "earlier", "before"})


def _year_ago_quarters(chosen: list[_Match], spans: list[TimexSpan]) -> list[TimexSpan]:
    """In earnings reports "a year ago" means the same quarter a year before the one last named."""
    last_quarter: re.Match[str] | None = None
    resolved: list[TimexSpan] = []
    for found, span in zip(chosen, spans, strict=True):
        quarter = _QUARTER.fullmatch(span.value)
        if quarter is not None:
            last_quarter = quarter
        if quarter is None and last_quarter is not None and _one_year_back(found):
            year, part = int(last_quarter.group(1)) - 1, last_quarter.group(2)
            resolved.append(msgspec.structs.replace(span, value=f"{year}-{part}"))
        else:
            resolved.append(span)
    return resolved


def _one_year_back(found: _Match) -> bool:
    groups = found.groups
    if found.rule == "year_earlier":
        return True
    return (
        found.rule == "offset"
        and groups["unit"] == "year"
        and groups["num"] in _YEAR_BACK_WORDS
        and groups["dir"] in _BACK_DIRECTIONS
    )


def _join_clock_to_date(spans: list[TimexSpan], text: str) -> list[TimexSpan]:
    """Merge "10 a.m." with an adjacent day-precise date into one TIME expression."""
    joined: list[TimexSpan] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if previous is not None and _joinable(previous, span, text):
            joined[-1] = _merged(previous, span, text)
        else:
            joined.append(span)
    return joined


def _joinable(first: TimexSpan, second: TimexSpan, text: str) -> bool:
    clocks = [s for s in (first, second) if s.type == "TIME" and ":" in s.value]
    days = [s for s in (first, second) if s.type == "DATE" and len(s.value) == 10]
    gap = text[first.end : second.start]
    return len(clocks) == 1 and len(days) == 1 and _CLOCK_JOINER.fullmatch(gap) is not None


def _merged(first: TimexSpan, second: TimexSpan, text: str) -> TimexSpan:
    clock = first if ":" in first.value else second
    day = second if clock is first else first
    value = day.value + clock.value[clock.value.index("T") :]
    return TimexSpan(
        start=first.start,
        end=second.end,
        text=text[first.start : second.end],
        type="TIME",
        value=value,
    )
