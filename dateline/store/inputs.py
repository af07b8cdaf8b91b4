"""Input files already ingested, so that a re-run skips them without reading them again.

A file is known by its path, size and modification time, or, where those differ (a copy, a
touched file), by the SHA-256 of its bytes, each under the ingest settings that shape what it
gives. A file is recorded only once a whole ingest run over it has ended, so an interrupted run
records nothing and its re-run reads every file again (and skips the stored articles by id).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from dateline.config import IngestConfig
from dateline.model import Record
from dateline.store.duck import Store

_CHUNK = 1 << 20


class FileStamp(Record, frozen=True, kw_only=True):
    """What identifies one input file's bytes: its size and modification time, and its hash."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


class KnownInputs:
    """The store's ingested input files under one ingest configuration: which to skip, and
    which this run read (recorded by ``record`` once the run is over)."""

    def __init__(self, store: Store, *, config: IngestConfig) -> None:
        self.store = store
        self.config = config_key(config)
        self.read: dict[str, FileStamp] = {}  # files this run reads, by printable path
        self.articles: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()
        self.skipped_files = 0
        self.skipped_articles = 0
        # read once: the table is one row per file, and the store writes while files are read
        stored = store.con.execute(
            "SELECT path, size, mtime_ns, sha256, articles FROM inputs WHERE config = ?",
            [self.config],
        ).fetchall()
        self.by_stamp = {(row[0], row[1], row[2]): int(row[4]) for row in stored}
        self.by_bytes = {(row[3], row[1]): int(row[4]) for row in stored}

    def skip(self, path: Path, *, origin: str) -> bool:
        """Whether ``path`` was ingested whole before, unchanged; if not, remember its stamp."""
        try:
            status = path.stat()
        except OSError:
            return False  # the reader says why
        if not stat.S_ISREG(status.st_mode):
            return False
        size, mtime_ns = status.st_size, status.st_mtime_ns
        found = self.by_stamp.get((origin, size, mtime_ns))
        if found is None:
            found = self._known_bytes(path, origin=origin, size=size, mtime_ns=mtime_ns)
        if found is None:
            return False
        self.skipped_files += 1
        self.skipped_articles += found
        return True

    def tally(self, origin_file: str, *, is_article: bool) -> None:
        """Count one item this run read from ``origin_file``."""
        (self.articles if is_article else self.rejected)[origin_file] += 1

    def record(self) -> None:
        """Store the stamps of the files this run read (and of known bytes at a new path)."""
        if not self.read:
            return
        now = datetime.now(UTC)
        self.store.con.executemany(
            "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [s.path, self.config, s.size, s.mtime_ns, s.sha256,
                 self.articles[origin], self.rejected[origin], now]
                for origin, s in self.read.items()
            ],
        )  # fmt: skip

    def _known_bytes(self, path: Path, *, origin: str, size: int, mtime_ns: int) -> int | None:
        """Stored articles of a file with these bytes; else None, and the file is to be read."""
        try:
            digest = file_sha256(path)
        except OSError:
            return None
        stamp = FileStamp(path=origin, size=size, mtime_ns=mtime_ns, sha256=digest)
        # known bytes at a new path or with a new time are recorded too: next time the stamp
        # alone says so
        self.read[origin] = stamp
        found = self.by_bytes.get((digest, size))
        if found is not None:
            self.articles[origin] = found
        return found


def config_key(config: IngestConfig) -> str:
    """The ingest settings that shape what a file gives (not how many workers read it)."""
    shaping = msgspec.structs.replace(config, workers=1, batch_size=1)
    return msgspec.json.encode(shaping).decode()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(os.fspath(path), "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
