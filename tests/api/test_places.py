"""The HTTP API's place and country filters and its per-country counts, through a client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest

from dateline.api.app import create_app
from dateline.store.countries import CountryCounts
from tests.store.placed import build_placed_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_placed_store(tmp_path_factory.mktemp("api-places"))
    with TestClient(create_app(db)) as opened:
        yield opened


def get_json(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("route", ["/api/events", "/api/timeline"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=AFG", {"kabul", "kandahar"}),
        ("country=tur", {"ankara"}),
        ("near=Kabul", {"kabul"}),
        ("near=Kabul&within=600", {"kabul", "kandahar"}),
        ("near=Istanbul", set()),
    ],
)
def test_event_lists_keep_the_events_placed_there(
    client: TestClient, route: str, query: str, expected: set[str]
) -> None:
    page = get_json(client, f"{route}?min_confidence=0&{query}")
    assert {item["first_article_id"] for item in page["items"]} == expected
    assert page["total"] == len(expected)


def test_listed_events_carry_their_place(client: TestClient) -> None:
    (item,) = get_json(client, "/api/events?min_confidence=0&near=Ankara")["items"]
    assert (item["place"]["name"], item["place"]["country"]) == ("Ankara", "TUR")
    assert item["location"] == "Ankara"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("near=Zzyzxtown", "unknown_place"),
        ("country=XYZ", "invalid_parameter"),
        ("country=Afghanistan", "invalid_parameter"),
        ("near=Kabul&within=0", "invalid_parameter"),
        ("near=Kabul&within=-3", "invalid_parameter"),
    ],
)
def test_bad_place_values_are_coded_errors(client: TestClient, query: str, code: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_countries_count_events_per_month(client: TestClient) -> None:
    response = client.get("/api/countries?min_confidence=0")
    assert response.status_code == 200
    counts = msgspec.json.decode(response.content, type=CountryCounts)
    assert {(c.country, c.events) for c in counts.countries} == {("AFG", 2), ("TUR", 1)}
    assert counts.months == ("2021-08", "2021-09")
    assert counts.unplaced >= 2
    only = get_json(client, "/api/countries?min_confidence=0&until=2021-08")
    assert [(c["country"], c["months"]) for c in only["countries"]] == [
        ("AFG", [{"month": "2021-08", "events": 1}])
    ]


def test_the_countries_route_is_described(client: TestClient) -> None:
    spec = get_json(client, "/openapi.json")
    assert "/api/countries" in spec["paths"]
    assert "CountryCounts" in spec["components"]["schemas"]
