"""Average-linkage clustering that keeps two tight groups apart when they are only loosely alike.

Plain average linkage joins any two groups whose mean cross similarity reaches the threshold.  Two
reports of different earthquakes share so many topic words that they do; but each group is far
more alike inside than across.  So two groups of at least ``min_group`` articles join only when
their cross similarity is at least ``cohesion`` times the inner similarity of the looser one
(the idea of relative closeness in Chameleon, Karypis et al. 1999).  Groups never join below the
threshold, so the work splits into the connected parts of the "similarity >= threshold" graph.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from dateline.model import Record

SimilarityFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
_BLOCK = 2048


class Linkage(Record, frozen=True, kw_only=True):
    """When two groups join: mean similarity at least ``threshold``, and relatively close."""

    threshold: float
    cohesion: float
    min_group: int


def parts(size: int, similar: SimilarityFn, *, threshold: float) -> list[np.ndarray]:
    """Connected parts of the graph linking items at least ``threshold`` alike, in index order.

    Similarities are computed a block of rows at a time, so memory stays linear in ``size``.
    """
    if size == 0:
        return []
    everything = np.arange(size)
    pieces = []
    for first in range(0, size, _BLOCK):
        rows = everything[first : first + _BLOCK]
        block = similar(rows, everything) >= threshold
        pieces.append(sparse.csr_matrix(block))
    _, labels = connected_components(sparse.vstack(pieces), directed=False)
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return sorted(np.split(order, cuts), key=lambda part: int(part[0]))


def cluster(matrix: np.ndarray, *, linkage: Linkage) -> list[int]:
    """A group number for each row of the square similarity ``matrix``.

    Deterministic: the most similar allowed pair joins first, ties going to the lower indices,
    so the result depends on the items' order only through ties (callers sort by id).
    """
    state = _State(matrix, linkage=linkage)
    while True:
        keep = int(np.argmax(state.best_value))
        if state.best_value[keep] < linkage.threshold:
            break
        state.join(keep, int(state.best_column[keep]))
    return state.labels()


class _State:
    """Sums of similarity within and between the current groups, and the allowed joins.

    Each row's best candidate is kept up to date, so finding the next pair to join costs one
    pass over the rows, not over the whole matrix.
    """

    def __init__(self, matrix: np.ndarray, *, linkage: Linkage) -> None:
        size = len(matrix)
        self.linkage = linkage
        self.between = np.array(matrix, dtype=np.float64)
        np.fill_diagonal(self.between, 0.0)
        self.within = np.zeros(size)
        self.size = np.ones(size)
        self.alive = np.ones(size, dtype=bool)
        self.members: dict[int, list[int]] = {index: [index] for index in range(size)}
        self.candidates = np.full((size, size), -np.inf)
        for index in range(size):
            self._refresh(index)
        self.best_value = self.candidates.max(axis=1)
        self.best_column = self.candidates.argmax(axis=1)

    def join(self, keep: int, gone: int) -> None:
        self.within[keep] += self.within[gone] + self.between[keep, gone]
        self.between[keep, :] += self.between[gone, :]
        self.between[:, keep] += self.between[:, gone]
        self.between[keep, keep] = 0.0
        self.size[keep] += self.size[gone]
        self.alive[gone] = False
        self.members[keep] += self.members.pop(gone)
        self.candidates[gone, :] = -np.inf
        self.candidates[:, gone] = -np.inf
        self._refresh(keep)
        self._rebest(keep, gone)

    def _rebest(self, keep: int, gone: int) -> None:
        """Bring each row's best candidate up to date after ``gone`` joined ``keep``."""
        column = self.candidates[:, keep]
        stale = (self.best_column == keep) | (self.best_column == gone)
        stale[[keep, gone]] = True
        better = (column > self.best_value) | (
            (column == self.best_value) & (keep < self.best_column)
        )
        better &= ~stale
        self.best_value[better] = column[better]
        self.best_column[better] = keep
        rows = np.flatnonzero(stale)
        self.best_value[rows] = self.candidates[rows].max(axis=1)
        self.best_column[rows] = self.candidates[rows].argmax(axis=1)

    def _refresh(self, index: int) -> None:
        """Recompute the candidate scores of ``index`` against every other live group."""
        mean = self.between[index] / (self.size[index] * self.size)
        allowed = self.alive.copy()
        allowed[index] = False
        if self.size[index] >= self.linkage.min_group:
            inner = self._inner()
            both = self.size >= self.linkage.min_group
            looser = np.minimum(inner[index], inner)
            allowed &= ~both | (mean >= self.linkage.cohesion * looser)
        scores = np.where(allowed, mean, -np.inf)
        self.candidates[index, :] = scores
        self.candidates[:, index] = scores

    def _inner(self) -> np.ndarray:
        pairs = np.maximum(self.size * (self.size - 1) / 2, 1.0)
        return np.where(self.size > 1, self.within / pairs, np.inf)

    def labels(self) -> list[int]:
        found = [0] * len(self.size)
        for group, members in self.members.items():
            for index in members:
                found[index] = group
        return found
