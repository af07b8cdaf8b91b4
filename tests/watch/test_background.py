"""The watcher on a thread of its own (what ``serve --watch`` runs): it polls until stopped,
and a poll that raises is logged, kept and tried again, never the end of the watch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dateline
from dateline.library import Dateline
from dateline.store.duck import Store
from dateline.watch import FetchConfig, WatchConfig
from dateline.watch.background import BackgroundWatch
from tests.watch.server import FixtureServer, Reply
from tests.watch.test_serve import TALKS, WAIT, article, feed

pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    running = FixtureServer().start()
    running.routes["/robots.txt"] = Reply(body=b"")
    running.routes["/talks"] = article(*TALKS)
    running.routes["/feed"] = feed(running, ["/talks"])
    yield running
    running.stop()


@pytest.fixture
def news(tmp_path: Path) -> Iterator[Dateline]:
    with dateline.open_store(tmp_path / "news.duckdb") as opened:
        yield opened


def test_a_poll_that_raises_is_tried_again_and_the_watch_goes_on(
    server: FixtureServer, news: Dateline
) -> None:
    polled = threading.Event()
    config = WatchConfig(every=1.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    watch = BackgroundWatch(
        news, [server.url("/feed")], config=config, on_poll=lambda _: polled.set()
    )
    ingest = watch.watcher._ingest
    failures: list[str] = []

    def fails_once(paths: Any) -> Any:  # the first poll dies after archiving its page
        if not failures:
            failures.append("raised")
            raise OSError("No space left on device")
        return ingest(paths)

    watch.watcher._ingest = fails_once  # type: ignore[method-assign]
    watch.start()
    assert polled.wait(WAIT)
    assert watch.stop(wait=WAIT)
    assert failures == ["raised"]
    assert watch.failure is None  # cleared by the poll that worked
    with Store(news.path, read_only=True) as store:
        statuses = [
            row[0]
            for row in store.con.execute("SELECT status FROM watch_polls ORDER BY id").fetchall()
        ]
        articles = store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    assert statuses[0] == "interrupted" and "running" not in statuses
    assert articles == 1  # the page the failed poll archived, ingested by the next
    assert server.hits["/talks"] == 1


def test_stop_ends_the_wait_between_polls(server: FixtureServer, news: Dateline) -> None:
    polled = threading.Event()
    config = WatchConfig(every=86_400.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    watch = BackgroundWatch(
        news, [server.url("/feed")], config=config, on_poll=lambda _: polled.set()
    )
    watch.start()
    assert polled.wait(WAIT)
    assert watch.stop(wait=WAIT)  # a day's sleep cut short, not waited out
