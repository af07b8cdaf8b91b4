"""The fetcher against a real local HTTP server: politeness, limits and every way a fetch fails,
each a coded Failure. The clock is a ManualClock: delays and backoff are read, never waited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from dateline import __version__
from dateline.errors import DatelineError
from dateline.watch import FetchConfig, ManualClock, parse_every, read_sources
from dateline.watch.fetch import USER_AGENT, Failure, Fetcher, Response
from dateline.watch.sources import blocked_reason
from tests.watch.server import FixtureServer, Reply

PAGE = Reply(
    body=b"<html><body><p>Hello</p></body></html>", headers=(("Content-Type", "text/html"),)
)


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    running = FixtureServer().start()
    running.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /private\n")
    yield running
    running.stop()


def fetcher(clock: ManualClock | None = None, **settings: object) -> Fetcher:
    config = FetchConfig(allow_private=True, **settings)  # type: ignore[arg-type]
    return Fetcher(config=config, clock=clock or ManualClock())


def test_a_page_is_fetched_with_an_honest_user_agent(server: FixtureServer) -> None:
    server.routes["/a"] = PAGE
    with fetcher() as client:
        found = client.fetch(server.url("/a"))
    assert isinstance(found, Response)
    assert found.status == 200 and found.body == PAGE.body
    agents = {headers["User-Agent"] for _, headers in server.seen}
    assert agents == {USER_AGENT}
    assert USER_AGENT.startswith(f"dateline/{__version__} (")


def test_a_conditional_get_sends_the_validators_and_takes_a_304(server: FixtureServer) -> None:
    def answer(request: BaseHTTPRequestHandler) -> Reply:
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(status=304)
        return Reply(body=b"<rss/>", headers=(("ETag", '"v1"'),))

    server.routes["/feed"] = answer
    with fetcher() as client:
        first = client.fetch(server.url("/feed"))
        assert isinstance(first, Response) and first.header("ETag") == '"v1"'
        again = client.fetch(server.url("/feed"), etag='"v1"', last_modified="Mon, 01 Jan 2024")
    assert isinstance(again, Response) and again.status == 304 and again.body == b""
    assert server.seen[-1][1]["If-Modified-Since"] == "Mon, 01 Jan 2024"


@pytest.mark.parametrize(
    ("reply", "seconds"),
    [
        (Reply(status=429, headers=(("Retry-After", "120"),)), 120),
        (Reply(status=503, headers=(("Retry-After", "Mon, 01 Jan 2024 00:10:00 GMT"),)), 600),
        (Reply(status=500), 60),  # no Retry-After: the configured minimum backoff
    ],
)
def test_429_and_5xx_back_off_the_host(server: FixtureServer, reply: Reply, seconds: int) -> None:
    server.routes["/busy"] = reply
    server.routes["/other"] = PAGE
    clock = ManualClock()
    with fetcher(clock, min_backoff=60.0, delay=0.0) as client:
        found = client.fetch(server.url("/busy"))
        assert isinstance(found, Failure)
        assert (found.reason, found.status) == ("http_status", reply.status)
        assert found.retry_at == clock.now() + timedelta(seconds=seconds)
        deferred = client.fetch(server.url("/other"))  # same host, while it backs off
        assert isinstance(deferred, Failure) and deferred.is_deferred
        assert server.hits["/other"] == 0
        clock.sleep(seconds)
        assert isinstance(client.fetch(server.url("/other")), Response)


@pytest.mark.parametrize("chunked", [True, False])
def test_a_huge_response_is_too_large_and_not_read_whole(
    server: FixtureServer, chunked: bool
) -> None:
    block = b"<p>" + b"x" * 65_536 + b"</p>"
    server.routes["/huge"] = (
        Reply(body=block, chunks=800, headers=(("Content-Type", "text/html"),))  # ~50 MB
        if chunked
        else Reply(body=block * 20, headers=(("Content-Type", "text/html"),))
    )
    with fetcher(max_bytes=200_000) as client:
        found = client.fetch(server.url("/huge"))
    assert isinstance(found, Failure) and found.reason == "too_large"


def test_a_redirect_loop_stops_at_the_limit(server: FixtureServer) -> None:
    server.routes["/a"] = Reply(status=302, headers=(("Location", "/b"),))
    server.routes["/b"] = Reply(status=301, headers=(("Location", server.url("/a")),))
    with fetcher() as client:
        found = client.fetch(server.url("/a"))
    assert isinstance(found, Failure) and found.reason == "too_many_redirects"
    assert server.hits["/a"] == 1 and server.hits["/b"] == 1


def test_redirects_within_the_limit_are_followed(server: FixtureServer) -> None:
    server.routes["/old"] = Reply(status=301, headers=(("Location", "/new"),))
    server.routes["/new"] = PAGE
    with fetcher() as client:
        found = client.fetch(server.url("/old"))
    assert isinstance(found, Response)
    assert found.url == server.url("/old") and found.final_url == server.url("/new")


def test_robots_txt_is_honoured(server: FixtureServer) -> None:
    server.routes["/private/a"] = PAGE
    with fetcher() as client:
        found = client.fetch(server.url("/private/a"))
    assert isinstance(found, Failure) and found.reason == "robots_disallowed"
    assert server.hits["/private/a"] == 0 and server.hits["/robots.txt"] == 1


def test_robots_txt_that_fails_with_5xx_disallows_the_host(server: FixtureServer) -> None:
    server.routes["/robots.txt"] = Reply(status=500)
    server.routes["/a"] = PAGE
    with fetcher() as client:
        found = client.fetch(server.url("/a"))
    assert isinstance(found, Failure) and found.reason == "robots_disallowed"


def test_requests_to_one_host_wait_the_delay(server: FixtureServer) -> None:
    server.routes["/a"] = server.routes["/b"] = PAGE
    clock = ManualClock()
    with fetcher(clock, delay=5.0) as client:
        client.fetch(server.url("/a"))  # robots.txt, then /a: 5 s apart
        client.fetch(server.url("/b"))
    assert clock.slept == [5.0, 5.0]


def test_a_crawl_delay_in_robots_txt_is_honoured(server: FixtureServer) -> None:
    server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nCrawl-delay: 12\n")
    server.routes["/a"] = PAGE
    clock = ManualClock()
    with fetcher(clock, delay=1.0) as client:
        client.fetch(server.url("/a"))
        client.fetch(server.url("/a"))
    assert clock.slept[-1] == 12.0


def test_a_hanging_response_times_out(server: FixtureServer) -> None:
    def hang(request: BaseHTTPRequestHandler) -> Reply:
        server.release.wait(30)  # until the test is over; the client gives up long before
        return PAGE

    server.routes["/slow"] = hang
    with fetcher(read_timeout=0.2) as client:
        found = client.fetch(server.url("/slow"))
    assert isinstance(found, Failure) and found.reason == "fetch_timeout"


def test_private_addresses_are_refused_unless_allowed(server: FixtureServer) -> None:
    server.routes["/a"] = PAGE
    with Fetcher(config=FetchConfig(), clock=ManualClock()) as client:
        found = client.fetch(server.url("/a"))
    assert isinstance(found, Failure) and found.reason == "blocked_url"
    assert not server.hits


@pytest.mark.parametrize(
    ("url", "is_blocked"),
    [
        ("http://127.0.0.1/x", True),
        ("http://10.1.2.3/x", True),
        ("http://[::1]/x", True),
        ("http://169.254.169.254/latest", True),
        ("https://93.184.216.34/x", False),
        ("file:///etc/passwd", True),
    ],
)
def test_blocked_addresses(url: str, is_blocked: bool) -> None:
    resolve = lambda host: [host.strip("[]")]  # noqa: E731 (no DNS in tests)
    assert bool(blocked_reason(url, allow_private=False, resolve=resolve)) is is_blocked


def test_sources_come_from_urls_and_listing_files(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# feeds\nhttps://a.example/rss\n\nhttp://b.example/p\n", encoding="utf-8")
    found = read_sources([str(listing), "https://c.example/atom", "https://a.example/rss"])
    assert found == ["https://a.example/rss", "http://b.example/p", "https://c.example/atom"]


@pytest.mark.parametrize("name", ["file:///etc/passwd", "ftp://a.example/x", "a.example/rss"])
def test_sources_other_than_http_are_refused(name: str) -> None:
    with pytest.raises(DatelineError, match="E009"):
        read_sources([name])


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900.0), ("90s", 90.0), ("1h", 3600.0), ("1d", 86400.0)]
)
def test_schedules(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["0s", "soon", "15x", ""])
def test_bad_schedules(text: str) -> None:
    with pytest.raises(DatelineError, match="E004"):
        parse_every(text)
