"""A small linear model that types a sentence's main event (CAMEO pentaclass) over the lexicon.

Its features are what transfers across sources and years: the lexicon's codes of the sentence's
verbs, their modality and parties, a few verb-lemma cues and the words of the main verb's own
phrase (its particles, prepositions and object heads: "launched strikes", "staged a protest");
never the sentence's other words.
The weights are a reviewable JSON file trained by ``scripts/train_event_typing.py``.
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources

import numpy as np
import numpy.typing as npt

from dateline.extract.events.lexicon import VerbLexicon, load_lexicon
from dateline.extract.events.ontology import pentaclass
from dateline.model import Record
from dateline.nlp.events import EventCandidate

MODEL_FILE = "data/events/typing_model.json"
CLASSES = 5
_NO_CLASS = "none"

Features = dict[str, float]


class TypingWeights(Record, frozen=True, kw_only=True):
    """The stored model: feature names, one weight row per class, intercepts, and the verb cues."""

    features: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]  # CLASSES rows of len(features)
    intercepts: tuple[float, ...]
    # cue words that get their own feature: verb lemmas, and words of the main verb's phrase
    lemmas: tuple[str, ...] = ()
    trained_on: str = ""
    seed: int = 0


def main_index(candidates: Sequence[EventCandidate], codes: Sequence[str | None]) -> int | None:
    """The main event as the lexicon-only evaluation picks it: the first coded candidate with a
    party, non-statements first; None when none is coded with a party."""
    coded = [
        index
        for index, (candidate, code) in enumerate(zip(candidates, codes, strict=True))
        if code is not None and (candidate.actors or candidate.recipients)
    ]
    events = [index for index in coded if pentaclass(str(codes[index])) != 0] or coded
    return events[0] if events else None


def sentence_features(
    candidates: Sequence[EventCandidate],
    codes: Sequence[str | None],
    *,
    focus: int | None,
    lemmas: frozenset[str],
    lexicon: VerbLexicon,
) -> Features:
    """The sentence's context features plus those of the candidate in ``focus`` (the main one)."""
    features = _context(candidates, codes, lemmas=lemmas)
    if focus is None:
        features["focus:none"] = 1.0
        return features
    features.update(_focus(candidates[focus], codes[focus], lemmas=lemmas, lexicon=lexicon))
    return features


def _context(
    candidates: Sequence[EventCandidate], codes: Sequence[str | None], *, lemmas: frozenset[str]
) -> Features:
    """Counts of coded verbs by class (all, asserted, with a party), the first and last coded."""
    classes = [pentaclass(code) if code else None for code in codes]
    coded = [(c, k) for c, k in zip(candidates, classes, strict=True) if k is not None]
    features: Features = {}
    for name, items in (
        ("all", coded),
        ("asserted", [(c, k) for c, k in coded if c.modality == "asserted"]),
        ("party", [(c, k) for c, k in coded if c.actors or c.recipients]),
    ):
        for klass, count in Counter(k for _, k in items).items():
            features[f"count:{name}:{klass}"] = math.log1p(count)
    features[f"first:{coded[0][1] if coded else _NO_CLASS}"] = 1.0
    features[f"last:{coded[-1][1] if coded else _NO_CLASS}"] = 1.0
    for candidate in candidates:
        if candidate.lemma in lemmas:
            features[f"verb:{candidate.lemma}"] = 1.0
    return features


def _focus(
    candidate: EventCandidate,
    code: str | None,
    *,
    lemmas: frozenset[str],
    lexicon: VerbLexicon,
) -> Features:
    features: Features = {f"main:{pentaclass(code) if code else _NO_CLASS}": 1.0}
    if code:
        features[f"root:{code[:2]}"] = 1.0
    features[f"modality:{candidate.modality}"] = 1.0
    features["speech"] = float(candidate.is_speech)
    features["actor"] = float(bool(candidate.actors))
    features["recipient"] = float(bool(candidate.recipients))
    features["passive"] = float(candidate.passive)
    for klass in _family(candidate.lemma, lexicon):
        features[f"family:{klass}"] = 1.0  # classes the verb can reach in other phrases
    if candidate.lemma in lemmas:
        features[f"main_verb:{candidate.lemma}"] = 1.0
    for word in candidate.following:
        if word in lemmas:  # the verb's particles, prepositions and object heads: "launch strike"
            features[f"next:{word}"] = 1.0
    return features


def _family(lemma: str, lexicon: VerbLexicon) -> set[int]:
    return {pentaclass(p.cameo) for p in lexicon.entries(lemma) if p.cameo is not None}


class TypingModel:
    """Multinomial logistic regression over ``sentence_features``, predicted with numpy."""

    # not a Record: it holds a numpy matrix and an index built once from the stored weights.
    def __init__(self, weights: TypingWeights, *, lexicon: VerbLexicon) -> None:
        self.stored = weights
        self.lexicon = lexicon
        self._index = {name: i for i, name in enumerate(weights.features)}
        self._weights: npt.NDArray[np.float64] = np.array(weights.weights, dtype=np.float64)
        self._intercepts: npt.NDArray[np.float64] = np.array(weights.intercepts, dtype=np.float64)
        self._lemmas = frozenset(weights.lemmas)

    def predict(
        self, candidates: Sequence[EventCandidate], codes: Sequence[str | None]
    ) -> tuple[int, tuple[float, ...]]:
        """The pentaclass of the sentence's main event and the five class probabilities.

        ``codes`` are the lexicon's CAMEO codes of ``candidates`` (None where not coded).
        """
        return self.score(candidates, codes, focus=main_index(candidates, codes))

    def predict_each(
        self, candidates: Sequence[EventCandidate], codes: Sequence[str | None]
    ) -> list[tuple[int, tuple[float, ...]]]:
        """Each candidate scored as if it were the main event (same sentence context)."""
        return [self.score(candidates, codes, focus=i) for i in range(len(candidates))]

    def score(
        self,
        candidates: Sequence[EventCandidate],
        codes: Sequence[str | None],
        *,
        focus: int | None,
    ) -> tuple[int, tuple[float, ...]]:
        features = sentence_features(
            candidates, codes, focus=focus, lemmas=self._lemmas, lexicon=self.lexicon
        )
        probabilities = self.probabilities(features)
        return int(np.argmax(probabilities)), tuple(float(p) for p in probabilities)

    def probabilities(self, features: Mapping[str, float]) -> npt.NDArray[np.float64]:
        vector = np.zeros(len(self._index), dtype=np.float64)
        for name, value in features.items():
            position = self._index.get(name)
            if position is not None:  # a feature unseen in training carries no weight
                vector[position] = value
        logits = self._weights @ vector + self._intercepts
        exp = np.exp(logits - logits.max())
        result: npt.NDArray[np.float64] = exp / exp.sum()
        return result


def read_weights(text: str) -> TypingWeights:
    """Parse the stored JSON model (see ``TypingWeights``)."""
    data = json.loads(text)
    by_feature: dict[str, list[float]] = data["weights"]  # feature -> its weight for each class
    return TypingWeights(
        features=tuple(by_feature),
        weights=tuple(zip(*by_feature.values(), strict=True)) or ((),) * CLASSES,
        intercepts=tuple(data["intercepts"]),
        lemmas=tuple(data.get("lemmas", ())),
        trained_on=data.get("trained_on", ""),
        seed=data.get("seed", 0),
    )


@functools.cache
def load_typing_model() -> TypingModel:
    """The shipped typing model, read once per process."""
    text = resources.files("dateline").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return TypingModel(read_weights(text), lexicon=load_lexicon())


def fit_weights(
    rows: Sequence[Features],
    labels: Sequence[int],
    *,
    lemmas: Sequence[str] = (),
    l2: float = 1.0,
    steps: int = 3000,
) -> TypingWeights:
    """Multinomial logistic regression by full-batch gradient descent, classes weighted equally.

    Deterministic (zero start, fixed steps), so the same data gives the same bytes; numpy only,
    so training needs nothing the package does not already carry.
    """
    names = tuple(sorted({name for row in rows for name in row}))
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for name, value in row.items():
            x[r, index[name]] = value
    y = np.eye(CLASSES)[np.asarray(labels, dtype=int)]
    counts = y.sum(axis=0)
    # "balanced" class weights: each class counts as much as the others (macro-F1 is the goal).
    sample = (y @ (len(labels) / (CLASSES * np.maximum(counts, 1.0))))[:, None]
    weights, intercepts = _descend(x, y, sample, l2=l2, steps=steps)
    return TypingWeights(
        features=names,
        weights=tuple(tuple(round(float(w), 6) for w in row) for row in weights),
        intercepts=tuple(round(float(b), 6) for b in intercepts),
        lemmas=tuple(sorted(lemmas)),
    )


def _descend(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    sample: npt.NDArray[np.float64],
    *,
    l2: float,
    steps: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    weights = np.zeros((CLASSES, x.shape[1]))
    intercepts = np.zeros(CLASSES)
    rate, total = 0.2, float(sample.sum())
    for _ in range(steps):
        logits = x @ weights.T + intercepts
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        error = (probabilities - y) * sample / total
        weights -= rate * (error.T @ x + l2 * weights / total)
        intercepts -= rate * error.sum(axis=0)
    return weights, intercepts


def reviewable_json(
    head: Mapping[str, object],
    features: Sequence[str],
    weights: Sequence[Sequence[float]],
) -> str:
    """A linear model as JSON a reviewer can read: ``head`` first, then one line per feature
    with its weight for each class (``weights`` is class by feature)."""
    lines = [f"{json.dumps(key)}:{json.dumps(value)}," for key, value in head.items()]
    columns = zip(*weights, strict=True)
    rows = [
        f"  {json.dumps(name)}:{json.dumps(list(column))}"
        for name, column in zip(features, columns, strict=True)
    ]
    return "{\n" + "\n".join(lines) + '\n"weights":{\n' + ",\n".join(rows) + "\n}}\n"
