"""MinHash signatures over word shingles, serialised so the store can keep them as bytes.

A signature is ``num_perm`` 32-bit hash values (datasketch's ``affine32`` scheme, seed 1)
written little-endian; equal positions estimate the Jaccard similarity of two shingle sets.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash

from dateline.dedup.hashing import hash_words
from dateline.errors import Errors, config_error
from dateline.model import Record

# Part of the stored format: changing either invalidates every signature already stored.
SEED = 1
SCHEME = "affine32"
_DTYPE = np.dtype("<u4")

HashValues = npt.NDArray[np.uint32]


class NearDupConfig(Record, frozen=True, kw_only=True):
    """Near-duplicate settings; the defaults are those the dev split of the dedup eval chose.

    ``threshold`` is the estimated Jaccard similarity of two texts' shingle sets above which they
    count as copies; texts with fewer than ``min_shingles`` distinct shingles only take part in
    exact deduplication, because a handful of shingles gives too noisy an estimate.
    """

    num_perm: int = 128
    shingle_size: int = 6
    threshold: float = 0.5
    min_shingles: int = 10

    def __post_init__(self) -> None:
        if self.num_perm < 16 or self.shingle_size < 1 or self.min_shingles < 1:
            raise config_error(Errors.E004, detail=f"near-dup sizes out of range in {self!r}")
        if not 0.0 < self.threshold <= 1.0:
            detail = f"near-dup threshold {self.threshold} is not in (0, 1]"
            raise config_error(Errors.E004, detail=detail)


def shingles(text: str, *, size: int) -> set[str]:
    """The distinct runs of ``size`` consecutive normalised words of ``text``."""
    words = hash_words(text)
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str, *, config: NearDupConfig) -> bytes:
    """Serialised MinHash of ``text``'s shingles, or ``b""`` when it has too few to compare."""
    grams = shingles(text, size=config.shingle_size)
    if len(grams) < config.min_shingles:
        return b""
    minhash = MinHash(
        num_perm=config.num_perm,
        seed=SEED,
        scheme=SCHEME,
        permutations=_permutations(config.num_perm),
    )
    minhash.update_batch([gram.encode("utf-8") for gram in grams])
    return np.asarray(minhash.hashvalues, dtype=_DTYPE).tobytes()


def hash_values(sig: bytes, *, config: NearDupConfig) -> HashValues:
    """The hash values of a non-empty signature; raises when it was made with another num_perm."""
    if len(sig) != config.num_perm * _DTYPE.itemsize:
        raise config_error(
            Errors.E004,
            detail=(f"signature of {len(sig)} bytes does not match num_perm={config.num_perm}"),
        )
    return np.frombuffer(sig, dtype=_DTYPE).astype(np.uint32)


def lean_minhash(values: HashValues) -> LeanMinHash:
    """A datasketch MinHash over stored hash values, for LSH indexing."""
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def estimated_jaccard(a: HashValues, b: HashValues) -> float:
    """The share of equal positions: an unbiased estimate of the shingle sets' Jaccard."""
    return float(np.count_nonzero(a == b)) / len(a)


def similarity(sig_a: bytes, sig_b: bytes, *, config: NearDupConfig) -> float:
    """Estimated Jaccard of two signatures; 0.0 when either text was too short to sign."""
    if not sig_a or not sig_b:
        return 0.0
    return estimated_jaccard(hash_values(sig_a, config=config), hash_values(sig_b, config=config))


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    # Drawing the permutations costs more than hashing a short text; they depend only on
    # (num_perm, seed), so one draw serves every signature.
    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a, b
