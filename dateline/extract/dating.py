"""Dating an article that came without a date, from what its own text says (DESIGN §5).

An article with no date in its metadata, its dateline or the user's ``--published`` is dated
here, as closely as its text allows, and never closer:

- **Offices held on a date.** "Secretary of State Antony Blinken" can only have been written
  while Blinken held that office (from 26 January 2021), "President-elect Donald Trump" only
  between November 2016 and January 2017. The knowledge base's dated roles give these periods;
  every titled person the text names narrows the range.
- **A weekday with a day of the month.** "Monday, Aug. 23" happened in a year whose 23 August
  was a Monday: 2010, 2021 or 2027. Within the range the offices allow, that is usually one.
- **The days it names.** Once the year is known, two or more days named within three weeks
  ("on Aug. 24 … early on Aug. 25", "June 23, 2021") give its month.

The estimate is a year, or a year and month, with the cues that gave it; never a day (a
confident wrong day is worse than a month). Where the cues disagree or leave several years open,
the article stays undated. ``benchmarks/dating.py`` measures this on news-2017 and Reuters with
their dates hidden.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from dateline.extract.actors.kb import KnowledgeBase
from dateline.extract.actors.records import KbEntry
from dateline.extract.actors.roles import title_words, titled_roles
from dateline.extract.timex import find_timexes
from dateline.model import PublishedPrecision, Record, Role

# An office's title may outlive it by a few weeks in print (wire copy, late corrections).
_OFFICE_GRACE = timedelta(days=31)
_FAR_PAST, _FAR_FUTURE = date(1900, 1, 1), date(2100, 12, 31)
# Named people: two to four capitalised words ("Antony Blinken", "Shah Mahmood Qureshi").
_WORD = r"[A-ZÀ-Þ][\w'’\-]*\.?"
_NAMES = re.compile(rf"(?<![\w'’\-]){_WORD}(?:[ \t]+{_WORD}){{1,3}}")
_TITLE_BEFORE = 60  # characters before a name that may hold its title
# Month and weekday names are no surnames ("Prime Minister May" is Theresa May only when the
# article says "Theresa May"; "in May" follows many titles).
_NOT_SURNAMES = frozenset(
    {"may", "june", "july", "august", "march", "april", "monday", "friday", "sunday"}
)
# "former Prime Minister David Cameron" was written after he left; "then-President Obama" and
# "the late President" could have been written at any time since.
_FORMER = frozenset({"former", "ex"})
_PAST_QUALIFIERS = frozenset({"then", "late", "erstwhile"})
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_WEEKDAY_NAME = r"\b(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = re.compile(_WEEKDAY_NAME, re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(_WEEKDAY_NAME + r"[\s,]*$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_UNKNOWN_YEAR = re.compile(r"^XXXX-(\d\d)-(\d\d)")  # a day of unknown year, time and all
_FULL_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
# Days named within three weeks of each other are one month's news: at least two of them, all
# within that span, give the article the month of the latest (on news-2017's development half
# the month is then right about three times in four; one day alone is as often a deadline or
# an anniversary as the news of the day).
_MONTH_SPREAD = 21
_MONTH_DAYS = 2


class Period(Record, frozen=True, kw_only=True):
    start: date
    end: date


class DateCue(Record, frozen=True, kw_only=True):
    """One thing the text says about when it was written, and the periods it allows."""

    kind: Literal["office", "weekday"]
    text: str
    periods: tuple[Period, ...]


class PublishedEstimate(Record, frozen=True, kw_only=True):
    """When an undated article was written, as far as its text tells: ``value`` is TimeML
    ("2021-08", "2021"), ``precision`` says which; ``cues`` what gave it."""

    value: str
    precision: PublishedPrecision
    cues: tuple[str, ...]

    @property
    def year(self) -> int:
        return int(self.value[:4])

    @property
    def month(self) -> int | None:
        return int(self.value[5:7]) if self.precision == "month" else None


class TimeMention(Record, frozen=True, kw_only=True):
    """A date expression of the text: its characters and TimeML value (anchor-free)."""

    text: str
    value: str
    start: int


class TextCues(Record, frozen=True, kw_only=True):
    """What an article's text says about when it was written."""

    # the periods it can have been written in (offices held, weekdays matching days)
    allowed: tuple[Period, ...]
    used: tuple[str, ...]  # the cues that narrowed ``allowed``, as the text names them
    days: tuple[date, ...]  # the full dates it names ("June 23, 2021")
    month_days: tuple[tuple[int, int], ...]  # the days of unknown year ("Aug. 25": (8, 25))


def text_cues(kb: KnowledgeBase, text: str, title: str | None) -> TextCues:
    """The dating cues of an article's title and text."""
    whole = f"{title}\n\n{text}" if title else text
    mentions = [
        TimeMention(text=found.text, value=found.value, start=found.start)
        for found in find_timexes(whole, anchor=None)
        if found.type == "DATE" and found.value
    ]
    weekdays, full = date_cues(whole, mentions)
    allowed: tuple[Period, ...] = (Period(start=_FAR_PAST, end=_FAR_FUTURE),)
    used: list[str] = []
    for cue in sorted([*office_cues(kb, whole), *weekdays], key=_cue_order):
        narrowed = _intersect(allowed, cue.periods)
        if narrowed:  # a cue at odds with the others (a misread title) is passed over
            allowed = narrowed
            used.append(cue.text)
    month_days = tuple(
        (int(found[1]), int(found[2]))
        for mention in mentions
        if (found := _MONTH_DAY.match(mention.value))
    )
    return TextCues(allowed=allowed, used=tuple(used), days=tuple(full), month_days=month_days)


def estimate_article(kb: KnowledgeBase, text: str, title: str | None) -> PublishedEstimate | None:
    """When an undated article was written, from its title and text alone: None where they
    do not leave a single year."""
    return estimate(text_cues(kb, text, title))


def estimate(cues: TextCues) -> PublishedEstimate | None:
    """The year the cues leave, when they leave one, with its month where the days the text
    names in that year agree on one (or the month where they leave two years and the days
    fall in one); else None."""
    years = _years(cues.allowed)
    if not cues.used or len(years) > 2:
        return None
    found = _dated(cues, cues.allowed, list(cues.used))
    # two years open (an office held from November): only the days it names can choose
    return found if len(years) == 1 or found.precision == "month" else None


def estimate_near(
    cues: TextCues, reference: Sequence[date], *, reach: timedelta, label: str
) -> PublishedEstimate | None:
    """When an undated article was written, given dates it was most likely written near (the
    dated articles of its story, or of the whole store): within ``reach`` of the first and the
    last of them, where its own text agrees. Its month where the days it names fall in that
    span, or where all the reference dates fall in one month and the reach is a story's; else
    their year where they fall in one, or the span's where it holds only one; else None."""
    if not reference:
        return None
    ordered = sorted(reference)
    window = Period(start=ordered[0] - reach, end=ordered[-1] + reach)
    allowed = _intersect(cues.allowed, (window,))
    if not allowed:
        return None  # the text rules the reference out: an old article filed with new ones
    used = [*cues.used, label]
    # within weeks of its story's dated articles, one day it names is this month's; within a
    # store's year, one day named is as often an anniversary or an election day as the news
    found = _dated(cues, allowed, used, least=1 if reach <= STORY_REACH else _MONTH_DAYS)
    if found.precision == "month":
        return found
    months = {(day.year, day.month) for day in ordered}
    if len(months) == 1 and reach <= STORY_REACH:
        year, month = months.pop()
        return PublishedEstimate(value=f"{year:04d}-{month:02d}", precision="month",
                                 cues=tuple(used))  # fmt: skip
    years = {day.year for day in ordered}
    if len(years) == 1 and (year := years.pop()) in _years(allowed):
        # written near articles all of one year, which its text allows: that year
        return PublishedEstimate(value=f"{year:04d}", precision="year", cues=tuple(used))
    return found if len(_years(allowed)) == 1 else None


# How near the other articles of an undated article's story, and of its store, it is taken to
# have been written: a story's reports come within weeks; a store of one crisis within a year.
STORY_REACH = timedelta(days=45)
STORE_REACH = timedelta(days=183)


def _dated(
    cues: TextCues, allowed: tuple[Period, ...], used: list[str], *, least: int = _MONTH_DAYS
) -> PublishedEstimate:
    """The estimate within ``allowed`` (assumed to hold one year, or to end up with a month):
    the month of the latest named day when ``least`` or more days it names lie there, within
    three weeks of each other."""
    named = [*cues.days] + [
        day
        for year in sorted(_years(allowed))
        for month, day_of_month in cues.month_days
        if (day := _day(year, month, day_of_month)) is not None
    ]
    days = sorted({day for day in named if _inside(allowed, day)})
    if len(days) >= least and (days[-1] - days[0]).days <= _MONTH_SPREAD:
        latest = days[-1]
        return PublishedEstimate(
            value=f"{latest.year:04d}-{latest.month:02d}", precision="month",
            cues=(*used, *(day.isoformat() for day in days)),
        )  # fmt: skip
    years = _years(allowed)
    year = min(years) if years else _FAR_PAST.year
    return PublishedEstimate(value=f"{year:04d}", precision="year", cues=tuple(used))


def estimated_value(published: datetime, precision: PublishedPrecision) -> str:
    """An estimated date as TimeML writes it, stored as its first day: "2021-08", "2021"."""
    return published.strftime(_SHAPES[precision])


_SHAPES: dict[str, str] = {"month": "%Y-%m", "year": "%Y"}


def _years(allowed: Sequence[Period]) -> set[int]:
    return {year for period in allowed for year in range(period.start.year, period.end.year + 1)}


def with_year(value: str, estimate: PublishedEstimate) -> str:
    """A day of unknown year ("XXXX-08-25") in the estimated year: the one that puts it nearest
    the estimated month ("Dec. 30" in an article of 2017-01 is 2016-12-30); other values as
    they are."""
    found = _UNKNOWN_YEAR.match(value)
    if found is None:
        return value
    month = estimate.month or int(found[1])
    candidates = [
        year for year in (estimate.year - 1, estimate.year, estimate.year + 1)
        if _day(year, int(found[1]), int(found[2])) is not None
    ]  # fmt: skip
    if not candidates:
        return value
    target = estimate.year * 12 + month
    year = min(candidates, key=lambda y: (abs(y * 12 + int(found[1]) - target), y != estimate.year))
    return f"{year:04d}{value[4:]}"


def office_cues(kb: KnowledgeBase, text: str) -> list[DateCue]:
    """Each known person the text names with a title the knowledge base dates ("U.S. Secretary
    of State Antony Blinken"), with the periods that person held that office."""
    cues: list[DateCue] = []
    seen: set[tuple[str, str]] = set()
    for found in _NAMES.finditer(text):
        words = found.group().split()
        for size in range(min(len(words), 4), 0, -1):
            name = " ".join(words[-size:])
            name_start = found.end() - len(name)
            line_start = text.rfind("\n", 0, name_start) + 1
            before = text[max(line_start, name_start - _TITLE_BEFORE) : name_start]
            entry = _person(kb, name, before, surname=size == 1)
            if entry is None:
                continue
            roles = _titled_here(entry.roles, before)
            periods, said = _held(roles, before)
            key = (entry.id, said)
            if periods and key not in seen:
                seen.add(key)
                cues.append(DateCue(kind="office", text=f"{said} {entry.name}", periods=periods))
            break
    return cues


def _titled_here(roles: Sequence[Role], before: str) -> tuple[Role, ...]:
    """The roles whose title the words just before the name are ("U.S. Secretary of State"
    before "Antony Blinken"); a title further back belongs to someone else."""
    said = title_words(before)
    here = tuple(
        role for role in roles
        if role.title and (said == title_words(role.title)
                           or said.endswith(" " + title_words(role.title)))
    )  # fmt: skip
    return titled_roles(here, before)


def _held(roles: Sequence[Role], before: str) -> tuple[tuple[Period, ...], str]:
    """When the text can have been written, given it calls the person by these roles' title
    (and the title as it said it): while they held it, or after, for a "former" holder;
    "then-President" or "the late" say nothing about the article's own date."""
    if not roles:
        return (), ""
    title = roles[0].title or ""
    said = title_words(before)
    qualifier = said[: said.rfind(title_words(title))].split()[-1:]
    if qualifier and qualifier[0] in _PAST_QUALIFIERS:
        return (), title
    if qualifier and qualifier[0] in _FORMER:
        ends = [role.valid_to for role in roles if role.valid_to]
        return ((Period(start=max(ends), end=_FAR_FUTURE),) if ends else ()), f"former {title}"
    periods = tuple(
        Period(
            start=role.valid_from or _FAR_PAST,
            end=(role.valid_to + _OFFICE_GRACE) if role.valid_to else _FAR_FUTURE,
        )
        for role in roles
        if role.valid_from or role.valid_to
    )
    return periods, title


def _person(kb: KnowledgeBase, name: str, before: str, *, surname: bool) -> KbEntry | None:
    """The person ``name`` is: a full name the knowledge base knows, or a surname after a
    title only one person of that surname held ("President Trump", "Secretary Tillerson")."""
    if not surname:
        return kb.person(name)
    if not before.strip():
        return None
    if name.lower() in _NOT_SURNAMES:
        return None
    titled = {entry.id: entry for entry in kb.by_surname(name) if _titled_here(entry.roles, before)}
    return next(iter(titled.values())) if len(titled) == 1 else None


def date_cues(text: str, mentions: Iterable[TimeMention]) -> tuple[list[DateCue], list[date]]:
    """Weekday-and-day cues (the years they allow), and the full dates the text names."""
    cues: list[DateCue] = []
    full: list[date] = []
    for mention in mentions:
        found = _FULL_DAY.match(mention.value)
        if found:
            day = _day(int(found[1]), int(found[2]), int(found[3]))
            if day is not None:
                full.append(day)
            continue
        found = _MONTH_DAY.match(mention.value)
        weekday = _weekday_near(text, mention)
        if found and weekday is not None:
            month, day_of_month = int(found[1]), int(found[2])
            periods = tuple(
                Period(start=day, end=day + timedelta(days=7))
                for year in range(_FAR_PAST.year, _FAR_FUTURE.year + 1)
                if (day := _day(year, month, day_of_month)) and day.weekday() == weekday
            )
            if periods:
                cues.append(DateCue(kind="weekday", text=mention.text, periods=periods))
    return cues, full


def _cue_order(cue: DateCue) -> tuple[int, int]:
    """Offices first, then the weekday cues they make unique; narrow cues before wide."""
    return (0 if cue.kind == "office" else 1, len(cue.periods))


def _intersect(left: Sequence[Period], right: Sequence[Period]) -> tuple[Period, ...]:
    found = [
        Period(start=max(a.start, b.start), end=min(a.end, b.end))
        for a in left
        for b in right
        if max(a.start, b.start) <= min(a.end, b.end)
    ]
    return tuple(sorted(found, key=lambda period: period.start))


def _inside(allowed: Sequence[Period], day: date) -> bool:
    return any(period.start <= day <= period.end for period in allowed)


def _day(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _weekday_near(text: str, mention: TimeMention) -> int | None:
    """The weekday written with a day of the month ("Monday, Aug. 23", "Aug. 23 (Monday)")."""
    found = _WEEKDAY.search(mention.text)
    if found is None:
        found = _WEEKDAY_BEFORE.search(text[max(0, mention.start - 12) : mention.start])
    return _WEEKDAYS[found[1].lower()] if found else None
