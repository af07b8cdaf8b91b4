"""Write an export table as JSONL, CSV, Parquet (partitioned by publication date), or, for events,
as GDELT 2.0 event-table rows and PLOVER JSONL records.

GDELT and PLOVER are other projects' formats: only the columns that dateline's data can fill
are filled, the rest are left empty, as both formats allow.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

import msgspec
import pyarrow as pa
import pyarrow.parquet as pq

from dateline.export.cells import spreadsheet_cell
from dateline.extract.places import country_display, fips_code

ExportFormat = Literal["jsonl", "csv", "parquet", "gdelt", "plover"]
PARTITION = "published_date"
_encoder = msgspec.json.Encoder()

# GDELT 2.0 event table, in order (the codebook's 61 columns).
GDELT_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]


def write(table: pa.Table, *, fmt: ExportFormat, out: Path | TextIO, excel: bool = False) -> None:
    """Write ``table`` in ``fmt``; Parquet needs a folder, the text formats a path or stream.
    ``excel`` starts a CSV with a UTF-8 byte order mark, which Excel needs to read UTF-8."""
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise TypeError("Parquet is written to a folder path, not a stream")
        _parquet(table, out)
    elif isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            _write_text(table, fmt=fmt, stream=stream, excel=excel)
    else:
        _write_text(table, fmt=fmt, stream=out, excel=excel)


def _write_text(table: pa.Table, *, fmt: ExportFormat, stream: TextIO, excel: bool) -> None:
    if fmt == "csv":
        if excel:
            stream.write("\ufeff")
        writer = csv.writer(stream)
        writer.writerow(table.schema.names)
        writer.writerows(
            [spreadsheet_cell(_flat(value)) for value in row.values()] for row in _rows(table)
        )
        return
    lines = {"jsonl": _jsonl, "plover": _plover, "gdelt": _gdelt}[fmt](table)
    stream.writelines(lines)


def _rows(table: pa.Table) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches():
        yield from batch.to_pylist()


def _jsonl(table: pa.Table) -> Iterator[str]:
    for row in _rows(table):
        yield _encoder.encode(row).decode() + "\n"


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else value


def _parquet(table: pa.Table, folder: Path) -> None:
    """A dataset partitioned by publication date (``published_date=2021-08-25/``)."""
    folder.mkdir(parents=True, exist_ok=True)
    if PARTITION in table.schema.names:
        as_text = pa.array([_flat(v) or "unknown" for v in table[PARTITION].to_pylist()])
        table = table.set_column(table.schema.get_field_index(PARTITION), PARTITION, as_text)
        pq.write_to_dataset(
            table,
            root_path=str(folder),
            partition_cols=[PARTITION],
            existing_data_behavior="delete_matching",
        )
    else:
        pq.write_table(table, str(folder / "part-0.parquet"))


def _plover(table: pa.Table) -> Iterator[str]:
    """PLOVER JSONL (PLOVER manual, table 6.1): one record per event."""
    for row in _rows(table):
        record = {
            "id": row["event_id"],
            "has_event": True,
            "date": _day(row),
            "actor": [_entity(row, "actor")] if row["actor_id"] or row["actor_text"] else [],
            "recipient": [_entity(row, "recipient")]
            if row["recipient_id"] or row["recipient_text"]
            else [],
            "event": [row["type"]],
            "event_loc": _event_loc(row),
            "event_text": [row["anchor_text"]],
            "quad_code": row["quad"],
            "event_scale": row["intensity"],
            "mode": [row["mode"]] if row["mode"] else [],
            "context": list(row["context"] or []),
            "text": row["sentence"],
            "cite_info": {
                "url": row["url"],
                "source": row["source"],
                "article_id": row["article_id"],
            },
            "coder": f"dateline {row['decided_by']}",
            "modality": row["modality"],
            "cameo": row["cameo"],
        }
        yield _encoder.encode(record).decode() + "\n"


def _day(row: dict[str, Any]) -> str | None:
    """The event's day, the one date GDELT's SQLDATE and PLOVER's date take; None for a month,
    a year, no date or a day of unknown year (whose ``date`` is null): both formats leave the
    date empty rather than have a reader take a made-up year for the event's."""
    date = row["date"]
    return date if date and row["date_precision"] == "day" and date[:4].isdigit() else None


def _event_loc(row: dict[str, Any]) -> dict[str, Any] | None:
    """PLOVER's location object: the place phrase (of the event's clause, or of its article's
    dateline) and, where resolved, where it is; with no phrase, the country of the event's
    parties or its article's dateline city."""
    if not row["location"] and row["place_basis"] not in ("actors", "dateline"):
        return None
    return {
        "name": row["place_name"] or row["location"],
        "text": row["location"],
        "geonames_id": row["place_geonames_id"],
        "feature": row["place_feature"],
        "country": row["place_country"],
        "admin1": row["place_adm1"],
        "lat": row["place_lat"],
        "lon": row["place_lon"],
        "basis": row["place_basis"] or "unresolved",
    }


# GDELT's ActionGeo_Type: 1 a country, 3 a US city, 4 a city elsewhere
_GEO_TYPES = {"country": 1, "city": 4}


def _action_geo(row: dict[str, Any]) -> dict[str, Any]:
    """GDELT's ActionGeo columns from the event's resolved place (GeoNames ids, FIPS country
    codes as GDELT writes them); the phrase alone where it is unresolved."""
    if row["place_basis"] not in ("gazetteer", "dateline", "actors"):
        return {"ActionGeo_FullName": row["location"] or ""}
    fips = fips_code(row["place_country"])
    kind = _GEO_TYPES.get(row["place_feature"] or "", 0)
    if kind == 4 and row["place_country"] == "USA":
        kind = 3
    full = row["place_name"] or ""
    country_name = country_display(row["place_country"])
    if kind != 1 and country_name:
        full = f"{full}, {country_name}"
    return {
        "ActionGeo_Type": kind,
        "ActionGeo_FullName": full,
        "ActionGeo_CountryCode": fips,
        "ActionGeo_ADM1Code": f"{fips}{row['place_adm1']}" if row["place_adm1"] else fips,
        "ActionGeo_Lat": row["place_lat"] if row["place_lat"] is not None else "",
        "ActionGeo_Long": row["place_lon"] if row["place_lon"] is not None else "",
        "ActionGeo_FeatureID": row["place_geonames_id"] or "",
    }


def _entity(row: dict[str, Any], role: str) -> dict[str, Any]:
    return {
        "code": row[f"{role}_country"],
        "name": row[f"{role}_name"] or row[f"{role}_text"],
        "sector": row[f"{role}_sector"],
        "id": row[f"{role}_id"],
    }


def _gdelt(table: pa.Table) -> Iterator[str]:
    """GDELT 2.0 event-table rows (tab-separated, no header, as GDELT publishes them)."""
    for row in _rows(table):
        values = dict.fromkeys(GDELT_COLUMNS, "")
        values.update(_gdelt_values(row))
        yield "\t".join(str(values[name]) for name in GDELT_COLUMNS) + "\n"


def _gdelt_values(row: dict[str, Any]) -> dict[str, Any]:
    day = _day(row)
    stamp = day.replace("-", "") if day else ""
    published = row["published"]
    return {
        "GLOBALEVENTID": row["event_id"],
        "SQLDATE": stamp,
        "MonthYear": stamp[:6],
        "Year": stamp[:4],
        "Actor1Code": row["actor_country"] or "",
        "Actor1Name": (row["actor_name"] or row["actor_text"] or "").upper(),
        "Actor1CountryCode": row["actor_country"] or "",
        "Actor1Type1Code": row["actor_sector"] or "",
        "Actor2Code": row["recipient_country"] or "",
        "Actor2Name": (row["recipient_name"] or row["recipient_text"] or "").upper(),
        "Actor2CountryCode": row["recipient_country"] or "",
        "Actor2Type1Code": row["recipient_sector"] or "",
        "IsRootEvent": 1,
        "EventCode": row["cameo"],
        "EventBaseCode": row["cameo"][:3],
        "EventRootCode": row["cameo"][:2],
        "QuadClass": row["quad"],
        "GoldsteinScale": row["intensity"],
        "NumMentions": row.get("num_mentions", 1),
        "NumSources": row.get("num_sources", 1),
        "NumArticles": row.get("num_articles", 1),
        **_action_geo(row),
        "DATEADDED": published.strftime("%Y%m%d%H%M%S") if published else "",
        "SOURCEURL": row["url"] or "",
    }
