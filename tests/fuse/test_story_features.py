"""The features stories are compared on: words, capitalised names and numbers, TF-IDF rows."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from dateline.fuse.story_features import lead, names, tfidf, words


def test_words_are_lowercased_without_stop_words() -> None:
    assert words("The Saints placed Bush on injured reserve") == [
        "saints",
        "placed",
        "bush",
        "injured",
        "reserve",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pierre Thomas was placed on reserve.", ["pierre", "thomas", "pierre_thomas"]),
        ("The quake measured 5.9 on Sunday.", ["5.9", "sunday"]),
        ("They sailed the Gulf of Aden.", ["gulf", "aden", "gulf_aden"]),
    ],
)
def test_names_are_capitalised_runs_and_numbers(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_lead_is_the_first_sentences() -> None:
    assert lead("One. Two! Three? Four.", sentences=2) == "One. Two!"


def test_tfidf_rows_have_unit_length_and_empty_rows_stay_zero() -> None:
    matrix = tfidf([Counter({"a": 2, "b": 1}), Counter(), Counter({"b": 1})], idf_power=1.5)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert norms.tolist() == pytest.approx([1.0, 0.0, 1.0])
