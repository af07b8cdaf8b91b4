"""``dateline cluster``: article JSONL in, one ``{"id", "story", "duplicate_of"}`` line per line.

Stateless (DESIGN §6): the articles are cleaned as ingest cleans them, near-duplicates found as
the store finds them, and stories clustered over the whole input, so output waits for the last
line.  A line that is not a usable article gets an ``error`` object; the run never stops early.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import msgspec

from dateline.config import IngestConfig
from dateline.dedup import DuplicateGrouper, NearDupConfig, signature
from dateline.errors import Reason
from dateline.extract.contract import _id_of
from dateline.fuse.stories import StoryConfig, StoryInput, cluster_stories, story_index
from dateline.ingest.build import build_article
from dateline.ingest.jsonl import parse_line
from dateline.model import Article, Rejection
from dateline.store.rows import sort_key

_encoder = msgspec.json.Encoder()


def cluster_lines(
    lines: Iterable[bytes],
    *,
    config: IngestConfig | None = None,
    stories: StoryConfig | None = None,
    near_dup: NearDupConfig | None = None,
) -> Iterator[bytes]:
    """One JSON line out (no newline) for every line in, in order."""
    config = config or IngestConfig()
    now = datetime.now(UTC)
    items = _unique(
        [_prepare(line, number=n, config=config, now=now) for n, line in enumerate(lines)]
    )
    articles = [item for item in items if isinstance(item, Article)]
    copies = duplicates(articles, config=near_dup or NearDupConfig())
    inputs = [story_input(article, duplicate_of=copies.get(article.id)) for article in articles]
    index = story_index(cluster_stories(inputs, config=stories))
    for item in items:
        if isinstance(item, Article):
            output = {"id": item.id, "story": index[item.id], "duplicate_of": copies.get(item.id)}
            yield _encoder.encode({**output, "error": None})
        else:
            yield _encoder.encode(item)


def duplicates(articles: Iterable[Article], *, config: NearDupConfig) -> dict[str, str]:
    """Article id to the earliest article it copies, exactly or nearly (the store's grouping)."""
    grouper = DuplicateGrouper(config=config)
    present = list(articles)
    for article in present:
        grouper.add(
            article.id,
            sort_key=sort_key(article),
            content_hash=article.content_hash,
            signature=signature(article.text, config=config),
        )
    found = {article.id: grouper.state(article.id)[0] for article in present}
    return {article_id: original for article_id, original in found.items() if original}


def story_input(article: Article, *, duplicate_of: str | None) -> StoryInput:
    """What clustering reads of a built article (no actors: the stateless path runs no NLP)."""
    published = article.published.astimezone(UTC).date() if article.published else None
    return StoryInput(
        id=article.id,
        text=article.text,
        title=article.title,
        published=published,
        source=article.source,
        duplicate_of=duplicate_of,
    )


def _prepare(
    line: bytes, *, number: int, config: IngestConfig, now: datetime
) -> Article | dict[str, Any]:
    raw = parse_line(line, origin=f"<input>:{number + 1}")
    if isinstance(raw, Rejection):
        return _error(_id_of(line), raw.reason, raw.detail)
    if raw.id is None:
        return _error(None, Reason.MISSING_FIELD.value, "no 'id' field")
    built = build_article(raw, config=config, now=now)
    if isinstance(built, Rejection):
        return _error(raw.id, built.reason, built.detail)
    return built


def _unique(items: list[Article | dict[str, Any]]) -> list[Article | dict[str, Any]]:
    """A second line with an id already seen is an error: ids name articles everywhere."""
    seen: set[str] = set()
    kept: list[Article | dict[str, Any]] = []
    for item in items:
        if isinstance(item, Article) and item.id in seen:
            detail = f"an earlier line has the id {item.id!r}"
            kept.append(_error(item.id, Reason.ID_CONFLICT.value, detail))
            continue
        if isinstance(item, Article):
            seen.add(item.id)
        kept.append(item)
    return kept


def _error(identifier: str | None, code: str, message: str) -> dict[str, Any]:
    return {
        "id": identifier,
        "story": None,
        "duplicate_of": None,
        "error": {"code": code, "message": message},
    }
