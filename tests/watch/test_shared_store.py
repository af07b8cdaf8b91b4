"""``dateline watch`` lets go of the store between polls: a plain ``dateline serve`` beside it
answers with what each poll stored, and a poll that finds the store held by another process
waits for it (telling a server that reads it to let go), then stores what is new once, or
gives up with E011 once it has waited its bound."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from dateline.api.app import Limits, create_app
from dateline.cli.main import app
from dateline.errors import DatelineError
from dateline.store.duck import Store
from dateline.store.turn import STALE_SECONDS, WriteWanted, is_write_wanted, note_path
from dateline.watch import FetchConfig, ManualClock, WatchConfig, Watcher
from tests.watch.conftest import Holder
from tests.watch.server import FixtureServer
from tests.watch.test_serve import (
    WAIT,
    feed,
    free_port,
    let_go,
    listed,
    wait_until,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's test client warns about httpx
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow


class FreedAfter(ManualClock):
    """A manual clock on which the process holding the store lets go during the ``sleeps``-th
    wait of the watcher (never, for None; the waits themselves take no time)."""

    def __init__(self, holding: subprocess.Popen[str], *, sleeps: int | None) -> None:
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


class NoteSeen(FreedAfter):
    """A ``FreedAfter`` clock that also notes, at each wait of the watcher, whether it has told
    readers of the store at ``db`` that it waits for it."""

    def __init__(self, db: Path, holding: subprocess.Popen[str], *, sleeps: int | None) -> None:
        super().__init__(holding, sleeps=sleeps)
        self.db = db
        self.noted: list[bool] = []

    def sleep(self, seconds: float) -> None:
        self.noted.append(is_write_wanted(self.db))
        super().sleep(seconds)


def test_a_poll_gives_up_with_e011_once_it_has_waited_busy_limit(
    server: FixtureServer, db: Path, holder: Holder
) -> None:
    holding = holder()
    clock = NoteSeen(db, holding, sleeps=None)
    config = WatchConfig(busy_limit=30.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    watcher = Watcher(db, [server.url("/feed")], config=config, clock=clock)
    with pytest.raises(DatelineError, match=r"^E011 .* after 30 s of waiting"):
        watcher.poll()
    watcher.close()
    assert clock.slept == [1.0, 2.0, 4.0, 8.0, 10.0, 5.0]  # the last wait cut to the bound
    assert all(clock.noted)  # readers were asked to let go all the while
    assert not note_path(db).exists()  # and are no longer asked once it gave up
    assert not server.hits
    let_go(holding)


def test_a_poll_that_gets_the_store_withdraws_its_note(
    server: FixtureServer, db: Path, holder: Holder, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = NoteSeen(db, holder(), sleeps=1)
    config = WatchConfig(fetch=FetchConfig(allow_private=True, delay=0.0))
    watcher = Watcher(db, [server.url("/feed")], config=config, clock=clock)
    fetch = watcher.fetcher.fetch
    noted: list[bool] = []  # at each fetch, holding the store

    def noting(url: str, **given: Any) -> Any:
        noted.append(note_path(db).exists())
        return fetch(url, **given)

    monkeypatch.setattr(watcher.fetcher, "fetch", noting)
    assert watcher.poll().added == 1
    watcher.close()
    assert clock.noted == [True]  # asked readers to let go while it waited
    assert noted and not any(noted)  # and asked no longer once it had the store


def test_watch_once_gives_up_with_e011_and_exit_3_when_the_store_stays_busy(
    server: FixtureServer, db: Path, holder: Holder
) -> None:
    holding = holder()
    done = CliRunner().invoke(
        app,
        ["watch", server.url("/feed"), "--once", "--busy-wait", "0", "--allow-private",
         "--db", str(db)],
    )  # fmt: skip
    let_go(holding)
    assert done.exit_code == 3, done.output
    assert "E011" in done.output and "--busy-wait" in done.output
    assert "Traceback" not in done.output
    assert not server.hits


@pytest.mark.parametrize("url", ["/api/events", "/timeline"])
def test_a_plain_server_lets_go_of_the_store_while_a_writer_waits(db: Path, url: str) -> None:
    note = WriteWanted(db)
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        assert client.get(url).status_code == 200
        note.post()
        refused = client.get(url)
        access = client.app.state.access  # type: ignore[attr-defined]
        let_go_at_once = access.store is None
        Store(db).close()  # a writer gets the file at once, with no pause in requests
        note.withdraw()
        after = client.get(url)
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == str(Limits().busy_retry_seconds)
    assert "store_busy" in refused.text
    assert let_go_at_once
    assert after.status_code == 200


def test_a_stale_note_does_not_keep_readers_away(db: Path) -> None:
    note = WriteWanted(db)
    note.post()
    old = time.time() - 2 * STALE_SECONDS
    os.utime(note_path(db), (old, old))
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        answer = client.get("/api/overview")
    note.withdraw()
    assert answer.status_code == 200


def test_a_client_asking_without_pause_still_sees_what_dateline_watch_stores(
    server: FixtureServer, db: Path, tmp_path: Path
) -> None:
    """A plain dateline serve whose one client never pauses: the server lets go of the store
    for the watcher's poll (it held it for ever before), and the client sees the new events."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serving = start(["serve", "--db", str(db), "--port", str(port)], log=tmp_path / "serve.log")
    answers: list[httpx.Response] = []
    seen = threading.Event()
    stop_asking = threading.Event()

    def ask() -> None:  # no pause between requests
        with httpx.Client(timeout=60) as client:
            while not stop_asking.is_set():
                try:
                    answer = client.get(f"{base}/api/events")
                except httpx.TransportError:  # the server still starting
                    continue
                answers.append(answer)
                if answer.status_code == 200 and listed(answer.json(), "CONSULT", "Olaf Scholz"):
                    seen.set()

    asking = threading.Thread(target=ask)
    allowed = FetchConfig(allow_private=True, delay=0.0)
    watcher = Watcher(db, [server.url("/feed")], config=WatchConfig(busy_limit=WAIT, fetch=allowed))
    try:
        asking.start()
        assert wait_until(lambda: any(a.status_code == 200 for a in answers), limit=120)
        report = watcher.poll()  # waits while the server holds the store (E011 past WAIT)
        assert seen.wait(timeout=WAIT), (tmp_path / "serve.log").read_text()
    finally:
        stop_asking.set()
        asking.join(timeout=WAIT)
        watcher.close()
        stop(serving)
    assert report.added == 1
    assert {answer.status_code for answer in answers} <= {200, 503}
    for busy in (answer for answer in answers if answer.status_code == 503):
        assert busy.headers["retry-after"]
        assert busy.json()["error"]["code"] == "store_busy"
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
