"""The store's tables as Spark stages them: their Arrow schemas, read from the store's own
migrations, and the decoding of a job's parts (Arrow IPC, one folder per table) into typed
Parquet, one folder per table, that DuckDB loads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dateline.scale.parts import FIRST_SEQ, decode_parts
from dateline.store.schema import migrate


def store_schemas(tables: Iterable[str]) -> dict[str, pa.Schema]:
    """Each table's Arrow schema, read from the store's own migrations; ``actors`` parts also
    carry the seq of the first article naming each (``FIRST_SEQ``)."""
    con = duckdb.connect(":memory:")
    try:
        migrate(con, path=":memory:")
        found = {
            table: con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
            for table in tables  # names from dateline's own constants, never from input
        }
    finally:
        con.close()
    if "actors" in found:
        found["actors"] = found["actors"].append(pa.field(FIRST_SEQ, pa.int64()))
    return found


def decode_tables(spark: Any, parts: Path, out: Path, schemas: Mapping[str, pa.Schema]) -> None:
    """Each table's parts under ``parts`` (``table=<name>``) decoded into typed rows, staged
    as Parquet in ``out/<table>``; a table without parts is left out (it has no rows)."""

    def write(table: str, schema: pa.Schema) -> None:
        found = parts / f"table={table}"
        if not found.is_dir():
            return
        spark_schema = _spark_schema(schema)
        decode = partial(decode_parts, schema=_arrow_schema(spark_schema))
        rows = spark.read.parquet(str(found)).mapInArrow(decode, spark_schema)
        rows.write.parquet(str(out / table))

    # one small job per table, submitted together so their tasks share the executors
    with ThreadPoolExecutor(max_workers=4) as pool:
        for done in [pool.submit(write, *item) for item in schemas.items()]:
            done.result()


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _arrow_schema(spark_schema: Any) -> pa.Schema:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(spark_schema)
