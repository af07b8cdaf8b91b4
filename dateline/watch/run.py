"""One poll of every source, and the schedule that repeats it: fetch what is new, archive it,
and run it through ``Dateline.run`` (ingest, extraction, stories, fusion, all incremental).

A poll never stops on one source's or one page's failure: each becomes a stored Rejection and a
line of the poll log, and a failed page is tried again on a later poll.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import feedparser

from dateline.errors import DatelineError, Errors, Reason, config_error
from dateline.library import Dateline
from dateline.model import Record
from dateline.store.duck import is_busy
from dateline.store.turn import WriteWanted
from dateline.watch.archive import SUFFIX, PollArchive, archive_folder, discard_parts
from dateline.watch.clock import Clock
from dateline.watch.fetch import Failure, FetchConfig, Fetcher, Response
from dateline.watch.memory import forgetting_words
from dateline.watch.sources import Resolve
from dateline.watch.state import Fetched, SourcePoll, WatchState

if TYPE_CHECKING:
    import httpx

    from dateline.library import RunSummary

log = logging.getLogger(__name__)

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "text/xml",
               "application/xml")  # fmt: skip
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_STARTS = (b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")


class WatchConfig(Record, frozen=True, kw_only=True):
    """How often to poll, how often to retry, and how to fetch."""

    every: float = 900.0  # seconds from the start of one poll to the start of the next
    max_attempts: int = 5  # a page failing this often is given up
    workers: int = 1
    fetch: FetchConfig = FetchConfig()
    busy_first: float = 1.0  # seconds a poll waits for a store another process holds, at first
    busy_most: float = 10.0  # ... doubling each time up to this
    busy_limit: float | None = None  # ... and in all at most this long (E011); None: no bound


class PollReport(Record, frozen=True, kw_only=True):
    """What one poll did."""

    started_at: datetime
    sources: tuple[SourcePoll, ...]
    fetched: int  # pages archived and ingested
    failed: int  # sources and pages whose fetch failed (tried again unless given up)
    added: int  # articles new to the store
    fused_events: int
    archive: str | None  # the poll's WARC file


class Watcher:
    """Follows ``sources`` into a store; ``poll`` once, or ``run`` a schedule.

    Given an open store (``news``) it writes it for its whole life: ``dateline serve --watch``
    hands it a connection of its own to the store its server reads. Given the store's path it
    opens the store for each poll and closes it once the poll's work is committed, so that
    between polls another process (a plain ``dateline serve``, a ``dateline run``) can open
    the file, which DuckDB allows only while no process writes it. A poll that finds the store
    held by another process waits, ``config.busy_first`` seconds and then twice as long each
    time up to ``config.busy_most``, and tries again until it is free, or raises E011 once it
    has waited ``config.busy_limit`` seconds. While it waits, a note beside the store
    (``dateline.store.turn``) asks a ``dateline serve`` reading the file to let it go.
    """

    def __init__(
        self,
        news: Dateline | str | PathLike[str],
        sources: Sequence[str],
        *,
        config: WatchConfig | None = None,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolve | None = None,
    ) -> None:
        self.sources = list(sources)
        self.config = config or WatchConfig()
        self.clock = clock or Clock()
        self.path = news.path if isinstance(news, Dateline) else Path(news)
        self.folder = archive_folder(self.path.resolve())
        self.fetcher = Fetcher(
            config=self.config.fetch, clock=self.clock, transport=transport, resolve=resolve
        )
        self.is_kept = isinstance(news, Dateline)
        self._news = news if isinstance(news, Dateline) else None
        if self._news is not None:
            self._begin()

    @property
    def news(self) -> Dateline:
        """The store the watcher writes; a watcher that opens it for each poll has it only
        while a poll runs."""
        if self._news is None:
            raise RuntimeError(f"the store {self.path} is open only while a poll runs")
        return self._news

    @property
    def state(self) -> WatchState:
        return WatchState(self.news.store, max_attempts=self.config.max_attempts)

    def close(self) -> None:
        self.fetcher.close()

    def run(
        self,
        *,
        rounds: int | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
        stop: threading.Event | None = None,
    ) -> list[PollReport]:
        """Poll every ``config.every`` seconds, ``rounds`` times (for ever when None) or until
        ``stop`` is set (checked between polls), telling ``on_poll`` of each poll; the
        reports, when ``rounds`` is given."""
        reports: list[PollReport] = []
        done = 0
        while (rounds is None or done < rounds) and not (stop is not None and stop.is_set()):
            started = self.clock.now()
            report = self.poll()
            done += 1
            if on_poll is not None:
                on_poll(report)
            if rounds is not None:
                reports.append(report)
            if rounds is None or done < rounds:
                waited = (self.clock.now() - started).total_seconds()
                self.clock.sleep(self.config.every - waited)
        return reports

    def poll(self) -> PollReport:
        """One round: every source, then every failed page that is due again; a watcher given
        the store's path opens it for the round (waiting while another process holds it) and
        closes it after."""
        if self.is_kept:
            return self._poll()
        news = self._news = self._open_when_free()
        try:
            self._begin()
            return self._poll()
        finally:  # committed or not, the file is let go: the next poll resumes
            self._news = None
            news.close()

    def _begin(self) -> None:
        """What a stopped watcher left: half-written archives, and polls marked running. Done
        holding the store for writing, so no other watcher's poll is under way."""
        discard_parts(self.folder)
        self.state.interrupted()

    def _open_when_free(self) -> Dateline:
        """The store, opened for writing once no other process holds it; E011 once the wait
        has passed ``config.busy_limit``."""
        wanted = WriteWanted(self.path)
        try:
            return self._wait_for_store(wanted)
        finally:  # had or given up, the writer no longer waits
            wanted.withdraw()

    def _wait_for_store(self, wanted: WriteWanted) -> Dateline:
        started = self.clock.now()
        wait = self.config.busy_first
        while True:
            try:
                return Dateline(self.path)
            except DatelineError as err:
                if not is_busy(err):
                    raise
                waited = (self.clock.now() - started).total_seconds()
                if self.config.busy_limit is not None and waited >= self.config.busy_limit:
                    seconds = f"{waited:.0f}"
                    raise config_error(Errors.E011, path=self.path, seconds=seconds) from err
            wanted.post()  # readers on demand let go of the file; refreshed at each try
            if self.config.busy_limit is not None:
                wait = min(wait, self.config.busy_limit - waited)
            log.warning(
                "the store %s is in use by another process (dateline run, watch or serve); the "
                "poll waits and tries again in %.0f s",
                self.path, wait,
            )  # fmt: skip
            self.clock.sleep(wait)
            wait = min(max(wait * 2, self.config.busy_first), self.config.busy_most)

    def _poll(self) -> PollReport:
        started = self.clock.now()
        self._ingest_left_over()
        archive = PollArchive(self.folder, started=started)
        poll = _Poll(archive=archive)
        try:
            for source in self.sources:
                self._poll_source(source, poll)
            for url, source, guid in self.state.due(now=self.clock.now()):
                if url not in poll.seen:
                    self._item(url, source=source, guid=guid, poll=poll)
        except BaseException:
            archive.abandon()
            raise
        path = archive.close()
        self.state.remember(poll.fetched, warc=str(path) if path else None)
        summary = self._ingest([path]) if path else None
        if path is not None:
            self._ingest_rejections(path, poll)
        polls = self._finish(poll)
        return PollReport(
            started_at=started, sources=polls, fetched=archive.records,
            failed=poll.failures + sum(entry.status == "failed" for entry in polls),
            added=summary.added if summary else 0,
            fused_events=summary.fused_events if summary else self._fused_events(),
            archive=str(path) if path else None,
        )  # fmt: skip

    def _poll_source(self, source: str, poll: _Poll) -> None:
        now = self.clock.now()
        entry = poll.begin(source, poll_id=self.state.begin_poll(source, now=now), now=now)
        poll.seen.add(source)
        if self.state.is_archived_page(source):  # a page named as a source: fetched once
            entry.status = "unchanged"
            return
        etag, modified = self.state.validators(source)
        found = self.fetcher.fetch(source, etag=etag, last_modified=modified)
        if isinstance(found, Failure):
            self.state.failed(found, source=source, kind="feed", guid=None)
            entry.fail(found.reason, status=found.status, detail=found.detail)
            return
        entry.http_status = found.status
        if found.status == 304:
            entry.status = "not_modified"
        elif _is_feed(found):
            self._feed(found, source=source, poll=poll)
        elif _is_html(found):
            self._archive(found, source=source, kind="page", guid=None, poll=poll)
        else:
            detail = f"neither a feed nor an HTML page ({found.header('Content-Type')})"
            self.state.failed(_malformed(source, detail), source=source, kind="feed", guid=None)
            entry.fail(Reason.MALFORMED_FEED.value, status=found.status, detail=detail)

    def _feed(self, response: Response, *, source: str, poll: _Poll) -> None:
        parsed: Any = feedparser.parse(response.body, sanitize_html=False)
        entries = [entry for entry in parsed.get("entries") or [] if entry]
        if not entries and parsed.get("bozo"):
            detail = f"not a feed that can be read: {parsed.get('bozo_exception')}"[:500]
            self.state.failed(_malformed(source, detail), source=source, kind="feed", guid=None)
            poll.entries[source].fail(Reason.MALFORMED_FEED.value, status=200, detail=detail)
            return
        for entry in entries:
            link = entry.get("link")
            guid = entry.get("id") or None
            if not link:
                continue
            url = urljoin(response.final_url, link)
            if url in poll.seen or self.state.is_done(url, guid=guid):
                continue
            if self.state.is_waiting(url, now=self.clock.now()):
                continue
            self._item(url, source=source, guid=guid, poll=poll)
        # the feed's validators are remembered with its items, at the end of the poll
        poll.fetched.append(
            Fetched(url=source, source=source, kind="feed", guid=None, response=response)
        )

    def _item(self, url: str, *, source: str, guid: str | None, poll: _Poll) -> None:
        poll.seen.add(url)
        found = self.fetcher.fetch(url)
        if isinstance(found, Failure):
            self.state.failed(found, source=source, kind="item", guid=guid)
            poll.item_failed(source, found.reason)
        elif not _is_html(found):
            detail = f"not an HTML page ({found.header('Content-Type')})"
            self.state.rejected(found, source=source, guid=guid, detail=detail)
            poll.item_failed(source, Reason.UNSUPPORTED_FORMAT.value)
        else:
            self._archive(found, source=source, kind="item", guid=guid, poll=poll)

    def _archive(
        self, response: Response, *, source: str, kind: str, guid: str | None, poll: _Poll
    ) -> None:
        number = poll.archive.add(response)
        poll.fetched.append(
            Fetched(url=response.url, source=source, kind=kind, guid=guid, response=response,
                    record=number)
        )  # fmt: skip
        poll.entry(source).items_new += 1

    def _fused_events(self) -> int:
        """Real-world events in the store (as a run counts them), for a poll that ran none."""
        found = self.news.store.con.execute("SELECT count(*) FROM fused_events").fetchall()
        return int(found[0][0])

    def _ingest_left_over(self) -> None:
        """Archives written whole by a watcher stopped before it ingested them."""
        if not self.folder.is_dir():
            return
        done = {row[0] for row in self.news.store.con.execute("SELECT path FROM inputs").fetchall()}
        left = [path for path in sorted(self.folder.glob("*" + SUFFIX)) if str(path) not in done]
        if left:
            log.info("ingesting %d archives a stopped watcher left", len(left))
            self._ingest(left)

    def _ingest(self, paths: Sequence[Path]) -> RunSummary:
        """Run the poll's archives into the store, keeping nothing per article in memory after
        it (spaCy's words, the duplicate index), so a watcher's memory does not grow with the
        articles it stores: what it needs of them it asks the store."""
        try:
            with forgetting_words(workers=self.config.workers):
                return self.news.run([str(path) for path in paths], workers=self.config.workers)
        finally:
            self.news.store.forget_duplicate_index()

    def _ingest_rejections(self, path: Path, poll: _Poll) -> None:
        """Pages archived that ingest rejected (no article in them): counted as failed."""
        found = self.news.store.con.execute(
            "SELECT origin, reason FROM rejections WHERE origin LIKE ? ESCAPE '\\'",
            [_like_prefix(f"{path}#") + "%"],
        ).fetchall()
        by_record = {item.record: item for item in poll.fetched if item.record}
        for origin, reason in found:
            number = origin.rsplit("#", 1)[1]
            item = by_record.get(int(number)) if number.isdigit() else None
            if item is not None:
                self.state.item_reason(item.url, reason)
                entry = poll.entry(item.source)
                entry.items_new -= 1
                poll.item_failed(item.source, reason, count_failure=False)

    def _finish(self, poll: _Poll) -> tuple[SourcePoll, ...]:
        now = self.clock.now()
        done = []
        for source, entry in poll.entries.items():
            if not entry.poll_id:  # a retried page of a source no longer watched
                continue
            finished = entry.done(source, finished_at=now)
            self.state.finish_poll(entry.poll_id, finished)
            done.append(finished)
        return tuple(done)


class _Entry:
    """One source's counts while a poll runs."""

    def __init__(self, *, poll_id: int, started_at: datetime) -> None:
        self.poll_id = poll_id
        self.started_at = started_at
        self.status = ""
        self.http_status: int | None = None
        self.items_new = 0
        self.reasons: Counter[str] = Counter()
        self.detail = ""

    def fail(self, reason: str, *, status: int | None, detail: str) -> None:
        self.status = "failed"
        self.http_status = status
        self.reasons[reason] += 1
        self.detail = detail

    def done(self, source: str, *, finished_at: datetime) -> SourcePoll:
        reasons = ", ".join(f"{reason} {count}" for reason, count in self.reasons.most_common())
        failed = sum(self.reasons.values()) - (1 if self.status == "failed" else 0)
        detail = self.detail if self.status == "failed" else reasons
        return SourcePoll(
            source=source, started_at=self.started_at, finished_at=finished_at,
            status=self.status or "ok", http_status=self.http_status, items_new=self.items_new,
            items_failed=failed, detail=detail,
        )  # fmt: skip


class _Poll:
    """What one poll has done so far."""

    def __init__(self, *, archive: PollArchive) -> None:
        self.archive = archive
        self.entries: dict[str, _Entry] = {}
        self.fetched: list[Fetched] = []
        self.seen: set[str] = set()
        self.failures = 0

    def begin(self, source: str, *, poll_id: int, now: datetime) -> _Entry:
        self.entries[source] = _Entry(poll_id=poll_id, started_at=now)
        return self.entries[source]

    def entry(self, source: str) -> _Entry:
        """A source's entry; a retried page's source may not be among this watch's sources."""
        return self.entries.setdefault(source, _Entry(poll_id=0, started_at=datetime.min))

    def item_failed(self, source: str, reason: str, *, count_failure: bool = True) -> None:
        self.entry(source).reasons[reason] += 1
        self.failures += int(count_failure)


def _is_feed(response: Response) -> bool:
    kind = (response.header("Content-Type") or "").lower()
    if kind.startswith(_FEED_TYPES):
        return True
    return response.body.lstrip()[:64].lower().startswith(_FEED_STARTS)


def _is_html(response: Response) -> bool:
    kind = (response.header("Content-Type") or "").lower()
    if kind:
        return kind.startswith(_HTML_TYPES)
    head = response.body.lstrip()[:512].lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _malformed(url: str, detail: str) -> Failure:
    return Failure(url=url, reason=Reason.MALFORMED_FEED.value, detail=detail)


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
