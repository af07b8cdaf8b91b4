"""API latency benchmark: ``dateline serve`` on a store built from real news, timed from a client.

The server is a real uvicorn process on 127.0.0.1 (``dateline serve``). First sequential
requests after a warm-up; then 50 clients at once, each on its own connection; then normal
requests while 70 connections sit open having sent half a request. Every loop is bounded.
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from bench_ingest import CORPORA, ROOT, machine

RESULTS = ROOT / "benchmarks" / "results"
CORPUS = "news-2017"
_WARMUP = 10
_CLIENTS = 50
_STALLED = 70
_HALF_REQUEST = b"GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n"  # no blank line: unfinished
_CLOSE_WAIT_S = 60.0
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
        "p95_ms": _percentile(ms, 0.95),
        "max_ms": round(ms[-1], 2),
        "mean_kib": round(statistics.mean(sizes) / 1024, 1),
    }


def _percentile(ms: list[float], share: float) -> float:
    """Nearest-rank percentile of the sorted ``ms``."""
    return round(ms[max(0, round(share * len(ms)) - 1)], 2)


def concurrent(base: str, urls: list[str], *, clients: int, requests: int) -> Figures:
    """``requests`` GETs in all from ``clients`` clients at once, each on its own keep-alive
    connection: latency percentiles, requests/s and the statuses answered."""
    return asyncio.run(_concurrent(base, urls, clients=clients, requests=requests))


async def _concurrent(base: str, urls: list[str], *, clients: int, requests: int) -> Figures:
    seconds: list[float] = []
    statuses: Counter[str] = Counter()

    async def one_client(first: int) -> None:
        one = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=one) as client:
            for number in range(first, requests, clients):
                started = time.perf_counter()
                statuses[await _status(client, urls[number % len(urls)])] += 1
                seconds.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one_client(first) for first in range(clients)))
    wall = time.perf_counter() - started
    ms = sorted(1000 * value for value in seconds)
    return {
        "clients": clients,
        "requests": requests,
        "statuses": dict(statuses),
        "requests_per_s": round(requests / wall, 1),
        "p50_ms": _percentile(ms, 0.50),
        "p95_ms": _percentile(ms, 0.95),
        "p99_ms": _percentile(ms, 0.99),
        "max_ms": round(ms[-1], 2),
    }


async def _status(client: httpx.AsyncClient, url: str) -> str:
    try:
        return str((await client.get(url)).status_code)
    except httpx.TransportError as err:
        return type(err).__name__


def half_open(port: int, url: str, *, sockets: int, probes: int) -> Figures:
    """While ``sockets`` connections sit open having sent half a request: the latency of
    ``probes`` sequential requests, each on a new connection, and when the server closed the
    stalled connections (its deadline for a whole request head)."""
    opened = time.perf_counter()
    stalled = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(sockets)]
    try:
        for sock in stalled:
            sock.sendall(_HALF_REQUEST)
        with ThreadPoolExecutor(max_workers=1) as prober:
            probing = prober.submit(_probe, f"http://127.0.0.1:{port}{url}", probes=probes)
            shut = _closes(stalled, opened)
            ms, statuses = probing.result()
    finally:
        for sock in stalled:
            sock.close()
    return {
        "stalled_connections": sockets,
        "probes": probes,
        "statuses": dict(statuses),
        "median_ms": round(statistics.median(ms), 2),
        "max_ms": round(ms[-1], 2),
        "closed_by_server": len(shut),
        "first_closed_after_s": round(min(shut), 2) if shut else None,
        "last_closed_after_s": round(max(shut), 2) if shut else None,
    }


def _closes(stalled: list[socket.socket], opened: float) -> list[float]:
    """Seconds from ``opened`` until the server closed each socket it closed within
    ``_CLOSE_WAIT_S``."""
    shut: list[float] = []
    with selectors.DefaultSelector() as waiting:
        for sock in stalled:
            waiting.register(sock, selectors.EVENT_READ)
        while waiting.get_map() and time.perf_counter() < opened + _CLOSE_WAIT_S:
            for key, _ in waiting.select(timeout=0.1):
                waiting.unregister(key.fileobj)
                shut.append(time.perf_counter() - opened)  # readable: only the close comes
    return shut


def _probe(url: str, *, probes: int) -> tuple[list[float], Counter[str]]:
    """Sorted latencies in ms and the statuses of ``probes`` GETs, each on a new connection."""
    seconds: list[float] = []
    statuses: Counter[str] = Counter()
    for _ in range(probes):
        started = time.perf_counter()
        try:
            statuses[str(httpx.get(url, timeout=30).status_code)] += 1
        except httpx.TransportError as err:
            statuses[type(err).__name__] += 1
        seconds.append(time.perf_counter() - started)
    return sorted(1000 * value for value in seconds), statuses


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


def mixed(urls: dict[str, list[str]]) -> list[str]:
    """Every scenario in turn, each with as many URLs as the others."""
    return [each[turn % len(each)] for turn in range(10) for each in urls.values()]


def store_figures(client: httpx.Client) -> Figures:
    overview = client.get("/api/overview").json()
    return {"articles": overview["counts"]["articles"], "fused_events": overview["events"]}


def run(db: Path, *, requests: int, concurrent_requests: int) -> Figures:
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            urls = scenarios(client)
            figures = {name: timed(client, each, requests=requests)
                       for name, each in urls.items()}  # fmt: skip
            result = {"store": store_figures(client), "latency": figures}
        result["concurrent"] = concurrent(
            base, mixed(urls), clients=_CLIENTS, requests=concurrent_requests
        )
        result["half_open"] = half_open(port, "/api/events?limit=10", sockets=_STALLED, probes=20)
        return result
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
    if "concurrent" in result:
        lines += _load_lines(result["concurrent"], result["half_open"])
    return "\n".join(lines) + "\n"


def _load_lines(load: Figures, stalled: Figures) -> list[str]:
    closed = stalled["closed_by_server"]
    return [
        "",
        f"## Under load: {load['clients']} clients at once",
        "",
        f"Each client on its own keep-alive connection (httpx async, in one process on the same "
        f"cores as the server), {load['requests']} requests in all, cycling through the six "
        "requests above. Statuses answered: "
        + ", ".join(f"{status}: {count}" for status, count in sorted(load["statuses"].items()))
        + ".",
        "",
        "| clients | requests | requests/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {load['clients']} | {load['requests']} | {load['requests_per_s']} | {load['p50_ms']} "
        f"| {load['p95_ms']} | {load['p99_ms']} | {load['max_ms']} |",
        "",
        f"## Half-open connections: {stalled['stalled_connections']} stalled clients",
        "",
        f"{stalled['stalled_connections']} connections each sent half a request "
        "(a request line and one header, no blank line) and stalled. Meanwhile "
        f"{stalled['probes']} sequential requests (`/api/events?limit=10`, a new connection "
        f"each) took median {stalled['median_ms']} ms, max {stalled['max_ms']} ms; statuses: "
        + ", ".join(f"{status}: {count}" for status, count in sorted(stalled["statuses"].items()))
        + f". The server closed {closed} of the {stalled['stalled_connections']} stalled "
        f"connections, {stalled['first_closed_after_s']} to {stalled['last_closed_after_s']} s "
        "after the first opened (its deadline for a whole request head is 5 s; "
        f"{_CLOSE_WAIT_S:.0f} s watched).",
    ]


def _built(seconds: float | None) -> str:
    return f"built in {seconds:.0f} s" if seconds is not None else "built beforehand, given by --db"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="An existing store (default: build one).")
    parser.add_argument("--limit", type=int, default=400, help="Articles to build the store of.")
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per scenario.")
    parser.add_argument(
        "--concurrent-requests", type=int, default=600, help="Requests in all under load."
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.db is None and not (ROOT / CORPORA[CORPUS]).exists():
        raise SystemExit(f"{CORPORA[CORPUS]} is absent: nothing to benchmark")
    with tempfile.TemporaryDirectory() as scratch:
        db, build_s = (args.db, None) if args.db else build_store(args.limit, Path(scratch))
        result = {"machine": machine(), "limit": args.limit, "build_s": build_s}
        result["loadavg_1min_before"] = os.getloadavg()[0]
        result |= run(db, requests=args.requests, concurrent_requests=args.concurrent_requests)
        result["loadavg_1min_after"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "api.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "api.md").write_text(markdown(result))
    sys.stdout.write(markdown(result))


if __name__ == "__main__":
    main()
