"""The corpus-level stages of a Spark run after extraction: stories and fusion as Spark jobs
(``dateline.scale.stories``, ``dateline.scale.fusion``), between them on the driver what needs
the whole store's view, in a DuckDB work store that the staged tables are loaded into: the
duplicate links Spark found, the dating of undated articles from their stories (extracting
those again), and the actor registry fusion reads; the store is then written out as the
Parquet dataset.

The driver reads staged rows through DuckDB (out of core), never through Spark's collect. Every
step is the local run's code over the same rows, so the records are the local run's.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dateline.extract.run import ExtractReport, extract_pending
from dateline.fuse.stories import StoryConfig
from dateline.ingest.run import IngestReport
from dateline.model import Record, Rejection
from dateline.scale.parts import DUPLICATES
from dateline.store.dataset import write_dataset
from dateline.store.dating import date_from_store
from dateline.store.duck import Store
from dateline.store.extracted import load_registry
from dateline.store.fusion import FusionOutcome, export_reports, record_fusion
from dateline.store.query import list_rejections
from dateline.store.stories import StoryOutcome, record_stories

# The staged tables, in the order they load (articles first: the others refer to them).
STAGED = (
    "articles",
    "article_signatures",
    "rejections",
    "inputs",
    "extractions",
    "mentions",
    "timexes",
    "quotes",
    "events",
    "actors",
    "actor_roles",
)


class CorpusReport(Record, frozen=True, kw_only=True):
    """What the corpus-level stages found, in the local run's terms."""

    ingest: IngestReport
    extract: ExtractReport
    stories: StoryOutcome  # seconds: the Spark job and its rows staged
    fusion: FusionOutcome  # seconds: the reports written, the Spark job, its rows loaded
    redated: int  # undated articles their stories dated, extracted again on the driver


def finish_run(
    spark: Any,
    staging: Path,
    out: Path,
    *,
    rejections: Sequence[Rejection],
    label: str,
    present: int,
    started: float,
    span: int,
) -> CorpusReport:
    """Group stories and fuse on Spark, date on the driver, and write the dataset to ``out``.
    ``rejections`` are the driver's own (inputs that named nothing), ``present`` the articles
    whose id and content an earlier input already gave, ``span`` the stories' window days."""
    from dateline.scale.stories import STORY_TABLES, stage_stories
    from dateline.scale.tables import decode_tables, store_schemas

    config = StoryConfig()
    clock = time.perf_counter()
    schemas = store_schemas(STORY_TABLES)
    parts = stage_stories(spark, staging, config=config, span=span, schemas=schemas)
    decode_tables(spark, parts, staging, schemas)
    grouping = time.perf_counter() - clock
    with Store(staging / "work.duckdb") as store:
        run_id = store.begin_run("spark " + label)
        load_staged(store, staging, tables=(*STAGED, *STORY_TABLES))
        store.insert_rejections(rejections)
        link_duplicates(store, staging / DUPLICATES)
        extracted = _extract_report(store, seconds=time.perf_counter() - started)
        grouped = record_stories(store, config=config)
        redated = date_from_store(store)
        if redated:  # as locally: undated articles their stories date are extracted again
            extract_pending(store)
        fused = _fuse(spark, store, staging)
        added = int(store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0])
        found = tuple(list_rejections(store))
        store.finish_run(run_id, added=added, rejected=len(found))
        write_dataset(store.con, out)
    report = IngestReport(
        added=added,
        already_present=present,
        rejections=found,
        seconds=time.perf_counter() - started,
    )
    return CorpusReport(
        ingest=report,
        extract=extracted,
        stories=StoryOutcome(
            articles=grouped.articles,
            stories=grouped.stories,
            seconds=grouping,
            regrouped=grouped.regrouped,
        ),
        fusion=fused,
        redated=redated,
    )


def _fuse(spark: Any, store: Store, staging: Path) -> FusionOutcome:
    """Fuse the stored events on Spark (their rows written out by DuckDB) and load the fused
    events into ``store``, with what fusion saw of every article."""
    from dateline.scale.fusion import FUSION_TABLES, stage_fusion
    from dateline.scale.tables import decode_tables, store_schemas

    clock = time.perf_counter()
    registry = load_registry(store)
    reports = staging / "reports.parquet"
    export_reports(store, reports)
    parts = stage_fusion(spark, staging, reports=reports, registry=registry)
    decode_tables(spark, parts, staging, store_schemas(FUSION_TABLES))
    load_staged(store, staging, tables=FUSION_TABLES)
    outcome = record_fusion(store, registry=registry)
    return FusionOutcome(
        reports=outcome.reports,
        fused=outcome.fused,
        multi_source=outcome.multi_source,
        seconds=time.perf_counter() - clock,
    )


def load_staged(store: Store, staging: Path, *, tables: Sequence[str] = STAGED) -> None:
    """Each of the staged ``tables`` into ``store``, in one transaction; of an actor several
    articles named, the row of the first (by seq), as a local run keeps it."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        for table in tables:
            files = staging / table
            if not files.is_dir():
                continue
            source = f"read_parquet('{_quoted(str(files / '*.parquet'))}')"
            columns = ", ".join(_columns(store, table))
            if table == "actors":
                source = f"(SELECT * FROM {source} QUALIFY row_number() OVER "
                source += "(PARTITION BY id ORDER BY first_seq) = 1)"
            conflict = " ON CONFLICT DO NOTHING" if table in ("rejections", "inputs") else ""
            # ``table`` comes from dateline's constant lists, never from input.
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {source}{conflict}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def link_duplicates(store: Store, links: Path) -> None:
    """Set every article's duplicate link to the one Spark found (none where it found none)."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE articles SET duplicate_of = NULL, duplicate_kind = NULL, "
            "duplicate_similarity = NULL"
        )
        if links.is_dir():
            source = f"read_parquet('{_quoted(str(links / '*.parquet'))}')"
            con.execute(
                f"""UPDATE articles SET duplicate_of = d.duplicate_of,
                        duplicate_kind = d.duplicate_kind,
                        duplicate_similarity = d.duplicate_similarity
                    FROM {source} AS d WHERE articles.id = d.article_id"""
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _extract_report(store: Store, *, seconds: float) -> ExtractReport:
    found = store.con.execute(
        """SELECT (SELECT count(*) FROM extractions), (SELECT count(*) FROM mentions),
                  (SELECT count(*) FROM quotes), (SELECT count(*) FROM timexes)"""
    ).fetchall()[0]
    return ExtractReport(
        articles=found[0], mentions=found[1], quotes=found[2], timexes=found[3], seconds=seconds
    )


def _columns(store: Store, table: str) -> list[str]:
    found = store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [f'"{row[0]}"' for row in found]


def _quoted(path: str) -> str:
    return path.replace("'", "''")
