"""The world map: country outlines shipped with the package, event dots drawn server-side as
escaped inline SVG, and the map page and report over a store of real extractions."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from typer.testing import CliRunner

from dateline.api.app import create_app
from dateline.cli.main import app
from dateline.model import Location
from dateline.store.fused import FusedView, Party
from dateline.web.worldmap import HEIGHT, WIDTH, outlines, placed, world_map
from tests.store.placed import build_placed_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

KABUL = Location(
    geonames_id=1138958,
    name="Kabul",
    feature="city",
    country="AFG",
    lat=34.52813,
    lon=69.17233,
    basis="gazetteer",
)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
DOT = re.compile(r'<a class="map-event" href="([^"]*)"><circle class="q(\d)" cx="([\d.]+)" '
                 r'cy="([\d.]+)" r="\d+"><title>([^<]*)</title></circle></a>')  # fmt: skip


def view(fused_id: str = "f-1", *, place: Location | None = KABUL, **fields: object) -> FusedView:
    values: dict[str, object] = {
        "id": fused_id,
        "type": "ASSAULT",
        "mode": None,
        "cameo": "190",
        "quad": 4,
        "intensity": -10.0,
        "actor": Party(id="grp:taliban", name="Taliban"),
        "recipient": None,
        "is_symmetric": False,
        "date": "2021-08-26",
        "date_month": 8,
        "date_day": 26,
        "date_text": "2021-08-26",
        "date_precision": "day",
        "date_basis": "explicit",
        "location": "Kabul",
        "place": place,
        "modality": "asserted",
        "confidence": 0.9,
        "story_id": None,
        "num_mentions": 1,
        "num_articles": 1,
        "num_sources": 1,
        "sources": ("Wire",),
        "first_article_id": "a",
        "first_reported": None,
        "evidence": "",
        "disagreements": (),
    }
    return FusedView(**{**values, **fields})  # type: ignore[arg-type]


def dots(svg: str) -> list[tuple[str, ...]]:
    return [match.groups() for match in DOT.finditer(svg)]


def test_a_placed_event_is_a_dot_where_its_place_is_linked_to_its_page() -> None:
    svg = world_map([view()], href=lambda fused_id: f"/events/{fused_id}")
    ((href, quad, x, y, title),) = dots(svg)
    assert (href, quad) == ("/events/f-1", "4")  # coloured as the timeline colours quad 4
    expected = ((69.17233 + 180) * 10, (84 - 34.52813) * 10)  # tenths of a degree from 180°W, 84°N
    assert (float(x), float(y)) == pytest.approx(expected, abs=0.1)
    assert title == "2021-08-26 · ASSAULT: Taliban → ? · in Kabul, AFG"
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert f'viewBox="0 0 {WIDTH} {HEIGHT}"' in svg


def test_a_named_city_is_drawn_over_a_named_country_it_lies_in() -> None:
    afghanistan = Location(
        geonames_id=1149361, name="Afghanistan", feature="country", country="AFG",
        lat=33.0, lon=66.0, basis="gazetteer",
    )  # fmt: skip
    # the country listed last, as the store may give it: still drawn first, under Kabul
    svg = world_map(
        [view("f-city"), view("f-country", place=afghanistan)],
        href=lambda fused_id: f"/events/{fused_id}",
    )
    assert [href for href, *_ in dots(svg)] == ["/events/f-country", "/events/f-city"]


def test_every_text_in_the_map_is_escaped() -> None:
    hostile = view(
        'f-"><script>1</script>',
        actor=Party(id="x", name=HOSTILE),
        location=HOSTILE,
        place=Location(name=HOSTILE, country="AFG", lat=34.5, lon=69.2, basis="gazetteer"),
    )
    svg = world_map([hostile], href=lambda fused_id: f"/events/{fused_id}")
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in svg
    assert 'href="/events/f-&#34;&gt;&lt;script&gt;1&lt;/script&gt;"' in svg
    assert len(dots(svg)) == 1


@pytest.mark.parametrize(
    "place",
    [
        None,
        Location(name="Zzyzxtown", basis="unresolved"),
        Location(name="Nowhere", lat=123.0, lon=10.0, basis="gazetteer"),
        Location(name="Nowhere", lat=10.0, lon=float("nan"), basis="gazetteer"),
    ],
)
def test_an_event_without_usable_coordinates_has_no_dot(place: Location | None) -> None:
    events = [view(place=place)]
    assert placed(events) == []
    assert dots(world_map(events, href=str)) == []


def test_events_at_one_place_are_spread_so_each_can_be_clicked() -> None:
    events = [view(f"f-{n}") for n in range(5)]
    found = dots(world_map(events, href=str))
    assert [href for href, *_ in found] == [f"f-{n}" for n in range(5)]
    assert len({(x, y) for _, _, x, y, _ in found}) == 5


def test_the_outlines_are_natural_earths_countries_in_the_package() -> None:
    by_code = {outline.iso3: outline for outline in outlines()}
    assert len(by_code) > 170
    assert {"AFG", "USA", "TUR", "RUS", "FJI", "XKX"} <= set(by_code)
    assert "ATA" not in by_code  # below the map's edge
    for outline in by_code.values():
        assert outline.rings
        for ring in outline.rings:
            assert len(ring) >= 6 and len(ring) % 2 == 0
            assert all(-900 <= lat <= 900 for lat in ring[1::2])
    assert (Path(__file__).parents[2] / "dateline/data/places/README.md").is_file()


def test_countries_with_events_are_shaded_and_named() -> None:
    svg = world_map([], href=str, countries=["AFG"])
    shaded = re.findall(r'<path class="land has-events" d="[^"]*"><title>([^<]*)</title>', svg)
    assert shaded == ["Afghanistan (AFG)"]
    assert svg.count("<path ") == len(outlines())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_placed_store(tmp_path_factory.mktemp("map"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as opened:
        yield opened


@pytest.mark.slow
def test_the_map_page_draws_the_filtered_events_linked_to_their_pages(client: TestClient) -> None:
    events = client.get("/api/map?min_confidence=0").json()["events"]["items"]
    ids = {item["first_article_id"]: item["id"] for item in events}
    assert set(ids) == {"kabul", "kandahar", "ankara"}  # the events with a place on the map
    page = client.get("/map?min_confidence=0")
    assert page.status_code == 200
    assert {href for href, *_ in dots(page.text)} == {f"/events/{i}" for i in ids.values()}
    turkey = client.get("/map?min_confidence=0&country=TUR")
    assert [href for href, *_ in dots(turkey.text)] == [f"/events/{ids['ankara']}"]
    near = client.get("/map?min_confidence=0&near=Kabul&within=600")
    assert {href for href, *_ in dots(near.text)} == {
        f"/events/{ids['kabul']}",
        f"/events/{ids['kandahar']}",
    }


@pytest.mark.slow
def test_the_map_page_counts_events_per_country_and_month(client: TestClient) -> None:
    page = client.get("/map?min_confidence=0").text
    rows = re.findall(r"<tr>\s*<td><a href=\"/timeline\?country=(\w+)\">([^<]+)</a>", page)
    assert rows == [("AFG", "Afghanistan"), ("TUR", "Turkey")]
    assert '<th class="num">2021-08</th><th class="num">2021-09</th>' in page
    assert "3 events have no place" in page


@pytest.mark.slow
def test_an_unknown_place_on_the_map_page_is_an_error_page(client: TestClient) -> None:
    page = client.get("/map?near=Zzyzxtown")
    assert page.status_code == 422
    assert "unknown_place" in page.text and "E008" in page.text


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/timeline", "/map", "/network"])
def test_a_filter_form_sent_with_blank_fields_filters_nothing(
    client: TestClient, path: str
) -> None:
    blank = "actor=&type=&modality=&story=&since=&until=&q=&country=&near=&within="
    assert client.get(f"{path}?{blank}").status_code == 200
    assert client.get("/api/events?since=").status_code == 422  # the API stays strict


@pytest.mark.slow
def test_the_report_has_the_map_with_each_dot_linked_to_its_listed_event(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    args = ["report", "--db", str(db), "-o", str(out), "--min-confidence", "0"]
    assert CliRunner().invoke(app, args).exit_code == 0
    html = out.read_text(encoding="utf-8")
    hrefs = [href for href, *_ in dots(html)]
    assert len(hrefs) == 3
    for href in hrefs:
        assert href.startswith("#event-")
        assert f'id="{href[1:]}"' in html  # the event's row in the report's table
    assert "Afghanistan" in html and "Natural Earth" in html


@pytest.mark.slow
def test_the_report_map_takes_the_place_filters(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "turkey.html"
    args = ["report", "--db", str(db), "-o", str(out), "--min-confidence", "0", "--near", "Ankara"]
    assert CliRunner().invoke(app, args).exit_code == 0
    titles = [title for *_, title in dots(out.read_text(encoding="utf-8"))]
    assert len(titles) == 1 and "in Ankara, TUR" in titles[0]


@pytest.mark.slow
def test_an_event_page_says_where_its_place_is(client: TestClient) -> None:
    (kabul,) = client.get("/api/events?min_confidence=0&near=Kabul").json()["items"]
    page = client.get(f"/events/{kabul['id']}").text
    assert 'Kabul → Kabul, <a href="/map?country=AFG">AFG</a>' in page


def test_a_country_known_only_from_the_parties_is_a_hollow_dot() -> None:
    place = Location(name="Afghanistan", feature="country", country="AFG", lat=33.0, lon=65.0,
                     basis="actors")  # fmt: skip
    svg = world_map([view(location=None, place=place)], href=lambda fused_id: f"/e/{fused_id}")
    assert dots(svg) == []  # not drawn as a spot
    assert '<circle class="q4 by-actors"' in svg
    assert "in Afghanistan, AFG (its parties&#39; country)" in svg


def test_named_places_are_drawn_over_countries_known_from_the_parties() -> None:
    country = Location(name="Afghanistan", feature="country", country="AFG", lat=34.5, lon=69.2,
                       basis="actors")  # fmt: skip
    svg = world_map(
        [view(location=None, place=country), view("f-2")],
        href=lambda fused_id: f"/e/{fused_id}",
    )
    assert svg.index("by-actors") < svg.index('href="/e/f-2"')  # later in the SVG: on top


def test_an_event_at_its_articles_dateline_is_a_spot_that_says_so() -> None:
    place = msgspec.structs.replace(KABUL, basis="dateline")
    svg = world_map([view(location=None, place=place)], href=lambda fused_id: f"/e/{fused_id}")
    ((*_, title),) = dots(svg)  # a filled dot: a city, not a country
    assert title.endswith("in Kabul, AFG (the article&#39;s dateline)")
