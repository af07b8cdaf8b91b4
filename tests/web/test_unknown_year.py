"""Pages and the report never show a day of unknown year as its TimeML placeholder
("XXXX-08-23"), not even in the data their scripts draw from; they say "08-23 (year unknown)"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.api.app import create_app
from dateline.cli.main import app
from tests.store.unknown_year import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("unknown-year"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as client:
        yield client


@pytest.fixture(scope="module")
def meeting_id(client: TestClient) -> str:
    found = client.get("/api/events", params={"min_confidence": 0}).json()["items"]
    (event,) = [event for event in found if event["type"] == "CONSULT"]
    return str(event["id"])


@pytest.mark.parametrize(
    "path",
    ["/", "/timeline?min_confidence=0", "/map?min_confidence=0", "/network?min_confidence=0",
     "/search?q=Burns", "/actors", "/articles/u1"],
)  # fmt: skip
def test_no_page_holds_the_placeholder_even_in_its_script_data(
    client: TestClient, path: str
) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert "XXXX" not in page.text


def test_the_event_page_says_the_day_and_that_the_year_is_unknown(
    client: TestClient, meeting_id: str
) -> None:
    page = client.get(f"/events/{meeting_id}").text
    assert "XXXX" not in page
    assert "<title>CONSULT 08-23 (year unknown)" in page
    assert 'title="date 08-23 (year unknown)"' in page  # the highlighted "Aug. 23"


def test_the_report_holds_no_placeholder(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    args = ["report", "--db", str(db), "-o", str(out), "--min-confidence", "0"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    shown = out.read_text(encoding="utf-8")
    assert "08-23 (year unknown)" in shown
    assert "XXXX" not in shown
