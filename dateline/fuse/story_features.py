"""What story clustering compares: an article's words, its names, and the names in its lead.

Two reports of one event share its specific evidence (who, where, how many) and above all put it
in the headline and first sentences; two events of one kind (two earthquakes, two signings) share
only the topic words.  Hence three TF-IDF channels, averaged, with the IDF raised to a power
above one so that rare, specific terms count for more than a plain TF-IDF gives them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
from scipy import sparse

Channel = Literal["words", "names", "lead_names"]
Bag = Counter[str]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A run of capitalised words or numbers ("Pierre Thomas", "Gulf of Aden", "5.9", "$ 160"):
# the names, places and figures that tell one event from another of its kind.
_NAME = re.compile(
    r"\b(?:[A-Z][\w'’\-]*|\d[\d,.:]*\w*)(?:\s+(?:of\s+|de\s+)?(?:[A-Z][\w'’\-]*|\d[\d,.:]*\w*))*"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
STOP_WORDS = frozenset(
    {
        "a",
        "about",
        "after",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "but",
        "by",
        "can",
        "could",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "more",
        "not",
        "of",
        "on",
        "or",
        "over",
        "said",
        "says",
        "she",
        "than",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "would",
    }
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``, stop words left out."""
    return [word for word in (w.lower() for w in _WORD.findall(text)) if word not in STOP_WORDS]


def names(text: str) -> list[str]:
    """The capitalised runs and numbers of ``text``: each token, and each multi-word run joined.

    Stop words are dropped, so a capitalised "The" or "But" opening a sentence is no name.
    """
    found: list[str] = []
    for match in _NAME.finditer(text):
        tokens = (token.lower().strip(".,:") for token in match.group().split())
        kept = [token for token in tokens if token and token not in STOP_WORDS]
        found += kept
        if len(kept) > 1:
            found.append("_".join(kept))
    return found


def lead(text: str, *, sentences: int) -> str:
    """The first ``sentences`` sentences of ``text`` (a heuristic cut at end punctuation)."""
    return " ".join(_SENTENCE_END.split(text.strip(), maxsplit=sentences)[:sentences])


def bags(
    title: str | None, text: str, *, actors: Iterable[str], lead_sentences: int
) -> dict[Channel, Bag]:
    """Term counts of one article in each channel; resolved actors count as names."""
    head = title or ""
    actor_terms = [f"@{actor}" for actor in actors]
    return {
        "words": Counter(words(head) + words(text)),
        "names": Counter(names(head) + names(text) + actor_terms),
        "lead_names": Counter(names(head) + names(lead(text, sentences=lead_sentences))),
    }


def tfidf(counts: Sequence[Bag], *, idf_power: float) -> sparse.csr_matrix:
    """Rows of sublinear TF times smoothed IDF to ``idf_power``, each scaled to unit length.

    The vocabulary is sorted, so the matrix depends on the set of bags, not on dict order.
    """
    frequency: Counter[str] = Counter()
    for bag in counts:
        frequency.update(bag.keys())
    vocabulary = {term: column for column, term in enumerate(sorted(frequency))}
    total = len(counts)
    idf = np.array(
        [(math.log((1 + total) / (1 + frequency[term])) + 1) ** idf_power for term in vocabulary]
    )
    rows = np.repeat(np.arange(total), [len(bag) for bag in counts])
    columns = np.array([vocabulary[term] for bag in counts for term in bag], dtype=np.int64)
    tally = np.array([count for bag in counts for count in bag.values()], dtype=np.float64)
    values = (1.0 + np.log1p(tally)) * idf[columns]
    matrix = sparse.csr_matrix(
        (values, (rows, columns)), shape=(total, len(vocabulary)), dtype=np.float64
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def similarity(
    matrices: Sequence[sparse.csr_matrix], rows: np.ndarray, columns: np.ndarray
) -> np.ndarray:
    """Mean cosine similarity over the channels, of ``rows`` against ``columns`` (dense)."""
    total = np.zeros((len(rows), len(columns)))
    for matrix in matrices:
        total += (matrix[rows] @ matrix[columns].T).toarray()
    return total / len(matrices)
