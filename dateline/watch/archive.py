"""Each poll's fetched pages as one WARC file (response records, warcio) in a folder beside the
store: the raw responses are kept, and the existing WARC reader ingests them.

A poll writes ``NAME.warc.gz.part`` and renames it when whole, so a folder never holds a
half-written archive under its final name; a ``.part`` left by a stopped watcher is deleted and
its pages, never remembered as fetched, are fetched again.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.watch.fetch import Response

log = logging.getLogger(__name__)

PART = ".part"
SUFFIX = ".warc.gz"
# decoded by httpx already, and re-framed by the archive: kept, they would make the reader
# decode or cut the body a second time
_DROPPED = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def archive_folder(db: Path) -> Path:
    """Where a store's fetched pages are kept: ``news.duckdb`` -> ``news.watch/``."""
    return db.with_name(db.stem + ".watch")


def discard_parts(folder: Path) -> int:
    """Delete archives a stopped watcher left half-written; how many there were."""
    parts = sorted(folder.glob("*" + SUFFIX + PART)) if folder.is_dir() else []
    for part in parts:
        log.info("deleting %s, left half-written by a stopped watcher", part)
        part.unlink()
    return len(parts)


class PollArchive:
    """The WARC file of one poll, opened on its first record."""

    def __init__(self, folder: Path, *, started: datetime) -> None:
        self.folder = folder
        stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
        self.path = _unused(folder / f"poll-{stamp}{SUFFIX}")
        self.part = self.path.with_name(self.path.name + PART)
        self.records = 0
        self._stream: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None

    def add(self, response: Response) -> int:
        """Append one response record; its number in the file (1, 2, ...)."""
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._stream = self.part.open("wb")
            self._writer = WARCWriter(self._stream, gzip=True)
        headers = [(k, v) for k, v in response.headers if k.lower() not in _DROPPED]
        if not any(k.lower() == "content-type" for k, _ in headers):
            headers.append(("Content-Type", "text/html"))
        http_headers = StatusAndHeaders(
            f"{response.status} {response.reason_phrase}".strip(), headers, protocol="HTTP/1.1"
        )
        record = self._writer.create_warc_record(
            response.final_url,
            "response",
            payload=io.BytesIO(response.body),
            length=len(response.body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": _warc_date(response.fetched_at)},
        )
        self._writer.write_record(record)
        self.records += 1
        return self.records

    def close(self) -> Path | None:
        """Finish the file under its final name; None when the poll archived nothing."""
        if self._stream is None:
            return None
        self._stream.close()
        self._stream = None
        self.part.replace(self.path)
        return self.path

    def abandon(self) -> None:
        """Drop a poll that did not finish: its pages are fetched again by the next one."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
            self.part.unlink(missing_ok=True)


def _unused(path: Path) -> Path:
    number = 1
    found = path
    while found.exists() or found.with_name(found.name + PART).exists():
        number += 1
        found = path.with_name(path.name.removesuffix(SUFFIX) + f"-{number}{SUFFIX}")
    return found


def _warc_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
