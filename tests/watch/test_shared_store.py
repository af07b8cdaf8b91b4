"""``dateline watch`` lets go of the store between polls: a plain ``dateline serve`` beside it
answers with what each poll stored, and a poll that finds the store held by another process
waits for it, then stores what is new once."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dateline.store.duck import Store
from dateline.watch import FetchConfig, ManualClock, WatchConfig, Watcher
from tests.watch.conftest import Holder
from tests.watch.server import FixtureServer
from tests.watch.test_serve import (
    feed,
    free_port,
    let_go,
    listed,
    wait_until,
)

pytestmark = pytest.mark.slow


class FreedAfter(ManualClock):
    """A manual clock on which the process holding the store lets go during the ``sleeps``-th
    wait of the watcher (the waits themselves take no time)."""

    def __init__(self, holding: subprocess.Popen[str], *, sleeps: int) -> None:
        super().__init__()
        self.holding = holding
        self.sleeps = sleeps

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        if len(self.slept) == self.sleeps:
            let_go(self.holding)


def articles(db: Path) -> int:
    with Store(db, read_only=True) as store:
        return int(store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0])


def test_a_poll_waits_for_a_store_another_process_holds_then_stores_the_item_once(
    server: FixtureServer, db: Path, holder: Holder, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FreedAfter(holder(), sleeps=6)
    config = WatchConfig(every=900.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    watcher = Watcher(db, [server.url("/feed")], config=config, clock=clock)
    with caplog.at_level(logging.WARNING, logger="dateline.watch.run"):
        first = watcher.poll()
    second = watcher.poll()  # the store free: no wait, and nothing new
    watcher.close()
    assert clock.slept == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]  # doubling, at most busy_most
    waits = [record for record in caplog.records if "in use by another process" in record.message]
    assert len(waits) == 6
    assert all("\n" not in record.message and record.exc_info is None for record in waits)
    assert (first.fetched, first.added) == (1, 1)
    assert (second.fetched, second.added) == (0, 0)
    assert server.hits["/talks"] == 1
    assert articles(db) == 1


def test_a_watcher_lets_go_of_the_store_once_its_poll_is_done(
    server: FixtureServer, db: Path, holder: Holder
) -> None:
    config = WatchConfig(every=900.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    watcher = Watcher(db, [server.url("/feed")], config=config, clock=ManualClock())
    assert watcher.poll().added == 1
    let_go(holder())  # another process takes the store for writing, and gives it back
    server.routes["/feed"] = feed(server, ["/talks", "/accuses"])
    assert watcher.poll().added == 1
    watcher.close()
    assert articles(db) == 2


def start(command: list[str], *, log: Path) -> subprocess.Popen[bytes]:
    with log.open("w") as out:  # a file, not a pipe: nothing waits on a full pipe
        return subprocess.Popen(
            [sys.executable, "-m", "dateline", *command], stdout=out, stderr=subprocess.STDOUT
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=120)


def test_a_plain_serve_beside_dateline_watch_shows_what_each_poll_stored(
    server: FixtureServer, db: Path, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    watch_log, serve_log = tmp_path / "watch.log", tmp_path / "serve.log"
    feed_url = server.url("/feed")
    watching = start(
        ["watch", feed_url, "--every", "2s", "--allow-private", "--delay", "0", "--db", str(db)],
        log=watch_log,
    )
    serving = start(["serve", "--db", str(db), "--port", str(port)], log=serve_log)
    answers: list[httpx.Response] = []

    def shows(kind: str, actor: str) -> bool:
        # Asked every 5 s: a plain serve lets go of the store 3 s after its last request, and
        # the watcher needs the store free when a poll starts.
        time.sleep(5)
        try:
            answer = httpx.get(f"{base}/api/events", timeout=30)
        except httpx.TransportError:  # the server still starting
            return False
        answers.append(answer)
        return answer.status_code == 200 and listed(answer.json(), kind, actor)

    try:
        assert wait_until(lambda: shows("CONSULT", "Olaf Scholz")), serve_log.read_text()
        server.routes["/feed"] = feed(server, ["/talks", "/accuses"])  # a new item
        assert wait_until(lambda: shows("ACCUSE", "Vladimir Putin")), watch_log.read_text()
    finally:
        stop(watching)
        stop(serving)
    assert {answer.status_code for answer in answers} <= {200, 503}
    for busy in (answer for answer in answers if answer.status_code == 503):
        assert busy.headers["retry-after"]
        assert busy.json()["error"]["code"] == "store_busy"
    assert server.hits["/talks"] == 1 and server.hits["/accuses"] == 1
    assert articles(db) == 2
    assert "Traceback" not in watch_log.read_text() + serve_log.read_text()
    assert "articles added" in watch_log.read_text()
