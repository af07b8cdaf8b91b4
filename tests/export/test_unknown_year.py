"""Exports never give a day of unknown year as its TimeML placeholder ("XXXX-08-23"): JSONL,
CSV and the Python API's tables have a null ``date`` with its month, day and text; GDELT's
SQLDATE and PLOVER's date, which mean the event's day, stay empty."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli.main import app
from dateline.export.formats import GDELT_COLUMNS
from tests.store.unknown_year import MEETING_DATE, build_store, date_fields

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("unknown-year"))


def export(db: Path, kind: str, fmt: str) -> str:
    args = ["export", kind, "--db", str(db), "-f", fmt, "--min-confidence", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "XXXX" not in result.output
    return result.output


@pytest.mark.parametrize("kind", ["events", "mentions"])
def test_jsonl_gives_the_month_and_day_and_no_year(db: Path, kind: str) -> None:
    rows = [json.loads(line) for line in export(db, kind, "jsonl").splitlines()]
    (meeting,) = [row for row in rows if row["type"] == "CONSULT"]
    assert date_fields(meeting) == MEETING_DATE


@pytest.mark.parametrize("kind", ["events", "mentions"])
def test_csv_leaves_the_date_empty_beside_its_month_and_day(db: Path, kind: str) -> None:
    rows = list(csv.DictReader(io.StringIO(export(db, kind, "csv"))))
    (meeting,) = [row for row in rows if row["type"] == "CONSULT"]
    shown = {name: meeting[name] for name in ("date", "date_month", "date_day", "date_text")}
    assert shown == {
        "date": "",
        "date_month": "8",
        "date_day": "23",
        "date_text": "08-23 (year unknown)",
    }


def test_gdelt_has_no_sqldate_for_a_day_it_cannot_place_in_a_year(db: Path) -> None:
    lines = export(db, "events", "gdelt").splitlines()
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    (meeting,) = [row for row in rows if row["EventRootCode"] == "04"]  # CONSULT
    dates = {name: meeting[name] for name in ("SQLDATE", "MonthYear", "Year", "FractionDate")}
    assert dates == dict.fromkeys(dates, "")


def test_plover_has_no_date_for_it(db: Path) -> None:
    records = [json.loads(line) for line in export(db, "events", "plover").splitlines()]
    (meeting,) = [record for record in records if record["event"] == ["CONSULT"]]
    assert meeting["date"] is None


def test_the_python_tables_give_it_as_the_exports_do(db: Path) -> None:
    with dateline.open_store(db, read_only=True) as store:
        tables = (store.timeline(min_confidence=0.0), store.mentions(min_confidence=0.0))
        for table in tables:
            (meeting,) = [row for row in table.to_pylist() if row["type"] == "CONSULT"]
            assert date_fields(meeting) == MEETING_DATE
