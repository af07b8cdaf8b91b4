"""Read web archives (WARC, WARC.gz): every HTML response inside becomes a raw document.

warcio does the parsing; we keep the target URL, the declared charset, and the crawl date as a
weak fallback for the publication date (a page cannot have been published after it was fetched).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dateline.config import IngestConfig
from dateline.errors import Reason
from dateline.ingest.items import RawDocument
from dateline.model import Rejection

STAGE = "dateline.ingest.warc.v1"
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    stream: BinaryIO, *, origin: str, config: IngestConfig
) -> Iterator[RawDocument | Rejection]:
    """HTML responses of a WARC stream; a broken archive ends in a Rejection after the rest."""
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type == "response":
                yield from _response(record, origin=f"{origin}#{number}", config=config)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError, AttributeError, KeyError) as err:
        # warcio on damaged input raises more than its own error (a record cut inside its
        # header: AttributeError), and every kind of damage is the same for the reader
        detail = f"archive unreadable after record {number}: {err}; records before it were kept"
        yield Rejection(
            origin=origin, stage=STAGE, reason=Reason.MALFORMED_WARC.value, detail=detail
        )


def _response(
    record: Any, *, origin: str, config: IngestConfig
) -> Iterator[RawDocument | Rejection]:
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else ""
    if not content_type or not content_type.lower().startswith(_HTML_TYPES):
        return  # images, scripts, CSS: not articles, and not a loss worth a rejection
    data = record.content_stream().read(config.max_file_bytes + 1)
    if len(data) > config.max_file_bytes:
        detail = f"HTML response larger than {config.max_file_bytes:,} bytes"
        yield Rejection(origin=origin, stage=STAGE, reason=Reason.TOO_LARGE.value, detail=detail)
        return
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:  # the archive ended inside this record: its page is cut off
        detail = f"the record is truncated: {missing:,} of its {record.length:,} bytes are missing"
        yield Rejection(
            origin=origin, stage=STAGE, reason=Reason.MALFORMED_WARC.value, detail=detail
        )
        return
    charset = _CHARSET.search(content_type)
    yield RawDocument(
        origin=origin,
        format="warc",
        data=data,
        is_html=True,
        declared_encoding=charset.group(1) if charset else None,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fallback_published=_warc_date(record.rec_headers.get_header("WARC-Date")),
    )


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
