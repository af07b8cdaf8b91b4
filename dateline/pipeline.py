"""Run the per-article stages over a stream of raw documents, in this process or in workers.

Work goes out in batches and comes back in input order, with a bounded number of batches in
flight so memory stays flat however long the stream is.  Workers are spawned, not forked: the
parent holds a DuckDB connection and its threads, which a fork would copy in an unknown state.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from dateline.config import IngestConfig
from dateline.dedup import NearDupConfig
from dateline.ingest.items import RawDocument
from dateline.ingest.stages import BuildStage, SignatureStage, Signed
from dateline.model import Article, Rejection

Result = Signed | Rejection
Chunk = list[RawDocument | Rejection]


class ArticleStages:
    """The per-article stages of ingestion, set up once per process."""

    def __init__(self, *, config: IngestConfig, near_dup: NearDupConfig) -> None:
        self.build = BuildStage(config=config)
        self.sign = SignatureStage(config=near_dup)
        self.build.setup()
        self.sign.setup()

    def __call__(self, chunk: Sequence[RawDocument | Rejection]) -> list[Result]:
        raws = [item for item in chunk if isinstance(item, RawDocument)]
        built = iter(self.build(raws))
        results: list[Article | Rejection] = [
            item if isinstance(item, Rejection) else next(built) for item in chunk
        ]
        articles = [result for result in results if isinstance(result, Article)]
        signed = iter(self.sign(articles))
        return [next(signed) if isinstance(result, Article) else result for result in results]


def process(
    items: Iterable[RawDocument | Rejection], *, config: IngestConfig, near_dup: NearDupConfig
) -> Iterator[list[Result]]:
    """Batches of results, one per input item, in input order."""
    chunks = _chunks(items, size=config.batch_size)
    if config.workers == 1:
        run = ArticleStages(config=config, near_dup=near_dup)
        yield from (run(chunk) for chunk in chunks)
        return
    yield from _in_workers(chunks, config=config, near_dup=near_dup)


def _in_workers(
    chunks: Iterable[Chunk], *, config: IngestConfig, near_dup: NearDupConfig
) -> Iterator[list[Result]]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=config.workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(config, near_dup),
    ) as pool:
        pending: deque[Future[list[Result]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_run_in_worker, chunk))
            if len(pending) >= 2 * config.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_worker_stages: list[ArticleStages] = []  # one per worker process, set by _init_worker


def _init_worker(config: IngestConfig, near_dup: NearDupConfig) -> None:
    _worker_stages.append(ArticleStages(config=config, near_dup=near_dup))


def _run_in_worker(chunk: Chunk) -> list[Result]:
    return _worker_stages[0](chunk)


def _chunks(items: Iterable[RawDocument | Rejection], *, size: int) -> Iterator[Chunk]:
    chunk: Chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
