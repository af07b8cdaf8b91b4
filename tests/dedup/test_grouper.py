"""The duplicate grouper: links, canonical choice, reported changes, and order independence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.dedup import DuplicateChange, DuplicateGrouper, NearDupConfig, content_hash, signature

CONFIG = NearDupConfig()

BASES = [
    " ".join(f"{topic}{i} word{i % 7} item{i * 3}" for i in range(60))
    for topic in ("alpha", "beta", "gamma")
]


def _variant(base: str, edit: int) -> str:
    # A copy with one word changed every so often: similar to the base, not identical.
    words = base.split()
    for position in range(edit, len(words), 37):
        words[position] = f"edited{edit}"
    return " ".join(words)


TEXTS = {
    **{f"b{i}": text for i, text in enumerate(BASES)},
    **{f"b{i}v{e}": _variant(text, e) for i, text in enumerate(BASES) for e in (1, 2)},
    "b0dup": BASES[0],
    "short1": "Brief note.",
    "short2": "brief NOTE",
    "short3": "another brief",
}
DATES = {article_id: f"2024-01-{1 + i % 9:02d}" for i, article_id in enumerate(sorted(TEXTS))}


def _add(grouper: DuplicateGrouper, article_id: str) -> list[DuplicateChange]:
    text = TEXTS[article_id]
    return grouper.add(
        article_id,
        sort_key=(DATES[article_id], article_id),
        content_hash=content_hash(text),
        signature=signature(text, config=CONFIG),
    )


def _final_states(order: list[str]) -> dict[str, tuple[object, ...]]:
    grouper = DuplicateGrouper(config=CONFIG)
    states: dict[str, tuple[object, ...]] = {}
    for article_id in order:
        for change in _add(grouper, article_id):
            states[change.article_id] = (change.duplicate_of, change.kind, change.similarity)
    return states


def test_new_canonical_article_is_reported() -> None:
    changes = _add(DuplicateGrouper(config=CONFIG), "b0")
    assert changes == [
        DuplicateChange(article_id="b0", duplicate_of=None, kind=None, similarity=None)
    ]


def test_exact_copy_points_to_earlier_article() -> None:
    grouper = DuplicateGrouper(config=CONFIG)
    _add(grouper, "b0")
    assert _add(grouper, "b0dup") == [
        DuplicateChange(article_id="b0dup", duplicate_of="b0", kind="exact", similarity=1.0)
    ]


def test_near_copy_is_linked_with_its_similarity() -> None:
    states = _final_states(["b0", "b0v1"])
    duplicate_of, kind, similarity = states["b0v1"]
    assert (duplicate_of, kind) == ("b0", "near")
    assert isinstance(similarity, float)
    assert CONFIG.threshold <= similarity < 1.0


def test_distinct_articles_stay_apart() -> None:
    states = _final_states(["b0", "b1", "b2"])
    assert all(state == (None, None, None) for state in states.values())


def test_earlier_article_arriving_later_becomes_canonical() -> None:
    grouper = DuplicateGrouper(config=CONFIG)
    _add(grouper, "b0dup")
    changes = _add(grouper, "b0")
    assert {change.article_id: change.duplicate_of for change in changes} == {
        "b0": None,
        "b0dup": "b0",
    }


def test_short_texts_link_by_hash_only() -> None:
    states = _final_states(["short1", "short2", "short3"])
    assert states["short2"] == ("short1", "exact", 1.0)
    assert states["short3"] == (None, None, None)


def test_adding_same_id_twice_is_a_no_op() -> None:
    grouper = DuplicateGrouper(config=CONFIG)
    _add(grouper, "b0")
    assert _add(grouper, "b0") == []
    assert len(grouper) == 1


def test_unchanged_status_is_not_reported_again() -> None:
    grouper = DuplicateGrouper(config=CONFIG)
    _add(grouper, "b0")
    _add(grouper, "b0v1")
    assert [change.article_id for change in _add(grouper, "b0v2")] == ["b0v2"]


@settings(max_examples=60, deadline=None)
@given(st.permutations(sorted(TEXTS)))
def test_final_state_does_not_depend_on_order(order: list[str]) -> None:
    assert _final_states(order) == _final_states(sorted(TEXTS))
