"""The first articles of news-2017 as story inputs, for the story tests that run on real news
(skipped where the shared corpus is absent)."""

from __future__ import annotations

import gzip
import json
from datetime import date

from dateline.fuse.stories import StoryInput
from tests.conftest import shared_file


def news_inputs(limit: int) -> list[StoryInput]:
    """The first ``limit`` articles of the corpus, in its order."""
    path = shared_file("corpora/news-articles-2017.jsonl.gz")
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line, _ in zip(stream, range(limit), strict=False):
            row = json.loads(line)
            published = date.fromisoformat(row["published"][:10]) if row["published"] else None
            articles.append(
                StoryInput(id=row["id"], title=row["title"], text=row["text"], published=published)
            )
    return articles
