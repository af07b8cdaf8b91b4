"""Exact-duplicate keys ignore case, punctuation, spacing and Unicode presentation forms."""

from __future__ import annotations

import pytest

from dateline.dedup import content_hash, normalise_for_hash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello,   World!", "hello world"),
        ("  line one\n\nline two\t", "line one line two"),
        ("STRASSE straße", "strasse strasse"),
        ("ｆｕｌｌ width", "full width"),
        ("snake_case words", "snake case words"),
        ("‘Quoted’ — dash", "quoted dash"),
        ("", ""),
    ],
)
def test_normalise_for_hash(text: str, expected: str) -> None:
    assert normalise_for_hash(text) == expected


def test_equal_hash_for_cosmetic_differences() -> None:
    assert content_hash("The Fed said, today.") == content_hash("the  FED said today")


def test_different_hash_for_different_words() -> None:
    assert content_hash("The Fed said today") != content_hash("The Fed said yesterday")


def test_hash_is_sha256_hex() -> None:
    digest = content_hash("anything")
    assert len(digest) == 64
    assert int(digest, 16) >= 0
