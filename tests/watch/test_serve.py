"""``dateline serve`` with a watcher: ``serve --watch`` runs one in the server's process (the
store's one writer) and shows what it stores without a restart, answering all the while; a
plain ``serve`` beside another process that holds the store answers 503 with Retry-After, then
the committed state once the store is free, never a 500."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dateline.api.app import Limits, create_app
from dateline.watch import FetchConfig, WatchConfig
from tests.watch.server import FixtureServer, Reply

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's test client warns about httpx
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow

HTML = (("Content-Type", "text/html; charset=utf-8"),)
PUBLISHED = '<meta property="article:published_time" content="2024-03-06T09:00:00Z">'
TALKS = (
    "Talks in Paris",
    "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Wednesday "
    "to discuss the war in Ukraine.",
)
ACCUSES = (
    "Putin accuses NATO",
    "Russian President Vladimir Putin accused NATO of threatening the security of Russia on "
    "Tuesday, the Kremlin said.",
)
WAIT = 300.0  # seconds: the first poll loads the language model on a shared 2-core machine
# Holds the store the way `dateline run` does: a DuckDB connection for writing, taken as soon
# as the file is free, after running the SQL given; lets go when told on stdin.
HOLDER = """
import sys, time, duckdb
deadline = time.monotonic() + 120
while True:
    try:
        con = duckdb.connect(sys.argv[1])
        break
    except duckdb.IOException:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.05)
for sql in sys.argv[2:]:
    con.execute(sql)
print("held", flush=True)
sys.stdin.readline()
con.close()
"""
REJECTION = (
    "INSERT INTO rejections VALUES ('elsewhere', 'test', 'empty_text', 'written by another "
    "process', '', now())"
)


def article(title: str, sentence: str) -> Reply:
    paragraphs = "".join(f"<p>{sentence} {n}</p>" for n in range(4))
    body = f"<html><head><title>{title}</title>{PUBLISHED}</head><body><article><h1>{title}</h1>"
    return Reply(body=f"{body}{paragraphs}</article></body></html>".encode(), headers=HTML)


def feed(server: FixtureServer, paths: list[str]) -> Reply:
    items = "".join(
        f"<item><link>{server.url(path)}</link><guid>{path}</guid></item>" for path in paths
    )
    body = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>{items}</channel></rss>"
    )
    return Reply(body=body.encode(), headers=(("Content-Type", "application/rss+xml"),))


def wait_until(ready: Callable[[], bool], *, limit: float = WAIT) -> bool:
    """Poll ``ready`` until it holds; False after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.2)
    return False


def listed(events: Any, kind: str, actor: str) -> bool:
    """Whether a page of /api/events lists an event of ``kind`` by ``actor``."""
    return any(
        item["type"] == kind and (item["actor"] or {}).get("name") == actor
        for item in events["items"]
    )


def watching(server: FixtureServer) -> dict[str, Any]:
    config = WatchConfig(every=1.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    return {"watch": [server.url("/feed")], "watch_config": config}


def test_serve_watch_shows_new_items_and_keeps_answering_while_it_writes(
    server: FixtureServer, db: Path
) -> None:
    statuses: list[int] = []
    done = threading.Event()
    with TestClient(create_app(db, **watching(server))) as client:

        def ask() -> None:  # readers, all the while the watcher polls and writes
            while not done.is_set():
                for url in ("/api/overview", "/api/events", "/", "/timeline"):
                    statuses.append(client.get(url).status_code)

        reader = threading.Thread(target=ask)
        reader.start()
        try:
            events = lambda: client.get("/api/events").json()  # noqa: E731
            assert wait_until(lambda: listed(events(), "CONSULT", "Olaf Scholz"))
            server.routes["/feed"] = feed(server, ["/talks", "/accuses"])  # a new item
            assert wait_until(lambda: listed(events(), "ACCUSE", "Vladimir Putin"))
        finally:
            done.set()
            reader.join(timeout=WAIT)
        overview = client.get("/api/overview").json()
    assert len(statuses) > 8
    assert set(statuses) == {200}
    assert overview["counts"]["articles"] == 2
    assert server.hits["/talks"] == 1 and server.hits["/accuses"] == 1
    (source,) = overview["sources"]
    assert source["source"] == server.url("/feed")
    assert source["status"] in ("ok", "running")


def test_the_overview_says_what_failed_and_why(server: FixtureServer, db: Path) -> None:
    server.routes["/feed"] = feed(server, ["/talks", "/gone", "/menu"])
    server.routes["/menu"] = Reply(body=b"<html><body><nav>Home</nav></body></html>", headers=HTML)
    with TestClient(create_app(db, **watching(server))) as client:
        found = lambda: client.get("/api/overview").json()["fetch_failures"]  # noqa: E731
        assert wait_until(lambda: len(found()) == 2)
        failures = {item["url"]: item for item in found()}
        page = client.get("/")
    gone = failures[server.url("/gone")]
    assert (gone["reason"], gone["http_status"], gone["state"]) == ("http_status", 404, "failed")
    assert failures[server.url("/menu")]["reason"] == "no_article_text"
    assert page.status_code == 200
    assert "Watched sources" in page.text and server.url("/gone") in page.text


def let_go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.wait(timeout=60) == 0


@pytest.mark.parametrize("url", ["/api/events", "/api/overview", "/", "/timeline", "/actors"])
def test_a_plain_server_beside_a_writer_answers_503_with_retry_after(
    db: Path, holder: Callable[..., subprocess.Popen[str]], url: str
) -> None:
    writer = holder()
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        busy = client.get(url)
        assert client.get("/static/style.css").status_code == 200  # nothing of the store
        let_go(writer)
        assert wait_until(lambda: client.get(url).status_code == 200, limit=60)
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == str(Limits().busy_retry_seconds)
    if url.startswith("/api/"):
        assert busy.json()["error"]["code"] == "store_busy"
        assert "E006" in busy.json()["error"]["message"]
    else:
        assert "store_busy" in busy.text and "dateline serve --watch" in busy.text


def test_a_plain_server_lets_a_writer_in_between_requests_then_shows_what_it_wrote(
    db: Path, holder: Callable[..., subprocess.Popen[str]]
) -> None:
    app = create_app(db, limits=Limits(hold_seconds=0.2))
    with TestClient(app, raise_server_exceptions=False) as client:
        before = client.get("/api/overview").json()["counts"]["rejections"]
        writer = holder(REJECTION)  # takes the store once the server has let go of it
        assert client.get("/api/overview").status_code == 503
        let_go(writer)
        answered = lambda: client.get("/api/overview")  # noqa: E731
        assert wait_until(lambda: answered().status_code == 200, limit=60)
        assert answered().json()["counts"]["rejections"] == before + 1


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def serve(db: Path) -> Iterator[Callable[..., tuple[str, subprocess.Popen[str]]]]:
    """Starts ``dateline serve`` as a real process with the arguments given; its base URL."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> tuple[str, subprocess.Popen[str]]:
        port = free_port()
        command = [sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)]
        process = subprocess.Popen(
            [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: _answers(base), limit=120), "the server did not start"
        return base, process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)


def _answers(base: str) -> bool:
    try:
        httpx.get(f"{base}/static/style.css", timeout=5)
    except httpx.TransportError:
        return False
    return True


def test_serve_watch_as_a_real_process_shows_an_item_added_between_polls(
    server: FixtureServer, serve: Callable[..., tuple[str, subprocess.Popen[str]]]
) -> None:
    """Its one writer gets its turn while a client asks without pause: the watcher writes
    through a connection of its own, which the readers' transactions never hold up."""
    base, process = serve(
        "--watch", server.url("/feed"), "--every", "1s", "--allow-private", "--delay", "0"
    )
    seen: dict[str, threading.Event] = {"CONSULT": threading.Event(), "ACCUSE": threading.Event()}
    statuses: list[int] = []
    done = threading.Event()

    def ask() -> None:  # no pause between requests
        with httpx.Client(timeout=60) as client:
            while not done.is_set():
                answer = client.get(f"{base}/api/events")
                statuses.append(answer.status_code)
                for kind, actor in (("CONSULT", "Olaf Scholz"), ("ACCUSE", "Vladimir Putin")):
                    if answer.status_code == 200 and listed(answer.json(), kind, actor):
                        seen[kind].set()

    asking = threading.Thread(target=ask)
    asking.start()
    try:
        assert seen["CONSULT"].wait(timeout=WAIT)
        server.routes["/feed"] = feed(server, ["/talks", "/accuses"])
        assert seen["ACCUSE"].wait(timeout=WAIT)
    finally:
        done.set()
        asking.join(timeout=WAIT)
    process.terminate()
    output, _ = process.communicate(timeout=120)
    assert set(statuses) == {200}
    assert "Traceback" not in output
    assert "watching 1 sources" in output


def test_plain_serve_starts_beside_a_writer_and_answers_once_it_is_done(
    serve: Callable[..., tuple[str, subprocess.Popen[str]]],
    holder: Callable[..., subprocess.Popen[str]],
) -> None:
    writer = holder(REJECTION)
    base, process = serve()
    busy = httpx.get(f"{base}/api/events", timeout=30)
    page = httpx.get(f"{base}/timeline", timeout=30)
    let_go(writer)
    overview = lambda: httpx.get(f"{base}/api/overview", timeout=30)  # noqa: E731
    assert wait_until(lambda: overview().status_code == 200, limit=60)
    assert overview().json()["counts"]["rejections"] == 1
    process.terminate()
    output, _ = process.communicate(timeout=60)
    assert (busy.status_code, page.status_code) == (503, 503)
    assert busy.headers["retry-after"] and page.headers["retry-after"]
    assert busy.json()["error"]["code"] == "store_busy"
    assert "Traceback" not in output
    assert "being written by another process" in output
