"""Place and country filters and the per-country counts, on a store of real extractions."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

import dateline
from dateline.errors import DatelineError
from dateline.export.tables import export_table
from dateline.store.countries import country_counts
from dateline.store.duck import Store
from dateline.store.events import EventFilter, list_events
from dateline.store.fused import MAX_LIMIT, FusedFilter, count_fused, list_fused
from dateline.store.places import Near, check_country, near_place
from tests.store.placed import COUNTRY_OF, UNPLACED, build_placed_store

pytestmark = pytest.mark.slow

EVERY = {"min_confidence": 0.0, "limit": MAX_LIMIT}  # not the coder's confidence under test


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_placed_store(tmp_path_factory.mktemp("places"))


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store(db, read_only=True) as opened:
        yield opened


def fused_articles(store: Store, **where: object) -> set[str]:
    found = list_fused(store, where=FusedFilter(**{**EVERY, **where}))
    return {view.first_article_id for view in found}


def test_the_store_has_the_events_the_filters_choose_among(store: Store) -> None:
    assert fused_articles(store) >= {*COUNTRY_OF, *UNPLACED}


@pytest.mark.parametrize(
    ("country", "expected"),
    [("AFG", {"kabul", "kandahar"}), ("TUR", {"ankara"}), ("USA", set()), ("QAT", set())],
)
def test_a_country_keeps_the_events_placed_in_it(
    store: Store, country: str, expected: set[str]
) -> None:
    # the "unplaced" article names the United States and Doha, but as a party and an
    # agreement: its event has no place, so no country matches it
    assert fused_articles(store, country=country) == expected


@pytest.mark.parametrize(
    ("name", "km", "expected"),
    [
        ("Kabul", 50, {"kabul"}),
        ("Kabul", 600, {"kabul", "kandahar"}),
        ("Ankara", 50, {"ankara"}),
        ("Istanbul", 50, set()),  # 350 km from Ankara
        ("Istanbul", 400, {"ankara"}),
    ],
)
def test_near_keeps_the_events_within_the_radius(
    store: Store, name: str, km: float, expected: set[str]
) -> None:
    assert fused_articles(store, near=near_place(name, within_km=km)) == expected


def great_circle_km(one: Near, other: Near) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (one.lat, one.lon, other.lat, other.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(("margin", "is_kept"), [(-2.0, False), (2.0, True)])
def test_the_radius_is_the_great_circle_distance(
    store: Store, margin: float, is_kept: bool
) -> None:
    apart = great_circle_km(near_place("Kabul"), near_place("Kandahar"))
    assert 400 < apart < 500
    found = fused_articles(store, near=near_place("Kabul", within_km=apart + margin))
    assert ("kandahar" in found) is is_kept


def test_each_articles_events_take_the_same_filters(store: Store) -> None:
    where = EventFilter(country="AFG", min_confidence=0.0, include_statements=True)
    found = list_events(store, where=where)
    assert {stored.event.article_id for stored in found} == {"kabul", "kandahar"}
    assert all(stored.event.place and stored.event.place.country == "AFG" for stored in found)
    near = EventFilter(near=near_place("Ankara"), min_confidence=0.0, include_statements=True)
    assert {stored.event.article_id for stored in list_events(store, where=near)} == {"ankara"}


def test_a_fused_event_carries_its_place(store: Store) -> None:
    (kabul,) = list_fused(store, where=FusedFilter(country="AFG", near=near_place("Kabul")))
    assert kabul.place is not None
    assert (kabul.place.name, kabul.place.geonames_id, kabul.place.country) == (
        "Kabul",
        1138958,
        "AFG",
    )
    unplaced = list_fused(store, where=FusedFilter(**EVERY))
    assert all(view.place is None for view in unplaced if view.first_article_id in UNPLACED)


@pytest.mark.parametrize("kind", ["events", "mentions"])
def test_exports_keep_the_events_placed_there(store: Store, kind: str) -> None:
    table = export_table(store, kind, country="AFG")  # type: ignore[arg-type]
    assert table.num_rows >= 2
    assert set(table["place_country"].to_pylist()) == {"AFG"}
    near = export_table(store, kind, near=near_place("Ankara"))  # type: ignore[arg-type]
    assert set(near["article_id"].to_pylist()) == {"ankara"}


def test_the_python_api_takes_the_place_filters(db: Path) -> None:
    with dateline.open_store(db, read_only=True) as news:
        afghan = news.timeline(country="afg", min_confidence=0)
        assert set(afghan["article_id"].to_pylist()) == {"kabul", "kandahar"}
        near = news.mentions(near="Kabul", within=600, min_confidence=0)
        assert set(near["article_id"].to_pylist()) == {"kabul", "kandahar"}
        with pytest.raises(DatelineError, match="E008"):
            news.timeline(near="Zzyzxtown")
        with pytest.raises(DatelineError, match="E004"):
            news.timeline(country="XYZ")


@pytest.mark.parametrize(
    ("code", "expected"), [("AFG", "AFG"), ("afg", "AFG"), (" tur ", "TUR"), ("XKX", "XKX")]
)
def test_country_codes_are_iso_alpha_3(code: str, expected: str) -> None:
    assert check_country(code) == expected


@pytest.mark.parametrize("code", ["XYZ", "AF", "Afghanistan", ""])
def test_other_country_values_are_coded_errors(code: str) -> None:
    with pytest.raises(DatelineError, match="E004"):
        check_country(code)


def test_an_unknown_place_is_a_coded_error() -> None:
    with pytest.raises(DatelineError, match="E008 Unknown place 'Zzyzxtown'"):
        near_place("Zzyzxtown")


@pytest.mark.parametrize("km", [0.0, -5.0, 30_000.0])
def test_a_radius_must_be_a_distance_on_earth(km: float) -> None:
    with pytest.raises(DatelineError, match="E004"):
        near_place("Kabul", within_km=km)


def test_countries_count_their_events_by_month(store: Store) -> None:
    counts = country_counts(store, where=FusedFilter(min_confidence=0.0))
    by_country = {c.country: c for c in counts.countries}
    assert set(by_country) == {"AFG", "TUR"}
    afghanistan = by_country["AFG"]
    assert (afghanistan.name, afghanistan.events) == ("Afghanistan", 2)
    assert [(m.month, m.events) for m in afghanistan.months] == [("2021-08", 1), ("2021-09", 1)]
    assert [(m.month, m.events) for m in by_country["TUR"].months] == [("2021-09", 1)]
    assert counts.months == ("2021-08", "2021-09")
    assert [c.country for c in counts.countries] == ["AFG", "TUR"]  # most events first


@pytest.mark.parametrize(
    "where",
    [
        FusedFilter(),  # the timeline's default: no statements, the default confidence
        FusedFilter(min_confidence=0.0, include_statements=True),
        FusedFilter(min_confidence=0.0, since="2021-09"),
        FusedFilter(min_confidence=0.0, type="ASSAULT"),
    ],
)
def test_counts_cover_exactly_the_events_the_timeline_shows(
    store: Store, where: FusedFilter
) -> None:
    counts = country_counts(store, where=where)
    placed = sum(c.events for c in counts.countries)
    assert placed + counts.unplaced == count_fused(store, where=where)
    shown = list_fused(store, where=FusedFilter(**{**_fields(where), "limit": MAX_LIMIT}))
    expected: dict[str, int] = {}
    for view in shown:
        if view.place is not None and view.place.country:
            expected[view.place.country] = expected.get(view.place.country, 0) + 1
    assert {c.country: c.events for c in counts.countries} == expected


def _fields(where: FusedFilter) -> dict[str, object]:
    return {name: getattr(where, name) for name in where.__struct_fields__}


def test_the_python_api_counts_countries_as_rows(db: Path) -> None:
    with dateline.open_store(db, read_only=True) as news:
        rows = news.countries(min_confidence=0).to_pylist()
    assert {(r["country"], r["month"], r["events"]) for r in rows} == {
        ("AFG", "2021-08", 1),
        ("AFG", "2021-09", 1),
        ("TUR", "2021-09", 1),
    }
