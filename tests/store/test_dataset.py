"""The Parquet-dataset store: a store written as a folder reads back through ``Store`` as the
same rows, partitioned by publication day, and refuses to be written to."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from dateline.errors import DatelineError
from dateline.ingest.stages import Signed
from dateline.model import Article, Rejection, Segment
from dateline.store.dataset import MANIFEST, PARTITION, UNDATED, write_dataset
from dateline.store.duck import Store
from dateline.store.query import counts, get_article, list_articles, list_rejections
from dateline.store.schema import SCHEMA_VERSION
from tests.store.test_store import articles


def _article(article_id: str, published: datetime | None) -> Article:
    text = f"Article {article_id} says the talks went on for a second day in the capital."
    return Article(
        id=article_id,
        title=f"Title {article_id}",
        published=published,
        published_basis="user" if published else "unknown",
        language="en",
        text=text,
        content_hash=f"hash-{article_id}",
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC),
        origin=f"{article_id}.txt",
        format="text",
        raw_text=text,
        segments=(Segment(start=0, raw_start=0, length=len(text)),),
    )


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    with Store(":memory:") as store:
        store.write_batch(
            [
                Signed(article=_article("a", datetime(2021, 8, 25, 9, tzinfo=UTC)), signature=b""),
                Signed(article=_article("b", datetime(2021, 8, 26, tzinfo=UTC)), signature=b""),
                Signed(article=_article("c", None), signature=b""),
                Rejection(origin="bad.jsonl:3", stage="s", reason="malformed_json", detail="x"),
            ]
        )
        write_dataset(store.con, folder)
    return folder


def test_dataset_reads_back_the_articles(dataset: Path) -> None:
    with Store(dataset, read_only=True) as store:
        found = [article.id for article in list_articles(store)]
        assert found == ["a", "b", "c"]
        assert get_article(store, "c") == _article("c", None)
        assert [r.origin for r in list_rejections(store)] == ["bad.jsonl:3"]
        assert counts(store).articles == 3


@pytest.mark.parametrize(("day", "articles"), [("2021-08-25", 1), ("2021-08-26", 1), (UNDATED, 1)])
def test_article_tables_are_partitioned_by_publication_day(
    dataset: Path, day: str, articles: int
) -> None:
    for table in ("articles", "article_signatures"):
        files = list((dataset / table / f"{PARTITION}={day}").glob("*.parquet"))
        assert len(files) == articles


def test_manifest_names_the_schema_and_tables(dataset: Path) -> None:
    manifest = json.loads((dataset / MANIFEST).read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert {"articles", "article_signatures", "rejections", "meta"} <= set(manifest["tables"])


def test_tables_the_dataset_lacks_read_as_empty(dataset: Path) -> None:
    with Store(dataset, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM events").fetchall() == [(0,)]


def test_dataset_store_refuses_writing(dataset: Path) -> None:
    with pytest.raises(DatelineError, match="E004"):
        Store(dataset)


def test_folder_without_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatelineError, match="holds no dateline dataset"):
        Store(tmp_path, read_only=True)


def test_dataset_of_a_newer_schema_is_refused(dataset: Path) -> None:
    manifest = json.loads((dataset / MANIFEST).read_text())
    manifest["schema_version"] = SCHEMA_VERSION + 1
    (dataset / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(DatelineError, match="E003"):
        Store(dataset, read_only=True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(article=articles())
def test_article_round_trips_through_a_dataset(tmp_path: Path, article: Article) -> None:
    folder = tmp_path / "round"
    shutil.rmtree(folder, ignore_errors=True)
    with Store(":memory:") as store:
        store.write_batch([Signed(article=article, signature=b"")])
        write_dataset(store.con, folder)
    with Store(folder, read_only=True) as store:
        assert get_article(store, article.id) == article
