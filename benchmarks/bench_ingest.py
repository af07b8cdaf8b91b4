"""Ingest benchmark: throughput, time split, re-ingest and store size on the shared corpora.

Every measured run is this script started again with ``--child`` in a fresh process, so its
peak memory is its own.  Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.config import IngestConfig
from dateline.dedup import NearDupConfig
from dateline.ingest.run import ingest
from dateline.ingest.sources import read_inputs
from dateline.ingest.stages import Signed
from dateline.model import Rejection
from dateline.pipeline import process
from dateline.store.duck import BatchOutcome, Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "news-2017": Path("../shared/corpora/news-articles-2017.jsonl.gz"),
    "reuters21578": Path("../shared/corpora/reuters21578/reuters21578.jsonl.gz"),
}
RESULTS = ROOT / "benchmarks" / "results"
_SAMPLE_SECONDS = 0.2
Figures = dict[str, Any]


class TimedStore(Store):
    """A Store that adds up the time spent in ``write_batch`` (inserts plus dedup grouping)."""

    write_seconds: float = 0.0

    def write_batch(self, results: Sequence[Signed | Rejection]) -> BatchOutcome:
        started = time.perf_counter()
        try:
            return super().write_batch(results)
        finally:
            self.write_seconds += time.perf_counter() - started


# --- child side: one measured run, figures written as JSON to --result ---------------------


def child_stages(path: str) -> Figures:
    """Read the corpus alone, then read and run the per-article stages (1 worker, no store)."""
    config = IngestConfig(workers=1)
    started = time.perf_counter()
    items = sum(1 for _ in read_inputs([path], config=config))
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    kinds = {"articles": 0, "rejections": 0}
    for batch in process(
        read_inputs([path], config=config), config=config, near_dup=NearDupConfig()
    ):
        for result in batch:
            kinds["articles" if isinstance(result, Signed) else "rejections"] += 1
    stages_seconds = time.perf_counter() - started
    return {"items": items, "read_s": read_seconds, "read_and_stages_s": stages_seconds} | kinds


def child_ingest(path: str, *, db: str, workers: int) -> Figures:
    """One end-to-end ingest into ``db``, as the CLI does it, with the store's own costs timed."""
    started = time.perf_counter()
    store = TimedStore(db)
    opened = time.perf_counter()
    with store:
        report = ingest([path], store=store, config=IngestConfig(workers=workers))
        closing = time.perf_counter()
    ended = time.perf_counter()
    return {
        "added": report.added,
        "already_present": report.already_present,
        "rejected": report.rejected,
        "ingest_s": report.seconds,
        "write_batch_s": store.write_seconds,
        "open_s": opened - started,
        "close_s": ended - closing,
        "total_s": ended - started,
    }


def child_profile(path: str, *, db: str, out: str) -> Figures:
    """The 1-worker ingest under cProfile; the top functions go to ``out`` as text."""
    profiler = cProfile.Profile()
    figures = profiler.runcall(child_ingest, path, db=db, workers=1)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(45)
    Path(out).write_text(text.getvalue(), encoding="utf-8")
    return figures


def run_child(args: argparse.Namespace) -> None:
    if args.child == "stages":
        figures = child_stages(args.path)
    elif args.child == "ingest":
        figures = child_ingest(args.path, db=args.db, workers=args.workers[0])
    else:
        figures = child_profile(args.path, db=args.db, out=args.profile_out)
    # ru_maxrss is in KiB on Linux.  SELF is this process; CHILDREN is the largest single
    # reaped descendant (a worker), not their sum.
    figures["peak_rss_self_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["peak_rss_worker_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures["cpu_self_s"] = _cpu_seconds(resource.RUSAGE_SELF)
    figures["cpu_workers_s"] = _cpu_seconds(resource.RUSAGE_CHILDREN)
    Path(args.result).write_text(json.dumps(figures), encoding="utf-8")


def _cpu_seconds(who: int) -> float:
    # CPU time, unlike wall time, barely moves when other processes share the cores.
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


# --- parent side: start children, sample their memory, gather figures -----------------------


def tree_rss_kib(root: int) -> int:
    """The summed VmRSS of ``root`` and all its descendants, read from /proc (Linux only)."""
    return sum(_vmrss_kib(pid) for pid in descendants(root))


def descendants(root: int) -> list[int]:
    """``root`` and every process descended from it, read from /proc (Linux only)."""
    found: list[int] = []
    pending = [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(_children(pid))
    return found


def _vmrss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:  # the process ended between listing and reading
        return 0
    return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def measured(mode: str, path: Path, *, work: Path, extra: Sequence[str] = ()) -> Figures:
    """Run one child; its figures plus the peak summed RSS of its process tree, sampled."""
    result = work / f"{mode}-{time.monotonic_ns()}.json"
    command = [sys.executable, __file__, "--child", mode, "--path", str(path)]
    command += ["--result", str(result), *extra]
    child = subprocess.Popen(command, cwd=ROOT)
    # Other processes on the machine slow the run down; the load average says whether any did.
    load_before = os.getloadavg()[0]
    peak = [0]
    sampler = threading.Thread(target=_sample, args=(child, peak), daemon=True)
    sampler.start()
    if child.wait() != 0:
        raise SystemExit(f"benchmark child failed ({mode}, exit {child.returncode})")
    sampler.join()
    figures: Figures = json.loads(result.read_text(encoding="utf-8"))
    figures["peak_rss_tree_sampled_mib"] = peak[0] / 1024
    figures["loadavg_1min"] = {"before": load_before, "after": os.getloadavg()[0]}
    return figures


def _sample(child: subprocess.Popen[bytes], peak: list[int]) -> None:
    while child.poll() is None:
        peak[0] = max(peak[0], tree_rss_kib(child.pid))
        time.sleep(_SAMPLE_SECONDS)


def limited_copy(source: Path, *, limit: int, work: Path) -> Path:
    """The first ``limit`` lines of a JSONL corpus, as a gzip file in ``work``."""
    target = work / f"first-{limit}-{source.name}"
    with gzip.open(source, "rt", encoding="utf-8") as lines, gzip.open(target, "wt") as out:
        for number, line in enumerate(lines):
            if number >= limit:
                break
            out.write(line)
    return target


def bench_corpus(path: Path, *, workers: Sequence[int], work: Path) -> Figures:
    """Every figure for one corpus."""
    work.mkdir(parents=True, exist_ok=True)
    print("  per-article stages without a store ...", flush=True)
    stages = measured("stages", path, work=work)
    runs: dict[str, Figures] = {}
    for count in workers:
        db = work / f"store-w{count}.duckdb"
        print(f"  ingest, {count} worker(s) ...", flush=True)
        runs[str(count)] = measured("ingest", path, work=work, extra=_db_args(db, count))
        runs[str(count)]["store_bytes"] = db.stat().st_size
    first = workers[0]
    print(f"  re-ingest into the {first}-worker store ...", flush=True)
    again = measured(
        "ingest", path, work=work, extra=_db_args(work / f"store-w{first}.duckdb", first)
    )
    return summarise(stages, runs, again, reingest_workers=first)


def _db_args(db: Path, workers: int) -> list[str]:
    return ["--db", str(db), "--workers", str(workers)]


def summarise(
    stages: Figures, runs: dict[str, Figures], again: Figures, *, reingest_workers: int
) -> Figures:
    items = stages["items"]
    split = _time_split(stages, runs.get("1"))
    for count, figures in runs.items():
        figures["articles_per_s"] = items / figures["ingest_s"]
        figures["store_bytes_per_article"] = figures["store_bytes"] / max(1, figures["added"])
        figures["peak_rss_bound_mib"] = _rss_bound(figures, workers=int(count))
    again["workers"] = reingest_workers
    return {
        "items": items,
        "stages_only": stages,
        "time_split_1_worker": split,
        "ingest": runs,
        "reingest": again,
    }


def _rss_bound(figures: Figures, *, workers: int) -> float:
    # The parent's peak plus each worker at the largest worker's peak: an upper bound, since
    # the peaks need not coincide.  With 1 worker there are no worker processes.
    if workers == 1:
        return float(figures["peak_rss_self_mib"])
    return float(figures["peak_rss_self_mib"] + workers * figures["peak_rss_worker_mib"])


def _time_split(stages: Figures, single: Figures | None) -> Figures:
    if single is None:
        return {}
    total = single["total_s"]
    parts = {
        "read_s": stages["read_s"],
        "per_article_stages_s": stages["read_and_stages_s"] - stages["read_s"],
        "store_write_and_dedup_s": single["write_batch_s"],
        "store_open_close_s": single["open_s"] + single["close_s"],
    }
    parts["unaccounted_s"] = total - sum(parts.values())
    return (
        {"total_s": total}
        | parts
        | {f"{key[:-2]}_pct": 100 * value / total for key, value in parts.items()}
    )


def machine() -> Figures:
    return {
        "cpu_cores": os.cpu_count(),
        "cpu_model": _cpuinfo("model name"),
        "memory_gib": round(_meminfo_kib("MemTotal") / 1024**2, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git_head(),
    }


def _cpuinfo(key: str) -> str:
    for line in _read_or_empty("/proc/cpuinfo").splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _meminfo_kib(key: str) -> int:
    for line in _read_or_empty("/proc/meminfo").splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _read_or_empty(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError:
        return ""


def _git_head() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


# --- report -----------------------------------------------------------------------------------


def markdown(results: Figures) -> str:
    host = results["machine"]
    lines = [
        "# Ingest benchmark",
        "",
        f"{host['date']}, commit {host['git_commit']}: {host['cpu_cores']} cores "
        f"({host['cpu_model']}), {host['memory_gib']} GiB, Python {host['python']}.",
        "",
        "| corpus | items | workers | articles/s | s | CPU s | peak RSS MiB (sampled / bound) "
        "| store B/article | re-ingest s (added) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, corpus in results["corpora"].items():
        lines += [_row(name, corpus, workers) for workers in corpus["ingest"]]
    lines += ["", "Time split of the 1-worker run (seconds, % of the run):", ""]
    lines += ["| corpus | total | read | per-article stages | store writes + dedup | open/close |"]
    lines += ["|---|---:|---:|---:|---:|---:|"]
    lines += [
        _split_row(name, corpus["time_split_1_worker"])
        for name, corpus in results["corpora"].items()
        if corpus["time_split_1_worker"]
    ]
    return "\n".join(lines) + "\n"


def _row(name: str, corpus: Figures, workers: str) -> str:
    run = corpus["ingest"][workers]
    again = corpus["reingest"]
    reingest = (
        f"{again['ingest_s']:.1f} ({again['added']})" if workers == str(again["workers"]) else ""
    )
    return (
        f"| {name} | {corpus['items']} | {workers} | {run['articles_per_s']:.1f} "
        f"| {run['ingest_s']:.1f} | {run['cpu_self_s'] + run['cpu_workers_s']:.1f} "
        f"| {run['peak_rss_tree_sampled_mib']:.0f} / "
        f"{run['peak_rss_bound_mib']:.0f} | {run['store_bytes_per_article']:.0f} | {reingest} |"
    )


def _split_row(name: str, split: Figures) -> str:
    cells = [f"{split['total_s']:.1f}"]
    for key in ("read", "per_article_stages", "store_write_and_dedup", "store_open_close"):
        cells.append(f"{split[key + '_s']:.1f} ({split[key + '_pct']:.0f}%)")
    return f"| {name} | " + " | ".join(cells) + " |"


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=sorted(CORPORA))
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--limit", type=int, help="only the first N articles of each corpus")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for ingest.json/.md")
    parser.add_argument(
        "--profile", action="store_true", help="also profile a 1-worker ingest of the first corpus"
    )
    # Internal: how the parent starts one measured run.
    parser.add_argument("--child", choices=("stages", "ingest", "profile"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def corpus_paths(names: Sequence[str]) -> Iterator[tuple[str, Path]]:
    """The named corpora that exist, with a message for each one that does not."""
    for name in names:
        path = (ROOT / CORPORA[name]).resolve()
        if path.is_file():
            yield name, path
        else:
            print(f"skipping {name}: {path} not found (../shared is absent)", flush=True)


def run_parent(args: argparse.Namespace) -> None:
    results: Figures = {
        "machine": machine(),
        "workers": args.workers,
        "limit": args.limit,
        "corpora": {},
    }
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as folder:
        work = Path(folder)
        for name, path in corpus_paths(args.corpus):
            source = limited_copy(path, limit=args.limit, work=work) if args.limit else path
            print(f"{name}: {source}", flush=True)
            results["corpora"][name] = bench_corpus(source, workers=args.workers, work=work / name)
            if args.profile and len(results["corpora"]) == 1:  # the first corpus only
                results["corpora"][name]["profile"] = profile(name, source, work=work, out=args.out)
    if not results["corpora"]:
        print("no corpus found; nothing measured")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "ingest.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def profile(name: str, source: Path, *, work: Path, out: Path) -> str:
    """Profile a 1-worker ingest into a fresh store; the path of the text report."""
    out.mkdir(parents=True, exist_ok=True)
    report = out / f"ingest_profile_{name}.txt"
    print("  profiling a 1-worker ingest ...", flush=True)
    extra = ["--db", str(work / f"profile-{name}.duckdb"), "--profile-out", str(report)]
    measured("profile", source, work=work, extra=extra)
    return str(report.relative_to(ROOT)) if report.is_relative_to(ROOT) else str(report)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        run_child(args)
    else:
        run_parent(args)


if __name__ == "__main__":
    main()
