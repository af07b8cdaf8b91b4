"""Extract every stored article that has not been extracted yet, batch by batch, resumably.

Each batch commits on its own, so an interrupted run resumes where it stopped: the articles
already extracted are no longer pending. Each article is extracted from its own text and the
knowledge base alone, never from what other stored articles taught (the actor registry), so
an article's extraction is the same whichever articles were stored before it, however a run
was split or interrupted, and the same as ``dateline extract`` gives. What the corpus teaches
about people is applied where it can be recomputed whole: the actors table and fusion.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from dateline.extract.article import new_extractor
from dateline.model import Article, Record
from dateline.parallel import ordered_map
from dateline.store.duck import Store
from dateline.store.extracted import pending_articles, write_extractions
from dateline.store.query import get_article

_BATCH = 32


class ExtractReport(Record, frozen=True, kw_only=True):
    articles: int
    mentions: int
    quotes: int
    timexes: int
    seconds: float


def extract_pending(
    store: Store, *, workers: int = 1, on_progress: Callable[[int], None] | None = None
) -> ExtractReport:
    """Run extraction over the store's pending articles in ``workers`` processes."""
    started = time.perf_counter()
    pending = pending_articles(store)
    totals = [0, 0, 0]
    if pending:
        batches = _batches(store, pending)
        factory = new_extractor
        for batch in ordered_map(batches, factory=factory, workers=workers):
            write_extractions(store, batch)
            for extraction in batch:
                totals[0] += len(extraction.mentions)
                totals[1] += len(extraction.quotes)
                totals[2] += len(extraction.timexes)
            if on_progress is not None:
                on_progress(len(batch))
    return ExtractReport(
        articles=len(pending),
        mentions=totals[0],
        quotes=totals[1],
        timexes=totals[2],
        seconds=time.perf_counter() - started,
    )


def _batches(store: Store, pending: list[str]) -> Iterator[list[Article]]:
    for first in range(0, len(pending), _BATCH):
        found = [get_article(store, article_id) for article_id in pending[first : first + _BATCH]]
        yield [article for article in found if article is not None]
