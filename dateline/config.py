"""Settings of an ingest run, as one frozen record passed explicitly (no module-level state)."""

from __future__ import annotations

from datetime import datetime

from dateline.errors import Errors, config_error
from dateline.model import Record

MEGABYTE = 1024 * 1024


class IngestConfig(Record, frozen=True, kw_only=True):
    """What an ingest run accepts and how it works.

    The size limits keep one enormous or hostile input from exhausting the machine: a file over
    ``max_file_bytes`` (plain text, HTML, a feed) or an article over ``max_article_chars`` becomes
    a ``too_large`` Rejection.  Container formats (JSONL, WARC) stream, so their files may be
    larger, up to ``max_container_bytes`` of decompressed data. Past ``max_rejections_per_file``
    rejections, a file's further ones are counted into one summary rejection.
    """

    published: datetime | None = None
    workers: int = 1
    batch_size: int = 256
    max_file_bytes: int = 20 * MEGABYTE
    max_container_bytes: int = 8192 * MEGABYTE
    max_article_chars: int = 1_000_000
    min_article_chars: int = 20
    max_rejections_per_file: int = 100

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise config_error(Errors.E004, detail=f"workers must be >= 1, got {self.workers}")
        if self.batch_size < 1:
            raise config_error(
                Errors.E004, detail=f"batch_size must be >= 1, got {self.batch_size}"
            )
        if self.max_rejections_per_file < 1:
            raise config_error(Errors.E004, detail="max_rejections_per_file must be >= 1")
        if self.min_article_chars >= self.max_article_chars:
            raise config_error(Errors.E004, detail="min_article_chars must be < max_article_chars")
