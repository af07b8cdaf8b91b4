"""The Spark engine on ``local[2]`` gives the local run's records (DESIGN §8): the same inputs
through ``Dateline.run`` (DuckDB) and ``run_on_spark`` (a Parquet dataset) give equal tables,
ids, duplicate links, stories and fused events included, and the query verbs read the dataset.

One Spark session and one pair of runs serve the whole module. Skips with its reason where
pyspark or Java is missing (pip install 'dateline[spark]'; make install-spark).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from dateline.cli import main as cli_main
from dateline.errors import DatelineError
from dateline.library import open_store
from dateline.store.dataset import PARTITION
from dateline.store.duck import Store
from tests.conftest import SHARED

pytest.importorskip("pyspark", reason="the spark extra is not installed (make install-spark)")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

from dateline.scale.spark import run_on_spark, spark_session

# make test runs xdist with --dist loadfile: one worker takes the module, so the runs happen once
pytestmark = [pytest.mark.spark, pytest.mark.slow]

NEWS = SHARED / "corpora" / "news-articles-2017.jsonl.gz"
NEWS_ARTICLES = 12  # enough outlets and days to fuse across; few, to keep CI's time modest
REPORT = (
    "Pakistan's foreign minister held talks with his Chinese counterpart in Islamabad on "
    "Thursday about the situation in Afghanistan. Both sides called on the Taliban to form an "
    "inclusive government and to cut ties with militant groups, the ministry said."
)
STORY_SPAN = 3  # days of each stories window on Spark
# Columns that say when a run happened (and what is derived from it), never what it found.
RUN_TIME = {"ingested_at", "extracted_at", "rejected_at", "started_at", "finished_at"}
TABLES = (
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
    "stories",
    "article_stories",
    "fused_events",
    "fused_mentions",
    "story_state",
    "meta",
)  # not fusion_state (its fingerprints hash extraction times) nor runs (the command lines)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The seeds, and two JSONL files that hold what the corpus stages must handle alike: an
    exact and a near copy, an id given twice with other content (in another file) and with
    the same, a line that is no JSON, and news-2017 articles from several outlets."""
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(seeds_dir, folder / "seeds")
    seed = (seeds_dir / sorted(os.listdir(seeds_dir))[0]).read_text(encoding="utf-8")
    title, _, text = seed.partition("\n")
    # the seed's text as JSONL is cleaned apart from its .txt file: a near copy of it
    wire = {"id": "wire", "title": title, "text": text, "source": "Copy Wire"}
    first = [
        wire,
        {"id": "copy-near", "title": title, "text": text + "\nMore details to follow.",
         "source": "Other Wire", "published": "2021-08-25"},
        {"id": "clash", "text": "The minister met the envoy in Ankara on Tuesday to talk trade."},
        {"id": "report", "text": REPORT, "source": "First Post", "published": "2021-08-26"},
    ]  # fmt: skip
    second = [
        {"id": "clash", "text": "A second article with the same id and other words entirely."},
        wire,  # the same id and content again: already present
        {**wire, "id": "wire-again"},  # the same text under another id: near the seed too
        {"id": "report-copy", "text": REPORT, "source": "Second Post", "published": "2021-08-27"},
        *_news(),
    ]
    (folder / "a.jsonl").write_text(_lines(first) + "{not json\n", encoding="utf-8")
    (folder / "b.jsonl").write_text(_lines(second), encoding="utf-8")
    return folder


def _news() -> list[dict[str, Any]]:
    if not NEWS.is_file():  # ../shared/ absent: the crafted inputs and seeds still run
        return []
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, NEWS_ARTICLES)]


def _lines(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


@pytest.fixture(scope="module")
def stores(inputs: Path, spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same inputs run locally into a DuckDB file and on Spark into a dataset folder."""
    out = tmp_path_factory.mktemp("stores")
    paths = [str(inputs / "seeds"), str(inputs / "a.jsonl"), str(inputs / "b.jsonl")]
    with open_store(out / "local.duckdb") as news:
        news.run(paths)
    # windows of a few days: the inputs' days fall in several, so stories cross their edges
    run_on_spark(paths, db=out / "dataset", session=spark, story_span=STORY_SPAN)
    return out / "local.duckdb", out / "dataset"


@pytest.mark.parametrize("table", TABLES)
def test_spark_run_gives_the_local_runs_rows(stores: tuple[Path, Path], table: str) -> None:
    local, dataset = stores
    with Store(local, read_only=True) as one, Store(dataset, read_only=True) as other:
        assert _rows(other, table) == _rows(one, table)


def test_the_run_exercised_what_the_corpus_stages_decide(stores: tuple[Path, Path]) -> None:
    """The equality above is no empty claim: duplicates, a conflict, stories, fused events
    reported by several articles are all in it."""
    with Store(stores[1], read_only=True) as store:
        found = store.con.execute(
            """SELECT (SELECT count(*) FROM articles WHERE duplicate_kind = 'exact'),
                      (SELECT count(*) FROM articles WHERE duplicate_kind = 'near'),
                      (SELECT count(*) FROM rejections WHERE reason = 'id_conflict'),
                      (SELECT count(*) FROM rejections WHERE reason = 'malformed_json'),
                      (SELECT count(*) FROM stories),
                      (SELECT count(*) FROM fused_events WHERE num_articles > 1)"""
        ).fetchall()[0]
    exact, near, conflicts, malformed, stories, fused = found
    assert (exact, near, conflicts, malformed) == (1, 3, 1, 1)
    assert stories >= 3
    assert fused >= 1


def test_article_tables_are_partitioned_by_publication_day(stores: tuple[Path, Path]) -> None:
    days = {path.name for path in (stores[1] / "events").iterdir()}
    assert f"{PARTITION}=2021-08-25" in days


@pytest.mark.parametrize(
    "command",
    [
        ["timeline", "--format", "jsonl"],
        ["events", "--format", "jsonl"],
        ["stories", "--format", "jsonl"],
        ["actors", "--format", "jsonl"],
        ["quotes", "--format", "jsonl"],
        ["export", "events", "--format", "jsonl"],
        ["export", "mentions", "--format", "gdelt"],
    ],
)
def test_query_verbs_read_the_dataset_as_the_duckdb_file(
    stores: tuple[Path, Path], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for db in stores:
        assert cli_main.run_cli([*command, "--db", str(db)]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0]
    assert outputs[1] == outputs[0]


@pytest.mark.parametrize("path", ["/api/events", "/api/timeline", "/api/stories", "/api/overview"])
def test_the_http_api_reads_the_dataset_as_the_duckdb_file(
    stores: tuple[Path, Path], path: str
) -> None:
    from fastapi.testclient import TestClient

    from dateline.api.app import create_app

    bodies = []
    for db in stores:
        with TestClient(create_app(db)) as client:
            response = client.get(path)
            assert response.status_code == 200
            bodies.append(response.json())
    assert bodies[1] == bodies[0]


def test_a_spark_run_refuses_a_folder_that_holds_a_dataset(
    stores: tuple[Path, Path], inputs: Path, spark: Any
) -> None:
    with pytest.raises(DatelineError, match="must be a new or empty folder"):
        run_on_spark([str(inputs / "a.jsonl")], db=stores[1], session=spark)


def _rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    """Every row of ``table`` without the columns that say when a run happened, sorted."""
    columns = [
        row[0]
        for row in store.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
        if row[0] not in RUN_TIME
    ]
    names = ", ".join(f'"{column}"' for column in columns)
    # ``table`` comes from this module's constant list
    return sorted(store.con.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)
