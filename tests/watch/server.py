"""A real HTTP server on 127.0.0.1 for the watcher's tests: routes the test sets and changes,
a count of the requests each path got, and the headers they came with."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dateline.model import Record


class Reply(Record, frozen=True, kw_only=True):
    """What a route answers."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    chunks: int = 0  # send the body this many times more, chunked, with no Content-Length


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (the watcher stopping at its size cap) is expected
    here: it is not printed as an error; anything else still is."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class FixtureServer:
    """``routes`` maps a path to a Reply (or a function of the request giving one); any other
    path is a 404. ``hits`` counts requests per path, ``seen`` keeps their headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()  # what a hanging route waits for
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server.hits[self.path] += 1
            server.seen.append((self.path, dict(self.headers.items())))
            route = server.routes.get(self.path, Reply(status=404, body=b"not here"))
            reply = route(self) if callable(route) else route
            self.send_response(reply.status)
            for key, value in reply.headers:
                self.send_header(key, value)
            if reply.chunks:
                self._chunked(reply)
                return
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def _chunked(self, reply: Reply) -> None:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for part in _repeat(reply.body, reply.chunks + 1):
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading, as a size cap does

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _repeat(body: bytes, times: int) -> Iterator[bytes]:
    for _ in range(times):
        yield body
