"""Read article JSONL (DESIGN §5): one JSON object a line, each line its own fate.

A malformed line, a line without ``text`` or an oversized line becomes a Rejection naming the
file and line number; the lines around it are read as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import msgspec

from dateline.config import IngestConfig
from dateline.errors import Reason
from dateline.ingest.decode import western_text
from dateline.ingest.items import RawDocument
from dateline.model import Rejection

STAGE = "dateline.ingest.jsonl.v1"
_SAMPLE_CHARS = 300
_STRING_FIELDS = ("title", "published", "url", "source")
_decoder = msgspec.json.Decoder()


def read_jsonl(
    stream: BinaryIO, *, origin: str, config: IngestConfig
) -> Iterator[RawDocument | Rejection]:
    """Every line of a JSONL stream as a raw document or a rejection."""
    line_limit = config.max_article_chars * 4 + 64 * 1024
    total = 0
    for number, line in enumerate(_lines(stream, limit=line_limit), start=1):
        where = f"{origin}:{number}"
        total += len(line)
        if total > config.max_container_bytes:
            yield _reject(
                where, Reason.TOO_LARGE, "container size limit reached; rest not read", b""
            )
            return
        if line is _OVERSIZED:
            yield _reject(where, Reason.TOO_LARGE, f"line longer than {line_limit:,} bytes", b"")
        elif line.strip():
            yield parse_line(line, origin=where)


_OVERSIZED = b"\x00oversized"


def _lines(stream: BinaryIO, *, limit: int) -> Iterator[bytes]:
    """Lines of ``stream``; a line over ``limit`` bytes is skipped and yields ``_OVERSIZED``."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(b"\n"):
            _skip_rest_of_line(stream, limit)
            yield _OVERSIZED
        else:
            yield line


def _skip_rest_of_line(stream: BinaryIO, limit: int) -> None:
    while True:
        chunk = stream.readline(limit)
        if not chunk or chunk.endswith(b"\n"):
            return


def parse_line(line: bytes, *, origin: str) -> RawDocument | Rejection:
    """One JSONL line as a raw document, or a rejection that says what is wrong with it."""
    try:
        try:
            obj = _decoder.decode(line)
        except UnicodeDecodeError as err:
            # a stray Windows-1252 byte in a UTF-8 line ("caf\xe9"), or a Western line in
            # Windows-1252: read as such; any other encoding is no JSONL
            western = western_text(line)
            if western is None:
                detail = f"the line is not UTF-8: {err}"
                return _reject(origin, Reason.UNDECODABLE_TEXT, detail, line)
            obj = _decoder.decode(western[0].encode("utf-8"))
    except msgspec.DecodeError as err:
        return _reject(origin, Reason.MALFORMED_JSON, f"not valid JSON: {err}", line)
    if not isinstance(obj, dict):
        return _reject(origin, Reason.MALFORMED_JSON, "the line is JSON but not an object", line)
    return _document(obj, origin=origin, line=line)


# The most characters a field other than the text may have (the text and the title have their
# own limits, IngestConfig's and the title's cut): an id or a URL of a megabyte is no article's.
FIELD_LIMITS = {"id": 512, "url": 8_192, "source": 512, "published": 128}


def _document(obj: dict[str, Any], *, origin: str, line: bytes) -> RawDocument | Rejection:
    text = obj.get("text")
    if text is None:
        return _reject(origin, Reason.MISSING_FIELD, "no 'text' field", line)
    bad = [
        key
        for key in ("text", *_STRING_FIELDS)
        if obj.get(key) is not None and not isinstance(obj[key], str)
    ]
    identifier = obj.get("id")
    if identifier is not None and not isinstance(identifier, str | int):
        bad.append("id")
    if bad:
        return _reject(origin, Reason.INVALID_FIELD, f"fields of the wrong type: {bad}", line)
    long = [
        f"{key} ({len(str(obj[key])):,} > {limit:,})"
        for key, limit in FIELD_LIMITS.items()
        if obj.get(key) is not None and len(str(obj[key])) > limit
    ]
    if long:
        return _reject(origin, Reason.INVALID_FIELD, f"fields too long: {', '.join(long)}", line)
    return RawDocument(
        origin=origin,
        format="jsonl",
        text=text,
        id=None if identifier is None else str(identifier),
        title=obj.get("title") or None,
        published=obj.get("published") or None,
        url=obj.get("url") or None,
        source=obj.get("source") or None,
    )


def _reject(origin: str, reason: Reason, detail: str, line: bytes) -> Rejection:
    sample = line[:_SAMPLE_CHARS].decode("utf-8", errors="replace")
    return Rejection(origin=origin, stage=STAGE, reason=reason.value, detail=detail, sample=sample)
