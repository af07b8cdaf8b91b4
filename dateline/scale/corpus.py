"""The corpus-level stages of a Spark run that run on the driver: the tables Spark staged as
Parquet are loaded into a DuckDB work store, which takes the duplicate links Spark found, and
where the local run's own code groups stories, dates undated articles from them (extracting
those again), and fuses events; the store is then written out as the Parquet dataset.

This is the part of DESIGN §8 that is not distributed yet: it reads every staged row into one
process (DuckDB, out of core), never through Spark's collect. Its results are the local run's
by construction, since it is the local run's code over the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from dateline.extract.run import ExtractReport, extract_pending
from dateline.ingest.run import IngestReport
from dateline.model import Record, Rejection
from dateline.scale.parts import DUPLICATES
from dateline.store.dataset import write_dataset
from dateline.store.dating import date_from_store
from dateline.store.duck import Store
from dateline.store.fusion import FusionOutcome, fuse_store
from dateline.store.query import list_rejections
from dateline.store.stories import StoryOutcome, update_stories

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
    stories: StoryOutcome
    fusion: FusionOutcome
    redated: int  # undated articles their stories dated, extracted again on the driver


def finish_run(
    staging: Path,
    out: Path,
    *,
    rejections: Sequence[Rejection],
    label: str,
    present: int,
    started: float,
) -> CorpusReport:
    """Load ``staging``'s tables, run the corpus-level stages, write the dataset to ``out``.
    ``rejections`` are the driver's own (inputs that named nothing), ``present`` the articles
    whose id and content an earlier input already gave."""
    with Store(staging / "work.duckdb") as store:
        run_id = store.begin_run("spark " + label)
        load_staged(store, staging)
        store.insert_rejections(rejections)
        link_duplicates(store, staging / DUPLICATES)
        extracted = _extract_report(store, seconds=time.perf_counter() - started)
        grouped = update_stories(store)
        redated = date_from_store(store)
        if redated:  # as locally: undated articles their stories date are extracted again
            extract_pending(store)
        fused = fuse_store(store)
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
        ingest=report, extract=extracted, stories=grouped, fusion=fused, redated=redated
    )


def load_staged(store: Store, staging: Path) -> None:
    """Every staged table into ``store`` (fresh), in one transaction; of an actor several
    articles named, the row of the first (by seq), as a local run keeps it."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        for table in STAGED:
            files = staging / table
            if not files.is_dir():
                continue
            source = f"read_parquet('{_quoted(str(files / '*.parquet'))}')"
            columns = ", ".join(_columns(store, table))
            if table == "actors":
                source = f"(SELECT * FROM {source} QUALIFY row_number() OVER "
                source += "(PARTITION BY id ORDER BY first_seq) = 1)"
            conflict = " ON CONFLICT DO NOTHING" if table in ("rejections", "inputs") else ""
            # ``table`` comes from this module's constant list, never from input.
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
