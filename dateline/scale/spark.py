"""``dateline run --engine spark``: the pipeline on Apache Spark, into a Parquet-dataset store.

The driver reads inputs only as paths (a folder or glob becomes its files' paths). Spark then
runs the per-article stages (``dateline.scale.tasks``): each file through the local ingest, the
articles ordered and numbered as a local run numbers them (by file, then by place in the file,
the first of an id kept), each batch of articles through the local extractor. Their rows are
staged as Parquet, one folder per table, and duplicates are linked by LSH band joins
(``dateline.scale.duplicates``). Stories in time windows and fusion by story are Spark jobs too,
with dating between them on the driver (``dateline.scale.corpus``), which writes the dataset;
it appears whole or not at all.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from dateline.config import IngestConfig
from dateline.dedup import NearDupConfig
from dateline.errors import Errors, config_error
from dateline.ingest.published import parse_user_date
from dateline.ingest.sources import STDIN, expand_paths, printable_path
from dateline.model import Record, Rejection
from dateline.scale import DEFAULT_MASTER
from dateline.scale.corpus import STAGED, CorpusReport, finish_run
from dateline.scale.parts import ARTICLE, PART_COLUMNS, PART_SCHEMA, SPAN_DAYS
from dateline.store.dataset import remove_partial, replace_folder

log = logging.getLogger(__name__)

EXTRACT_BATCH = 32  # articles per batch through the extractor, as ``extract_pending`` does


class SparkTimes(Record, frozen=True, kw_only=True):
    """Seconds each Spark step took (each one Spark job or a few, written as Parquet)."""

    ingest: float  # reading, cleaning and signing, per file
    extract: float  # numbering, id conflicts and extraction, per batch of articles
    tables: float  # every table's rows decoded into typed Parquet
    duplicates: float  # LSH band joins, verified pairs, components, links


class SparkRunSummary(Record, frozen=True, kw_only=True):
    """What one Spark run did, in the local run's terms, and where its time went."""

    master: str
    files: int
    report: CorpusReport
    times: SparkTimes
    spark_seconds: float  # session start, ingest, extraction, duplicates on Spark
    # stories and fusion on Spark; loading, dating and the dataset on the driver
    corpus_seconds: float


def run_on_spark(
    paths: Sequence[str],
    *,
    db: Path,
    master: str = DEFAULT_MASTER,
    published: str | None = None,
    partitions: int | None = None,
    story_span: int = SPAN_DAYS,
    session: Any = None,
) -> SparkRunSummary:
    """Run the pipeline over ``paths`` on Spark (``master``: ``local[2]``, ``spark://…``,
    ``yarn``) into the Parquet-dataset store ``db`` (a folder that must not hold one yet).
    ``session`` is a running ``SparkSession`` to use (left running); else one is started and
    stopped. ``partitions`` splits the articles for extraction (default: Spark's parallelism);
    ``story_span`` is the days of each stories window (the stories do not depend on it)."""
    config = IngestConfig(published=parse_user_date(published) if published else None)
    _check_target(db)
    entries = list(expand_paths(paths))
    if STDIN in entries:
        raise config_error(Errors.E004, detail="--engine spark reads files, not stdin (-)")
    files = [(n, str(entry)) for n, entry in enumerate(e for e in entries if isinstance(e, Path))]
    missing = [entry for entry in entries if isinstance(entry, Rejection)]
    label = " ".join(printable_path(path) for path in paths)
    db.parent.mkdir(parents=True, exist_ok=True)
    staging = db.with_name(db.name + ".partial")
    remove_partial(staging)  # what an interrupted run into this folder left
    started = time.perf_counter()
    spark = session if session is not None else spark_session(master)
    try:
        present, times = _stage(spark, files, staging=staging, config=config, partitions=partitions)
        staged = time.perf_counter()
        report = finish_run(
            spark,
            staging,
            staging / "dataset",
            rejections=missing,
            label=label,
            present=present,
            started=started,
            span=story_span,
        )
        replace_folder(staging / "dataset", db)
    finally:
        remove_partial(staging)  # what a failed run staged, or a finished one left behind
        if session is None:
            spark.stop()
    return SparkRunSummary(
        master=master,
        files=len(files),
        report=report,
        times=times,
        spark_seconds=staged - started,
        corpus_seconds=time.perf_counter() - staged,
    )


def spark_session(master: str) -> Any:
    """A Spark session for dateline's jobs; E010 where pyspark or Java is missing."""
    try:
        import pandas  # noqa: F401  (the workers' frames: part of the spark extra)
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise config_error(Errors.E010, detail=f"{err.name} is not installed") from err
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise config_error(Errors.E010, detail="no Java runtime (java on PATH or JAVA_HOME)")
    # Spark's Python workers must be this interpreter, which has dateline and its models.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("dateline")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(EXTRACT_BATCH))
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        # On one machine the shuffles (ids, windows, parts) are small: Spark's 200 partitions
        # are tasks that cost more than they carry. A cluster keeps its own setting (spark-submit
        # --conf), which a session's builder would otherwise override.
        builder = builder.config("spark.sql.shuffle.partitions", "16")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")  # its warnings are not the user's to act on
    return session


def _stage(
    spark: Any,
    files: list[tuple[int, str]],
    *,
    staging: Path,
    config: IngestConfig,
    partitions: int | None,
) -> tuple[int, SparkTimes]:
    """Ingest, extract and link duplicates on Spark, staging every table as Parquet under
    ``staging``; how many articles an earlier input already gave (same id, same content),
    and how long each step took."""
    from dateline.scale.duplicates import stage_duplicates
    from dateline.scale.tasks import ingest_files

    width = partitions or spark.sparkContext.defaultParallelism
    clock = time.perf_counter()
    listed = spark.createDataFrame(files, "file_index long, path string")
    listed.repartition(max(1, min(width, len(files)))).mapInPandas(
        partial(ingest_files, config=config), PART_SCHEMA
    ).write.parquet(str(staging / "ingested"))
    ingested = time.perf_counter()
    present = _extract(spark, staging, width=width)
    extracted = time.perf_counter()
    _decode_tables(spark, staging)
    decoded = time.perf_counter()
    stage_duplicates(spark, staging, config=NearDupConfig())
    times = SparkTimes(
        ingest=ingested - clock,
        extract=extracted - ingested,
        tables=decoded - extracted,
        duplicates=time.perf_counter() - decoded,
    )
    log.info("on Spark: %s", times)
    return present, times


def _extract(spark: Any, staging: Path, *, width: int) -> int:
    """Number the ingested articles, keep the first of each id, extract them in batches, and
    stage every part (and the id conflicts' rejections) by table; how many were present."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    from dateline.scale.tasks import conflict_rejections, extract_articles

    parts = spark.read.parquet(str(staging / "ingested"))
    # The first article of each id (by file, then place in it) is kept, as a local run keeps
    # it; a later one with other content is an id conflict, one with the same is present.
    by_id = Window.partitionBy("id").orderBy("file_index", "seq")
    ranked = (
        parts.where(F.col("table") == ARTICLE)
        .withColumn("rank", F.row_number().over(by_id))
        .withColumn("first_hash", F.first("content_hash").over(by_id))
    )
    later = ranked.where(F.col("rank") > 1)
    present = int(later.where(F.col("content_hash") == F.col("first_hash")).count())
    conflicts = later.where(F.col("content_hash") != F.col("first_hash")).select(*PART_COLUMNS)
    extracted = (
        _numbered(ranked.where(F.col("rank") == 1))
        .repartition(width)
        .sortWithinPartitions("seq")
        .mapInPandas(extract_articles, PART_SCHEMA)
    )
    (
        extracted.unionByName(conflicts.mapInPandas(conflict_rejections, PART_SCHEMA))
        .unionByName(parts.where(F.col("table").isin("rejections", "inputs")))
        .write.partitionBy("table")
        .parquet(str(staging / "parts"))
    )
    return present


def _decode_tables(spark: Any, staging: Path) -> None:
    """Each table's parts decoded into typed rows, staged as Parquet (``staging/<table>``)."""
    from dateline.scale.tables import decode_tables, store_schemas

    decode_tables(spark, staging / "parts", staging, store_schemas(STAGED))


def _numbered(kept: Any) -> Any:
    """``kept`` articles with the ``seq`` a local run gives them: 1, 2, … by file, then by
    place in the file (each file's count offsets the next; only the counts meet in one task)."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    before = Window.orderBy("file_index").rowsBetween(Window.unboundedPreceding, -1)
    offsets = (
        kept.groupBy("file_index")
        .count()
        .withColumn("offset", F.coalesce(F.sum("count").over(before), F.lit(0)))
    )
    in_file = Window.partitionBy("file_index").orderBy("seq")
    return (
        kept.withColumn("n", F.row_number().over(in_file))
        .join(offsets, "file_index")
        .withColumn("seq", F.col("offset") + F.col("n"))
        .select(*PART_COLUMNS)
    )


def _check_target(db: Path) -> None:
    if db.exists() and (not db.is_dir() or any(db.iterdir())):
        detail = (
            f"--db {db} must be a new or empty folder: a Spark run writes a whole dataset, and "
            "adding to one it wrote before is not built yet"
        )
        raise config_error(Errors.E004, detail=detail)
