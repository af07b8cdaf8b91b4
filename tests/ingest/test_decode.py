from __future__ import annotations

import codecs

import pytest

from dateline.errors import Reason
from dateline.ingest.decode import Decoded, DecodeFailure, decode_bytes, looks_binary, repair_text

TEXT = "Çavuşoğlu and Blinken discussed the “continuing cooperation” in Afghanistan."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
    ],
)
def test_unicode_encodings_decode_exactly(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert isinstance(decoded, Decoded)
    assert decoded.text == TEXT


def test_windows_1252_is_detected() -> None:
    text = "The minister’s “historic” visit – a café meeting – ended early. " * 5
    decoded = decode_bytes(text.encode("cp1252"))
    assert isinstance(decoded, Decoded)
    assert decoded.text == text


def test_declared_encoding_is_used() -> None:
    decoded = decode_bytes("Müller sagte: «Ja».".encode("latin-1"), declared="ISO-8859-1")
    assert isinstance(decoded, Decoded)
    assert decoded.text == "Müller sagte: «Ja»."


def test_mojibake_is_repaired() -> None:
    broken = "Ã‡avuÅŸoÄŸlu said the talks were â€œconstructiveâ€\x9d."
    repaired = repair_text(broken)
    assert repaired.repaired
    assert "Çavuşoğlu" in repaired.text


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03binary\x00", bytes(range(256)) * 10, b"\x89PNG\r\n\x1a\n\x00\x00"]
)
def test_binary_is_refused(data: bytes) -> None:
    result = decode_bytes(data)
    assert isinstance(result, DecodeFailure)
    assert result.reason == Reason.BINARY_CONTENT


def test_plain_text_is_not_binary() -> None:
    assert not looks_binary(TEXT.encode() + b"\n\tindented\r\n")
