"""A watcher over time, against a local fixture server (127.0.0.1) whose feed changes: the real
article pages of ../shared/dev/html/scrapinghub, one more in the feed every ``--period``
seconds (the feed keeps the latest 10), every 10th page failing once with a 500 and every 15th
not an article. Figures only: nothing here asserts a time.

    python benchmarks/bench_watch_live.py memory [--minutes 30] [--every 15s] [--serve]
        ``dateline watch`` (``--serve``: ``dateline serve --watch`` with a reader asking for the
        overview and the timeline every 5 s) as a real process for that long; its resident
        memory (VmRSS) sampled every ``--sample`` seconds; results/watch_memory[_serve].json
    python benchmarks/bench_watch_live.py latency [--items 7] [--every 10s]
        ``dateline serve --watch`` as a real process; for each new item (a page reporting a
        meeting), the seconds from its appearing in the feed until its events are listed by
        /api/events (poll-to-page latency); results/watch_latency_every_10s.json
    python benchmarks/bench_watch_live.py objects [--polls 100] [--growing 80] [--reopen]
        one process, a manual clock: what grows per poll and per stored page (RSS, DuckDB's
        memory, Python objects, the words spaCy holds); the store kept open as serve --watch
        keeps it, or (``--reopen``) opened for each poll as dateline watch does;
        results/watch_objects[_reopen].json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' fixture server

from tests.watch.server import FixtureServer, Reply  # noqa: E402

PAGES = ROOT.parent / "shared" / "dev" / "html" / "scrapinghub" / "html"
RESULTS = ROOT / "benchmarks" / "results"
HTML = (("Content-Type", "text/html; charset=utf-8"),)
WINDOW = 10  # items a feed lists at once
MENU = b"<html><head><title>Menu</title></head><body><nav>Home | World</nav></body></html>"


class GrowingFeed:
    """A feed that lists one more page every ``period`` seconds (or when ``add`` is called),
    the latest ``WINDOW`` of them, answering 304 when nothing changed since the ETag sent."""

    def __init__(self, server: FixtureServer, pages: list[bytes], *, period: float) -> None:
        self.server = server
        self.pages = pages
        self.period = period
        self.started = time.monotonic()
        self.added: dict[int, float] = {}  # item number -> when it first appeared (monotonic)
        self.extra = 0  # items added by hand (latency mode)
        self.lock = threading.Lock()
        server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nAllow: /\n")
        server.routes["/feed"] = self.answer
        for number, page in enumerate(pages):
            server.routes[f"/p/{number}"] = self._page(number, page)

    def listed(self) -> int:
        """How many items the feed has listed so far."""
        timed = int((time.monotonic() - self.started) / self.period) + 1 if self.period else 0
        return min(len(self.pages), timed + self.extra)

    def add(self) -> int:
        """List one more item now; its number."""
        with self.lock:
            self.extra += 1
            number = self.listed() - 1
            self.added.setdefault(number, time.monotonic())
            return number

    def answer(self, request: BaseHTTPRequestHandler) -> Reply:
        with self.lock:
            count = self.listed()
            now = time.monotonic()
            for number in range(count):
                self.added.setdefault(number, now)
        etag = f'"{count}"'
        if request.headers.get("If-None-Match") == etag:
            return Reply(status=304)
        items = "".join(
            f"<item><title>Item {n}</title><link>{self.server.url(f'/p/{n}')}</link>"
            f"<guid>item-{n}</guid></item>"
            for n in range(max(0, count - WINDOW), count)
        )
        body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>{items}"
        headers = (("Content-Type", "application/rss+xml"), ("ETag", etag))
        return Reply(body=(body + "</channel></rss>").encode(), headers=headers)

    def _page(self, number: int, page: bytes) -> Callable[[BaseHTTPRequestHandler], Reply]:
        tries = [0]

        def answer(request: BaseHTTPRequestHandler) -> Reply:
            tries[0] += 1
            if number % 10 == 9 and tries[0] == 1:
                return Reply(status=500, body=b"try later")
            if number % 15 == 14:
                return Reply(body=MENU, headers=HTML)
            return Reply(body=page, headers=HTML)

        return answer


def read_pages(limit: int) -> list[bytes]:
    return [gzip.decompress(path.read_bytes()) for path in sorted(PAGES.glob("*.html.gz"))[:limit]]


def rss_mib(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg_1min_start": os.getloadavg()[0],
    }


def dateline_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dateline", *args]


def memory(args: argparse.Namespace) -> dict[str, Any]:
    """``dateline watch`` (or ``serve --watch`` with a reader asking for the overview and the
    timeline every 5 s, as a page following new events does) for ``args.minutes``, its RSS
    sampled every ``args.sample`` s."""
    info = machine()
    server = FixtureServer().start()
    feed = GrowingFeed(server, read_pages(181), period=args.period)
    samples: list[tuple[float, float]] = []
    port = free_port()
    statuses: Counter[int] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "news.duckdb"
        log = Path(folder) / "watch.log"
        watching = ["--every", args.every, "--allow-private", "--delay", "0", "--db", str(db)]
        if args.serve:
            command = dateline_command(
                "serve", "--watch", server.url("/feed"), "--port", str(port), *watching
            )
        else:
            command = dateline_command("watch", server.url("/feed"), *watching)
        done = threading.Event()
        reader = threading.Thread(
            target=read_while, args=(f"http://127.0.0.1:{port}", done, statuses), daemon=True
        )
        with log.open("w") as out:
            wide = {**os.environ, "COLUMNS": "250"}  # one poll's summary on one line
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=wide)
            started = time.monotonic()
            if args.serve:
                reader.start()
            try:
                while time.monotonic() - started < args.minutes * 60:
                    found = rss_mib(process.pid)
                    if found is None or process.poll() is not None:
                        break
                    samples.append((round(time.monotonic() - started, 1), found))
                    time.sleep(args.sample)
            finally:
                done.set()
                process.terminate()
                process.wait(timeout=120)
        polls, articles, rejections = stored_counts(db)
        tracebacks = log.read_text().count("Traceback")
    server.stop()
    return {
        **info,
        "loadavg_1min_end": os.getloadavg()[0],
        "command": " ".join(command[2:]),
        "minutes": args.minutes,
        "feed_period_s": args.period,
        "items_listed": feed.listed(),
        "polls": polls,
        "articles_stored": articles,
        "rejections_stored": rejections,
        "tracebacks_in_output": tracebacks,
        "reader_statuses": dict(statuses),
        "summary": summarise(samples, warm_s=args.warm * 60),
        "samples_s_mib": samples,
    }


def objects(args: argparse.Namespace) -> dict[str, Any]:
    """In one process, what grows as a watcher polls: ``args.polls`` polls on a manual clock
    (no waiting), a new page in the feed before each of the first ``args.growing``; every 5
    polls the process's RSS, DuckDB's own memory (``duckdb_memory()``) and the number of
    Python objects the garbage collector tracks."""
    import gc

    import dateline
    from dateline.watch import FetchConfig, ManualClock, WatchConfig, Watcher

    info = machine()
    server = FixtureServer().start()
    feed = GrowingFeed(server, read_pages(181), period=0)
    rows: list[dict[str, Any]] = []
    config = WatchConfig(every=15.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    with (
        tempfile.TemporaryDirectory() as folder,
        dateline.open_store(Path(folder) / "news.duckdb") as news,
    ):
        clock = ManualClock()
        watched = news.path if args.reopen else news
        if args.reopen:
            news.close()
        watcher = Watcher(watched, [server.url("/feed")], config=config, clock=clock)
        for number in range(1, args.polls + 1):
            if number <= args.growing:
                feed.add()
            watcher.poll()
            clock.sleep(3600)  # past any backoff a 500 set
            if number % 5 == 0:
                gc.collect()
                rows.append({"poll": number, **sizes(news, reopen=args.reopen)})
        watcher.close()
    server.stop()
    return {
        **info, "polls": args.polls, "growing_polls": args.growing, "reopen": args.reopen,
        "every_5_polls": rows,
    }  # fmt: skip


def sizes(news: Any, *, reopen: bool) -> dict[str, Any]:
    """The process's RSS, DuckDB's own memory (on the watcher's connection, or on one opened
    for the count where the watcher closed its own), Python objects, spaCy's words."""
    import gc

    import dateline
    from dateline.nlp.load import load_nlp

    opened = dateline.open_store(news.path, read_only=True) if reopen else news
    con = opened.store.con
    duck = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0]
    stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    if reopen:
        opened.close()
    vocab = load_nlp().vocab
    return {
        "articles": stored, "rss_mib": rss_mib(os.getpid()),
        "duckdb_mib": round(duck / 2**20, 1), "python_objects": len(gc.get_objects()),
        "spacy_words": sum(1 for _ in vocab), "spacy_strings": len(vocab.strings),
    }  # fmt: skip


def read_while(api: str, done: threading.Event, statuses: Counter[int]) -> None:
    """Ask for the overview and the timeline every 5 s until ``done``, counting the statuses."""
    while not done.wait(5.0):
        for path in ("/api/overview", "/api/timeline"):
            try:
                statuses[httpx.get(f"{api}{path}", timeout=60).status_code] += 1
            except httpx.TransportError:
                statuses[0] += 1  # not answering (yet): counted as status 0


def stored_counts(db: Path) -> tuple[int, int, int]:
    """Polls logged, articles and rejections in the store, once its writer has stopped."""
    import dateline

    with dateline.open_store(db, read_only=True) as news:
        found = news.store.con.execute(
            "SELECT (SELECT count(*) FROM watch_polls), (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM rejections)"
        ).fetchall()[0]
    return int(found[0]), int(found[1]), int(found[2])


def summarise(samples: list[tuple[float, float]], *, warm_s: float) -> dict[str, Any]:
    """Peak, first and last warm samples, and the least-squares slope after warm-up."""
    warm = [(t, m) for t, m in samples if t >= warm_s]
    if len(warm) < 2:
        return {"samples": len(samples)}
    n = len(warm)
    mean_t = sum(t for t, _ in warm) / n
    mean_m = sum(m for _, m in warm) / n
    slope = sum((t - mean_t) * (m - mean_m) for t, m in warm) / sum(
        (t - mean_t) ** 2 for t, _ in warm
    )
    return {
        "samples": len(samples),
        "warm_after_s": warm_s,
        "peak_mib": max(m for _, m in samples),
        "first_warm_mib": warm[0][1],
        "last_mib": warm[-1][1],
        "warm_min_mib": min(m for _, m in warm),
        "warm_max_mib": max(m for _, m in warm),
        "slope_mib_per_hour": round(slope * 3600, 1),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


MEETINGS = (  # one new item each: its own parties and city, so its events are its own
    ("German Chancellor Olaf Scholz", "French President Emmanuel Macron", "Paris"),
    ("U.S. Secretary of State Antony Blinken", "Turkish Foreign Minister Mevlut Cavusoglu",
     "Ankara"),
    ("Russian President Vladimir Putin", "Chinese President Xi Jinping", "Beijing"),
    ("U.S. President Joe Biden", "Canadian Prime Minister Justin Trudeau", "Ottawa"),
    ("Indian Prime Minister Narendra Modi", "Japanese Prime Minister Fumio Kishida", "Tokyo"),
    ("Turkish President Recep Tayyip Erdogan", "Ukrainian President Volodymyr Zelensky",
     "Istanbul"),
    ("British Prime Minister Rishi Sunak", "Italian Prime Minister Giorgia Meloni", "Rome"),
    ("Brazilian President Luiz Inacio Lula da Silva", "Argentine President Javier Milei",
     "Brasilia"),
)  # fmt: skip


def meeting_page(actor: str, recipient: str, city: str) -> bytes:
    sentence = f"{actor} met {recipient} in {city} on Wednesday to discuss trade and security."
    paragraphs = "".join(f"<p>{sentence} Officials in {city} gave no details. ({n})</p>"
                         for n in range(4))  # fmt: skip
    title = f"Talks in {city}"
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paragraphs}</article></body></html>").encode()  # fmt: skip


def latency(args: argparse.Namespace) -> dict[str, Any]:
    """``dateline serve --watch``: seconds from an item entering the feed until its events are
    listed by /api/events (the item's city is in their evidence)."""
    info = machine()
    server = FixtureServer().start()
    items = MEETINGS[: args.items + 1]
    feed = GrowingFeed(server, [meeting_page(*item) for item in items], period=0)
    feed.add()  # the first: the watcher's first poll loads the language model
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "news.duckdb"
        command = dateline_command(
            "serve", "--db", str(db), "--port", str(port), "--watch", server.url("/feed"),
            "--every", args.every, "--allow-private", "--delay", "0",
        )  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: listed_in(api, items[0][2]), limit=900)
            for _ in items[1:]:
                time.sleep(args.gap)  # a new item lands anywhere in the poll period
                number = feed.add()
                appeared = feed.added[number]
                seen = wait_for(lambda city=items[number][2]: listed_in(api, city), limit=600)  # type: ignore[misc]
                results.append({
                    "item": items[number][2],
                    "seconds": round(seen - appeared, 2) if seen is not None else None,
                })  # fmt: skip
        finally:
            process.terminate()
            process.wait(timeout=120)
    server.stop()
    found = sorted(item["seconds"] for item in results if item["seconds"] is not None)
    return {
        **info,
        "loadavg_1min_end": os.getloadavg()[0],
        "command": " ".join(command[2:]),
        "items": results,
        "median_s": found[len(found) // 2] if found else None,
        "min_s": found[0] if found else None,
        "max_s": found[-1] if found else None,
    }


def listed_in(api: str, word: str) -> bool:
    """Whether /api/events lists an event whose evidence has ``word``."""
    try:
        answer = httpx.get(f"{api}/api/events", params={"q": word}, timeout=30)
    except httpx.TransportError:
        return False
    return answer.status_code == 200 and bool(answer.json()["items"])


def wait_for(ready: Callable[[], bool], *, limit: float) -> float | None:
    """Poll ``ready`` every 0.25 s; the monotonic time it first held, None after ``limit`` s."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if ready():
            return time.monotonic()
        time.sleep(0.25)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["memory", "latency", "objects"])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--every", default="15s", help="the watcher's --every")
    parser.add_argument("--period", type=float, default=15.0, help="a new feed item every N s")
    parser.add_argument("--sample", type=float, default=15.0, help="seconds between samples")
    parser.add_argument("--warm", type=float, default=5.0, help="minutes before the slope")
    parser.add_argument("--items", type=int, default=7, help="latency: new items measured")
    parser.add_argument("--gap", type=float, default=3.7, help="latency: s before each item")
    parser.add_argument("--serve", action="store_true", help="memory: serve --watch, read")
    parser.add_argument("--polls", type=int, default=100, help="objects: polls in all")
    parser.add_argument("--growing", type=int, default=80, help="objects: polls with a new page")
    parser.add_argument("--reopen", action="store_true", help="objects: open the store per poll")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = {"memory": memory, "latency": latency, "objects": objects}[args.mode](args)
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"latency_every_{args.every}" if args.mode == "latency" else args.mode
    if args.mode == "memory":
        name = "memory_serve" if args.serve else "memory"
    if args.mode == "objects" and args.reopen:
        name = "objects_reopen"
    path = args.out / f"watch_{name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in result.items() if key != "samples_s_mib"},
                     indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
