"""Exports as users run them: every kind and format from a store built from the seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.export.formats import GDELT_COLUMNS, write
from dateline.export.tables import KINDS, ExportKind, export_table
from dateline.store.duck import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "s.duckdb"
    runner.invoke(
        app, ["run", str(seeds_dir), "--db", str(path), "--published", "2021-08-25", "-q"]
    )
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_jsonl_and_csv_have_one_row_per_record(db: Path, kind: ExportKind) -> None:
    with Store(db, read_only=True) as store:
        table = export_table(store, kind)
    assert table.num_rows > 0
    text = io.StringIO()
    write(table, fmt="jsonl", out=text)
    assert len(text.getvalue().splitlines()) == table.num_rows
    sheet = io.StringIO()
    write(table, fmt="csv", out=sheet)
    rows = list(csv.reader(io.StringIO(sheet.getvalue())))
    assert rows[0] == table.schema.names
    assert len(rows) == table.num_rows + 1


def test_parquet_is_partitioned_by_publication_date(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    args = ["export", "events", "--db", str(db), "-f", "parquet", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["published_date=2021-08-25"]
    assert pq.read_table(out).num_rows > 0


def test_gdelt_rows_have_the_61_columns(db: Path) -> None:
    result = runner.invoke(app, ["export", "events", "--db", str(db), "-f", "gdelt"])
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows and all(len(row) == len(GDELT_COLUMNS) == 61 for row in rows)
    burns = next(row for row in rows if "WILLIAM BURNS" in row)
    named = dict(zip(GDELT_COLUMNS, burns, strict=True))
    assert (named["SQLDATE"], named["EventRootCode"], named["QuadClass"]) == ("20210823", "04", "1")
    assert named["Actor2Name"] == "ABDUL GHANI BARADAR"
    # "met ... in Kabul": a world city, FIPS codes as GDELT writes them, GeoNames' feature id
    geo = [named[f"ActionGeo_{part}"] for part in ("Type", "FullName", "CountryCode", "FeatureID")]
    assert geo == ["4", "Kabul, Afghanistan", "AF", "1138958"]


def test_plover_records(db: Path) -> None:
    result = runner.invoke(app, ["export", "events", "--db", str(db), "-f", "plover"])
    records = [json.loads(line) for line in result.output.splitlines()]
    met = next(
        r
        for r in records
        if r["event_text"] == ["met"] and r["actor"] and r["actor"][0]["name"] == "William Burns"
    )
    assert (met["event"], met["date"], met["quad_code"]) == (["CONSULT"], "2021-08-23", 1)
    assert met["recipient"][0] == {
        "code": "AFG",
        "name": "Abdul Ghani Baradar",
        "sector": "GOV",
        "id": "per:abdul-ghani-baradar",
    }
    place = met["event_loc"]
    assert (place["name"], place["geonames_id"], place["country"]) == ("Kabul", 1138958, "AFG")
    assert (round(place["lat"], 2), round(place["lon"], 2), place["basis"]) == (
        34.53,
        69.17,
        "gazetteer",
    )


@pytest.mark.parametrize("args", [["actors", "-f", "gdelt"], ["events", "-f", "parquet"]])
def test_impossible_combinations_are_usage_errors(db: Path, args: list[str]) -> None:
    assert runner.invoke(app, ["export", *args, "--db", str(db)]).exit_code == 2


def test_csv_cells_that_would_run_as_formulas_are_text() -> None:
    import pyarrow as pa

    table = pa.table(
        {
            "title": ['=HYPERLINK("http://x.test","click")', "+1", "@SUM(A1)", "-2+3", "Plain"],
            "count": [1, -2, 3, 4, 5],
        }
    )
    sheet = io.StringIO()
    write(table, fmt="csv", out=sheet)
    rows = list(csv.reader(io.StringIO(sheet.getvalue())))
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x.test","click")',
        "'+1",
        "'@SUM(A1)",
        "'-2+3",
        "Plain",
    ]
    assert [row[1] for row in rows[1:]] == ["1", "-2", "3", "4", "5"]  # numbers stay numbers


def test_excel_csv_starts_with_a_byte_order_mark(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.csv"
    args = ["export", "actors", "--db", str(db), "-f", "csv", "--excel", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Çavuşoğlu" in data.decode("utf-8-sig")
    refused = runner.invoke(app, ["export", "actors", "--db", str(db), "--excel"])
    assert refused.exit_code == 2
