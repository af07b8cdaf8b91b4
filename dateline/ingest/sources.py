"""From what the user names (files, folders, globs, ``-``) to a stream of raw documents.

Everything here streams: a folder of 100,000 pages or a 5 GB WARC never sits in memory.
Every input that cannot be read becomes a Rejection in the stream instead of an exception.
"""

from __future__ import annotations

import glob
import gzip
import io
import logging
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from dateline.config import IngestConfig
from dateline.errors import Reason
from dateline.ingest.feeds import read_feed
from dateline.ingest.items import RawDocument
from dateline.ingest.jsonl import read_jsonl
from dateline.ingest.sniff import GZIP_MAGIC, sniff
from dateline.ingest.warc import read_warc
from dateline.model import Rejection

log = logging.getLogger(__name__)

STAGE = "dateline.ingest.read.v1"
STDIN = "-"
_HEAD_BYTES = 8192
_GLOB_CHARS = frozenset("*?[")
# What a broken gzip stream raises while being read.
_COMPRESSION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)

Item = RawDocument | Rejection


def expand_paths(paths: Sequence[str]) -> Iterator[Path | Rejection | str]:
    """Every file the user named, in a stable order; ``-`` passes through for stdin."""
    for name in paths:
        if name == STDIN:
            yield STDIN
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        elif _GLOB_CHARS & set(name):
            yield from _glob(name)
        else:
            yield _reject(
                printable_path(name), Reason.NOT_FOUND, "no such file, folder or glob match"
            )


def read_inputs(
    paths: Sequence[str],
    *,
    config: IngestConfig,
    opened: Callable[[str], object] | None = None,
    skip: Callable[[Path, str], bool] | None = None,
) -> Iterator[Item]:
    """All raw documents (and rejections) from the named inputs; ``opened`` is told the origin
    of each file (or ``<stdin>``) before its items; a file ``skip`` holds (given its path and
    origin) is not read at all."""
    for entry in expand_paths(paths):
        if isinstance(entry, Rejection):
            yield entry
        elif isinstance(entry, str):
            if opened is not None:
                opened("<stdin>")
            stdin = read_stream(sys.stdin.buffer, origin="<stdin>", name="", config=config)
            yield from _contained(stdin, origin="<stdin>")
        elif skip is not None and skip(entry, printable_path(entry)):
            continue
        else:
            if opened is not None:
                opened(printable_path(entry))
            yield from _contained(read_file(entry, config=config), origin=printable_path(entry))


def _contained(items: Iterator[Item], *, origin: str) -> Iterator[Item]:
    """One file's items, and a rejection in place of the rest where its reader fails on
    something no one foresaw (a parser's own bug on damaged input): the next file is read."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except Exception as err:  # a reader's failure is one file's, never the run's
        log.warning("reading %s failed after %d items", origin, count, exc_info=True)
        detail = f"reading failed after {count} items: {type(err).__name__}: {err}"[:500]
        yield _reject(origin, Reason.PROCESSING_FAILED, detail)


def read_file(path: Path, *, config: IngestConfig) -> Iterator[Item]:
    """The raw documents in one file, or the Rejection that says why it cannot be read."""
    origin = printable_path(path)
    try:
        mode = path.stat().st_mode
    except OSError as err:
        yield _reject(origin, Reason.UNREADABLE, _os_detail(err))
        return
    if not stat.S_ISREG(mode):
        yield _reject(origin, Reason.NOT_A_FILE, "not a regular file (device, pipe or socket)")
        return
    try:
        with path.open("rb") as stream:
            yield from read_stream(stream, origin=origin, name=path.name, config=config)
    except OSError as err:
        yield _reject(origin, Reason.UNREADABLE, _os_detail(err))


def printable_path(path: Path | str) -> str:
    """A path as text that can be stored and shown: bytes of a file name that are not UTF-8
    (``caf\\xe9.txt``, kept by Python as lone surrogates) are written as ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def read_stream(
    stream: BinaryIO, *, origin: str, name: str, config: IngestConfig
) -> Iterator[Item]:
    """The raw documents in one byte stream, decompressing gzip transparently."""
    buffered = stream if hasattr(stream, "peek") else cast(BinaryIO, io.BufferedReader(stream))
    head = _peek(buffered)
    if not head:
        yield _reject(origin, Reason.EMPTY_FILE, "the input is empty (0 bytes)")
        return
    if head.startswith(GZIP_MAGIC):
        if _gzipped_head(head).startswith(b"WARC/"):
            # warcio reads record-by-record gzip itself, and reads nothing through GzipFile.
            yield from read_warc(buffered, origin=origin, config=config)
        else:
            yield from _read_gzip(
                buffered, origin=origin, name=name.removesuffix(".gz"), config=config
            )
        return
    yield from _dispatch(buffered, head, origin=origin, name=name, config=config)


def _read_gzip(stream: BinaryIO, *, origin: str, name: str, config: IngestConfig) -> Iterator[Item]:
    inner = gzip.GzipFile(fileobj=stream, mode="rb")
    try:
        head = inner.peek(_HEAD_BYTES)[:_HEAD_BYTES]
    except _COMPRESSION_ERRORS as err:
        yield _reject(origin, Reason.CORRUPT_COMPRESSION, f"gzip data cannot be read: {err}")
        return
    if not head:
        yield _reject(origin, Reason.EMPTY_FILE, "the compressed input is empty")
        return
    try:
        yield from _dispatch(cast(BinaryIO, inner), head, origin=origin, name=name, config=config)
    except _COMPRESSION_ERRORS as err:
        detail = f"gzip data ends early or is corrupt: {err}; items before this point were kept"
        yield _reject(origin, Reason.CORRUPT_COMPRESSION, detail)


def _dispatch(
    stream: BinaryIO, head: bytes, *, origin: str, name: str, config: IngestConfig
) -> Iterator[Item]:
    fmt = sniff(head, name=name)
    if fmt == "jsonl":
        yield from read_jsonl(stream, origin=origin, config=config)
    elif fmt == "warc":
        yield from read_warc(stream, origin=origin, config=config)
    elif fmt in ("binary", "gzip"):
        yield _reject(origin, Reason.UNSUPPORTED_FORMAT, "binary file (not text, HTML or a feed)")
    else:
        yield from _read_whole(stream, fmt=fmt, origin=origin, config=config)


def _read_whole(stream: BinaryIO, *, fmt: str, origin: str, config: IngestConfig) -> Iterator[Item]:
    data = stream.read(config.max_file_bytes + 1)
    if len(data) > config.max_file_bytes:
        detail = f"larger than the {config.max_file_bytes:,}-byte limit for one article file"
        yield _reject(origin, Reason.TOO_LARGE, detail)
    elif fmt == "feed":
        yield from read_feed(data, origin=origin)
    else:
        yield RawDocument(
            origin=origin,
            format="html" if fmt == "html" else "text",
            data=data,
            is_html=fmt == "html",
        )


def _gzipped_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream whose first compressed bytes are ``head``."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, _HEAD_BYTES)
    except zlib.error:
        return b""


def _peek(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b""
    head: bytes = peek(_HEAD_BYTES)
    return head[:_HEAD_BYTES]


def _walk(root: Path) -> Iterator[Path | Rejection]:
    errors: list[OSError] = []
    for folder, folders, files in os.walk(root, onerror=errors.append, followlinks=False):
        # Hidden folders and files (.git, .DS_Store) are not inputs.
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name
        while errors:
            err = errors.pop()
            yield _reject(printable_path(err.filename or root), Reason.UNREADABLE, _os_detail(err))
    for err in errors:
        yield _reject(printable_path(err.filename or root), Reason.UNREADABLE, _os_detail(err))


def _glob(pattern: str) -> Iterator[Path | Rejection]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield _reject(printable_path(pattern), Reason.NOT_FOUND, "the glob matched nothing")
    for match in matches:
        path = Path(match)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _os_detail(err: OSError) -> str:
    return f"{err.strerror or type(err).__name__} (errno {err.errno})"


def _reject(origin: str, reason: Reason, detail: str) -> Rejection:
    return Rejection(origin=origin, stage=STAGE, reason=reason.value, detail=detail)
