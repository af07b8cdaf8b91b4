"""What the watcher remembers in the store: each URL it fetched or tried (``watch_urls``), and a
log of its polls (``watch_polls``).

An item URL (or feed guid) once fetched into a complete archive is never fetched again; a failed
one waits for its ``next_try`` and is given up after ``max_attempts``. A feed's ETag and
Last-Modified are written with its items, never before: a watcher killed mid-poll must not be
told "not modified" about items it never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from dateline.errors import Reason
from dateline.model import Record, Rejection
from dateline.store.duck import Store
from dateline.watch.fetch import Failure, Response

STAGE = "dateline.watch.fetch.v1"

# states of a URL
FETCHED = "fetched"  # in a complete archive (or the feed itself, polled)
FAILED = "failed"  # to be tried again
GAVE_UP = "gave_up"  # failed max_attempts times
REJECTED = "rejected"  # fetched, but not a page to archive (not HTML): not fetched again


class Fetched(Record, frozen=True, kw_only=True):
    """A URL fetched whole this poll, to be remembered once its archive is complete."""

    url: str
    source: str
    kind: str  # "feed", "page" (a page named as a source) or "item" (a feed's item)
    guid: str | None
    response: Response
    record: int = 0  # its response record's number in the poll's archive; 0 for a feed


class SourcePoll(Record, frozen=True, kw_only=True):
    """One source's part of one poll, as the poll log keeps it."""

    source: str
    started_at: datetime
    finished_at: datetime | None
    status: str  # ok, not_modified, unchanged, failed, running, interrupted
    http_status: int | None = None
    items_new: int = 0
    items_failed: int = 0
    detail: str = ""


class WatchState:
    """The watch tables of one store."""

    def __init__(self, store: Store, *, max_attempts: int) -> None:
        self.store = store
        self.con = store.con
        self.max_attempts = max_attempts

    def interrupted(self) -> None:
        """Polls left running by a watcher that was stopped are marked as interrupted."""
        self.con.execute("UPDATE watch_polls SET status = 'interrupted' WHERE status = 'running'")

    def is_done(self, url: str, *, guid: str | None = None) -> bool:
        """Whether ``url`` (or an item with ``guid``) was fetched, rejected, or given up."""
        found = self.con.execute(
            "SELECT count(*) FROM watch_urls WHERE (url = ? OR (guid IS NOT NULL AND guid = ?)) "
            "AND state <> ?",
            [url, guid, FAILED],
        ).fetchall()
        return bool(found[0][0])

    def is_archived_page(self, url: str) -> bool:
        """Whether ``url`` is a page named as a source and archived already."""
        found = self.con.execute(
            "SELECT count(*) FROM watch_urls WHERE url = ? AND kind = 'page' AND state = ?",
            [url, FETCHED],
        ).fetchall()
        return bool(found[0][0])

    def is_waiting(self, url: str, *, now: datetime) -> bool:
        """Whether ``url`` failed and may not be tried again before a later time."""
        found = self.con.execute(
            "SELECT count(*) FROM watch_urls WHERE url = ? AND state = ? AND next_try > ?",
            [url, FAILED, now],
        ).fetchall()
        return bool(found[0][0])

    def due(self, *, now: datetime) -> list[tuple[str, str, str | None]]:
        """Items that failed and may be tried again now: (url, source, guid), oldest first."""
        found = self.con.execute(
            "SELECT url, source, guid FROM watch_urls WHERE state = ? AND kind = 'item' "
            "AND (next_try IS NULL OR next_try <= ?) ORDER BY url",
            [FAILED, now],
        ).fetchall()
        return [(row[0], row[1], row[2]) for row in found]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified a conditional GET of ``url`` sends back."""
        found = self.con.execute(
            "SELECT etag, last_modified FROM watch_urls WHERE url = ? AND state = ?",
            [url, FETCHED],
        ).fetchall()
        return (found[0][0], found[0][1]) if found else (None, None)

    def failed(self, failure: Failure, *, source: str, kind: str, guid: str | None) -> None:
        """Remember a failed fetch (a Rejection says why) and when to try it again."""
        attempts = self._attempts(failure.url) + (0 if failure.is_deferred else 1)
        state = GAVE_UP if attempts >= self.max_attempts else FAILED
        self.con.execute(
            "INSERT OR REPLACE INTO watch_urls (url, source, kind, guid, state, attempts, "
            "next_try, http_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [failure.url, source, kind, guid, state, attempts, failure.retry_at, failure.status,
             failure.reason],
        )  # fmt: skip
        if not failure.is_deferred:
            self.store.insert_rejections([_rejection(failure)])

    def rejected(self, response: Response, *, source: str, guid: str | None, detail: str) -> None:
        """A page fetched that is not one to archive: stored as a Rejection, not fetched again."""
        self.con.execute(
            "INSERT OR REPLACE INTO watch_urls (url, source, kind, guid, state, attempts, "
            "http_status, reason, fetched_at) VALUES (?, ?, 'item', ?, ?, 1, ?, ?, ?)",
            [response.url, source, guid, REJECTED, response.status,
             Reason.UNSUPPORTED_FORMAT.value, response.fetched_at],
        )  # fmt: skip
        rejection = Failure(url=response.url, reason=Reason.UNSUPPORTED_FORMAT.value, detail=detail)
        self.store.insert_rejections([_rejection(rejection)])

    def remember(self, fetched: Sequence[Fetched], *, warc: str | None) -> None:
        """The URLs of one poll's complete archive, and its feeds' validators, in one go; the
        rejections of earlier failed tries of them are dropped (they arrived after all)."""
        if not fetched:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.executemany(
                "INSERT OR REPLACE INTO watch_urls VALUES (?, ?, ?, ?, ?, 1, NULL, ?, NULL, ?, ?, "
                "?, ?)",
                [_row(item, warc=warc) for item in fetched],
            )
            self.con.execute(
                "DELETE FROM rejections WHERE stage = ? AND origin IN (SELECT unnest(?))",
                [STAGE, [item.url for item in fetched]],
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def item_reason(self, url: str, reason: str) -> None:
        """Note why a fetched item gave no article (ingest rejected it)."""
        self.con.execute("UPDATE watch_urls SET reason = ? WHERE url = ?", [reason, url])

    def begin_poll(self, source: str, *, now: datetime) -> int:
        found = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM watch_polls").fetchall()
        poll_id = int(found[0][0])
        self.con.execute(
            "INSERT INTO watch_polls (id, source, started_at, status) VALUES (?, ?, ?, 'running')",
            [poll_id, source, now],
        )
        return poll_id

    def finish_poll(self, poll_id: int, poll: SourcePoll) -> None:
        self.con.execute(
            "UPDATE watch_polls SET finished_at = ?, status = ?, http_status = ?, items_new = ?, "
            "items_failed = ?, detail = ? WHERE id = ?",
            [poll.finished_at, poll.status, poll.http_status, poll.items_new, poll.items_failed,
             poll.detail, poll_id],
        )  # fmt: skip

    def _attempts(self, url: str) -> int:
        found = self.con.execute("SELECT attempts FROM watch_urls WHERE url = ?", [url]).fetchall()
        return int(found[0][0]) if found else 0


class FailedFetch(Record, frozen=True, kw_only=True):
    """A URL the watcher could not turn into an article, and why: ``state`` is ``failed`` (to
    be tried again at ``next_try``), ``gave_up``, ``rejected`` (not a page to archive), or
    ``fetched`` where the page came but held no article; ``reason`` is a Rejection code."""

    url: str
    source: str
    state: str
    attempts: int
    http_status: int | None
    reason: str
    detail: str
    next_try: datetime | None
    failed_at: datetime | None


def last_polls(store: Store) -> list[SourcePoll]:
    """The latest poll of each source the store's watcher polled, by source (none for a store
    that was never watched, whatever its schema)."""
    if not has_watch_tables(store):
        return []
    found = store.con.execute(
        """SELECT source, started_at, finished_at, status, http_status, items_new, items_failed,
                  detail
           FROM watch_polls
           QUALIFY row_number() OVER (PARTITION BY source ORDER BY id DESC) = 1
           ORDER BY source"""
    ).fetchall()
    fields = ("source", "started_at", "finished_at", "status", "http_status", "items_new",
              "items_failed", "detail")  # fmt: skip
    return [SourcePoll(**dict(zip(fields, row, strict=True))) for row in found]


def failed_fetches(store: Store, *, limit: int = 20) -> list[FailedFetch]:
    """The URLs that gave no article, latest failure first: failed fetches, pages given up,
    responses that were no page, and pages fetched with no article text in them."""
    if not has_watch_tables(store):
        return []
    found = store.con.execute(
        """SELECT w.url, w.source, w.state, w.attempts, w.http_status,
                  coalesce(w.reason, ''), coalesce(r.detail, ''), w.next_try,
                  coalesce(r.rejected_at, w.fetched_at)
           FROM watch_urls w
           LEFT JOIN (SELECT origin, arg_max(detail, rejected_at) AS detail,
                             max(rejected_at) AS rejected_at
                      FROM rejections WHERE stage = ? GROUP BY origin) r ON r.origin = w.url
           WHERE (w.reason IS NOT NULL AND w.kind <> 'feed') OR w.state <> ?
           ORDER BY coalesce(r.rejected_at, w.fetched_at) DESC NULLS LAST, w.url
           LIMIT ?""",
        [STAGE, FETCHED, limit],
    ).fetchall()
    fields = ("url", "source", "state", "attempts", "http_status", "reason", "detail",
              "next_try", "failed_at")  # fmt: skip
    return [FailedFetch(**dict(zip(fields, row, strict=True))) for row in found]


def has_watch_tables(store: Store) -> bool:
    """Whether the store has the watcher's tables (a store of schema 9 or later)."""
    found = store.con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'watch_polls'"
    ).fetchall()
    return bool(found[0][0])


def _row(item: Fetched, *, warc: str | None) -> list[object]:
    response = item.response
    return [
        item.url, item.source, item.kind, item.guid, FETCHED, response.status,
        response.header("ETag"), response.header("Last-Modified"),
        warc if item.record else None, response.fetched_at,
    ]  # fmt: skip


def _rejection(failure: Failure) -> Rejection:
    return Rejection(origin=failure.url, stage=STAGE, reason=failure.reason, detail=failure.detail)
