"""The cohesive average linkage and its split into connected parts, on hand-made matrices."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.fuse.story_linkage import Linkage, cluster, parts

# Two tight groups of three (0.9 inside) that are loosely alike across (0.3).
_GROUP = np.arange(6) // 3
TWO_GROUPS = np.where(_GROUP[:, None] == _GROUP[None, :], 0.9, 0.3)


def _groups(labels: list[int]) -> set[frozenset[int]]:
    found: dict[int, set[int]] = {}
    for index, label in enumerate(labels):
        found.setdefault(label, set()).add(index)
    return {frozenset(members) for members in found.values()}


def test_plain_average_linkage_joins_loosely_alike_groups() -> None:
    labels = cluster(TWO_GROUPS, linkage=Linkage(threshold=0.2, cohesion=0.0, min_group=3))
    assert _groups(labels) == {frozenset(range(6))}


def test_cohesion_keeps_tight_groups_apart() -> None:
    labels = cluster(TWO_GROUPS, linkage=Linkage(threshold=0.2, cohesion=0.6, min_group=3))
    assert _groups(labels) == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}


def test_nothing_joins_below_the_threshold() -> None:
    labels = cluster(TWO_GROUPS, linkage=Linkage(threshold=0.95, cohesion=0.0, min_group=3))
    assert len(set(labels)) == 6


def test_parts_are_the_connected_components_above_threshold() -> None:
    matrix = np.eye(5)
    matrix[0, 3] = matrix[3, 0] = 0.5
    matrix[1, 4] = matrix[4, 1] = 0.5

    def similar(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        found: np.ndarray = matrix[np.ix_(rows, columns)]
        return found

    found = parts(5, similar, threshold=0.4)
    assert [part.tolist() for part in found] == [[0, 3], [1, 4], [2]]


def _naive(matrix: np.ndarray, linkage: Linkage) -> list[int]:
    """The same clustering the slow way: every mean and every allowed pair recomputed."""
    groups = [[index] for index in range(len(matrix))]
    while True:
        best, pair = -np.inf, (0, 0)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                mean = matrix[np.ix_(groups[a], groups[b])].mean()
                if mean > best and _allowed(matrix, groups[a], groups[b], mean, linkage):
                    best, pair = mean, (a, b)
        if best < linkage.threshold:
            break
        groups[pair[0]] += groups.pop(pair[1])
    labels = [0] * len(matrix)
    for group in groups:
        for index in group:
            labels[index] = min(group)
    return labels


def _allowed(matrix: np.ndarray, a: list[int], b: list[int], mean: float, link: Linkage) -> bool:
    if min(len(a), len(b)) < link.min_group:
        return True
    inner = [matrix[np.ix_(g, g)][np.triu_indices(len(g), 1)].mean() for g in (a, b)]
    return bool(mean >= link.cohesion * min(inner))


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.integers(0, 20), min_size=36, max_size=36),
    cohesion=st.sampled_from([0.0, 0.6]),
)
def test_fast_linkage_equals_the_naive_one(values: list[int], cohesion: float) -> None:
    # Distinct similarities: with ties the two may pick different (equally good) pairs.
    upper = np.array(values, dtype=float).reshape(6, 6) / 20 + np.arange(36).reshape(6, 6) * 1e-4
    matrix = np.triu(upper, 1) + np.triu(upper, 1).T
    linkage = Linkage(threshold=0.3, cohesion=cohesion, min_group=2)
    assert _groups(cluster(matrix, linkage=linkage)) == _groups(_naive(matrix, linkage))
