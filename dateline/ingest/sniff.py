"""Recognise an input's format from its first bytes, with the file name only as a tie-breaker.

Content wins over extension because scraped collections are mislabelled all the time: a
``.txt`` that is an HTML page, a ``.xml`` that is an Atom feed, a gzip without ``.gz``.
"""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["gzip", "warc", "jsonl", "html", "feed", "text", "binary"]

GZIP_MAGIC = b"\x1f\x8b"
# Signatures of common binary formats we never read as articles.
_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"OggS",
    b"ID3",
    b"RIFF",
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.IGNORECASE
)
_EXTENSIONS: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".txt": "text",
    ".text": "text",
}


def sniff(head: bytes, *, name: str = "") -> Format:
    """The format of a file whose first bytes (a few KB, already decompressed) are ``head``."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(_BINARY_MAGIC):
        return "binary"
    stripped = _strip_bom(head).lstrip()
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        return _markup_format(stripped, name=name)
    by_extension = extension_format(name)
    if by_extension in ("jsonl", "warc"):
        # A container that does not start like one is plain text at best; let the content decide.
        return "text"
    return by_extension or "text"


def extension_format(name: str) -> Format | None:
    """The format an extension suggests, ignoring a trailing ``.gz``."""
    lowered = name.lower().removesuffix(".gz")
    for extension, fmt in _EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    return None


def _markup_format(head: bytes, *, name: str) -> Format:
    window = head[:4096]
    if _FEED_ROOT.search(window):
        return "feed"
    if _HTML_START.search(window):
        return "html"
    return extension_format(name) or "html"


def _strip_bom(head: bytes) -> bytes:
    return head.removeprefix(b"\xef\xbb\xbf")
