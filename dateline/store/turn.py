"""Whose turn it is to write a store file that several processes share: DuckDB lets a process
write the file only while no other process has it open, and a server that reads it on demand
would keep it open for ever under steady requests. A writer waiting for the file leaves a note
beside it; a reader that sees a fresh note lets go of the file and stays away until it is gone.

The note is a file (``news.duckdb`` -> ``news.duckdb.write-wanted``), touched by the waiting
writer at each try; one a writer left when it died stops counting once it is ``STALE_SECONDS``
old, so a reader is never kept away by a writer that is no longer waiting.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".write-wanted"
STALE_SECONDS = 60.0  # well over a waiting writer's longest pause between tries


def note_path(db: Path) -> Path:
    """Where the note of a writer waiting for ``db`` is kept."""
    return db.with_name(db.name + SUFFIX)


class WriteWanted:
    """A writer's note that it waits for the store at ``db``: ``post`` at each try to open the
    file (the note's time says the writer is still waiting), ``withdraw`` once it has the file
    or has stopped waiting."""

    def __init__(self, db: Path) -> None:
        self.path = note_path(db)
        self.posted = False

    def post(self) -> None:
        try:
            self.path.write_text(f"{os.getpid()}\n", encoding="utf-8")
        except OSError as err:  # a read-only folder: the writer waits as it would without it
            log.warning("cannot leave a note that a writer waits for the store: %s", err)
            return
        self.posted = True

    def withdraw(self) -> None:
        if self.posted:
            self.path.unlink(missing_ok=True)
            self.posted = False


def is_write_wanted(db: Path, *, stale_seconds: float = STALE_SECONDS) -> bool:
    """Whether a writer has said, within ``stale_seconds``, that it waits for the store at
    ``db``; readers that open the file on demand should then let it go."""
    try:
        posted = note_path(db).stat().st_mtime
    except OSError:
        return False
    return time.time() - posted < stale_seconds
