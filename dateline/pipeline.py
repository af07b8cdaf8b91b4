"""Run the per-article ingest stages over a stream of raw documents, in batches, in order.

Batches go to worker processes (``dateline.parallel``) and come back in input order, with a
bounded number in flight so memory stays flat however long the stream is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from dateline.config import IngestConfig
from dateline.dedup import NearDupConfig
from dateline.ingest.items import RawDocument
from dateline.ingest.stages import BuildStage, SignatureStage, Signed
from dateline.model import Article, Rejection
from dateline.parallel import batched, ordered_map

Result = Signed | Rejection


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
    factory = partial(ArticleStages, config=config, near_dup=near_dup)
    yield from ordered_map(
        batched(items, size=config.batch_size), factory=factory, workers=config.workers
    )
