"""Gold data and scores for event coding: CAMEO pentaclass sentences and source/target spans.

The ConfliBERT training files (``dev/events/conflibert/``) are read here, and scored with
macro-F1 over the five classes and exact span F1 for sources and targets.  Splits that hold out
whole groups (countries named, years) live here too: random splits over-state how well a coder
does on other sources and years.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from dateline.model import Record

PENTACLASS = (
    "statement",
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


class ClassExample(Record, frozen=True, kw_only=True):
    """One sentence and the pentaclass of its main event (0 statement … 4 material conflict)."""

    text: str
    label: int


class SpanExample(Record, frozen=True, kw_only=True):
    """One tokenised sentence with BIO tags for source (S) and target (T) actors."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


class Scores(Record, frozen=True, kw_only=True):
    precision: float
    recall: float
    f1: float


def read_class(path: Path) -> list[ClassExample]:
    """``sentence TAB label`` lines; lines without a valid label are skipped."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text.strip() and label.strip().isdigit() and int(label) < len(PENTACLASS):
            examples.append(ClassExample(text=text.strip(), label=int(label)))
    return examples


def read_spans(path: Path) -> list[SpanExample]:
    """CoNLL-style ``token TAG`` lines, sentences separated by blank lines."""
    examples: list[SpanExample] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.rsplit(maxsplit=1)
        if len(parts) == 2:
            tokens.append(parts[0])
            tags.append(parts[1])
        elif tokens:
            examples.append(SpanExample(tokens=tuple(tokens), tags=tuple(tags)))
            tokens, tags = [], []
    return examples


def tag_spans(tags: Sequence[str], role: str) -> set[tuple[int, int]]:
    """Token spans ``[start, end)`` tagged ``B-role I-role…``; a stray ``I-`` starts a span."""
    spans: set[tuple[int, int]] = set()
    start: int | None = None
    for index, tag in enumerate([*tags, "O"]):
        inside = tag == f"I-{role}" and start is not None
        if inside:
            continue
        if start is not None:
            spans.add((start, index))
            start = None
        if tag in (f"B-{role}", f"I-{role}"):
            start = index
    return spans


def macro_f1(gold: Sequence[int], predicted: Sequence[int]) -> tuple[float, tuple[float, ...]]:
    """Macro-averaged F1 over the five classes, and each class's F1."""
    per_class = []
    for label in range(len(PENTACLASS)):
        hits = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        scores = _scores(hits, predicted.count(label), gold.count(label))
        per_class.append(scores.f1)
    return sum(per_class) / len(per_class), tuple(per_class)


def span_scores(
    gold: Iterable[set[tuple[int, int]]], predicted: Iterable[set[tuple[int, int]]]
) -> Scores:
    """Exact-match span precision, recall and F1, summed over sentences."""
    hits = found = wanted = 0
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        hits += len(gold_spans & predicted_spans)
        found += len(predicted_spans)
        wanted += len(gold_spans)
    return _scores(hits, found, wanted)


def grouped_folds(
    items: Sequence[str], *, group: Callable[[str], str], folds: int
) -> list[tuple[list[int], list[int]]]:
    """``folds`` train/test index splits in which no group appears on both sides.

    Groups go to folds by a stable hash, so the split never depends on data order or a seed.
    """
    fold_of = {
        key: int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds
        for key in {group(item) for item in items}
    }
    splits = []
    for fold in range(folds):
        test = [i for i, item in enumerate(items) if fold_of[group(item)] == fold]
        train = [i for i, item in enumerate(items) if fold_of[group(item)] != fold]
        splits.append((train, test))
    return splits


def year_group(text: str) -> str:
    """The latest year a sentence names, or "none": a grouping that holds out whole years."""
    years = _YEAR.findall(text)
    return max(years) if years else "none"


def _scores(hits: int, found: int, wanted: int) -> Scores:
    precision = hits / found if found else 0.0
    recall = hits / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision=precision, recall=recall, f1=f1)
