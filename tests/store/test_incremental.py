"""A run that adds articles redoes only what they touch, and ends where one run over all ends."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import dateline
from dateline.store.duck import Store
from tests.conftest import shared_file

_TABLES = {
    "stories": "SELECT * FROM stories ORDER BY id",
    "article_stories": "SELECT * FROM article_stories ORDER BY ALL",
    "fused_events": "SELECT * FROM fused_events ORDER BY id",
    "fused_mentions": "SELECT * FROM fused_mentions ORDER BY ALL",
    "story_state": "SELECT * FROM story_state ORDER BY ALL",
}  # not fusion_state: it holds when each article was extracted


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store(path, read_only=True) as store:
        return {name: store.con.execute(sql).fetchall() for name, sql in _TABLES.items()}


def _news(tmp_path: Path, *, first: int, count: int, name: str) -> Path:
    """``count`` news-2017 articles from line ``first`` on, as a JSONL file of their own."""
    corpus = shared_file("corpora/news-articles-2017.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as stream:
        lines = [line for n, line in enumerate(stream) if first <= n < first + count]
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    assert all(json.loads(line)["text"] for line in lines)
    return path


def test_adding_articles_later_ends_as_one_run_over_all(seeds_dir: Path, tmp_path: Path) -> None:
    early = _news(tmp_path, first=0, count=8, name="early.jsonl")
    later = _news(tmp_path, first=8, count=8, name="later.jsonl")
    steps, once = tmp_path / "steps.duckdb", tmp_path / "once.duckdb"
    with dateline.open_store(steps) as store:
        store.run([str(seeds_dir), str(early)])
        store.run([str(later)])
    with dateline.open_store(once) as store:
        store.run([str(seeds_dir), str(early), str(later)])
    with Store(once, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM fused_events").fetchall()[0][0] > 0
    assert _tables(steps) == _tables(once)


def test_a_rerun_reads_no_file_again_and_redoes_nothing(seeds_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "seeds.duckdb"
    with dateline.open_store(path) as store:
        store.run(str(seeds_dir))
    before = _tables(path)
    with dateline.open_store(path) as store:
        again = store.run(str(seeds_dir))
    assert (again.added, again.already_present, again.extracted) == (0, 5, 0)
    assert _tables(path) == before


def test_a_changed_file_is_read_again(seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    path = tmp_path / "seeds.duckdb"
    with dateline.open_store(path) as store:
        store.run(str(folder))
    changed = sorted(folder.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    with dateline.open_store(path) as store:
        again = store.run(str(folder))
    assert (again.added, again.already_present) == (1, 4)
