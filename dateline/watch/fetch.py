"""Fetch one URL politely: robots.txt, one request at a time per host with a delay, timeouts, a
size cap read from the stream, a redirect limit, conditional GET, and backoff on 429 and 5xx.

Every way a fetch can fail is a ``Failure`` with a stable reason code (``errors.Reason``), never
an exception: the watcher stores it as a Rejection and tries the URL again on a later poll.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from dateline import __version__
from dateline.errors import Reason
from dateline.model import Record
from dateline.watch.clock import Clock
from dateline.watch.sources import Resolve, blocked_reason

log = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
USER_AGENT = (
    f"dateline/{__version__} (news event extraction; fetches only the feeds its user names)"
)
_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_LATER = (429, 500, 502, 503, 504)


class FetchConfig(Record, frozen=True, kw_only=True):
    """How politely and how far one fetch goes."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10 * MEGABYTE
    max_redirects: int = 5
    delay: float = 1.0  # seconds between the start of two requests to one host
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay is honoured up to this
    min_backoff: float = 60.0  # after a 429 or 5xx with no Retry-After; doubles each time
    max_backoff: float = 6 * 3600.0
    allow_private: bool = False


class Response(Record, frozen=True, kw_only=True):
    """A response received whole (a 304 has no body)."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    reason_phrase: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


class Failure(Record, frozen=True, kw_only=True):
    """Why a URL was not fetched, and when it may be tried again."""

    url: str
    reason: str
    detail: str
    status: int | None = None
    retry_at: datetime | None = None
    is_deferred: bool = False  # not tried at all (its host is backing off): no attempt counted


class _Host:
    """What politeness remembers of one host."""

    def __init__(self) -> None:
        self.next_at: datetime | None = None  # no request starts before this
        self.backoff_until: datetime | None = None
        self.failures = 0
        self.robots: RobotFileParser | None = None
        self.crawl_delay = 0.0


class Fetcher:
    """One HTTP client for a whole watch; closes with ``close`` (or ``with``)."""

    def __init__(
        self,
        *,
        config: FetchConfig,
        clock: Clock,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolve | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.resolve = resolve
        timeout = httpx.Timeout(config.read_timeout, connect=config.connect_timeout)
        self.client = httpx.Client(
            headers={"User-Agent": config.user_agent},
            timeout=timeout,
            follow_redirects=False,  # followed by hand: each hop is checked and counted
            transport=transport,
        )
        self.hosts: dict[str, _Host] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response | Failure:
        """GET ``url`` (conditionally where a validator is given), following redirects."""
        conditional = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        headers = {key: value for key, value in conditional.items() if value}
        seen = [url]
        target = url
        while True:
            found = self._one(target, asked=url, headers=headers)
            if not isinstance(found, str):
                return found
            target = found
            if target in seen or len(seen) > self.config.max_redirects:
                hops = " -> ".join([*seen, target])
                detail = f"more than {self.config.max_redirects} redirects or a loop: {hops}"
                return Failure(url=url, reason=Reason.TOO_MANY_REDIRECTS.value, detail=detail[:500])
            seen.append(target)

    def _one(self, target: str, *, asked: str, headers: dict[str, str]) -> Response | Failure | str:
        """One request: the response, why it failed, or the URL it redirects to."""
        blocked = blocked_reason(
            target, allow_private=self.config.allow_private, resolve=self.resolve
        )
        if blocked:
            return Failure(url=asked, reason=Reason.BLOCKED_URL.value, detail=blocked)
        host = self._host(target)
        now = self.clock.now()
        if host.backoff_until is not None and now < host.backoff_until:
            detail = f"its host is backing off until {host.backoff_until.isoformat()}"
            return Failure(
                url=asked, reason=Reason.HTTP_STATUS.value, detail=detail,
                retry_at=host.backoff_until, is_deferred=True,
            )  # fmt: skip
        if not self._allowed(target, host):
            detail = (
                f"robots.txt of {_origin(target)} disallows {self.config.user_agent.split()[0]}"
            )
            return Failure(url=asked, reason=Reason.ROBOTS_DISALLOWED.value, detail=detail)
        return self._request(target, asked=asked, headers=headers, host=host)

    def _request(
        self, target: str, *, asked: str, headers: dict[str, str], host: _Host
    ) -> Response | Failure | str:
        self._wait(host)
        try:
            with self.client.stream("GET", target, headers=headers) as reply:
                return self._reply(reply, target=target, asked=asked, host=host)
        except httpx.TimeoutException as err:
            detail = f"timed out ({type(err).__name__}) fetching {target}"
            return Failure(url=asked, reason=Reason.FETCH_TIMEOUT.value, detail=detail)
        except (httpx.TransportError, httpx.InvalidURL, httpx.DecodingError) as err:
            detail = f"{type(err).__name__}: {err}"[:500]
            return Failure(url=asked, reason=Reason.FETCH_FAILED.value, detail=detail)

    def _reply(
        self, reply: httpx.Response, *, target: str, asked: str, host: _Host
    ) -> Response | Failure | str:
        status = reply.status_code
        if status in _REDIRECTS and reply.headers.get("Location"):
            return urljoin(target, reply.headers["Location"])
        if status in _RETRY_LATER:
            retry_at = self._back_off(host, reply.headers.get("Retry-After"))
            detail = f"HTTP {status} {reply.reason_phrase}; retry after {retry_at.isoformat()}"
            return Failure(
                url=asked, reason=Reason.HTTP_STATUS.value, detail=detail, status=status,
                retry_at=retry_at,
            )  # fmt: skip
        host.failures = 0
        if status != 304 and not 200 <= status < 300:
            detail = f"HTTP {status} {reply.reason_phrase}"
            return Failure(url=asked, reason=Reason.HTTP_STATUS.value, detail=detail, status=status)
        body = self._body(reply) if status != 304 else b""
        if body is None:
            detail = f"the response is larger than {self.config.max_bytes:,} bytes; not read"
            return Failure(url=asked, reason=Reason.TOO_LARGE.value, detail=detail, status=status)
        return Response(
            url=asked, final_url=target, status=status, reason_phrase=reply.reason_phrase,
            headers=tuple(reply.headers.multi_items()), body=body, fetched_at=self.clock.now(),
        )  # fmt: skip

    def _body(self, reply: httpx.Response) -> bytes | None:
        """The decoded body, or None past the size cap (read no further than the cap)."""
        declared = reply.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.config.max_bytes:
            return None
        chunks: list[bytes] = []
        size = 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > self.config.max_bytes:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def _back_off(self, host: _Host, retry_after: str | None) -> datetime:
        host.failures += 1
        now = self.clock.now()
        wait = self.config.min_backoff * 2 ** (host.failures - 1)
        asked = _retry_after(retry_after, now=now)
        if asked is not None:
            wait = asked
        wait = min(max(wait, 0.0), self.config.max_backoff)
        host.backoff_until = now + timedelta(seconds=wait)
        return host.backoff_until

    def _wait(self, host: _Host) -> None:
        """One request at a time per host, ``delay`` (or the robots Crawl-delay) apart."""
        now = self.clock.now()
        if host.next_at is not None and now < host.next_at:
            self.clock.sleep((host.next_at - now).total_seconds())
        gap = max(self.config.delay, min(host.crawl_delay, self.config.max_crawl_delay))
        host.next_at = self.clock.now() + timedelta(seconds=gap)

    def _host(self, url: str) -> _Host:
        return self.hosts.setdefault(_origin(url), _Host())

    def _allowed(self, url: str, host: _Host) -> bool:
        if host.robots is None:
            host.robots = self._robots(url, host)
            delay = host.robots.crawl_delay(_agent(self.config.user_agent))
            host.crawl_delay = float(delay) if delay else 0.0
        return host.robots.can_fetch(_agent(self.config.user_agent), url)

    def _robots(self, url: str, host: _Host) -> RobotFileParser:
        """robots.txt as RFC 9309 reads it: 4xx means no rules, 5xx or no answer means
        everything is disallowed for now (asked again by the next watcher run)."""
        robots = RobotFileParser()
        where = _origin(url) + "/robots.txt"
        found = self._request(where, asked=where, headers={}, host=host)
        for _ in range(self.config.max_redirects):  # RFC 9309: follow at least five
            if not isinstance(found, str):
                break
            blocked = blocked_reason(
                found, allow_private=self.config.allow_private, resolve=self.resolve
            )
            if blocked:
                break
            found = self._request(found, asked=where, headers={}, host=self._host(found))
        if isinstance(found, Response):
            robots.parse(found.body.decode("utf-8", errors="replace").splitlines())
        elif isinstance(found, Failure) and found.status is not None and found.status < 500:
            robots.parse([])
        else:  # unreachable, a redirect elsewhere, 5xx: assume complete disallow
            log.info("robots.txt at %s unavailable: disallowing the host", where)
            robots.parse(["User-agent: *", "Disallow: /"])
        return robots


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _agent(user_agent: str) -> str:
    return user_agent.split("/", maxsplit=1)[0]


def _retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return (when - now).total_seconds() if when.tzinfo else None
