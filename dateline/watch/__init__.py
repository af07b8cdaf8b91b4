"""``dateline watch``: follow RSS/Atom feeds and pages over HTTP(S), politely, and run what is
new through the pipeline into the store (DESIGN §9)."""

from dateline.watch.clock import Clock, ManualClock
from dateline.watch.fetch import FetchConfig
from dateline.watch.run import PollReport, WatchConfig, Watcher
from dateline.watch.sources import parse_every, read_sources
from dateline.watch.state import FailedFetch, SourcePoll, failed_fetches, last_polls

__all__ = [
    "Clock",
    "FailedFetch",
    "FetchConfig",
    "ManualClock",
    "PollReport",
    "SourcePoll",
    "WatchConfig",
    "Watcher",
    "failed_fetches",
    "last_polls",
    "parse_every",
    "read_sources",
]
