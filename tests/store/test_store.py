from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.dedup import signature
from dateline.ingest.stages import Signed
from dateline.model import Article, Segment
from dateline.store.duck import Store
from dateline.store.query import get_article, list_articles
from dateline.store.schema import SCHEMA_VERSION, current_version

_text = st.text(min_size=1, max_size=200)
_opt = st.none() | st.text(max_size=40)
_when = st.none() | st.datetimes(
    min_value=datetime(1980, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    text = draw(_text)
    return Article(
        id=draw(st.text(min_size=1, max_size=20)),
        url=draw(_opt),
        source=draw(_opt),
        title=draw(_opt),
        published=draw(_when),
        published_basis=draw(st.sampled_from(["metadata", "text", "user", "estimated", "unknown"])),
        language=draw(st.none() | st.sampled_from(["en", "de"])),
        text=text,
        content_hash=draw(st.text(min_size=1, max_size=64)),
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC),
        origin=draw(st.text(min_size=1)),
        format=draw(st.sampled_from(["text", "html", "jsonl", "warc", "feed"])),
        raw_text=text,
        segments=(Segment(start=0, raw_start=0, length=len(text)),),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(article=articles())
def test_article_round_trips_through_duckdb(tmp_path: Path, article: Article) -> None:
    with Store(":memory:") as store:
        store.write_batch([Signed(article=article, signature=b"")])
        assert get_article(store, article.id) == article


def test_new_store_is_migrated(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert current_version(store.con) == SCHEMA_VERSION


def _article(identifier: str, text: str, *, day: int) -> Signed:
    article = Article(
        id=identifier,
        text=text,
        raw_text=text,
        content_hash=f"h-{text}",
        published=datetime(2021, 8, day, tzinfo=UTC),
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC),
        origin="test",
        format="jsonl",
    )
    from dateline.dedup import NearDupConfig

    return Signed(article=article, signature=signature(text, config=NearDupConfig()))


def test_same_id_same_content_is_a_no_op_and_different_content_is_a_conflict() -> None:
    with Store(":memory:") as store:
        store.write_batch([_article("a", "one text here", day=1)])
        again = store.write_batch([_article("a", "one text here", day=1)])
        changed = store.write_batch([_article("a", "another text", day=1)])
        assert (again.added, again.already_present) == ((), 1)
        assert [r.reason for r in changed.rejections] == ["id_conflict"]
        assert [a.text for a in list_articles(store)] == ["one text here"]


def test_exact_copy_points_to_the_earliest_whatever_the_order() -> None:
    text = "The Taliban called on Turkey to help rebuild the country after decades of war. " * 3
    with Store(":memory:") as store:
        store.write_batch([_article("late", text, day=20)])
        store.write_batch([_article("early", text, day=2)])
        found = {a.id: (a.duplicate_of, a.duplicate_kind) for a in list_articles(store)}
    assert found == {"early": (None, None), "late": ("early", "exact")}


def test_a_copy_earlier_in_the_same_batch_makes_its_original_a_duplicate() -> None:
    text = "The Taliban called on Turkey to help rebuild the country after decades of war. " * 3
    batch = [_article("late", text, day=20), _article("early", text + " (AFP)", day=2)]
    with Store(":memory:") as store:
        store.write_batch(batch)
        found = {a.id: (a.duplicate_of, a.duplicate_kind) for a in list_articles(store)}
    assert found == {"early": (None, None), "late": ("early", "near")}


def _corpus(folder: Path, count: int) -> Path:
    path = folder / "corpus.jsonl"
    with path.open("w") as out:
        for number in range(count):
            words = " ".join(f"w{number}x{k}" for k in range(60))
            text = f"Report {number}. {words}. The ministers met on Monday."
            out.write(
                json.dumps(
                    {
                        "id": f"a{number}",
                        "text": text,
                        "published": f"2021-08-{1 + number % 28:02d}",
                    }
                )
                + "\n"
            )
            if number % 10 == 0:  # a syndicated copy under another id
                out.write(
                    json.dumps(
                        {"id": f"copy{number}", "text": text + " (AFP)", "published": "2021-09-01"}
                    )
                    + "\n"
                )
    return path


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dateline.cli.main",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--quiet",
    ]


def _state(db: Path) -> list[tuple[object, ...]]:
    with Store(db, read_only=True) as store:
        articles = store.con.execute(
            "SELECT id, text, content_hash, duplicate_of, duplicate_kind FROM articles ORDER BY id"
        ).fetchall()
        rejections = store.con.execute(
            "SELECT origin, reason FROM rejections ORDER BY 1"
        ).fetchall()
    return articles + rejections


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    with Store(db, read_only=True) as store:
        return int(store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0])


def _consistent(db: Path) -> bool:
    """Every article has its signature and every duplicate link points at a stored article."""
    if not db.exists():  # killed before the store was created
        return True
    with Store(db, read_only=True) as store:
        unsigned, dangling = store.con.execute(
            """SELECT (SELECT count(*) FROM articles a ANTI JOIN article_signatures s
                       ON s.article_id = a.id),
                      (SELECT count(*) FROM articles a WHERE duplicate_of IS NOT NULL
                       AND duplicate_of NOT IN (SELECT id FROM articles))"""
        ).fetchone() or (1, 1)
    return unsigned == 0 and dangling == 0


def test_killed_run_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 3000)
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    started = time.perf_counter()
    subprocess.run(_ingest_cmd(corpus, clean_db), check=True)
    whole = time.perf_counter() - started
    # Kill at points spread over the run's length, whatever this machine's speed.
    partial: list[int] = []
    for delay in (0.3 * whole, 0.5 * whole, 0.7 * whole):
        process = subprocess.Popen(_ingest_cmd(corpus, killed_db))
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        partial.append(_count(killed_db))
        assert _consistent(killed_db)
    total = _count(clean_db)
    assert any(0 < count < total for count in partial), (partial, total)
    subprocess.run(_ingest_cmd(corpus, killed_db), check=True)
    assert _state(killed_db) == _state(clean_db)


def test_changed_near_dup_settings_resign_and_regroup(tmp_path: Path) -> None:
    from dateline.dedup import NearDupConfig

    base = " ".join(f"word{k}" for k in range(80))
    db = tmp_path / "s.duckdb"
    with Store(db, near_dup=NearDupConfig(threshold=0.95)) as store:
        store.write_batch(
            [
                _article("a", base, day=1),
                _article("b", base + " " + " ".join(f"new{k}" for k in range(20)), day=2),
            ]
        )
        assert [x.duplicate_of for x in list_articles(store)] == [None, None]
    with Store(db, near_dup=NearDupConfig(threshold=0.5)) as store:
        assert [x.duplicate_of for x in list_articles(store)] == [None, "a"]
