"""dateline watch on fixture pages: a local server (127.0.0.1) serves the 181 real article pages
of ../shared/dev/html/scrapinghub as one RSS feed, and one poll fetches, archives and runs them
through the pipeline into a fresh store. Figures only: nothing here asserts a time.

    python benchmarks/bench_watch.py [--pages 181] [--delay 0]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' fixture server

import dateline  # noqa: E402
from dateline.watch import FetchConfig, WatchConfig, Watcher  # noqa: E402
from tests.watch.server import FixtureServer, Reply  # noqa: E402

PAGES = ROOT.parent / "shared" / "dev" / "html" / "scrapinghub" / "html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=181)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds between requests")
    args = parser.parse_args()
    server = FixtureServer().start()
    html = (("Content-Type", "text/html; charset=utf-8"),)
    server.routes["/robots.txt"] = Reply(body=b"")
    links = []
    for number, path in enumerate(sorted(PAGES.glob("*.html.gz"))[: args.pages]):
        server.routes[f"/p/{number}"] = Reply(body=gzip.decompress(path.read_bytes()), headers=html)
        links.append(f"<item><link>{server.url(f'/p/{number}')}</link></item>")
    feed = f"<?xml version='1.0'?><rss><channel><title>f</title>{''.join(links)}</channel></rss>"
    server.routes["/feed"] = Reply(body=feed.encode(), headers=(("Content-Type", "text/xml"),))
    config = WatchConfig(fetch=FetchConfig(allow_private=True, delay=args.delay))
    with (
        tempfile.TemporaryDirectory() as folder,
        dateline.open_store(Path(folder) / "news.duckdb") as news,
    ):
        watcher = Watcher(news, [server.url("/feed")], config=config)
        started = time.perf_counter()
        report = watcher.poll()
        seconds = time.perf_counter() - started
        again = time.perf_counter()
        watcher.poll()
        idle = time.perf_counter() - again
        watcher.close()
    server.stop()
    print(json.dumps({
        "pages": args.pages, "fetched": report.fetched, "failed": report.failed,
        "articles_added": report.added, "fused_events": report.fused_events,
        "poll_seconds": round(seconds, 1),
        "articles_per_minute": round(report.added / seconds * 60, 1),
        "pages_per_minute": round(report.fetched / seconds * 60, 1),
        "second_poll_seconds": round(idle, 2),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
