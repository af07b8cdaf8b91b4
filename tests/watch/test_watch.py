"""The watcher end to end: a local HTTP server serves a feed of real article pages (from
../shared/dev/html/), the watcher polls it into a real store through the whole pipeline.
Proves that new items arrive once, that a failed fetch is retried later with nothing lost, and
that a watcher stopped mid-poll resumes without duplicates."""

from __future__ import annotations

import gc
import gzip
import itertools
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

import dateline
from dateline.dedup.grouper import DuplicateGrouper
from dateline.library import Dateline
from dateline.nlp.load import load_nlp
from dateline.watch import FetchConfig, ManualClock, WatchConfig, Watcher, last_polls
from dateline.watch.archive import archive_folder
from tests.conftest import shared_file
from tests.watch.server import FixtureServer, Reply
from tests.watch.test_serve import TALKS, article
from tests.watch.test_serve import feed as paths_feed

HTML = (("Content-Type", "text/html; charset=utf-8"),)
PAGES = 4


@pytest.fixture(scope="module")
def pages() -> list[bytes]:
    """Real article pages: the first few of the scrapinghub set."""
    folder = shared_file("dev/html/scrapinghub/html")
    return [gzip.decompress(path.read_bytes()) for path in sorted(folder.glob("*.html.gz"))[:PAGES]]


@pytest.fixture
def server(pages: list[bytes]) -> Iterator[FixtureServer]:
    running = FixtureServer().start()
    running.routes["/robots.txt"] = Reply(body=b"User-agent: *\nAllow: /\n")
    for number, page in enumerate(pages):
        running.routes[f"/story/{number}"] = Reply(body=page, headers=HTML)
    yield running
    running.stop()


@pytest.fixture
def news(tmp_path: Path) -> Iterator[Dateline]:
    with dateline.open_store(tmp_path / "news.duckdb") as opened:
        yield opened


def feed(server: FixtureServer, numbers: list[int], *, etag: str = '"1"') -> Reply:
    items = "".join(
        f"<item><title>Story {n}</title><link>{server.url(f'/story/{n}')}</link>"
        f"<guid>story-{n}</guid></item>"
        for n in numbers
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fixture</title>{items}'
    body += "</channel></rss>"
    return Reply(
        body=body.encode(), headers=(("Content-Type", "application/rss+xml"), ("ETag", etag))
    )


def conditional(reply: Reply) -> Any:
    """A route answering 304 to a request that sends back its ETag."""
    etag = dict(reply.headers)["ETag"]

    def answer(request: BaseHTTPRequestHandler) -> Reply:
        return Reply(status=304) if request.headers.get("If-None-Match") == etag else reply

    return answer


def watcher(news: Dateline, sources: list[str], clock: ManualClock | None = None) -> Watcher:
    config = WatchConfig(every=900.0, fetch=FetchConfig(allow_private=True, delay=1.0))
    return Watcher(news, sources, config=config, clock=clock or ManualClock())


def count(news: Dateline, sql: str) -> int:
    return int(news.store.con.execute(sql).fetchall()[0][0])


def story_hits(server: FixtureServer) -> dict[str, int]:
    return {path: hits for path, hits in server.hits.items() if path.startswith("/story/")}


def test_new_items_arrive_once(server: FixtureServer, news: Dateline) -> None:
    server.routes["/feed"] = conditional(feed(server, [0, 1]))
    watch = watcher(news, [server.url("/feed")])
    first = watch.poll()
    assert (first.fetched, first.added) == (2, 2)
    assert watch.poll().fetched == 0  # 304: nothing new, nothing fetched
    server.routes["/feed"] = conditional(feed(server, [0, 1, 2], etag='"2"'))  # it changed
    third = watch.poll()
    assert (third.fetched, third.added) == (1, 1)
    assert story_hits(server) == {"/story/0": 1, "/story/1": 1, "/story/2": 1}
    assert count(news, "SELECT count(*) FROM articles") == 3
    assert count(news, "SELECT count(DISTINCT url) FROM articles") == 3
    assert count(news, "SELECT count(*) FROM rejections") == 0
    assert len(list(archive_folder(news.path.resolve()).glob("*.warc.gz"))) == 2


def test_the_poll_log_has_each_sources_last_poll(server: FixtureServer, news: Dateline) -> None:
    server.routes["/feed"] = conditional(feed(server, [0, 1]))
    watch = watcher(news, [server.url("/feed"), server.url("/story/3")])
    watch.poll()
    watch.poll()
    polls = {poll.source: poll for poll in last_polls(news.store)}
    assert polls[server.url("/feed")].status == "not_modified"
    assert polls[server.url("/story/3")].status == "unchanged"  # a page: fetched once
    assert count(news, "SELECT count(*) FROM watch_polls") == 4
    assert server.hits["/story/3"] == 1


def test_a_failed_fetch_is_retried_later_and_nothing_is_lost(
    server: FixtureServer, news: Dateline
) -> None:
    server.routes["/feed"] = conditional(feed(server, [0, 1]))
    story = server.routes["/story/1"]
    server.routes["/story/1"] = Reply(status=500)
    clock = ManualClock()
    watch = watcher(news, [server.url("/feed")], clock)
    first = watch.poll()
    assert (first.fetched, first.failed) == (1, 1)
    rejected = news.rejections().to_pylist()
    assert [(r["origin"], r["reason"]) for r in rejected] == [
        (server.url("/story/1"), "http_status")
    ]
    server.routes["/story/1"] = story
    assert watch.poll().fetched == 0  # the host backs off: not tried before its time
    clock.sleep(3600)
    second = watch.poll()  # the feed is not modified; the failed page is retried all the same
    assert second.fetched == 1 and second.added == 1
    assert count(news, "SELECT count(*) FROM articles") == 2
    assert count(news, "SELECT count(*) FROM rejections") == 0  # it arrived after all
    assert server.hits["/story/1"] == 2


def test_a_429_is_retried_after_its_retry_after(server: FixtureServer, news: Dateline) -> None:
    server.routes["/feed"] = conditional(feed(server, [0]))
    story = server.routes["/story/0"]
    server.routes["/story/0"] = Reply(status=429, headers=(("Retry-After", "300"),))
    clock = ManualClock()
    watch = watcher(news, [server.url("/feed")], clock)
    assert watch.poll().failed == 1
    server.routes["/story/0"] = story
    clock.sleep(299)
    assert watch.poll().fetched == 0
    clock.sleep(2)
    assert watch.poll().fetched == 1


class Stopped(Exception):
    """Stands for the watcher's process being killed."""


def test_a_watcher_stopped_mid_poll_resumes_without_duplicates(
    server: FixtureServer, news: Dateline, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/feed"] = conditional(feed(server, [0, 1, 2, 3]))
    watch = watcher(news, [server.url("/feed")])
    fetch = watch.fetcher.fetch
    calls: list[str] = []

    def dies_on_the_fourth(url: str, **kwargs: Any) -> Any:
        calls.append(url)
        if len(calls) == 4:  # the feed, two pages, then killed
            raise Stopped
        return fetch(url, **kwargs)

    monkeypatch.setattr(watch.fetcher, "fetch", dies_on_the_fourth)
    with pytest.raises(Stopped):
        watch.poll()
    assert count(news, "SELECT count(*) FROM articles") == 0
    resumed = watcher(news, [server.url("/feed")])  # a fresh process, the same store
    report = resumed.poll()
    assert report.fetched == 4 and report.added == 4
    assert resumed.poll().fetched == 0
    assert count(news, "SELECT count(*) FROM articles") == 4
    assert count(news, "SELECT count(DISTINCT url) FROM articles") == 4
    assert not list(archive_folder(news.path.resolve()).glob("*.part"))
    statuses = [
        row[0] for row in news.store.con.execute("SELECT status FROM watch_polls").fetchall()
    ]
    assert statuses == ["interrupted", "ok", "not_modified"]


def test_a_watcher_stopped_before_ingesting_ingests_on_resume(
    server: FixtureServer, news: Dateline, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/feed"] = conditional(feed(server, [0, 1]))
    watch = watcher(news, [server.url("/feed")])

    def killed(paths: Any) -> Any:
        raise Stopped

    monkeypatch.setattr(watch, "_ingest", killed)
    with pytest.raises(Stopped):
        watch.poll()
    resumed = watcher(news, [server.url("/feed")])
    assert resumed.poll().fetched == 0  # the archive it left is ingested; nothing refetched
    assert count(news, "SELECT count(*) FROM articles") == 2
    assert story_hits(server) == {"/story/0": 1, "/story/1": 1}


def test_bad_sources_and_pages_become_rejections_and_the_watch_goes_on(
    server: FixtureServer, news: Dateline
) -> None:
    binary = (("Content-Type", "application/octet-stream"),)
    rss = (("Content-Type", "application/rss+xml"),)
    server.routes["/not-xml"] = Reply(body=b"\x00\x01 this is no feed", headers=binary)
    server.routes["/broken.xml"] = Reply(body=b"<?xml version='1.0'?><rss><chann", headers=rss)
    menu = b"<html><body><nav>Home</nav></body></html>"
    server.routes["/menu"] = Reply(body=menu, headers=HTML)
    server.routes["/loop"] = Reply(status=302, headers=(("Location", "/loop"),))
    server.routes["/feed"] = Reply(
        body=feed(server, [0]).body.replace(
            b"</channel>",
            f"<item><link>{server.url('/menu')}</link></item>"
            f"<item><link>{server.url('/loop')}</link></item>"
            f"<item><link>{server.url('/gone')}</link></item></channel>".encode(),
        ),
        headers=(("Content-Type", "application/rss+xml"),),
    )
    sources = [server.url(path) for path in ("/not-xml", "/broken.xml", "/feed")]
    report = watcher(news, sources).poll()
    assert report.added == 1
    reasons = {(r["origin"], r["reason"]) for r in news.rejections().to_pylist()}
    assert (server.url("/not-xml"), "malformed_feed") in reasons
    assert (server.url("/broken.xml"), "malformed_feed") in reasons
    assert (server.url("/loop"), "too_many_redirects") in reasons
    assert (server.url("/gone"), "http_status") in reasons
    assert "no_article_text" in {reason for _, reason in reasons}
    polls = {poll.source: poll for poll in last_polls(news.store)}
    assert polls[server.url("/not-xml")].status == "failed"
    fed = polls[server.url("/feed")]
    assert (fed.status, fed.items_new, fed.items_failed) == ("ok", 1, 3)
    assert "no_article_text 1" in fed.detail


def test_a_schedule_polls_every_period(server: FixtureServer, news: Dateline) -> None:
    server.routes["/feed"] = conditional(feed(server, [0]))
    clock = ManualClock()
    reports = watcher(news, [server.url("/feed")], clock).run(rounds=3)
    assert [r.fetched for r in reports] == [1, 0, 0]
    starts = [r.started_at for r in reports]
    assert [(b - a).total_seconds() for a, b in itertools.pairwise(starts)] == [900, 900]


def test_a_poll_with_nothing_new_reports_the_events_in_the_store(
    server: FixtureServer, news: Dateline
) -> None:
    server.routes["/talks"] = article(*TALKS)
    server.routes["/feed"] = Reply(
        body=feed(server, []).body.replace(
            b"</channel>", f"<item><link>{server.url('/talks')}</link></item></channel>".encode()
        ),
        headers=(("Content-Type", "application/rss+xml"),),
    )
    watch = watcher(news, [server.url("/feed")])
    first = watch.poll()
    again = watch.poll()
    assert first.fused_events >= 1
    assert (again.fetched, again.fused_events) == (0, first.fused_events)


def test_the_words_of_a_polls_articles_are_forgotten_after_it(
    server: FixtureServer, news: Dateline, tmp_path: Path
) -> None:
    """spaCy's vocabulary stays as it was before the polls, and its lemma cache empty, poll
    after poll of new articles; what is stored is what one run over the same pages gives."""
    nlp = load_nlp()
    lemmas: dict[Any, Any] = nlp.get_pipe("lemmatizer").cache  # type: ignore[attr-defined]
    before = (len(nlp.vocab.strings), lexemes(nlp.vocab))
    watching = watcher(news, [server.url("/feed")])
    after: list[tuple[int, int, int]] = []
    for shown in range(1, PAGES + 1):
        server.routes["/feed"] = feed(server, list(range(shown)), etag=f'"{shown}"')
        assert watching.poll().added == 1
        after.append((len(nlp.vocab.strings), lexemes(nlp.vocab), len(lemmas)))
    watching.close()
    assert after == [(*before, 0)] * PAGES
    with dateline.open_store(tmp_path / "once.duckdb") as once:
        once.run([str(path) for path in sorted(archive_folder(news.path).glob("*.warc.gz"))])
        assert stored(once) == stored(news)


def lexemes(vocab: Any) -> int:
    """The words a vocabulary holds (``len`` counts every word it ever held, freed or not)."""
    return sum(1 for _ in vocab)


def stored(news: Dateline) -> list[tuple[Any, ...]]:
    """What extraction found in a store, in an order that does not depend on the runs."""
    rows = news.store.con.execute(
        "SELECT e.anchor_text, e.type, e.cameo, e.actor_id, e.recipient_id, e.actor_text, "
        "e.recipient_text, e.date, a.url FROM events e JOIN articles a ON a.id = e.article_id "
        "UNION ALL SELECT m.text, m.label, m.field, m.actor_id, NULL, NULL, NULL, "
        "m.start_char::VARCHAR, a.url FROM mentions m JOIN articles a ON a.id = m.article_id"
    ).fetchall()
    return sorted(rows, key=repr)


def test_no_duplicate_index_is_kept_between_polls_and_copies_are_still_linked(
    server: FixtureServer, news: Dateline
) -> None:
    """The duplicate index (every article's signature) is let go after each poll, and the next
    poll's copy of a stored page is linked to it all the same (rebuilt from the store)."""
    for path in ("/talks", "/talks-again"):
        server.routes[path] = article(*TALKS)
    watching = watcher(news, [server.url("/feed")])
    server.routes["/feed"] = paths_feed(server, ["/talks"])
    assert watching.poll().added == 1
    kept = [item for item in gc.get_objects() if isinstance(item, DuplicateGrouper)]
    server.routes["/feed"] = paths_feed(server, ["/talks", "/talks-again"])
    assert watching.poll().added == 1
    watching.close()
    assert kept == []
    found = news.store.con.execute(
        "SELECT c.url, c.duplicate_kind, o.url FROM articles c "
        "JOIN articles o ON o.id = c.duplicate_of"
    ).fetchall()
    # Both pages carry the same date, so the original is the one with the lesser id (ids hash
    # the URL, whose port is drawn afresh each run), never simply the one fetched first.
    ids = dict(news.store.con.execute("SELECT url, id FROM articles").fetchall())
    original, copy = sorted((server.url("/talks"), server.url("/talks-again")), key=ids.__getitem__)
    assert found == [(copy, "exact", original)]
