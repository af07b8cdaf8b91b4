"""Group articles into exact and near duplicates, incrementally and independently of order.

The store feeds articles one at a time and persists the changes each addition causes; the groups
are the connected components of the "same hash or similar signature" graph, so they do not
depend on the order articles arrive in, and neither does each group's canonical (earliest) copy.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from datasketch import MinHashLSH

from dateline.dedup.minhash import (
    HashValues,
    NearDupConfig,
    estimated_jaccard,
    hash_values,
    lean_minhash,
)
from dateline.model import Record

# LSH only proposes candidates; every candidate is verified against the threshold. Banding
# for a lower threshold than the verified one keeps pairs just above it from slipping through
# the bands (LSH recall near its own threshold is only about one half).
_LSH_SLACK = 0.8

State = tuple[str | None, Literal["exact", "near"] | None, float | None]
_CANONICAL: State = (None, None, None)


class DuplicateChange(Record, frozen=True, kw_only=True):
    """An article's new duplicate status: the copy it duplicates, how, and how closely."""

    article_id: str
    duplicate_of: str | None
    kind: Literal["exact", "near"] | None
    similarity: float | None


class _Member(NamedTuple):
    # A tuple, not a Record: it holds a numpy array and never leaves this module.
    sort_key: tuple[str, str]
    content_hash: str
    values: HashValues | None


class DuplicateGrouper:
    """Union-find over articles linked by equal content hash or verified MinHash similarity."""

    def __init__(self, *, config: NearDupConfig) -> None:
        self.config = config
        self._lsh = _lsh(config)
        self._members: dict[str, _Member] = {}
        self._first_with_hash: dict[str, str] = {}
        self._parent: dict[str, str] = {}
        self._group: dict[str, list[str]] = {}
        self._canonical: dict[str, str] = {}
        self._state: dict[str, State] = {}

    def __len__(self) -> int:
        return len(self._members)

    def add(
        self, article_id: str, *, sort_key: tuple[str, str], content_hash: str, signature: bytes
    ) -> list[DuplicateChange]:
        """Add one article; return the status changes it causes, its own included."""
        if article_id in self._members:
            return []
        values = hash_values(signature, config=self.config) if signature else None
        member = _Member(sort_key=sort_key, content_hash=content_hash, values=values)
        linked = self._linked(member)
        self._register(article_id, member)
        stale = self._merge(article_id, linked)
        return self._refresh(stale)

    def state(self, article_id: str) -> State:
        """The last status returned for an article: (duplicate_of, kind, similarity)."""
        return self._state[article_id]

    def _linked(self, member: _Member) -> set[str]:
        linked = set()
        same_hash = self._first_with_hash.get(member.content_hash)
        if same_hash is not None:
            linked.add(same_hash)
        if member.values is not None:
            for candidate in self._lsh.query(lean_minhash(member.values)):
                other = self._members[candidate].values
                if other is not None and is_similar(member.values, other, config=self.config):
                    linked.add(candidate)
        return linked

    def _register(self, article_id: str, member: _Member) -> None:
        self._members[article_id] = member
        self._first_with_hash.setdefault(member.content_hash, article_id)
        self._parent[article_id] = article_id
        self._group[article_id] = [article_id]
        self._canonical[article_id] = article_id
        if member.values is not None:
            self._lsh.insert(article_id, lean_minhash(member.values))

    def _find(self, article_id: str) -> str:
        root = article_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[article_id] != root:  # path compression
            self._parent[article_id], article_id = root, self._parent[article_id]
        return root

    def _merge(self, article_id: str, linked: set[str]) -> list[str]:
        """Join the new article's group with its neighbours'; return who may change status."""
        roots = sorted(
            {self._find(other) for other in linked} | {article_id},
            key=lambda root: len(self._group[root]),
            reverse=True,
        )
        canonical = min(
            (self._canonical[root] for root in roots),
            key=lambda member_id: self._members[member_id].sort_key,
        )
        stale = [article_id]
        for root in roots:
            if self._canonical[root] != canonical:
                stale.extend(self._group[root])
        keep = roots[0]
        for root in roots[1:]:
            self._parent[root] = keep
            self._group[keep].extend(self._group.pop(root))
            del self._canonical[root]
        self._canonical[keep] = canonical
        return stale

    def _refresh(self, article_ids: list[str]) -> list[DuplicateChange]:
        changes = []
        for article_id in sorted(set(article_ids)):
            state = self._status(article_id)
            if self._state.get(article_id) != state:
                self._state[article_id] = state
                changes.append(
                    DuplicateChange(
                        article_id=article_id,
                        duplicate_of=state[0],
                        kind=state[1],
                        similarity=state[2],
                    )
                )
        return changes

    def _status(self, article_id: str) -> State:
        canonical = self._canonical[self._find(article_id)]
        if canonical == article_id:
            return _CANONICAL
        member, first = self._members[article_id], self._members[canonical]
        return duplicate_state(
            canonical, (member.content_hash, member.values), (first.content_hash, first.values)
        )


def duplicate_state(
    canonical: str,
    member: tuple[str, HashValues | None],
    first: tuple[str, HashValues | None],
) -> State:
    """A member's status in a group whose canonical copy is ``canonical``: each side is its
    content hash and hash values (None for a text too short to sign)."""
    if member[0] == first[0]:
        return (canonical, "exact", 1.0)
    if member[1] is None or first[1] is None:
        return (canonical, "near", 0.0)
    return (canonical, "near", estimated_jaccard(member[1], first[1]))


def band_ranges(config: NearDupConfig) -> list[tuple[int, int]]:
    """The LSH bands (start, end positions of the hash values) the grouper proposes candidates
    by: two articles are candidates where any band of theirs is equal. For the Spark engine,
    which finds the same candidates by joining on band values."""
    return list(_lsh(config).hashranges)


def is_similar(a: HashValues, b: HashValues, *, config: NearDupConfig) -> bool:
    """Whether two candidates are near duplicates (the check every LSH candidate gets)."""
    return estimated_jaccard(a, b) >= config.threshold


def _lsh(config: NearDupConfig) -> MinHashLSH:
    return MinHashLSH(threshold=max(0.05, config.threshold * _LSH_SLACK), num_perm=config.num_perm)
