"""The unit of work between reading inputs and building articles.

Readers (files, JSONL lines, WARC records, feed entries) are cheap and run in the main process;
they yield ``RawDocument``s, which are small and picklable so the expensive part (HTML
extraction, cleaning, language, hashing) can run in worker processes.
"""

from __future__ import annotations

from datetime import datetime

from dateline.model import Record, SourceFormat


class RawDocument(Record, frozen=True, kw_only=True):
    """One would-be article as read from its container, before any processing.

    Exactly one of ``data`` (bytes to decode or parse: a text file, an HTML page) and ``text``
    (a string given by a container: a JSONL field, a feed entry) carries the body.
    ``published`` is metadata as the container gave it; ``fallback_published`` is a weaker
    date (a crawl date) used only as an estimate.
    """

    origin: str
    format: SourceFormat
    data: bytes = b""
    text: str | None = None
    is_html: bool = False
    keep_text: bool = (
        False  # use ``text`` exactly as given (no mojibake repair): offsets refer to it
    )
    declared_encoding: str | None = None
    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    fallback_published: datetime | None = None
