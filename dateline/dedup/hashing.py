"""Exact-duplicate keys: text normalised so that case, punctuation and spacing don't matter.

The normalised words are also what near-duplicate shingles are cut from, so both kinds of
duplicate agree on what counts as "the same words".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# \w after NFKC covers letters and digits of every script; underscores are never content.
_WORD = re.compile(r"[^\W_]+")


def hash_words(text: str) -> list[str]:
    """The words of ``text`` after NFKC and casefolding, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def normalise_for_hash(text: str) -> str:
    """``text`` as its words only, NFKC-normalised, casefolded, joined by single spaces."""
    return " ".join(hash_words(text))


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``normalise_for_hash(text)``: equal for exact duplicates."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
