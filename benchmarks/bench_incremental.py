"""Incremental runs: a re-run with nothing new, adding articles to a store, and how stories and
fusion grow with the store.  Figures only: nothing here asserts a time.

    python benchmarks/bench_incremental.py --db news.duckdb        # an extracted news-2017 store

The store is copied to a temporary folder first; the one named is never written.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from dateline.fuse.events import fuse
from dateline.fuse.stories import StoryInput, cluster_stories
from dateline.store.duck import Store
from dateline.store.fusion import fuse_store, load_reports
from dateline.store.stories import stored_inputs, update_stories

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "corpora" / "news-articles-2017.jsonl.gz"
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results"


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    return round(time.perf_counter() - started, 2)


def rerun(db: Path, corpus: Path) -> dict[str, float]:
    """``dateline run`` on input the store holds: the first run records the input files and
    the stories' and fusion's states; the second finds nothing new."""
    command = [sys.executable, "-m", "dateline", "run", str(corpus), "--db", str(db), "-q"]
    return {"first_rerun_s": _timed(command), "second_rerun_s": _timed(command)}


def add_latest(db: Path, *, count: int) -> dict[str, Any]:
    """Stories and fusion after the ``count`` latest articles arrive, against a rebuild. The
    articles are in the store already: their stories' and fusion's states are dropped, so the
    update redoes what their arrival makes it redo (their neighbours' IDF windows, the parts
    those are in, the stories they touch)."""
    with Store(db) as store:
        started = time.perf_counter()
        grouped = update_stories(store, rebuild=True)
        stories_full = time.perf_counter() - started
        started = time.perf_counter()
        fuse_store(store, rebuild=True)
        fusion_full = time.perf_counter() - started
        latest = [
            row[0]
            for row in store.con.execute(
                "SELECT id FROM articles ORDER BY published DESC, id DESC LIMIT ?", [count]
            ).fetchall()
        ]
        for table in ("story_state", "fusion_state"):
            store.con.execute(
                f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [latest]
            )
        started = time.perf_counter()
        regrouped = update_stories(store)
        stories_added = time.perf_counter() - started
        started = time.perf_counter()
        fused = fuse_store(store)
        fusion_added = time.perf_counter() - started
    return {
        "articles": grouped.articles,
        "added": count,
        "stories_rebuild_s": round(stories_full, 2),
        "fusion_rebuild_s": round(fusion_full, 2),
        "stories_added_s": round(stories_added, 2),
        "fusion_added_s": round(fusion_added, 2),
        "articles_regrouped": regrouped.regrouped,
        "reports_fused_again": fused.reports,
    }


def growth(db: Path, sizes: list[int]) -> list[dict[str, Any]]:
    """Stories and fusion over the first N articles by date (the store's own, with actors and
    events), from scratch."""
    with Store(db, read_only=True) as store:
        articles = sorted(stored_inputs(store), key=lambda a: (a.published or date.min, a.id))
        reports = load_reports(store)
    found = []
    for size in sizes:
        chosen = articles[:size]
        ids = {a.id for a in chosen}
        started = time.perf_counter()
        stories = cluster_stories(chosen)
        stories_s = time.perf_counter() - started
        started = time.perf_counter()
        fused = fuse([r for r in reports if r.article_id in ids])
        found.append(
            {
                "articles": len(chosen),
                "stories": len(stories),
                "stories_s": round(stories_s, 2),
                "fusion_s": round(time.perf_counter() - started, 2),
                "fused": len(fused),
            }
        )
    return found


def text_only_growth(limit: int) -> dict[str, Any]:
    """Stories alone over news-2017 and Reuters read from their JSONL (no actors)."""
    articles = []
    for corpus in (NEWS, REUTERS):
        with gzip.open(corpus, "rt", encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line)
                day = date.fromisoformat(row["published"][:10]) if row.get("published") else None
                articles.append(
                    StoryInput(
                        id=row["id"], title=row.get("title"), text=row["text"], published=day
                    )
                )
    articles = articles[:limit]
    started = time.perf_counter()
    stories = cluster_stories(articles)
    return {
        "articles": len(articles),
        "stories": len(stories),
        "stories_s": round(time.perf_counter() - started, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an extracted news-2017 store")
    parser.add_argument("--add", type=int, default=100)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 4000])
    parser.add_argument("--reuters", type=int, default=0, help="also stories over N articles")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    figures: dict[str, Any] = {"loadavg_1min": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.duckdb"
        shutil.copy(args.db, db)
        if NEWS.exists():
            figures["rerun"] = rerun(db, NEWS)
        figures["add"] = add_latest(db, count=args.add)
        figures["growth"] = growth(db, args.sizes)
    if args.reuters and REUTERS.exists():
        figures["text_only"] = text_only_growth(args.reuters)
    figures["loadavg_1min_after"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "incremental.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
