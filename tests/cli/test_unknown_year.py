"""``dateline timeline`` and ``dateline events`` never print a day of unknown year as its TimeML
placeholder ("XXXX-08-23"): the table says "08-23 (year unknown)", JSONL and CSV give a null
date with its month and day, as the API and exports do."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from tests.store.unknown_year import MEETING_DATE, build_store, date_fields

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("unknown-year"))


def shown(db: Path, verb: str, fmt: str) -> str:
    args = [verb, "--db", str(db), "--format", fmt, "--min-confidence", "0"]
    result = runner.invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "XXXX" not in result.output
    return result.output


@pytest.mark.parametrize("verb", ["timeline", "events"])
def test_the_table_says_the_year_is_unknown(db: Path, verb: str) -> None:
    assert "08-23 (year unknown)" in shown(db, verb, "table")


def test_timeline_jsonl_gives_the_month_and_day(db: Path) -> None:
    rows = [json.loads(line) for line in shown(db, "timeline", "jsonl").splitlines()]
    (meeting,) = [row for row in rows if row["type"] == "CONSULT"]
    assert date_fields(meeting) == MEETING_DATE


def test_events_jsonl_gives_the_month_and_day(db: Path) -> None:
    rows = [json.loads(line) for line in shown(db, "events", "jsonl").splitlines()]
    (meeting,) = [row for row in rows if row["type"] == "CONSULT"]
    assert meeting["date"] is None
    assert date_fields(meeting["event"]) == MEETING_DATE


@pytest.mark.parametrize("verb", ["timeline", "events"])
def test_csv_leaves_the_date_empty(db: Path, verb: str) -> None:
    rows = list(csv.DictReader(io.StringIO(shown(db, verb, "csv"))))
    (meeting,) = [row for row in rows if row["type"] == "CONSULT"]
    assert meeting["date"] == ""
