"""A store as a Parquet dataset: one folder per table, partitioned by publication date, that the
Spark engine writes and DuckDB reads in place (DESIGN §8), so every query verb, the library and
the API read a cluster's output through the same SQL as a DuckDB file.

The dataset is written from a DuckDB store and read back as views over its files, with every
table of the schema present (empty where the dataset has no file for it), so a reader sees the
shape it knows whichever tables a run filled.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import msgspec

from dateline.errors import Errors, config_error
from dateline.store.schema import SCHEMA_VERSION, migrate

MANIFEST = "dateline-dataset.json"
PARTITION = "published_day"  # YYYY-MM-DD of the article's publication (UTC), or "undated"
UNDATED = "undated"

# Tables kept per article: each row goes in the partition of its article's publication day.
_BY_ARTICLE: dict[str, str] = {
    "article_signatures": "article_id",
    "extractions": "article_id",
    "mentions": "article_id",
    "timexes": "article_id",
    "quotes": "article_id",
    "events": "article_id",
    "article_stories": "article_id",
    "fused_mentions": "article_id",
    "story_state": "article_id",
    "fusion_state": "article_id",
    "fused_events": "first_article_id",  # a real-world event: the day it was first reported
}
# Tables not about one article (or, for rejections, about inputs that never became one).
_WHOLE = ("meta", "rejections", "runs", "actors", "actor_roles", "stories", "inputs")


class Manifest(msgspec.Struct, frozen=True, kw_only=True):
    """What a dataset folder holds: the schema version it was written with, and its tables."""

    schema_version: int
    tables: tuple[str, ...]
    partition: str = PARTITION


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` names a folder store (a Parquet dataset) rather than a DuckDB file."""
    return Path(path).is_dir()


def write_dataset(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Write every table of the store behind ``con`` into ``folder`` (which must not exist yet),
    article tables partitioned by publication day; a manifest names the schema version."""
    folder.mkdir(parents=True)
    written: list[str] = []
    day = f"coalesce(strftime(published, '%Y-%m-%d'), '{UNDATED}') AS {PARTITION}"
    for table in ("articles", *_BY_ARTICLE, *_WHOLE):
        if not _count(con, table):
            continue
        target = str(folder / table)
        if table == "articles":
            query = f"SELECT *, {day} FROM articles"
        elif table in _BY_ARTICLE:
            query = (
                f"SELECT t.*, {day} FROM {table} t "
                f"LEFT JOIN (SELECT id, published FROM articles) a ON a.id = t.{_BY_ARTICLE[table]}"
            )
        else:
            Path(target).mkdir()
            target = str(Path(target) / "part-0.parquet")
            query = f"SELECT * FROM {table}"
        options = "FORMAT parquet"
        if table not in _WHOLE:
            options += f", PARTITION_BY ({PARTITION})"
        con.execute(f"COPY ({query}) TO '{_quoted(target)}' ({options})")
        written.append(table)
    manifest = Manifest(schema_version=SCHEMA_VERSION, tables=tuple(written))
    (folder / MANIFEST).write_bytes(msgspec.json.format(msgspec.json.encode(manifest)) + b"\n")


def open_dataset(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection where each table of ``folder``'s dataset is a view over its
    Parquet files (the partition column left out) and every other table of the schema is empty."""
    manifest = _manifest(folder)
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    migrate(con, path=str(folder))
    for table in manifest.tables:
        files = _quoted(str(folder / table / "**" / "*.parquet"))
        drop = "" if table in _WHOLE else f" EXCLUDE ({PARTITION})"
        con.execute(f"DROP TABLE {table}")
        con.execute(
            f"CREATE VIEW {table} AS SELECT *{drop} FROM "
            f"read_parquet('{files}', hive_partitioning = {table not in _WHOLE})"
        )
    return con


def replace_folder(staged: Path, folder: Path) -> None:
    """Move a finished dataset into place: ``folder`` appears whole or not at all (an empty
    folder the user made for it is replaced)."""
    if folder.exists():
        folder.rmdir()  # refused (OSError) unless empty: a run never deletes what it did not write
    staged.rename(folder)


def remove_partial(staged: Path) -> None:
    """Remove what an unfinished run left in its staging folder."""
    shutil.rmtree(staged, ignore_errors=True)


def _manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not path.is_file():
        detail = f"{folder} is a folder but holds no dateline dataset ({MANIFEST} is missing)"
        raise config_error(Errors.E004, detail=detail)
    manifest = msgspec.json.decode(path.read_bytes(), type=Manifest)
    if manifest.schema_version > SCHEMA_VERSION:
        raise config_error(
            Errors.E003, path=folder, found=manifest.schema_version, known=SCHEMA_VERSION
        )
    if manifest.schema_version < SCHEMA_VERSION:  # a dataset is written whole, never migrated
        detail = (
            f"the dataset {folder} has schema version {manifest.schema_version}, older than "
            f"this dateline ({SCHEMA_VERSION}): run it again with --engine spark"
        )
        raise config_error(Errors.E004, detail=detail)
    return manifest


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    # ``table`` comes from this module's constant lists, never from input.
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def _quoted(path: str) -> str:
    return path.replace("'", "''")
