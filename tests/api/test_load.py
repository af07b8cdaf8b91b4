"""The server under load: the request queue, the deadline for a request's head, the connection cap.

Every test orders its events itself (a handler held on an event, requests sent one after
another) and waits on sockets with generous bounds; none asserts how long anything took.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import pytest
import uvicorn
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from dateline.api.load import Admission, Capacity, protocol_for

Exchange = tuple[httpx.Response, ...]


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("ok")(scope, receive, send)


def held_app() -> tuple[Callable[[Scope, Receive, Send], Awaitable[None]], asyncio.Event]:
    """An app whose requests wait until the returned event is set."""
    release = asyncio.Event()

    async def held(scope: Scope, receive: Receive, send: Send) -> None:
        await release.wait()
        await hello(scope, receive, send)

    return held, release


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(10_000):  # bounded: each turn lets the other tasks run
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


Held = tuple[Admission, httpx.AsyncClient, asyncio.Task[httpx.Response], asyncio.Event]


@asynccontextmanager
async def one_held(capacity: Capacity) -> AsyncIterator[Held]:
    """A gate in front of the held app, a client, and one request running and held there."""
    held, release = held_app()
    gate = Admission(held, capacity=capacity)
    transport = httpx.ASGITransport(app=gate)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        running = asyncio.create_task(client.get("/"))
        await until(lambda: gate.running == 1)
        yield gate, client, running, release


async def beyond_the_queue(capacity: Capacity) -> Exchange:
    """One request running and held, one waiting, then one more; the held ones are let go."""
    async with one_held(capacity) as (gate, client, running, release):
        queued = asyncio.create_task(client.get("/"))
        await until(lambda: gate.waiting == 1)
        refused = await client.get("/")
        release.set()
        return refused, await running, await queued


def test_only_requests_beyond_the_queue_are_refused() -> None:
    refused, running, queued = asyncio.run(beyond_the_queue(Capacity(running=1, waiting=1)))
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["error"]["code"] == "busy"
    assert running.status_code == 200 == queued.status_code


async def past_the_wait(capacity: Capacity) -> Exchange:
    """A request queued behind a held one until its wait runs out."""
    async with one_held(capacity) as (_, client, running, release):
        gave_up = await client.get("/")
        release.set()
        after = await client.get("/")
        return gave_up, await running, after


def test_a_request_queued_past_its_wait_is_refused_and_the_slot_stays_usable() -> None:
    capacity = Capacity(running=1, waiting=4, wait_seconds=0.01)
    gave_up, running, after = asyncio.run(past_the_wait(capacity))
    assert gave_up.status_code == 503
    assert running.status_code == 200 == after.status_code


@contextmanager
def serving(capacity: Capacity) -> Iterator[int]:
    """A real uvicorn server with the guarded protocol on a free loopback port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # bound here and handed over: no race for the port
    config = uvicorn.Config(
        hello,
        http=protocol_for(capacity),
        lifespan="off",
        log_level="warning",
        timeout_keep_alive=60,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    for _ in range(600):  # bounded: up to about 30 s to start
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield int(listener.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def closed_by_server(sock: socket.socket) -> bool:
    """Reads until the server closes the socket; False if it stays open for 30 s."""
    sock.settimeout(30)
    try:
        for _ in range(1000):  # bounded: a response, then the close
            if sock.recv(4096) == b"":
                return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return False


@pytest.mark.parametrize(
    "sent",
    [
        b"",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\n",  # stalls on a second one
    ],
    ids=["silent", "half a request", "half a second request"],
)
def test_a_client_that_stalls_before_a_whole_request_is_dropped(sent: bytes) -> None:
    with (
        serving(Capacity(header_seconds=0.2)) as port,
        socket.create_connection(("127.0.0.1", port), timeout=30) as stalled,
    ):
        stalled.sendall(sent)
        assert closed_by_server(stalled)


def test_only_connections_beyond_the_cap_are_refused() -> None:
    with serving(Capacity(connections=2, header_seconds=60)) as port:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as first, httpx.Client(base_url=base) as second:
            assert first.get("/").status_code == 200
            assert second.get("/").status_code == 200  # both stay open, kept alive
            refused = httpx.get(f"{base}/")
            again = first.get("/")
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["connection"] == "close"
    assert again.status_code == 200
