"""One stories window's task (``dateline.fuse.story_parts.window_piece``), as the Spark engine
runs it, over the first N news-2017 articles all in one window: its seconds, its process's peak
memory above what the imports and the articles' text hold, and the edges it found; then the
largest connected part's task. How a window's cost grows with the articles it holds is what
sizes the Spark stories job (docs/scale.md). Figures only.

    python benchmarks/bench_story_windows.py --articles 500 1000 2000 3800
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "corpora" / "news-articles-2017.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results"
ONE_WINDOW = 1_000_000  # days: every article in one window


def measure(count: int) -> dict[str, Any]:
    """In this process: the window's task, then the largest part's, over ``count`` articles."""
    from dateline.fuse.stories import StoryConfig, StoryInput
    from dateline.fuse.story_parts import frequencies, part_piece, terms_of, window_piece

    config = StoryConfig()
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in islice(lines, count)]
    articles = [
        StoryInput(
            id=row["id"],
            title=row["title"],
            text=row["text"],
            published=date.fromisoformat(row["published"][:10]) if row["published"] else None,
        )
        for row in rows
    ]
    before = _peak_mib()
    started, cpu = time.perf_counter(), time.process_time()
    terms = [terms_of(article, config=config) for article in articles]
    everywhere = frequencies(terms)
    dated = [t for t in terms if t.day is not None]
    piece = window_piece(dated, window=0, span=ONE_WINDOW, everywhere=everywhere, config=config)
    window_s, window_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    window_peak = _peak_mib()
    largest = _largest_part([t.id for t in dated], piece.edges)
    inside = [a for a in articles if a.id in largest]
    started, cpu = time.perf_counter(), time.process_time()
    stories, _ = part_piece(inside, [], piece.vectors, config=config)
    return {
        "articles": count,
        "dated": len(dated),
        "days": len({t.day for t in dated}),
        "window_s": round(window_s, 2),
        "window_cpu_s": round(window_cpu_s, 2),  # wall time moves with the machine's load
        "window_peak_above_inputs_mib": window_peak - before,
        "edges": len(piece.edges),
        "largest_part": len(largest),
        "largest_part_s": round(time.perf_counter() - started, 2),
        "largest_part_cpu_s": round(time.process_time() - cpu, 2),
        "largest_part_stories": len(stories),
        "peak_above_inputs_mib": _peak_mib() - before,
    }


def _largest_part(ids: list[str], edges: list[tuple[str, str]]) -> set[str]:
    from dateline.fuse.stories import least_of_parts

    parts: defaultdict[str, set[str]] = defaultdict(set)
    for identifier, least in least_of_parts(ids, edges).items():
        parts[least].add(identifier)
    return max(parts.values(), key=len)


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[500, 1000, 2000, 3800])
    parser.add_argument("--out", type=Path, default=RESULTS / "story_windows.json")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    runs = []
    for count in args.articles:  # each in a fresh process: its peak memory is its own
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(count)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
