from __future__ import annotations

import codecs

import ftfy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import Reason
from dateline.ingest.decode import Decoded, DecodeFailure, decode_bytes, looks_binary, repair_text


def ftfy_fixed(text: str) -> str:
    """What decoding gives for correctly encoded text: ftfy's repair, which leaves correct text
    alone except for normalising it (NFC) and mending sequences that look like mojibake."""
    return ftfy.fix_text(
        text,
        ftfy.TextFixerConfig(
            uncurl_quotes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            normalization="NFC",
        ),
    )


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


def test_a_short_windows_1252_text_is_not_read_as_another_code_page() -> None:
    text = "Déjà vu at the café — “quoted”."
    decoded = decode_bytes(text.encode("cp1252"))
    assert isinstance(decoded, Decoded)
    assert decoded.text == text


def test_a_stray_windows_1252_byte_in_utf8_keeps_the_rest_utf8() -> None:
    data = TEXT.encode("utf-8") + b" The caf\xe9 was closed. " + TEXT.encode("utf-8")
    decoded = decode_bytes(data)
    assert isinstance(decoded, Decoded)
    assert decoded.text == f"{TEXT} The café was closed. {TEXT}"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(encoding: str) -> None:
    decoded = decode_bytes((TEXT * 3).encode(encoding))
    assert isinstance(decoded, Decoded)
    assert decoded.text == TEXT * 3


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_cyrillic_legacy_encodings_stay_cyrillic(encoding: str) -> None:
    text = "Министр иностранных дел России Сергей Лавров провёл переговоры с госсекретарём США. "
    decoded = decode_bytes((text * 3).encode(encoding))
    assert isinstance(decoded, Decoded)
    assert decoded.text == text * 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_any_bytes_decode_or_say_why(data: bytes) -> None:
    result = decode_bytes(data)
    assert isinstance(result, Decoded | DecodeFailure)
    if isinstance(result, DecodeFailure):
        assert result.reason in (Reason.BINARY_CONTENT, Reason.UNDECODABLE_TEXT)


_PRINTABLE = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(_PRINTABLE, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_text_round_trips_in_unicode_encodings(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert isinstance(decoded, Decoded)
    assert decoded.text == ftfy_fixed(text)


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


def test_central_european_text_is_not_read_as_windows_1252() -> None:
    text = "Minister spraw zagranicznych Polski spotkał się w Łodzi z ambasadorem. " * 4
    decoded = decode_bytes(text.encode("cp1250"))
    assert isinstance(decoded, Decoded)
    assert "³" not in decoded.text  # "ł" read as Windows-1252
    assert decoded.encoding != "cp1252"


def test_an_html_page_is_read_in_the_charset_its_meta_names() -> None:
    body = "Министр иностранных дел России Сергей Лавров провёл переговоры. "
    page = f'<html><head><meta charset="windows-1251"><title>t</title></head><body><p>{body}</p>'
    decoded = decode_bytes((page + "</body></html>").encode("cp1251"))
    assert isinstance(decoded, Decoded)
    assert body in decoded.text
