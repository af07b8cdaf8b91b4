"""Extract every stored article that has not been extracted yet, batch by batch, resumably."""

from __future__ import annotations

import time
from collections.abc import Callable

from dateline.extract.article import Extractor
from dateline.model import Record
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
    store: Store, *, on_progress: Callable[[int], None] | None = None
) -> ExtractReport:
    """Run extraction over the store's pending articles; each batch commits on its own."""
    started = time.perf_counter()
    pending = pending_articles(store)
    if not pending:
        return ExtractReport(articles=0, mentions=0, quotes=0, timexes=0, seconds=0.0)
    extractor = Extractor()
    extractor.setup()
    totals = [0, 0, 0]
    for first in range(0, len(pending), _BATCH):
        articles = [
            get_article(store, article_id) for article_id in pending[first : first + _BATCH]
        ]
        batch = extractor.extract_batch([article for article in articles if article is not None])
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
