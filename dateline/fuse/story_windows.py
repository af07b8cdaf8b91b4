"""Story similarity inside time windows, so that a new day's articles meet only their neighbours.

Two things make an article's similarities depend on its time alone, never on the whole corpus:
- each word's IDF is read from the articles within ``reach`` days of the article and the
  undated ones (an undated article, which may belong with any, reads it from all of them):
  rare in the news of its time;
- a pair further apart than ``reach`` days cannot reach the threshold (the time factor halves
  per window past the first), so candidate pairs come from the articles within reach, compared
  through sparse products (an inverted index on their terms), never from all pairs.

Adding articles therefore changes only the vectors within reach of them, and a run that redoes
those gives the same numbers, to the bit, as one over everything: every sum runs over a row's
terms in alphabetical order, and every logarithm is taken once per distinct value. So a
``Windows`` over only the articles near some days (``dateline.fuse.story_parts``) gives their
vectors and similarities exactly, given the undated articles' IDF over everything.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
from scipy import sparse

from dateline.fuse.story_features import Bag, Channel

_CHUNK = 512

# A unit TF-IDF vector: its terms in alphabetical order and their weights.
Vector = tuple[tuple[str, ...], np.ndarray]


class Frequencies(NamedTuple):
    """Of how many articles (``total``) how many hold each term, in one channel."""

    total: int
    counts: Mapping[str, int]


class Windows:
    """Vectors and similarities of canonical articles: ``days`` are ordinals, None undated.

    Holding only some of the corpus, it is told the rest: ``everywhere`` gives each channel's
    frequencies over the whole corpus (the IDF of an undated article, which reads all of them),
    ``vectors`` the vectors of articles weighed elsewhere (position to channel to vector)."""

    def __init__(
        self,
        bags: Callable[[int], dict[Channel, Bag]],
        days: Sequence[int | None],
        *,
        channels: tuple[Channel, ...],
        idf_power: float,
        window: int,
        threshold: float,
        everywhere: Mapping[Channel, Frequencies] | None = None,
        vectors: Mapping[int, Mapping[Channel, Vector]] | None = None,
    ) -> None:
        self.channels = channels
        self.idf_power = idf_power
        self.window = window
        self.threshold = threshold
        self.reach = reach_days(window=window, threshold=threshold)
        self.days = list(days)
        self._load = bags
        self._bags: dict[int, dict[Channel, Bag]] = {}
        # each vector: its term ids (terms in alphabetical order) and unit weights
        self._vectors: dict[int, dict[Channel, tuple[np.ndarray, np.ndarray]]] = {}
        self._ids: dict[Channel, dict[str, int]] = {c: {} for c in channels}
        self._terms: dict[Channel, list[str]] = {c: [] for c in channels}
        dated = sorted((day, p) for p, day in enumerate(self.days) if day is not None)
        self._dated_days = np.array([d for d, _ in dated], dtype=np.int64)
        self._dated_pos = np.array([p for _, p in dated], dtype=np.int64)
        self._undated = [p for p, day in enumerate(self.days) if day is None]
        # every logarithm and power once per distinct value: the same bits in any run
        self._tf: dict[int, float] = {}
        self._idf: dict[tuple[int, int], float] = {}
        self._factor: dict[int, float] = {}
        self._everywhere = everywhere
        for position, given in (vectors or {}).items():
            self._vectors[position] = {
                channel: (self._term_ids(channel, terms), weights)
                for channel, (terms, weights) in given.items()
            }

    def vector(self, position: int, channel: Channel) -> Vector:
        """The unit TF-IDF vector of the article at ``position`` in ``channel``."""
        self._weigh([position])
        ids, weights = self._vectors[position][channel]
        names = self._terms[channel]
        return tuple(names[i] for i in ids.tolist()), weights

    def bags(self, position: int) -> dict[Channel, Bag]:
        found = self._bags.get(position)
        if found is None:
            found = self._bags[position] = self._load(position)
        return found

    def near(self, day: int | None, *, days: int) -> list[int]:
        """Positions of the dated articles within ``days`` of ``day`` (all dated when undated)."""
        if day is None:
            found: list[int] = self._dated_pos.tolist()
            return found
        low = np.searchsorted(self._dated_days, day - days, side="left")
        high = np.searchsorted(self._dated_days, day + days, side="right")
        within: list[int] = self._dated_pos[low:high].tolist()
        return within

    def candidates(self, position: int) -> list[int]:
        """Every article ``position`` could be alike enough: within reach, or undated."""
        return self.near(self.days[position], days=self.reach) + self._undated

    def edges(self, sources: Iterable[int]) -> list[tuple[int, int]]:
        """Pairs (source, other) at least ``threshold`` alike, each source against every
        candidate of it; a source meets itself never."""
        ordered = sorted(set(sources), key=lambda p: (self.days[p] is None, self.days[p] or 0, p))
        found: list[tuple[int, int]] = []
        for first in range(0, len(ordered), _CHUNK):
            rows = ordered[first : first + _CHUNK]
            columns = sorted({c for r in rows for c in self.candidates(r)})
            block = self.similarity(rows, columns)
            for i, j in zip(*np.nonzero(block >= self.threshold), strict=True):
                if rows[i] != columns[j]:
                    found.append((rows[i], columns[j]))
        return found

    def similarity(self, rows: Sequence[int], columns: Sequence[int]) -> np.ndarray:
        """Mean cosine over the channels times the time factor (dense, rows by columns)."""
        self._weigh([*rows, *columns])
        total = np.zeros((len(rows), len(columns)))
        for channel in self.channels:
            left, right = self._matrices(channel, rows, columns)
            total += (left @ right.T).toarray()
        found: np.ndarray = total / len(self.channels) * self._time(rows, columns)
        return found

    def _time(self, rows: Sequence[int], columns: Sequence[int]) -> np.ndarray:
        """1 within ``window`` days (or when a date is unknown), halving per further window."""
        left = np.array([self.days[r] if self.days[r] is not None else -1 for r in rows])
        right = np.array([self.days[c] if self.days[c] is not None else -1 for c in columns])
        gap = np.abs(left[:, None] - right[None, :])
        unique, inverse = np.unique(gap, return_inverse=True)
        table = np.array([self._time_factor(int(g)) for g in unique])
        factor: np.ndarray = table[inverse].reshape(gap.shape)
        factor[left < 0, :] = 1.0
        factor[:, right < 0] = 1.0
        return factor

    def _time_factor(self, gap: int) -> float:
        found = self._factor.get(gap)
        if found is None:
            found = self._factor[gap] = 0.5 ** (max(gap - self.window, 0) / self.window)
        return found

    def _matrices(
        self, channel: Channel, rows: Sequence[int], columns: Sequence[int]
    ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """Rows and columns as matrices whose columns are their terms in alphabetical order, so
        that every row's products are summed in the same order whatever else is compared."""
        vectors = [self._vectors[p][channel] for p in (*rows, *columns)]
        ids = np.concatenate([v[0] for v in vectors])
        names = self._terms[channel]
        present = sorted(np.unique(ids).tolist(), key=names.__getitem__)
        column_of = np.zeros(len(names), dtype=np.int64)
        column_of[present] = np.arange(len(present))
        built = []
        for part in (vectors[: len(rows)], vectors[len(rows) :]):
            lengths = [len(v[0]) for v in part]
            indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
            indices = column_of[np.concatenate([v[0] for v in part])] if part else ids[:0]
            values = np.concatenate([v[1] for v in part]) if part else np.zeros(0)
            built.append(
                sparse.csr_matrix((values, indices, indptr), shape=(len(part), len(present)))
            )
        return built[0], built[1]

    def _weigh(self, positions: Iterable[int]) -> None:
        """Compute (once) the unit TF-IDF vector of each article in ``positions``."""
        wanted = sorted({p for p in positions if p not in self._vectors})
        told = [p for p in wanted if self.days[p] is None and self._everywhere is not None]
        counted = [p for p in wanted if p not in set(told)]
        windows = sorted({self.days[p] for p in counted}, key=lambda d: (d is None, d or 0))
        pool = sorted({q for d in windows for q in self._pool(d)})
        for p in wanted:
            self._vectors[p] = {}
        for channel in self.channels:
            if counted:
                self._weigh_channel(channel, counted, windows, pool)
            if told and self._everywhere is not None:
                self._weigh_told(channel, told, self._everywhere[channel])

    def _pool(self, day: int | None) -> list[int]:
        """The articles whose words set the IDF of an article of ``day``."""
        if day is None:
            return list(range(len(self.days)))
        return self.near(day, days=self.reach) + self._undated

    def _weigh_channel(
        self, channel: Channel, wanted: list[int], windows: list[int | None], pool: list[int]
    ) -> None:
        bags = [self.bags(p)[channel] for p in pool]
        vocabulary = {t: i for i, t in enumerate(sorted({t for bag in bags for t in bag}))}
        lengths = [len(bag) for bag in bags]
        present = sparse.csr_matrix(
            (
                np.ones(sum(lengths)),
                np.array([vocabulary[t] for bag in bags for t in bag], dtype=np.int64),
                np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            ),
            shape=(len(pool), len(vocabulary)),
        )
        where = {p: i for i, p in enumerate(pool)}
        members = [self._pool(day) for day in windows]
        window_rows = sparse.csr_matrix(
            (
                np.ones(sum(len(m) for m in members)),
                np.array([where[q] for m in members for q in m], dtype=np.int64),
                np.concatenate([[0], np.cumsum([len(m) for m in members])]).astype(np.int64),
            ),
            shape=(len(windows), len(pool)),
        )
        frequency = sparse.csr_matrix(window_rows @ present)
        totals = [len(m) for m in members]
        window_of = {day: i for i, day in enumerate(windows)}
        by_window: defaultdict[int, list[int]] = defaultdict(list)
        for p in wanted:
            by_window[window_of[self.days[p]]].append(p)
        for w, inside in sorted(by_window.items()):
            row = frequency.getrow(w).toarray().ravel()  # dense: one lookup per term
            for p in inside:
                terms = sorted(self.bags(p)[channel])
                df = row[[vocabulary[t] for t in terms]].tolist() if terms else []
                self._weigh_one(p, channel, terms=terms, df=df, total=totals[w])

    def _weigh_told(self, channel: Channel, wanted: list[int], told: Frequencies) -> None:
        """Undated articles' vectors from the corpus-wide frequencies this one was told."""
        for p in wanted:
            terms = sorted(self.bags(p)[channel])
            df = [float(told.counts[t]) for t in terms]
            self._weigh_one(p, channel, terms=terms, df=df, total=told.total)

    def _weigh_one(
        self, p: int, channel: Channel, *, terms: list[str], df: list[float], total: int
    ) -> None:
        bag = self.bags(p)[channel]
        values = np.array(
            [self._weight(bag[t], total, int(d)) for t, d in zip(terms, df, strict=True)],
            dtype=np.float64,
        )
        norm = math.sqrt(sum(float(v) * float(v) for v in values))
        term_ids = self._term_ids(channel, terms)
        self._vectors[p][channel] = (term_ids, values / norm if norm else values)

    def _term_ids(self, channel: Channel, terms: Iterable[str]) -> np.ndarray:
        ids, names = self._ids[channel], self._terms[channel]
        for term in terms:
            if term not in ids:
                ids[term] = len(names)
                names.append(term)
        return np.array([ids[t] for t in terms], dtype=np.int64)

    def _weight(self, count: int, total: int, frequency: int) -> float:
        """Sublinear TF times smoothed IDF to ``idf_power``."""
        tf = self._tf.get(count)
        if tf is None:
            tf = self._tf[count] = 1.0 + math.log1p(count)
        idf = self._idf.get((total, frequency))
        if idf is None:
            idf = math.log((1 + total) / (1 + frequency)) + 1
            idf = self._idf[(total, frequency)] = idf**self.idf_power
        return tf * idf


def reach_days(*, window: int, threshold: float) -> int:
    """Days apart past which two articles cannot reach ``threshold`` however alike their words
    (a cosine is at most 1): the time factor 0.5 ** ((gap - window) / window) falls below it."""
    if threshold <= 0:
        raise ValueError("a story threshold must be above 0 for time windows to bound pairs")
    return window + math.ceil(window * math.log2(1.0 / threshold)) + 1
