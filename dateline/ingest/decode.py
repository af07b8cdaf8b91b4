"""Bytes to text: encoding detection, binary detection and mojibake repair.

Order matters:

1. a BOM wins;
2. UTF-16 without a BOM is told by its NUL bytes, every other byte, before the binary check;
3. an encoding the container declares, then strict UTF-8 (most of the web);
4. UTF-8 with a few stray bytes of another encoding (a Windows-1252 "é" pasted into a UTF-8
   file) is UTF-8, each stray byte read as Windows-1252, rather than a wholly other encoding;
5. text with no UTF-8 sequence at all whose letters are mostly ASCII is Windows-1252, the
   legacy encoding of Western news (short texts fool statistical guessers into Central
   European or Mac code pages);
6. else charset-normalizer's guess (Cyrillic, Greek, East Asian legacy encodings).

Only text that decodes is checked for mojibake with ftfy, which repairs UTF-8 read as
Windows-1252 and similar without touching correct text.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable

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


def decode_bytes(
    data: bytes, *, declared: str | None = None, repair_limit: int | None = None
) -> Decoded | DecodeFailure:
    """Decode ``data`` to text, or say why it is not text.

    ``declared`` is an encoding named by the container (an HTTP header, a feed), tried after
    a BOM and before guessing. A text longer than ``repair_limit`` characters is not repaired:
    it is over the article size limit, and repairing millions of lines costs minutes.
    """
    finish = functools.partial(_finish, repair_limit=repair_limit)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return finish(data.decode(encoding, errors="replace"), encoding)
    wide = _utf16_without_bom(data)
    if wide is not None:
        return finish(data.decode(wide, errors="replace"), wide)
    if looks_binary(data):
        return DecodeFailure(reason=Reason.BINARY_CONTENT, detail="NUL or control bytes found")
    declared = declared or _meta_charset(data)
    candidates = [name for name in (_known_codec(declared), "utf-8") if name is not None]
    for encoding in candidates:
        try:
            return finish(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    western = western_text(data)
    if western is not None:
        return finish(western[0], western[1])
    return _guess(data, finish)


def western_text(data: bytes) -> tuple[str, str] | None:
    """``data`` (not valid UTF-8) as text with its encoding where it is UTF-8 with a few stray
    Windows-1252 bytes, or Windows-1252 text of a Western language (no UTF-8 sequence, mostly
    ASCII letters, every high byte a letter or common punctuation there); else None."""
    sequences = len(b"".join(_UTF8_SEQUENCE.findall(data)))
    stray = len(_HIGH.findall(data)) - sequences
    if sequences > stray:  # UTF-8 with a few bytes of another encoding
        return data.decode("utf-8", errors=STRAY_AS_1252), "utf-8"
    if not sequences and _mostly_ascii_letters(data) and _western_high_bytes(data):
        return data.decode("cp1252", errors=STRAY_AS_1252), "cp1252"
    return None


# a well-formed multi-byte UTF-8 character
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_LETTER = re.compile(rb"[A-Za-z\x80-\xff]")
_HIGH = re.compile(rb"[\x80-\xff]")
_MARKUP = re.compile(rb"<[^>]{0,2000}>")
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.I)
# what Windows-1252's high bytes give in Western text: accented letters and typographic marks
# (not the symbols that Central European or Cyrillic bytes turn into: "³", "¹", "¾", "¬")
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŸŽž"
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u00a0«»°£§©®´·¿¡"
)
# Western text in a legacy code page has a few accented letters among ASCII ones; Cyrillic or
# Greek in theirs is nearly all high bytes
_MAX_HIGH_LETTERS = 0.3
STRAY_AS_1252 = "dateline-stray-as-cp1252"


def _stray_as_1252(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the bytes that are not UTF-8 read as Windows-1252 (its five
    unassigned bytes as Latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return "".join(_byte_1252(byte) for byte in stray), error.end


def _byte_1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


codecs.register_error(STRAY_AS_1252, _stray_as_1252)


def _meta_charset(data: bytes) -> str | None:
    """The encoding an HTML page's ``<meta charset>`` names."""
    found = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return found.group(1).decode("ascii") if found else None


def _western_high_bytes(data: bytes) -> bool:
    high = set(_HIGH.findall(data[: 4 * _SNIFF_BYTES]))
    return all(bytes(byte).decode("cp1252", errors="replace") in _WESTERN for byte in high)


def _mostly_ascii_letters(data: bytes) -> bool:
    # letters of the text, not of markup: an HTML page's tags are ASCII whatever its language
    letters = _LETTER.findall(_MARKUP.sub(b" ", data[: 4 * _SNIFF_BYTES]))
    high = sum(1 for letter in letters if letter[0] >= 0x80)
    return bool(letters) and high / len(letters) <= _MAX_HIGH_LETTERS


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for text whose NUL bytes fall on every other byte (the high
    bytes of Latin characters), else None."""
    head = data[:_SNIFF_BYTES]
    if len(head) < 4 or len(head) % 2:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = len(head) // 2
    for encoding, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.3 * half and others <= 0.01 * half:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            controls = sum(1 for char in text[:_SNIFF_BYTES] if ord(char) in _CONTROL)
            return encoding if controls <= _MAX_CONTROL_RATIO * len(text[:_SNIFF_BYTES]) else None
    return None


def repair_text(text: str, *, repair_limit: int | None = None) -> Decoded:
    """Repair mojibake in text that is already a string (JSONL fields, feed entries)."""
    return _finish(text, "utf-8", repair_limit=repair_limit)


def _guess(data: bytes, finish: Callable[[str, str], Decoded]) -> Decoded | DecodeFailure:
    best = from_bytes(data[: 4 * _SNIFF_BYTES]).best()
    if best is None or best.encoding is None:
        return DecodeFailure(
            reason=Reason.UNDECODABLE_TEXT, detail="no text encoding fits these bytes"
        )
    text = data.decode(best.encoding, errors="replace")
    return finish(text, best.encoding)


def _finish(text: str, encoding: str, *, repair_limit: int | None = None) -> Decoded:
    # Repair encoding damage only: curly quotes, ligatures and full-width forms are the
    # article's own characters and stay as they are.
    if repair_limit is not None and len(text) > repair_limit:
        return Decoded(text=text, encoding=encoding, repaired=False)
    fixed = ftfy.fix_text(text, _FTFY)
    return Decoded(text=fixed, encoding=encoding, repaired=fixed != text)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
