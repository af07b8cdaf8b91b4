"""The FastAPI application over one store: JSON API, web pages, security headers, JSON errors.

The store is opened read-only unless asked otherwise; each request reads through its own
DuckDB cursor, which a timer interrupts when the request outlives its time limit.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.api.errors import ApiError, error_body
from dateline.api.load import Admission, Capacity
from dateline.model import Record
from dateline.store.duck import Store

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


class Limits(Record, frozen=True, kw_only=True):
    """What one request may cost: wall time of its queries, and the store's memory and threads."""

    query_seconds: float = 10.0
    memory_mb: int = 1024
    threads: int = 2


class StoreAccess:
    """The open store and the per-request cursors read through it."""

    def __init__(self, store: Store, *, limits: Limits) -> None:
        self.store = store
        self.limits = limits
        self._opening = threading.Lock()  # cursor() on a shared connection is not thread-safe

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A view of the store on its own cursor, interrupted after the time limit."""
        with self._opening:
            cursor = self.store.con.cursor()
        view = copy.copy(self.store)  # shares everything but the connection
        view.con = cursor
        timer = threading.Timer(self.limits.query_seconds, cursor.interrupt)
        timer.start()
        try:
            yield view
        finally:
            timer.cancel()
            cursor.close()


def create_app(
    db: Path,
    *,
    writable: bool = False,
    limits: Limits | None = None,
    allowed_hosts: Sequence[str] | None = None,
    capacity: Capacity | None = None,
) -> FastAPI:
    """The web application over the store at ``db``; read-only unless ``writable``.

    ``writable`` opens the store for writing, which also upgrades an older store's schema;
    the API itself has no verb that writes. ``allowed_hosts`` are the names a request's Host
    header may give (a guard against DNS rebinding: a page elsewhere cannot reach a server on
    127.0.0.1 through a name it controls); None accepts any. ``capacity`` bounds the requests
    running and queued at once; the excess is answered 503 with Retry-After.
    """
    from dateline.api.routes import openapi_components
    from dateline.api.routes import router as api_router
    from dateline.web.pages import router as page_router
    from dateline.web.render import static_app

    limits = limits or Limits()
    capacity = capacity or Capacity()
    store = Store(db, read_only=not writable)
    # Constants from our own Limits record, never from a request.
    store.con.execute(f"SET memory_limit = '{int(limits.memory_mb)}MB'")
    store.con.execute(f"SET threads = {int(limits.threads)}")
    app = FastAPI(
        title="dateline",
        summary="Sourced event data from news articles: events, actors, quotes, stories.",
        version="1",
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.state.access = StoreAccess(store, limits=limits)
    app.state.writable = writable
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
    app.router.on_shutdown.append(store.close)
    return app


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
        return respond(request, exc.status, exc.code, exc.message)

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
