"""Pairing quotation marks in plain text (no spaCy needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.nlp.quotes.marks import find_quoted


def _insides(text: str) -> list[str]:
    return [text[quoted.start : quoted.end] for quoted in find_quoted(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We want peace," he said.', ["We want peace"]),
        ("“We want peace,” he said.", ["We want peace"]),
        ('"Turkey is brotherly [with Turkey],” Naeem said.', ["Turkey is brotherly [with Turkey]"]),
        ("Turkey is brotherly [with Turkey],” Naeem said.", ["Turkey is brotherly [with Turkey]"]),
        ("“Otherwise, Turkey is great, ”he added.", ["Otherwise, Turkey is great"]),
        ("''It's crazy,'' she said.", ["It's crazy"]),
        ("He said “A. “B.”", ["A.", "B."]),
        ("It wanted “friendly” relations” with Kabul.", ["friendly"]),
        ("Blinken:\xa0“We will try.”", ["We will try."]),
    ],
)
def test_pairs_marks(text: str, expected: list[str]) -> None:
    assert _insides(text) == expected


def test_quote_over_paragraphs_is_one_stretch() -> None:
    text = "“First part.\n\n“Second part,” he said."
    assert _insides(text) == ["First part.\n\n“Second part"]


def test_unclosed_quote_ends_at_paragraph_end() -> None:
    text = "“Never closed\n\nNext paragraph."
    assert _insides(text) == ["Never closed"]


@given(st.text(alphabet=st.sampled_from(list("ab ,.\"“”'\n\xa0")), max_size=80))
def test_offsets_are_always_valid(text: str) -> None:
    for quoted in find_quoted(text):
        assert 0 <= quoted.open_at <= quoted.start < quoted.end <= quoted.close_end <= len(text)
