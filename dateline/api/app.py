"""The FastAPI application over one store: JSON API, web pages, security headers, JSON errors.

The store is opened read-only unless asked otherwise; each request reads through its own
DuckDB cursor, which a timer interrupts when the request outlives its time limit. With
``watch`` the app also runs a watcher (``dateline watch``) on a thread of its own: the store's
one writer, in this process, so the pages show new events as they are stored.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.api.errors import ApiError, error_body
from dateline.api.load import Admission, Capacity
from dateline.errors import DatelineError
from dateline.model import Record
from dateline.store.duck import Store, is_busy
from dateline.store.turn import is_write_wanted

if TYPE_CHECKING:
    from dateline.watch.background import BackgroundWatch
    from dateline.watch.run import WatchConfig

log = logging.getLogger(__name__)

# No inline script or style anywhere: article text that slipped through escaping still could
# not run. Pages load only their own CSS and JS from this server.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_GIVING_WAY = (
    "The store {db} is wanted by a process that writes it (dateline watch): this server lets "
    "it go until the write is done; try again shortly."
)


class Limits(Record, frozen=True, kw_only=True):
    """What one request may cost: wall time of its queries, and the store's memory and threads;
    and how the server shares the store file with other processes: it lets go of a store no
    request has read for ``hold_seconds`` (so ``dateline run`` can take it to write), and asks
    a client to come back after ``busy_retry_seconds`` while another process holds it."""

    query_seconds: float = 10.0
    memory_mb: int = 1024
    threads: int = 2
    hold_seconds: float = 3.0
    busy_retry_seconds: int = 5


class StoreAccess:
    """The store the requests read, each through a DuckDB connection of its own (a cursor of
    one shared connection: the same database, its own transactions), inside one transaction,
    so a request sees the store as it was when it began, whatever a writer commits meanwhile.

    Given an open ``store`` it is kept open for the server's life (``dateline serve --watch``,
    whose watcher writes it from this process). Given only ``db`` (``StoreAccess.on_demand``),
    the file is opened when a request comes and closed once none has read it for
    ``limits.hold_seconds``: DuckDB lets one process write a file only while no other holds
    it, so between requests another process may take the store to write it, and while it
    holds it requests are answered 503 ``store_busy`` with Retry-After, never a traceback.
    A writer that waits for the file (``dateline watch``) says so beside it
    (``dateline.store.turn``): the server then lets the file go as soon as the requests reading
    it are done, and answers 503 until the writer has had its turn, so steady requests cannot
    keep it out.
    """

    def __init__(self, store: Store | None, *, limits: Limits, db: Path | None = None) -> None:
        self.limits = limits
        self.db = db or Path(store.path if store else "")
        self.read_only = store.read_only if store else True
        self._store = store
        self._kept = store is not None
        self._readers = 0
        self._closer: threading.Timer | None = None
        self._lock = threading.Lock()  # cursor() on a shared connection is not thread-safe

    @classmethod
    def on_demand(cls, db: Path, *, limits: Limits) -> StoreAccess:
        """Reads of the store at ``db`` (read-only), opened only while requests read it."""
        return cls(None, limits=limits, db=db)

    @property
    def store(self) -> Store | None:
        """The open store (None while a store opened on demand is closed)."""
        return self._store

    def try_open(self) -> bool:
        """Open the store now, as a server starting does; False while another process holds
        it. Any other failure (not a store, a newer schema) raises."""
        try:
            with self._lock:
                self._open()
        except StoreBusy:
            return False
        with self._lock:
            self._close_later()
        return True

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A view of the store on its own cursor, interrupted after the time limit; raises
        ApiError 503 (store_busy) while another process holds the store."""
        view = self._enter()
        timer = threading.Timer(self.limits.query_seconds, view.con.interrupt)
        timer.start()
        try:
            view.con.execute("BEGIN TRANSACTION")
            yield view
        finally:
            timer.cancel()
            view.close()  # its transaction, read-only, ends with it
            with self._lock:
                self._readers -= 1
                self._close_later()

    def writer(self) -> Store:
        """A connection of its own to the kept store, for its one writer (the watcher)."""
        assert self._store is not None and self._kept, "only a store kept open has a writer"
        with self._lock:
            return on_own_connection(self._store)

    def close(self) -> None:
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
            if self._store is not None:
                self._store.close()
                self._store = None

    def _enter(self) -> Store:
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if self._gives_way():
                self._close_idle_now()
                raise ApiError(
                    503, "store_busy", _GIVING_WAY.format(db=self.db),
                    retry_after=self.limits.busy_retry_seconds,
                )  # fmt: skip
            try:
                store = self._open()
            except StoreBusy as err:
                raise ApiError(
                    503, "store_busy", str(err), retry_after=self.limits.busy_retry_seconds
                ) from err
            self._readers += 1
            return on_own_connection(store)

    def _gives_way(self) -> bool:
        """Whether a writer in another process waits for the store this server opens on
        demand: new requests are then turned away (503) and the file is let go as soon as the
        requests reading it are done, so steady requests cannot keep the writer out for ever."""
        return not self._kept and is_write_wanted(self.db)

    def _open(self) -> Store:
        if self._store is None:
            self._store = open_shared(self.db, read_only=True, limits=self.limits)
        return self._store

    def _close_later(self) -> None:
        """With no request reading, close a store opened on demand after ``hold_seconds``, or
        at once when a writer waits for it."""
        if self._readers or self._kept or self._store is None:
            return
        if self._gives_way():
            self._close_idle_now()
            return
        self._closer = threading.Timer(self.limits.hold_seconds, self._close_idle)
        self._closer.daemon = True
        self._closer.start()

    def _close_idle(self) -> None:
        with self._lock:
            self._close_idle_now()

    def _close_idle_now(self) -> None:
        """Close a store opened on demand that no request reads (the lock held)."""
        if self._readers == 0 and self._store is not None and not self._kept:
            self._store.close()
            self._store = None
            log.debug("closed the idle store %s", self.db)


class StoreBusy(Exception):
    """The store file is held by another process writing it (DuckDB's file lock)."""


def open_shared(db: Path, *, read_only: bool, limits: Limits) -> Store:
    """The store at ``db`` with the limits every request's queries share; StoreBusy while
    another process holds the file (E006 with DuckDB's lock message); other errors raise."""
    try:
        store = Store(db, read_only=read_only)
    except DatelineError as err:
        if is_busy(err):
            raise StoreBusy(
                f"{err} The store is being written by another process (dateline run or "
                "dateline watch); try again when it is done, or follow feeds and read in one "
                "process: dateline serve --watch."
            ) from err
        raise
    # Constants from our own Limits record, never from a request.
    store.con.execute(f"SET memory_limit = '{int(limits.memory_mb)}MB'")
    store.con.execute(f"SET threads = {int(limits.threads)}")
    return store


def on_own_connection(store: Store) -> Store:
    """``store`` on a connection of its own, for one thread: a DuckDB cursor of its connection
    (the same database; its own transactions) in UTC, as ``Store`` opens its own. Closing it
    closes the cursor only."""
    view = copy.copy(store)  # shares everything but the connection
    view.con = store.con.cursor()
    view.con.execute("SET TimeZone = 'UTC'")  # a session setting: a cursor does not inherit it
    return view


def create_app(
    db: Path,
    *,
    writable: bool = False,
    limits: Limits | None = None,
    allowed_hosts: Sequence[str] | None = None,
    capacity: Capacity | None = None,
    watch: Sequence[str] = (),
    watch_config: WatchConfig | None = None,
) -> FastAPI:
    """The web application over the store at ``db``; read-only unless ``writable``.

    ``writable`` opens the store for writing, which also upgrades an older store's schema;
    the API itself has no verb that writes. ``allowed_hosts`` are the names a request's Host
    header may give (a guard against DNS rebinding: a page elsewhere cannot reach a server on
    127.0.0.1 through a name it controls); None accepts any. ``capacity`` bounds the requests
    running and queued at once; the excess is answered 503 with Retry-After.

    ``watch`` names feeds and pages to follow (``dateline watch``) from this process while it
    serves: the app's start-up opens the store for writing (creating it where there is none)
    and starts the watcher on a thread of its own, the store's one writer; requests read what
    each poll commits. Without it, the store is opened read-only only while requests read it,
    and a store another process is writing is answered 503 ``store_busy``; a server starts
    all the same.
    """
    from dateline.api.routes import openapi_components
    from dateline.api.routes import router as api_router
    from dateline.web.pages import router as page_router
    from dateline.web.render import static_app

    limits = limits or Limits()
    capacity = capacity or Capacity()
    app = FastAPI(
        title="dateline",
        summary="Sourced event data from news articles: events, actors, quotes, stories.",
        version="1",
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    if watch or writable:
        store = open_shared(db, read_only=False, limits=limits)  # StoreBusy: the CLI says so
        access = StoreAccess(store, limits=limits)
    else:
        access = StoreAccess.on_demand(db, limits=limits)
        if not access.try_open():
            log.warning("the store %s is busy: requests answer 503 until it is free", db)
    app.state.access = access
    app.state.writable = writable
    app.state.watch = _watching(access, db, watch, config=watch_config) if watch else None
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", static_app(), name="static")
    _add_error_handlers(app, retry_after=capacity.retry_after)
    _document(app, openapi_components())
    # Innermost first: a refused request still gets the security headers, and a request for
    # another host is turned away before it takes a place in the queue.
    app.add_middleware(Admission, capacity=capacity)
    app.add_middleware(BlankFormFields)
    app.add_middleware(SecurityHeaders, writable=writable)
    if allowed_hosts is not None:
        app.add_middleware(CheckedHost, allowed=tuple(allowed_hosts))
    if app.state.watch is not None:
        app.router.on_startup.append(app.state.watch.start)
    app.router.on_shutdown.append(lambda: _shut(access, app.state.watch))
    return app


def _shut(access: StoreAccess, watch: BackgroundWatch | None) -> None:
    """Stop the watcher, then close the store; a watcher still polling keeps its connection
    (closed under it, its query could fail anywhere) until the process ends."""
    if watch is None or watch.stop():
        access.close()


def _watching(
    access: StoreAccess, db: Path, sources: Sequence[str], *, config: WatchConfig | None
) -> BackgroundWatch:
    """The watcher of ``sources``, writing through its own connection to the access's store."""
    from dateline.library import Dateline
    from dateline.watch.background import BackgroundWatch

    return BackgroundWatch(Dateline(db, store=access.writer()), sources, config=config)


def store_of(request: Request) -> Iterator[Store]:
    """FastAPI dependency: the store, read through this request's own cursor."""
    access: StoreAccess = request.app.state.access
    with access.reading() as store:
        yield store


class SecurityHeaders:
    """Sets the security headers on every response and refuses writes to a read-only server."""

    def __init__(self, app: ASGIApp, *, writable: bool) -> None:
        self.app = app
        self.writable = writable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in _SAFE_METHODS and not self.writable:
            refused = JSONResponse(
                error_body("read_only", "This server is read-only."), status_code=405
            )
            await _with_headers(refused)(scope, receive, send)
            return

        head = scope["method"] == "HEAD"
        if head:  # HEAD is GET without the body
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BlankFormFields:
    """Reads a page's query without the fields left blank: a filter form sends every input,
    an empty one as ``since=``, which means no filter, not a date that is wrong. The JSON API
    under /api/ keeps its strict reading of what it is given."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if query and not scope["path"].startswith("/api/"):
            fields = [field for field in query.split(b"&") if field.partition(b"=")[2].strip(b"+")]
            scope = {**scope, "query_string": b"&".join(fields)}
        await self.app(scope, receive, send)


class CheckedHost:
    """Answers 400 to a request whose Host header names none of the allowed hosts."""

    def __init__(self, app: ASGIApp, *, allowed: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = frozenset(host.lower() for host in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
            name = given.rsplit(":", 1)[0] if not given.endswith("]") else given
            if name not in self.allowed:
                refused = JSONResponse(
                    error_body("bad_host", f"Host {given!r} is not served here."), status_code=400
                )
                await _with_headers(refused)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _with_headers(response: Response) -> Response:
    for name, value in _HEADERS:
        response.headers[name.decode()] = value.decode()
    return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def _add_error_handlers(app: FastAPI, *, retry_after: int) -> None:
    from dateline.web.pages import error_page

    def respond(request: Request, status: int, code: str, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse(error_body(code, message), status_code=status)
        return error_page(request, status=status, code=code, message=message)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        response = respond(request, exc.status, exc.code, exc.message)
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(_problem(error) for error in exc.errors())
        return respond(request, 422, "invalid_parameter", problems)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return respond(request, exc.status_code, code, str(exc.detail))

    async def interrupted(request: Request, exc: Exception) -> Response:
        return respond(request, 503, "query_timeout", "The query took too long and was stopped.")

    async def out_of_memory(request: Request, exc: Exception) -> Response:
        # The store's memory limit is shared by every request's queries: a request that finds
        # it spent is refused like one beyond the queue, and its connection stays usable.
        log.warning("request %s found the store's memory spent", request.url.path)
        message = "The server has no memory free for this query now; try again shortly."
        response = respond(request, 503, "busy", message)
        response.headers["Retry-After"] = str(retry_after)
        return response

    async def failed(request: Request, exc: Exception) -> Response:
        log.exception("request %s failed", request.url.path, exc_info=exc)
        return respond(request, 500, "internal_error", "The server failed on this request.")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(duckdb.InterruptException, interrupted)
    app.add_exception_handler(duckdb.OutOfMemoryException, out_of_memory)
    app.add_exception_handler(Exception, failed)


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part != "query")
    return f"{where}: {error.get('msg', 'invalid')}"


def _document(app: FastAPI, components: dict[str, Any]) -> None:
    """Add the msgspec records' JSON schemas to the OpenAPI description."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(components)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
