"""Duplicate detection: exact (content hash) and near (MinHash LSH over word shingles)."""

from dateline.dedup.grouper import DuplicateChange, DuplicateGrouper
from dateline.dedup.hashing import content_hash, normalise_for_hash
from dateline.dedup.minhash import NearDupConfig, shingles, signature, similarity

__all__ = [
    "DuplicateChange",
    "DuplicateGrouper",
    "NearDupConfig",
    "content_hash",
    "normalise_for_hash",
    "shingles",
    "signature",
    "similarity",
]
