"""Signatures: empty for short texts, close for republished copies, far for distinct texts."""

from __future__ import annotations

import pytest

from dateline.dedup import NearDupConfig, signature, similarity
from dateline.errors import DatelineError

CONFIG = NearDupConfig()

STORY = (
    "The central bank raised its benchmark interest rate by a quarter of a percentage point on "
    "Wednesday, the third increase this year, citing stubborn inflation in services and a tight "
    "labour market. Policymakers voted seven to two for the move, with the two dissenters "
    "arguing that earlier rises had yet to work through the economy. The governor told "
    "reporters that further tightening could not be ruled out if wage growth stayed strong, "
    "but that the committee would watch the data closely before its next meeting in June. "
    "Markets had largely priced in the decision and the currency was little changed."
)
OTHER = (
    "Heavy rain flooded parts of the northern region overnight, forcing hundreds of families "
    "from their homes and cutting power to several villages. Emergency crews used boats to "
    "reach people stranded on rooftops, and the army was sent to help clear roads blocked by "
    "landslides. Forecasters said more storms were expected over the weekend and urged "
    "residents near rivers to move to higher ground. The regional governor said schools "
    "would stay closed until Monday while engineers checked bridges for damage."
)


def test_signature_has_num_perm_values() -> None:
    assert len(signature(STORY, config=CONFIG)) == CONFIG.num_perm * 4


def test_signature_is_deterministic() -> None:
    assert signature(STORY, config=CONFIG) == signature(STORY, config=CONFIG)


@pytest.mark.parametrize("text", ["", "Short text.", "one two three four five six seven eight"])
def test_short_text_has_empty_signature(text: str) -> None:
    assert signature(text, config=CONFIG) == b""


def test_copy_with_new_headline_and_changed_word_is_similar() -> None:
    original = "Central bank raises rates again\n\n" + STORY
    copy = "UPDATE 1-Bank lifts rates for third time\n\n" + STORY.replace("stubborn", "sticky")
    score = similarity(
        signature(original, config=CONFIG), signature(copy, config=CONFIG), config=CONFIG
    )
    assert score >= CONFIG.threshold


def test_distinct_texts_are_not_similar() -> None:
    score = similarity(
        signature(STORY, config=CONFIG), signature(OTHER, config=CONFIG), config=CONFIG
    )
    assert score < 0.1


def test_similarity_with_empty_signature_is_zero() -> None:
    assert similarity(b"", signature(STORY, config=CONFIG), config=CONFIG) == 0.0


def test_signature_of_other_num_perm_raises() -> None:
    small = NearDupConfig(num_perm=64)
    with pytest.raises(DatelineError, match="E004"):
        similarity(signature(STORY, config=small), signature(STORY, config=CONFIG), config=CONFIG)


@pytest.mark.parametrize(
    "options",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"shingle_size": 0},
        {"num_perm": 4},
        {"min_shingles": 0},
    ],
)
def test_bad_config_raises(options: dict[str, float]) -> None:
    with pytest.raises(DatelineError, match="E004"):
        NearDupConfig(**options)  # type: ignore[arg-type]
