"""Map a function over batches in worker processes, keeping input order and bounded memory.

Each worker builds its own worker object once (loading models, dictionaries) from a picklable
factory.  Workers are spawned, not forked: the parent holds a DuckDB connection and its
threads, which a fork would copy in an unknown state.  With one worker nothing is spawned.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
BatchFunction = Callable[[Sequence[T]], list[R]]

_worker: list[Callable[[Sequence[Any]], list[Any]]] = []  # this worker process's own object


def ordered_map(
    batches: Iterable[Sequence[T]],
    *,
    factory: Callable[[], BatchFunction[T, R]],
    workers: int,
) -> Iterator[list[R]]:
    """``factory()(batch)`` for every batch, in order, over ``workers`` processes."""
    if workers == 1:
        run = factory()
        yield from (run(batch) for batch in batches)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start, initargs=(factory,)
    ) as pool:
        pending: deque[Future[list[R]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_call, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _start(factory: Callable[[], Callable[[Sequence[Any]], list[Any]]]) -> None:
    _worker.append(factory())


def _call(batch: Sequence[Any]) -> list[Any]:
    return _worker[0](batch)


def batched(items: Iterable[T], *, size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
