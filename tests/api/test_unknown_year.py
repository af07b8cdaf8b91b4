"""The JSON API never gives a day of unknown year as its TimeML placeholder ("XXXX-08-23"):
``date`` is null and the month, day and a readable text say what is known."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dateline.api.app import create_app
from tests.store.unknown_year import MEETING_DATE, build_store, date_fields


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_store(tmp_path_factory.mktemp("unknown-year"))
    with TestClient(create_app(db)) as client:
        yield client


@pytest.fixture(scope="module")
def meeting(client: TestClient) -> dict[str, Any]:
    found = client.get("/api/events", params={"min_confidence": 0}).json()["items"]
    (event,) = [event for event in found if event["type"] == "CONSULT"]
    return dict(event)


def test_an_event_list_gives_the_month_and_day_and_no_year(meeting: dict[str, Any]) -> None:
    assert date_fields(meeting) == MEETING_DATE


def test_the_event_page_gives_each_report_so(client: TestClient, meeting: dict[str, Any]) -> None:
    page = client.get(f"/api/events/{meeting['id']}").json()
    assert date_fields(page["detail"]["event"]) == MEETING_DATE
    (report,) = page["detail"]["mentions"]
    assert report["event"]["date"] is None
    assert (report["date_month"], report["date_day"]) == (8, 23)
    assert report["date_text"] == "08-23 (year unknown)"
    assert page["date_spans"][0]["text"] == "Aug. 23"  # still the words it came from


@pytest.mark.parametrize(
    "path",
    [
        "/api/events?min_confidence=0",
        "/api/timeline?min_confidence=0",
        "/api/overview",
        "/api/map?min_confidence=0",
        "/api/countries?min_confidence=0",
        "/api/network?min_confidence=0",
        "/api/search?q=Burns",
        "/api/actors?q=Burns",
        "/api/stories",
    ],
)
def test_no_answer_holds_the_placeholder(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert "XXXX" not in answer.text


def test_the_event_and_actor_pages_hold_no_placeholder(
    client: TestClient, meeting: dict[str, Any]
) -> None:
    assert "XXXX" not in client.get(f"/api/events/{meeting['id']}").text
    actor = meeting["actor"]["id"]
    assert "XXXX" not in client.get(f"/api/actors/{actor}").text


def test_the_article_page_marks_events_without_it_and_keeps_timeml_in_timexes(
    client: TestClient,
) -> None:
    page = client.get("/api/articles/u1").json()
    assert "XXXX" not in json.dumps(page["events"])
    assert {mark["date_text"] for mark in page["events"]} >= {"08-23 (year unknown)"}
    # a time expression's value is TimeML by definition (DESIGN §2), as extract writes it
    assert "XXXX-08-23" in {timex["value"] for timex in page["timexes"]}


def test_a_network_edge_has_no_first_or_last_date_it_cannot_place(client: TestClient) -> None:
    (edge,) = client.get("/api/network", params={"min_confidence": 0}).json()
    assert (edge["first_date"], edge["last_date"]) == (None, None)
