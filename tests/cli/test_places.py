"""``--country``, ``--near`` and ``--within`` on the query verbs, and ``dateline countries``,
as users run them: through typer's runner and, for the unknown place, as a real process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from tests.store.placed import build_placed_store

runner = CliRunner()
pytestmark = pytest.mark.slow
EVERY = ["--min-confidence", "0"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_placed_store(tmp_path_factory.mktemp("cli-places"))


def lines(db: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, [*args, "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--country", "AFG"], {"kabul", "kandahar"}),
        (["--country", "tur"], {"ankara"}),
        (["--near", "Kabul"], {"kabul"}),
        (["--near", "Kabul", "--within", "600"], {"kabul", "kandahar"}),
        (["--near", "Istanbul"], set()),
        (["--country", "AFG", "--near", "Ankara", "--within", "100"], set()),
    ],
)
def test_timeline_keeps_the_events_placed_there(
    db: Path, args: list[str], expected: set[str]
) -> None:
    found = lines(db, "timeline", *EVERY, *args)
    assert {event["first_article_id"] for event in found} == expected


def test_events_keeps_each_articles_events_placed_there(db: Path) -> None:
    found = lines(db, "events", *EVERY, "--statements", "--country", "AFG")
    assert {row["article_id"] for row in found} == {"kabul", "kandahar"}
    assert {row["event"]["place"]["country"] for row in found} == {"AFG"}  # type: ignore[index]


@pytest.mark.parametrize("kind", ["events", "mentions"])
def test_export_keeps_the_events_placed_there(db: Path, kind: str) -> None:
    args = ["export", kind, "--db", str(db), "-f", "jsonl", "--near", "Ankara"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {row["article_id"] for row in rows} == {"ankara"}
    assert {row["place_name"] for row in rows} == {"Ankara"}


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--country", "XYZ"],
        ["timeline", "--country", "Afghanistan"],
        ["events", "--near", "Kabul", "--within", "0"],
        ["export", "actors", "--country", "AFG"],
        ["countries", "--near", "Zzyzxtown"],
    ],
)
def test_bad_place_values_are_usage_errors(db: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2


def test_an_unknown_place_is_a_coded_error_not_a_crash(db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "timeline", "--near", "Zzyzxtown", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "E008 Unknown place 'Zzyzxtown'" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_countries_lists_events_per_country_and_month(db: Path) -> None:
    result = runner.invoke(app, ["countries", "--db", str(db), *EVERY, "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows == [
        ["country", "name", "events", "2021-08", "2021-09"],
        ["AFG", "Afghanistan", "2", "1", "1"],
        ["TUR", "Turkey", "1", "0", "1"],
    ]


def test_countries_takes_the_timelines_filters(db: Path) -> None:
    found = lines(db, "countries", *EVERY, "--since", "2021-09", "--country", "AFG")
    assert found == [
        {
            "country": "AFG",
            "name": "Afghanistan",
            "events": 1,
            "months": [{"month": "2021-09", "events": 1}],
        }
    ]


def test_countries_table_says_how_many_events_have_no_place(db: Path) -> None:
    result = runner.invoke(app, ["countries", "--db", str(db), *EVERY])
    assert result.exit_code == 0, result.output
    assert "Afghanistan" in result.output
    assert "3 events placed in 2 countries" in result.output
