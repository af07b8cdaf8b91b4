"""Synthetic republished copies are deterministic and each kind changes the article."""

from __future__ import annotations

import pytest

from dateline.dedup.copies import PERTURBATIONS, furniture, make_copy, sentences

TITLE = "Council approves new budget"
TEXT = (
    "The city council approved the budget on Tuesday after a long debate. Spending on roads "
    "rises by a tenth. Opposition members said the plan ignored housing. The mayor called the "
    "vote a victory for residents. A final reading is due next month."
)


@pytest.mark.parametrize("kind", sorted(PERTURBATIONS))
def test_copy_differs_from_original(kind: str) -> None:
    copy = make_copy(TITLE, TEXT, kind=kind, seed="s")
    assert (copy.title, copy.text) != (TITLE, TEXT)


@pytest.mark.parametrize("kind", sorted(PERTURBATIONS))
def test_copy_is_deterministic(kind: str) -> None:
    assert make_copy(TITLE, TEXT, kind=kind, seed="s") == make_copy(
        TITLE, TEXT, kind=kind, seed="s"
    )


def test_sentences_split_at_sentence_ends() -> None:
    assert len(sentences(TEXT)) == 5


@pytest.mark.parametrize(
    "category",
    ["share", "navigation", "newsletter", "copyright", "credit", "dateline", "headline", "added"],
)
def test_furniture_has_each_category(category: str) -> None:
    assert furniture()[category]
