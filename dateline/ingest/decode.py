"""Bytes to text: encoding detection, binary detection and mojibake repair.

Order matters: a BOM wins, then strict UTF-8 (most of the web), then charset-normalizer's
guess; only text that decodes is checked for mojibake with ftfy, which repairs UTF-8 read as
Windows-1252 and similar without touching correct text.
"""

from __future__ import annotations

import codecs

import ftfy
from charset_normalizer import from_bytes

from dateline.errors import Reason
from dateline.model import Record

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return and form feed: text has almost
# none, binary formats are full of them.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
_MAX_CONTROL_RATIO = 0.05
_SNIFF_BYTES = 64 * 1024
_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False, normalization="NFC"
)


class Decoded(Record, frozen=True, kw_only=True):
    """Text decoded from bytes, with the encoding used."""

    text: str
    encoding: str
    repaired: bool


class DecodeFailure(Record, frozen=True, kw_only=True):
    """Why bytes could not be read as text."""

    reason: Reason
    detail: str


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` has NUL bytes or many control characters."""
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls / len(head) > _MAX_CONTROL_RATIO


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded | DecodeFailure:
    """Decode ``data`` to text, or say why it is not text.

    ``declared`` is an encoding named by the container (an HTTP header, a feed), tried after
    a BOM and before guessing.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(data.decode(encoding, errors="replace"), encoding)
    if looks_binary(data):
        return DecodeFailure(reason=Reason.BINARY_CONTENT, detail="NUL or control bytes found")
    candidates = [name for name in (_known_codec(declared), "utf-8") if name is not None]
    for encoding in candidates:
        try:
            return _finish(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return _guess(data)


def repair_text(text: str) -> Decoded:
    """Repair mojibake in text that is already a string (JSONL fields, feed entries)."""
    return _finish(text, "utf-8")


def _guess(data: bytes) -> Decoded | DecodeFailure:
    best = from_bytes(data[: 4 * _SNIFF_BYTES]).best()
    if best is None or best.encoding is None:
        return DecodeFailure(
            reason=Reason.UNDECODABLE_TEXT, detail="no text encoding fits these bytes"
        )
    text = data.decode(best.encoding, errors="replace")
    return _finish(text, best.encoding)


def _finish(text: str, encoding: str) -> Decoded:
    # Repair encoding damage only: curly quotes, ligatures and full-width forms are the
    # article's own characters and stay as they are.
    fixed = ftfy.fix_text(text, _FTFY)
    return Decoded(text=fixed, encoding=encoding, repaired=fixed != text)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
