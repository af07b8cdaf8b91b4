"""What keeps one server answering under load: a bounded queue in front of the app, and an HTTP
protocol that drops clients who stall before finishing a request and caps open connections.

Only the excess is refused (503 with Retry-After); requests and connections already admitted
go on being served, and a stalled socket holds nothing for long.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from dateline.api.errors import error_body
from dateline.model import Record

log = logging.getLogger(__name__)


class Capacity(Record, frozen=True, kw_only=True):
    """How much one server takes on at once, and how long it waits for a slow client.

    ``running`` is small because every request's queries share the store's memory limit
    (``Limits.memory_mb``, 1 GiB) and one fused-event query on a store of 3,776 news articles
    took 128-256 MB of it: 16 at once ran out of memory, and on a few cores more at once add
    no throughput. A request waits in line at most ``wait_seconds``. ``header_seconds`` bounds
    how long a client may take to send a request's line and headers, and so how long an idle
    keep-alive connection is kept.
    """

    running: int = 4
    waiting: int = 256
    wait_seconds: float = 30.0
    connections: int = 512
    header_seconds: float = 5.0
    retry_after: int = 1


def busy(capacity: Capacity, *, close: bool = False) -> JSONResponse:
    """The 503 a refused request gets: try again after ``retry_after`` seconds."""
    headers = {"Retry-After": str(capacity.retry_after)}
    if close:
        headers["Connection"] = "close"
    body = error_body("busy", "The server is busy; try again shortly.")
    return JSONResponse(body, status_code=503, headers=headers)


class Admission:
    """Runs up to ``running`` requests at once and queues up to ``waiting`` more, first come
    first served; a request beyond both, or one queued past ``wait_seconds``, gets 503."""

    def __init__(self, app: ASGIApp, *, capacity: Capacity) -> None:
        self.app = app
        self.capacity = capacity
        self.running = 0
        self.waiting = 0
        self._slots = asyncio.Semaphore(capacity.running)  # binds to the loop on first wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not await self._admit():
            await busy(self.capacity)(scope, receive, send)
            return
        self.running += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running -= 1
            self._slots.release()

    async def _admit(self) -> bool:
        """Take a slot, waiting in line when all are taken; False when the line is full or
        the wait ran out."""
        if self._slots.locked() and self.waiting >= self.capacity.waiting:
            log.warning(
                "refused a request: %d running, %d waiting", self.capacity.running, self.waiting
            )
            return False
        self.waiting += 1
        try:
            async with asyncio.timeout(self.capacity.wait_seconds):
                await self._slots.acquire()
        except TimeoutError:
            log.warning("refused a request after %.1f s in line", self.capacity.wait_seconds)
            return False
        finally:
            self.waiting -= 1
        return True


class GuardedProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's line and headers, and a cap
    on open connections that refuses only the connections beyond it.

    uvicorn's own ``limit_concurrency`` answers 503 to every request while too many sockets
    are open, idle and stalled ones included, so a few dozen stalled clients locked everyone
    out; and it has no timer on a request that never finishes arriving.
    """

    capacity = Capacity()
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.capacity.connections:
            log.warning("refused a connection: %d open", len(self.connections))
            self.app = busy(self.capacity, close=True)
        self._arm_deadline()

    def handle_events(self) -> None:
        started = self.cycle
        super().handle_events()
        if self.cycle is not started:  # a whole request head arrived: the deadline is met
            self._disarm_deadline()

    def on_response_complete(self) -> None:
        self._arm_deadline()  # first: a pipelined request handled inside disarms it again
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_deadline()
        super().connection_lost(exc)

    def _arm_deadline(self) -> None:
        self._disarm_deadline()
        self._deadline = self.loop.call_later(self.capacity.header_seconds, self._too_slow)

    def _disarm_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        log.info(
            "closed a connection that sent no whole request in %.1f s", self.capacity.header_seconds
        )
        self.transport.close()  # connection_lost then settles the h11 state


def protocol_for(capacity: Capacity) -> type[GuardedProtocol]:
    """The protocol class to hand uvicorn (its ``http`` setting) for a server of ``capacity``."""

    class Configured(GuardedProtocol):
        pass

    Configured.capacity = capacity
    return Configured
