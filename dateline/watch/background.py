"""A watcher on a thread of its own, for a process that also reads the store: ``dateline serve
--watch`` runs one beside its server, as the store's one writer, through a DuckDB connection of
its own, so the pages show new events as each poll commits them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from dateline.watch.clock import Clock
from dateline.watch.run import PollReport, WatchConfig, Watcher
from dateline.watch.sources import Resolve

if TYPE_CHECKING:
    import httpx

    from dateline.library import Dateline

log = logging.getLogger(__name__)


class BackgroundWatch:
    """Polls ``sources`` into ``news`` every ``config.every`` seconds on a daemon thread, from
    ``start`` until ``stop``. A poll that raises (a bug, a full disk) is logged, kept in
    ``failure`` and tried again a period later: it never ends the watch unseen."""

    def __init__(
        self,
        news: Dateline,
        sources: Sequence[str],
        *,
        config: WatchConfig | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolve | None = None,
    ) -> None:
        self.news = news
        self.on_poll = on_poll
        self.failure: str | None = None
        self._stop = threading.Event()
        self.watcher = Watcher(
            news,
            sources,
            config=config,
            clock=Clock(wake=self._stop),
            transport=transport,
            resolve=resolve,
        )
        self._thread = threading.Thread(target=self._follow, name="dateline-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, *, wait: float = 60.0) -> bool:
        """Ask the watch to stop and wait up to ``wait`` seconds for the poll under way; True
        when it stopped (its connection is then closed). One still polling is left to end
        with the process: a poll cut short resumes without duplicates on the next start."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(wait)
        if self._thread.is_alive():
            log.warning("the watcher is still polling; it resumes on the next start")
            return False
        self.watcher.close()
        self.news.close()
        return True

    def _follow(self) -> None:
        while not self._stop.is_set():
            try:
                if self.failure is not None:  # the failed poll's log lines: not running now
                    self.watcher.state.interrupted()
                self.watcher.run(on_poll=self._polled, stop=self._stop)
            except Exception as err:  # one failed poll must not end the watch unseen
                log.exception("a poll failed; the next is in %.0f s", self.watcher.config.every)
                self.failure = f"{type(err).__name__}: {err}"[:500]
                self._stop.wait(self.watcher.config.every)

    def _polled(self, report: PollReport) -> None:
        self.failure = None
        if self.on_poll is not None:
            self.on_poll(report)
