"""Entity mentions: the names a sentence gives its parties, as the pipeline finds them."""

from __future__ import annotations

import pytest

from dateline.nlp.load import load_nlp
from dateline.nlp.mentions import entity_mentions


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # scraped text that lost its spaces: the verb glued on by a hyphen is no part of a name
        ("Meanwhile Taoiseach Enda Kenny-called for talks.", ["Enda Kenny"]),
        ("Fine Gael TD Sean Barrett-has said-failure to act is bad.", ["Sean Barrett"]),
        # a hyphen inside a name stays
        ("President Moon Jae-in met Kim Jong-un.", ["Moon Jae-in", "Kim Jong-un"]),
        ("The Coca-Cola Company and Rolls-Royce signed.", ["The Coca-Cola Company", "Rolls-Royce"]),
    ],
)
def test_a_name_ends_before_a_verb_glued_on_by_a_hyphen(text: str, names: list[str]) -> None:
    assert [m.text for m in entity_mentions(load_nlp()(text))] == names
