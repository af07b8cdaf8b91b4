"""Ingest inputs into a store: read, process in batches (in workers), write batches atomically."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from dateline.config import IngestConfig
from dateline.ingest.sources import read_inputs
from dateline.model import Record, Rejection
from dateline.pipeline import process
from dateline.store.duck import Store

Progress = Callable[[int], None]


class IngestReport(Record, frozen=True, kw_only=True):
    """What one ingest run did."""

    added: int
    already_present: int
    rejections: tuple[Rejection, ...]
    seconds: float

    @property
    def rejected(self) -> int:
        return len(self.rejections)


def ingest(
    paths: Sequence[str],
    *,
    store: Store,
    config: IngestConfig | None = None,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Ingest every article in ``paths`` into ``store``; bad input becomes stored Rejections."""
    config = config or IngestConfig()
    started = time.perf_counter()
    run_id = store.begin_run("ingest " + " ".join(paths))
    added = present = 0
    rejections: list[Rejection] = []
    for batch in process(read_inputs(paths, config=config), config=config, near_dup=store.near_dup):
        outcome = store.write_batch(batch)
        added += len(outcome.added)
        present += outcome.already_present
        rejections.extend(outcome.rejections)
        if on_progress is not None:
            on_progress(len(batch))
    store.finish_run(run_id, added=added, rejected=len(rejections))
    return IngestReport(
        added=added,
        already_present=present,
        rejections=tuple(rejections),
        seconds=time.perf_counter() - started,
    )
