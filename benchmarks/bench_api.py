"""API latency benchmark: ``dateline serve`` on a store built from real news, timed from a client.

The server is a real uvicorn process on 127.0.0.1 (``dateline serve``); requests are sequential,
in bounded loops, after a warm-up. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from bench_ingest import CORPORA, ROOT, machine

RESULTS = ROOT / "benchmarks" / "results"
CORPUS = "news-2017"
_WARMUP = 10
Figures = dict[str, Any]


def build_store(limit: int, folder: Path) -> tuple[Path, float]:
    """``dateline run`` on the first ``limit`` articles of the corpus; the store and seconds."""
    source = ROOT / CORPORA[CORPUS]
    sample = folder / "sample.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as lines, sample.open("w") as out:
        for number, line in enumerate(lines):
            if number >= limit:
                break
            out.write(line)
    db = folder / "bench.duckdb"
    started = time.perf_counter()
    command = [sys.executable, "-m", "dateline", "run", str(sample), "--db", str(db), "-q"]
    subprocess.run(command, check=False, cwd=ROOT)
    return db, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):  # bounded: up to about 30 s to start
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=5)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("dateline serve did not start")


def timed(client: httpx.Client, urls: list[str], *, requests: int) -> Figures:
    """Median, 95th percentile and max latency in ms over ``requests`` sequential GETs."""
    for url in urls[:_WARMUP]:
        client.get(url)
    seconds: list[float] = []
    sizes: list[int] = []
    for number in range(requests):
        url = urls[number % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        response.raise_for_status()
        sizes.append(len(response.content))
    ms = sorted(1000 * value for value in seconds)
    return {
        "requests": requests,
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[max(0, round(0.95 * len(ms)) - 1)], 2),
        "max_ms": round(ms[-1], 2),
        "mean_kib": round(statistics.mean(sizes) / 1024, 1),
    }


def scenarios(client: httpx.Client) -> dict[str, list[str]]:
    """The URLs each measured request cycles through."""
    events = client.get("/api/events", params={"limit": 500}).json()["items"]
    ids = [event["id"] for event in events][:: max(1, len(events) // 50)]
    return {
        "event list (/api/events, 100 a page)": ["/api/events"],
        "event list, filtered by actor (/api/events?actor=Trump)": ["/api/events?actor=Trump"],
        "timeline (/api/timeline, up to 1000 events)": ["/api/timeline?limit=1000"],
        "event page (/api/events/{id})": [f"/api/events/{i}" for i in ids],
        "event page as HTML (/events/{id})": [f"/events/{i}" for i in ids],
        "timeline page as HTML (/timeline)": ["/timeline?limit=1000"],
    }


def store_figures(client: httpx.Client) -> Figures:
    overview = client.get("/api/overview").json()
    return {"articles": overview["counts"]["articles"], "fused_events": overview["events"]}


def run(db: Path, *, requests: int) -> Figures:
    port = free_port()
    server = start_server(db, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            figures = {name: timed(client, urls, requests=requests)
                       for name, urls in scenarios(client).items()}  # fmt: skip
            return {"store": store_figures(client), "latency": figures}
    finally:
        server.terminate()
        server.wait(timeout=30)


def markdown(result: Figures) -> str:
    info = result["machine"]
    store = result["store"]
    lines = [
        "# API latency benchmark",
        "",
        f"{info['date']}, commit {info['git_commit']}: {info['cpu_cores']} cores "
        f"({info['cpu_model']}), {info['memory_gib']} GiB, Python {info['python']}. "
        f"Store: `dateline run` on the first {result['limit']} lines of news-2017 "
        f"({store['articles']} articles, {store['fused_events']} fused events without "
        f"statements; {_built(result['build_s'])}). Server: `dateline serve` "
        "(uvicorn, one process) on 127.0.0.1; client: httpx, sequential requests after "
        f"{_WARMUP} warm-up requests. Load average (1 min) before and after: "
        f"{result['loadavg_1min_before']:.1f} / {result['loadavg_1min_after']:.1f} "
        "(other work shared the 2 cores).",
        "",
        "| request | n | median ms | p95 ms | max ms | mean KiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, figures in result["latency"].items():
        lines.append(
            f"| {name} | {figures['requests']} | {figures['median_ms']} | {figures['p95_ms']} "
            f"| {figures['max_ms']} | {figures['mean_kib']} |"
        )
    return "\n".join(lines) + "\n"


def _built(seconds: float | None) -> str:
    return f"built in {seconds:.0f} s" if seconds is not None else "built beforehand, given by --db"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="An existing store (default: build one).")
    parser.add_argument("--limit", type=int, default=400, help="Articles to build the store of.")
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per scenario.")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.db is None and not (ROOT / CORPORA[CORPUS]).exists():
        raise SystemExit(f"{CORPORA[CORPUS]} is absent: nothing to benchmark")
    with tempfile.TemporaryDirectory() as scratch:
        db, build_s = (args.db, None) if args.db else build_store(args.limit, Path(scratch))
        result = {"machine": machine(), "limit": args.limit, "build_s": build_s}
        result["loadavg_1min_before"] = os.getloadavg()[0]
        result |= run(db, requests=args.requests)
        result["loadavg_1min_after"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "api.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "api.md").write_text(markdown(result))
    sys.stdout.write(markdown(result))


if __name__ == "__main__":
    main()
