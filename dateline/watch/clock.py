"""Time, passed in: the watcher reads the clock and waits only through a ``Clock``, so tests run
a schedule and its delays instantly with ``ManualClock``."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta


class Clock:
    """The real clock: UTC wall time, and sleeping; a sleep ends early once ``wake`` is set
    (a server stopping its watcher does not wait out the period)."""

    def __init__(self, *, wake: threading.Event | None = None) -> None:
        self.wake = wake

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        if self.wake is None:
            time.sleep(seconds)
        else:
            self.wake.wait(seconds)


class ManualClock(Clock):
    """A clock that moves only when slept on: sleeping advances it at once."""

    def __init__(self, start: datetime | None = None) -> None:
        super().__init__()
        self.current = start or datetime(2024, 1, 1, tzinfo=UTC)
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += timedelta(seconds=max(seconds, 0.0))
