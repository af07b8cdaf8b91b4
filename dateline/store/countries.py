"""Events per country and month: the view ACLED and GDELT users start from, over the fused
events a filter keeps (by default the timeline's: no statements, the default confidence)."""

from __future__ import annotations

from collections import defaultdict

from dateline.model import Record
from dateline.store.duck import Store
from dateline.store.fused import FusedFilter, matching_ids
from dateline.store.places import FUSED_PLACES

# An event's month: the first seven characters of a date that gives one ("2021-08",
# "2021-08-23"); a year alone, a day of unknown year ("XXXX-08-23") or no date gives none.
_MONTH = r"""CASE WHEN regexp_full_match(f.date, '\d{4}-\d{2}(-\d{2})?')
    THEN substr(f.date, 1, 7) END"""


class MonthCount(Record, frozen=True, kw_only=True):
    month: str | None  # YYYY-MM; None for the events whose date names no month
    events: int


class CountryCount(Record, frozen=True, kw_only=True):
    """The events placed in one country, in all and by month (earliest first)."""

    country: str  # ISO 3166-1 alpha-3
    name: str  # as GeoNames names it
    events: int
    months: tuple[MonthCount, ...]

    def in_month(self, month: str | None) -> int:
        """The events of ``month`` (YYYY-MM; None: those whose date names no month)."""
        return next((m.events for m in self.months if m.month == month), 0)


class CountryCounts(Record, frozen=True, kw_only=True):
    """Every country with events, most events first; ``months`` lists every month any of them
    has (earliest first), ``unplaced`` counts the events kept that have no place."""

    months: tuple[str, ...]
    countries: tuple[CountryCount, ...]
    unplaced: int

    def has_no_month(self) -> bool:
        """Whether some counted event's date names no month (a year alone, or no date)."""
        return any(m.month is None for country in self.countries for m in country.months)


def country_counts(store: Store, *, where: FusedFilter | None = None) -> CountryCounts:
    """The fused events ``where`` keeps (its page aside), counted by their place's country and
    their month."""
    from dateline.extract.places import country_display

    ids, params = matching_ids(where or FusedFilter())
    found = store.con.execute(
        f"""SELECT json_extract_string(p.place, '$.country') AS country, {_MONTH} AS month,
                   count(*) AS events
            FROM fused_events f LEFT JOIN ({FUSED_PLACES}) p ON p.fused_id = f.id
            WHERE f.id IN ({ids})
            GROUP BY ALL""",
        params,
    ).fetchall()
    by_country: dict[str, dict[str | None, int]] = defaultdict(dict)
    unplaced = 0
    for country, month, events in found:
        if country is None:
            unplaced += events
        else:
            by_country[country][month] = events
    countries = [
        CountryCount(
            country=country,
            name=country_display(country) or country,
            events=sum(months.values()),
            months=tuple(
                MonthCount(month=month, events=events)
                for month, events in sorted(months.items(), key=_month_order)
            ),
        )
        for country, months in by_country.items()
    ]
    return CountryCounts(
        months=tuple(sorted({m for months in by_country.values() for m in months if m})),
        countries=tuple(sorted(countries, key=lambda c: (-c.events, c.country))),
        unplaced=unplaced,
    )


def _month_order(item: tuple[str | None, int]) -> tuple[bool, str]:
    return item[0] is None, item[0] or ""  # the events without a month last
