from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.config import IngestConfig
from dateline.errors import Reason
from dateline.ingest.build import build_article
from dateline.ingest.items import RawDocument
from dateline.ingest.jsonl import parse_line, read_jsonl
from dateline.model import Article, Rejection


def json_bytes(obj: object) -> bytes:
    return json.dumps(obj, allow_nan=True).encode("utf-8")


def test_good_line_keeps_every_contract_field() -> None:
    line = (
        b'{"id": "a1", "text": "Body.", "title": "T", "published": "2021-08-26",'
        b' "url": "https://x.test/a", "source": "Reuters"}'
    )
    raw = parse_line(line, origin="f.jsonl:1")
    assert isinstance(raw, RawDocument)
    assert (raw.id, raw.text, raw.title, raw.published, raw.url, raw.source) == (
        "a1",
        "Body.",
        "T",
        "2021-08-26",
        "https://x.test/a",
        "Reuters",
    )


def test_numeric_id_becomes_string() -> None:
    raw = parse_line(b'{"id": 7, "text": "x"}', origin="f:1")
    assert isinstance(raw, RawDocument)
    assert raw.id == "7"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"id": "a", "text": "unterminated', Reason.MALFORMED_JSON),
        (b"[1, 2, 3]", Reason.MALFORMED_JSON),
        (b'{"id": "a", "title": "no text"}', Reason.MISSING_FIELD),
        (b'{"id": "a", "text": 42}', Reason.INVALID_FIELD),
        (b'{"id": ["a"], "text": "x"}', Reason.INVALID_FIELD),
    ],
)
def test_bad_lines_are_rejected_with_a_reason(line: bytes, reason: Reason) -> None:
    result = parse_line(line, origin="f.jsonl:3")
    assert isinstance(result, Rejection)
    assert result.reason == reason
    assert result.origin == "f.jsonl:3"


def test_one_bad_line_does_not_stop_the_rest() -> None:
    stream = io.BytesIO(b'{"id": "1", "text": "a"}\n{broken\n\n{"id": "3", "text": "c"}\n')
    results = list(read_jsonl(stream, origin="f.jsonl", config=IngestConfig()))
    assert [type(r).__name__ for r in results] == ["RawDocument", "Rejection", "RawDocument"]
    assert isinstance(results[1], Rejection)
    assert results[1].origin == "f.jsonl:2"


def test_oversized_line_is_rejected_and_skipped() -> None:
    config = IngestConfig(max_article_chars=100, min_article_chars=1)
    huge = b'{"id": "big", "text": "' + b"x" * 600_000 + b'"}\n'
    stream = io.BytesIO(huge + b'{"id": "ok", "text": "fine"}\n')
    results = list(read_jsonl(stream, origin="f", config=config))
    assert isinstance(results[0], Rejection)
    assert results[0].reason == Reason.TOO_LARGE
    assert isinstance(results[1], RawDocument)
    assert results[1].id == "ok"


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=200),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_FIELDS = st.sampled_from(["id", "text", "title", "published", "url", "source", "html"])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=1024) | st.dictionaries(_FIELDS, _JSON_VALUES).map(json_bytes))
def test_any_line_is_a_document_or_a_rejection_and_building_it_never_raises(line: bytes) -> None:
    raw = parse_line(line, origin="fuzz.jsonl:1")
    assert isinstance(raw, RawDocument | Rejection)
    if isinstance(raw, RawDocument):
        built = build_article(raw, config=IngestConfig(), now=datetime(2021, 9, 1, tzinfo=UTC))
        assert isinstance(built, Article | Rejection)


def test_a_stray_windows_1252_byte_in_a_line_is_read_as_such() -> None:
    raw = parse_line(
        b'{"id": "c", "text": "Talks at the caf\xe9 in \xc3\x87ankaya."}', origin="f:1"
    )
    assert isinstance(raw, RawDocument)
    assert raw.text == "Talks at the café in Çankaya."


def test_a_line_in_a_non_western_legacy_encoding_is_rejected_as_undecodable() -> None:
    line = '{"id": "r", "text": "Министр иностранных дел России"}'.encode("cp1251")
    rejected = parse_line(line, origin="f:1")
    assert isinstance(rejected, Rejection)
    assert rejected.reason == Reason.UNDECODABLE_TEXT


@pytest.mark.parametrize(
    ("field", "size"), [("id", 513), ("url", 8_193), ("source", 513), ("published", 129)]
)
def test_a_field_past_its_size_limit_is_rejected_as_invalid(field: str, size: int) -> None:
    record = {"id": "x", "text": "The minister met his counterpart in Ankara.", field: "a" * size}
    rejected = parse_line(json.dumps(record).encode(), origin="f:1")
    assert isinstance(rejected, Rejection)
    assert rejected.reason == Reason.INVALID_FIELD and field in rejected.detail
    record[field] = "a" * (size - 1)
    assert isinstance(parse_line(json.dumps(record).encode(), origin="f:1"), RawDocument)
