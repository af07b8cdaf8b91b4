"""The Spark engine on ``local[2]`` against the local engine, on the same news-2017 articles:
wall time, where the Spark run's time goes, the largest process's peak memory, and whether the
two stores hold the same records. Figures only: nothing here asserts a time.

    python benchmarks/bench_spark.py --articles 200 --files 4 [--local-workers 1 2]

Each engine runs in its own process (so peak memory and CPU time are its own): the local one as
``dateline run``, the Spark one as ``run_on_spark`` in a child of this script, which reports
where its time went; the articles are split over ``--files`` JSONL files, as a folder of inputs
would be.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

from bench_ingest import descendants

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "corpora" / "news-articles-2017.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results"
COMPARED = ("articles", "events", "fused_events", "fused_mentions", "stories", "article_stories")


def write_inputs(folder: Path, *, articles: int, files: int) -> list[str]:
    """The first ``articles`` of news-2017, dealt round-robin into ``files`` JSONL files."""
    folder.mkdir(parents=True)
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in islice(lines, articles)]
    paths = [folder / f"part-{n}.jsonl" for n in range(files)]
    for n, path in enumerate(paths):
        path.write_text(
            "".join(json.dumps(record) + "\n" for record in records[n::files]), encoding="utf-8"
        )
    return [str(path) for path in paths]


def run_engine(
    inputs: list[str], db: Path, *, engine: str, master: str, workers: int = 1
) -> dict[str, Any]:
    """One run in its own process: its wall time, the CPU seconds of its process tree (each
    process's own, read from /proc twice a second: with other work on the machine, the
    steadier figure; a process's last half second is missed), and the resident memory of its
    process tree sampled as often (the largest one process, e.g. a Spark Python worker, and
    all of them together). The Spark run is ``run_on_spark`` in a child of this script, which
    reports where its time went."""
    if engine == "spark":
        command = [sys.executable, __file__, "--spark-child", str(db), "--master", master, *inputs]
    else:
        command = [sys.executable, "-m", "dateline", "run", *inputs, "--db", str(db), "-q"]
        command += ["--workers", str(workers)]
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    cpu: dict[int, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        largest = total = 0
        while process.poll() is None:
            tree = descendants(process.pid)
            sizes = [_rss_mib(pid) for pid in tree]
            largest, total = max(largest, *sizes, 0), max(total, sum(sizes))
            cpu.update({pid: max(cpu.get(pid, 0.0), _cpu_s(pid)) for pid in tree})
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    found = {
        "engine": engine if engine == "spark" else f"local, {workers} worker(s)",
        "exit_code": process.returncode,
        "wall_s": round(seconds, 1),
        "cpu_s": round(sum(cpu.values()), 1),
        "largest_process_peak_mib": largest,
        "process_tree_peak_mib": total,
        "stderr_tail": stderr[-400:] if process.returncode not in (0, 1) else "",
    }
    if engine == "spark" and process.returncode in (0, 1):
        found["phases"] = json.loads(stdout.strip().splitlines()[-1])
    return found


def _cpu_s(pid: int) -> float:
    """User and system CPU seconds of one process (its own, not its reaped children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the process ended between listing and reading
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")]
    return int(found[0]) // 1024 if found else 0


def spark_phases(inputs: list[str], db: Path, *, master: str) -> dict[str, float]:
    """The Spark run, in this process, and where its time went."""
    from dateline.scale.spark import run_on_spark

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    started = time.perf_counter()
    summary = run_on_spark(inputs, db=db, master=master)
    return {
        "total_s": round(time.perf_counter() - started, 1),
        "spark_s": round(summary.spark_seconds, 1),  # session start and the Spark steps:
        **{f"spark_{step}_s": round(seconds, 1) for step, seconds in _fields(summary.times)},
        # stories and fusion on Spark; loading, dating and the dataset on the driver
        "corpus_s": round(summary.corpus_seconds, 1),
        "stories_s": round(summary.report.stories.seconds, 1),  # the Spark job, rows staged
        "fusion_s": round(summary.report.fusion.seconds, 1),  # reports out, the job, rows in
        "articles": summary.report.ingest.added,
        "fused_events": summary.report.fusion.fused,
        "dataset_mib": round(
            sum(f.stat().st_size for f in db.rglob("*") if f.is_file()) / 2**20, 1
        ),
    }


def _fields(record: Any) -> list[tuple[str, float]]:
    return [(name, getattr(record, name)) for name in record.__struct_fields__]


def same_records(local: Path, dataset: Path) -> dict[str, bool]:
    """Whether the two stores hold equal rows (run times left out) in the tables compared."""
    from dateline.store.duck import Store

    skip = {"ingested_at", "extracted_at"}
    found = {}
    with Store(local, read_only=True) as one, Store(dataset, read_only=True) as other:
        for table in COMPARED:
            rows = []
            for store in (one, other):
                columns = [
                    f'"{row[0]}"'
                    for row in store.con.execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                        [table],
                    ).fetchall()
                    if row[0] not in skip
                ]
                query = f"SELECT {', '.join(columns)} FROM {table}"
                rows.append(sorted(store.con.execute(query).fetchall(), key=repr))
            found[table] = rows[0] == rows[1]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--local-workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=RESULTS / "spark.json")
    parser.add_argument("--spark-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spark_child:
        print(json.dumps(spark_phases(args.inputs, args.spark_child, master=args.master)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = write_inputs(work / "in", articles=args.articles, files=args.files)
        local = {
            workers: run_engine(
                inputs, work / f"local{workers}.duckdb", engine="local", master=args.master,
                workers=workers,
            )
            for workers in args.local_workers
        }  # fmt: skip
        spark = run_engine(inputs, work / "dataset", engine="spark", master=args.master)
        first = args.local_workers[0]
        equal = same_records(work / f"local{first}.duckdb", work / "dataset")
    result: dict[str, Any] = {
        "articles": args.articles,
        "files": args.files,
        "master": args.master,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
        "local": {str(workers): found for workers, found in local.items()},
        "spark": spark,
        "spark_over_local": {
            str(workers): {
                "wall": round(spark["wall_s"] / found["wall_s"], 2),
                "cpu": round(spark["cpu_s"] / found["cpu_s"], 2),
            }
            for workers, found in local.items()
        },
        f"same_records_as_local_{first}_worker": equal,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
