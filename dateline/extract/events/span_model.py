"""A small linear model that picks the source and target phrases of a sentence's main event.

It scores each candidate phrase the parse offers (``dateline.nlp.spans``) as source, target or
neither, from features that transfer: the phrase's dependency path to the trigger, side, voice,
entity labels, boundary kind, the resolved actors inside it and the trigger's PLOVER type and
quad class; never the sentence's content words.  The weights are a reviewable JSON file trained
by ``scripts/train_span_model.py``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from importlib import resources

import numpy as np
import numpy.typing as npt
from msgspec.structs import replace

from dateline.extract.events.ontology import plover_for
from dateline.model import Record, Span
from dateline.nlp.events import EventCandidate
from dateline.nlp.spans import RoleOption

SPAN_MODEL_FILE = "data/events/span_model.json"
ROLES = ("neither", "source", "target")
_ADAM = (0.9, 0.999, 1e-8)
_RATE = 0.05

Features = dict[str, float]


class SpanWeights(Record, frozen=True, kw_only=True):
    """The stored model: feature names, one weight row per role, intercepts, the thresholds
    under which the model abstains on a role (the coder then keeps the parse's named parties)."""

    features: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]  # len(ROLES) rows of len(features)
    intercepts: tuple[float, ...]
    source_threshold: float = 0.0
    target_threshold: float = 0.0
    trained_on: str = ""
    seed: int = 0


class Party(Record, frozen=True, kw_only=True):
    """A resolved actor mention as the span model sees it: where it is and what it is."""

    start: int
    end: int
    label: str


class RoleChoice(Record, frozen=True, kw_only=True):
    """The model's source and target phrases; None where it abstains."""

    source: Span | None
    target: Span | None
    source_score: float = 0.0
    target_score: float = 0.0
    source_reporter: bool = False  # the source is the subject of the verb reporting the trigger


def option_features(option: RoleOption, *, code: str | None, parties: Sequence[Party]) -> Features:
    """The parse's features of ``option``, the resolved actors inside it, and both crossed
    with the trigger's PLOVER type and quad class (who acts differs for "attacked" and "met")."""
    features: Features = dict.fromkeys(option.features, 1.0)
    inside = [p for p in parties if option.span.start <= p.start and p.end <= option.span.end]
    features[f"parties={min(len(inside), 2)}"] = 1.0
    for party in inside:
        features[f"party={party.label}"] = 1.0
    if inside and inside[0].start == option.span.start:
        features["party_first"] = 1.0
    if inside and inside[-1].end == option.span.end:
        features["party_last"] = 1.0
    coding = plover_for(code) if code else None
    event = f"quad={coding.quad}" if coding else "quad=none"
    kind = f"type={coding.type}" if coding else "type=none"
    heads = [n for n in option.features if n.startswith(("pathlast=", "pos=", "has_clause="))]
    for name in list(features):
        if name.startswith("kind="):  # where a phrase ends depends on what kind of head it has
            features.update({f"{name}|{head}": 1.0 for head in heads})
        if name.startswith(("path1=", "pathlast=", "side=", "rule=", "parties=", "around=")):
            features[f"{event}|{name}"] = 1.0
        if name.startswith(("path1=", "rule=")):
            features[f"{kind}|{name}"] = 1.0
    return features


class SpanModel:
    """Multinomial logistic regression over ``option_features``, predicted with numpy."""

    # not a Record: it holds numpy matrices and an index built once from the stored weights.
    def __init__(self, weights: SpanWeights) -> None:
        self.stored = weights
        self._index = {name: i for i, name in enumerate(weights.features)}
        self._weights: npt.NDArray[np.float64] = np.array(weights.weights, dtype=np.float64)
        self._intercepts: npt.NDArray[np.float64] = np.array(weights.intercepts, dtype=np.float64)

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
        """One row of role probabilities (``ROLES`` order) per feature row."""
        x = np.zeros((len(rows), len(self._index)))
        for r, row in enumerate(rows):
            for name, value in row.items():
                position = self._index.get(name)
                if position is not None:  # a feature unseen in training carries no weight
                    x[r, position] = value
        return _softmax(x @ self._weights.T + self._intercepts)

    def choose(
        self, candidate: EventCandidate, *, code: str | None, parties: Sequence[Party]
    ) -> RoleChoice:
        """The best source and the best target phrase among ``candidate``'s options."""
        options = candidate.options
        if not options:
            return RoleChoice(source=None, target=None)
        rows = [option_features(o, code=code, parties=parties) for o in options]
        choice = decode(
            [o.span for o in options],
            self.probabilities(rows),
            source_threshold=self.stored.source_threshold,
            target_threshold=self.stored.target_threshold,
        )
        chosen = next((o for o in options if o.span == choice.source), None)
        reported = chosen is not None and "path1=^ccomp" in chosen.features
        return replace(choice, source_reporter=reported)


def decode(
    spans: Sequence[Span],
    probabilities: npt.NDArray[np.float64],
    *,
    source_threshold: float,
    target_threshold: float,
) -> RoleChoice:
    """The likeliest source, then the likeliest target that does not overlap it; a role whose
    best probability is under its threshold is left empty."""
    best = int(np.argmax(probabilities[:, 1]))
    source_score = float(probabilities[best, 1])
    source = spans[best] if source_score >= source_threshold else None
    order = np.argsort(-probabilities[:, 2], kind="stable")
    target, target_score = None, 0.0
    for index in order:
        span = spans[int(index)]
        if source is None or span.end <= source.start or source.end <= span.start:
            target_score = float(probabilities[int(index), 2])
            target = span if target_score >= target_threshold else None
            break
    return RoleChoice(
        source=source, target=target, source_score=source_score, target_score=target_score
    )


def _softmax(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: npt.NDArray[np.float64] = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def read_span_weights(text: str) -> SpanWeights:
    """Parse the stored JSON model (see ``SpanWeights``)."""
    data = json.loads(text)
    by_feature: dict[str, list[float]] = data["weights"]  # feature -> its weight for each role
    return SpanWeights(
        features=tuple(by_feature),
        weights=tuple(zip(*by_feature.values(), strict=True)) or ((),) * len(ROLES),
        intercepts=tuple(data["intercepts"]),
        source_threshold=data["source_threshold"],
        target_threshold=data["target_threshold"],
        trained_on=data.get("trained_on", ""),
        seed=data.get("seed", 0),
    )


@functools.cache
def load_span_model() -> SpanModel:
    """The shipped span model, read once per process."""
    text = resources.files("dateline").joinpath(SPAN_MODEL_FILE).read_text(encoding="utf-8")
    return SpanModel(read_span_weights(text))


def fit_span_weights(
    rows: Sequence[Features],
    labels: Sequence[int],
    *,
    l2: float = 1.0,
    steps: int = 400,
    min_count: int = 5,
) -> SpanWeights:
    """Multinomial logistic regression (roles: ``ROLES``) by full-batch Adam from zero.

    Deterministic (zero start, fixed steps), so the same data gives the same bytes.  Features
    seen fewer than ``min_count`` times are dropped: they would only memorise.
    """
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    names = tuple(sorted(name for name, n in counts.items() if n >= min_count))
    index = {name: i for i, name in enumerate(names)}
    entries = [(r, index[n], v) for r, row in enumerate(rows) for n, v in row.items() if n in index]
    row_ids, cols, values = (np.array(part) for part in zip(*entries, strict=True))
    y = np.eye(len(ROLES))[np.asarray(labels, dtype=int)]
    sparse = _Sparse(row_ids.astype(int), cols.astype(int), values.astype(float), len(rows))
    weights, intercepts = _adam(sparse, y, features=len(names), l2=l2, steps=steps)
    return SpanWeights(
        features=names,
        weights=tuple(tuple(round(float(w), 5) for w in row) for row in weights),
        intercepts=tuple(round(float(b), 5) for b in intercepts),
    )


class _Sparse:
    """A feature matrix as (row, column, value) triples: the rows have ~40 of ~2,000 features."""

    def __init__(
        self,
        rows: npt.NDArray[np.int_],
        cols: npt.NDArray[np.int_],
        values: npt.NDArray[np.float64],
        size: int,
    ) -> None:
        self.rows, self.cols, self.values, self.size = rows, cols, values, size

    def times(self, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``X @ weights.T``: one column per role."""
        parts = weights[:, self.cols] * self.values
        return np.stack([np.bincount(self.rows, p, minlength=self.size) for p in parts], axis=1)

    def gradient(self, error: npt.NDArray[np.float64], features: int) -> npt.NDArray[np.float64]:
        """``error.T @ X``: one row per role."""
        parts = error[self.rows].T * self.values
        return np.stack([np.bincount(self.cols, p, minlength=features) for p in parts])


def _adam(
    x: _Sparse, y: npt.NDArray[np.float64], *, features: int, l2: float, steps: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    weights = np.zeros((y.shape[1], features))
    intercepts = np.zeros(y.shape[1])
    steppers = (_AdamState(weights.shape), _AdamState(intercepts.shape))
    total = float(len(y))
    for step in range(1, steps + 1):
        error = (_softmax(x.times(weights) + intercepts) - y) / total
        weights -= steppers[0].step(x.gradient(error, features) + l2 * weights / total, step)
        intercepts -= steppers[1].step(error.sum(axis=0), step)
    return weights, intercepts


class _AdamState:
    """Adam's running moments for one parameter array (fixed rate: deterministic and quick)."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.first = np.zeros(shape)
        self.second = np.zeros(shape)

    def step(self, grad: npt.NDArray[np.float64], step: int) -> npt.NDArray[np.float64]:
        beta1, beta2, epsilon = _ADAM
        self.first = beta1 * self.first + (1 - beta1) * grad
        self.second = beta2 * self.second + (1 - beta2) * grad**2
        corrected = self.first / (1 - beta1**step)
        update: npt.NDArray[np.float64] = (
            _RATE * corrected / (np.sqrt(self.second / (1 - beta2**step)) + epsilon)
        )
        return update
