"""How sure an event is: the probability that a reader finds its type right, learnt from
events people judged against their sentences.

The coder's own score (the encoder's probability, less for unnamed parties and for habits)
ranks events poorly: on 144 freshly judged news events its area under the ROC curve for "the
type is right" was 0.66. A logistic model over what the coder knows of each event (that
score, the encoder's class and type probabilities for the sentence, what decided the code, the
parties, the sentence's shape) is fitted by ``scripts/train_event_calibration.py`` on the
hand-read judgements in ``benchmarks/handread/`` and shipped as ``calibration.json`` beside the
lexicon data. Its probability, averaged with the coder's score, is the event's ``confidence``;
the views' default threshold (0.5) then hides the events a reader is likeliest to find wrong.

The judgements are of events the views showed at the time (coder score at or above the default),
so the model knows nothing of the rest: an event below the default by the coder's score keeps
the lower of the two, and stays hidden by default. Statements (PLOVER's STATEMENT), never
judged, and acts a rule decided rather than the encoder's reading (``learnt_from``), rarely
judged, keep the coder's score.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Protocol

from msgspec.structs import replace

from dateline.extract.events.encoder import NO_EVENT, PLOVER_LABELS, SentenceReading
from dateline.model import Event, Record, Span

log = logging.getLogger(__name__)

DATA_FILE = "data/events/calibration.json"
# the views' default threshold, which the coder's score must reach for the model to apply
GATE = 0.5
_PRONOUN = re.compile(r"(?i)(?:he|she|they|it|we|i|you|his|her|their|its|our)")
_OLD_YEAR = re.compile(r"\b(?:1[89]\d\d|20[01]\d)\b")
_QUOTES = frozenset('"\u201c\u201d')
_GOVERNING = frozenset({"GOV", "MIL", "LEG"})
# what the coder adds to ``decided_by`` where a rule, not the encoder's reading, chose the code
_RULE_NOTES = ("+headline", "+type-agrees")


class Known(Protocol):
    """What the features read of a party's resolved actor (a ``ResolvedActor`` or ``Actor``)."""

    @property
    def country(self) -> str | None: ...

    @property
    def sector(self) -> str | None: ...


def feature_names() -> tuple[str, ...]:
    """The features, in the order of the model's weights."""
    parties = tuple(
        f"{role}_{what}"
        for role in ("actor", "recipient")
        for what in ("phrase", "known", "country", "governing", "pronoun", "words")
    )
    return (
        "score", "log_score", "no_event", "class_top", "type_probability", "type_entropy",
        "main", "encoder_and_lexicon", "encoder_over_lexicon", "encoder_alone", "noun",
        *parties, "same_country", "own_date", "sentence_words", "quoted", "numbers",
        "old_year",
    )  # fmt: skip


def features(
    event: Event, reading: SentenceReading, actor: Known | None, recipient: Known | None
) -> dict[str, float]:
    """What the model reads of one event: ``event`` with the coder's score as its confidence,
    the encoder's reading of its sentence, and the resolved actors of its parties."""
    plover = reading.plover
    entropy = -sum(p * math.log(p + 1e-9) for p in plover)
    text = event.sentence.text
    decided = event.decided_by
    found: dict[str, float] = {
        "score": event.confidence,
        "log_score": math.log(event.confidence + 1e-3),
        "no_event": reading.no_event,
        "class_top": max(reading.penta[:NO_EVENT]),
        "type_probability": (
            plover[PLOVER_LABELS.index(event.type)] if event.type in PLOVER_LABELS else 0.0
        ),
        "type_entropy": entropy,
        "main": float(event.main),
        "encoder_and_lexicon": float("+lexicon" in decided),
        "encoder_over_lexicon": float(" over " in decided),
        "encoder_alone": float(decided.strip().startswith("encoder:") and "lexicon" not in decided
                               and " over " not in decided),
        "noun": float("noun" in decided),
        "same_country": float(
            actor is not None and recipient is not None and actor.country is not None
            and actor.country == recipient.country
        ),
        "own_date": float(event.date_basis == "explicit"),
        "sentence_words": len(text.split()) / 30,
        "quoted": float(any(c in _QUOTES for c in text)),
        "numbers": len(re.findall(r"\d+", text)) / 3,
        "old_year": float(bool(_OLD_YEAR.search(text))),
    }  # fmt: skip
    for role, phrase, known in (
        ("actor", event.actor_span, actor),
        ("recipient", event.recipient_span, recipient),
    ):
        found.update(_party(role, phrase, known))
    return found


def _party(role: str, phrase: Span | None, known: Known | None) -> dict[str, float]:
    return {
        f"{role}_phrase": float(phrase is not None),
        f"{role}_known": float(known is not None),
        f"{role}_country": float(known is not None and known.country is not None),
        f"{role}_governing": float(known is not None and known.sector in _GOVERNING),
        f"{role}_pronoun": float(phrase is not None and bool(_PRONOUN.fullmatch(phrase.text))),
        f"{role}_words": len(phrase.text.split()) / 5 if phrase is not None else 0.0,
    }


class Calibration(Record, frozen=True, kw_only=True):
    """A fitted logistic model: ``bias`` plus one weight per feature, in ``feature_names()``
    order, over features standardised by ``means`` and ``scales``. The confidence is ``share``
    of its probability and the rest the coder's score: half and half ranks the held-out judged
    events nearly as well as the model alone (area under the ROC curve 0.738 and 0.753, the
    coder's score 0.660), and the coder's score keeps acts the judged news rarely held, the
    seeds' diplomacy, from falling below the default on the model's word alone."""

    names: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    # the learnt probability's share of the confidence, the coder's score the rest
    share: float = 1.0

    def probability(self, values: Mapping[str, float]) -> float:
        total = self.bias
        for name, mean, scale, weight in zip(
            self.names, self.means, self.scales, self.weights, strict=True
        ):
            total += weight * (values.get(name, 0.0) - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))

    def confidence(
        self,
        event: Event,
        reading: SentenceReading,
        actor: Known | None,
        recipient: Known | None,
    ) -> float:
        """The event's calibrated confidence (see the module's account)."""
        if not learnt_from(event):
            return event.confidence
        learnt = self.probability(features(event, reading, actor, recipient))
        blended = self.share * learnt + (1.0 - self.share) * event.confidence
        if event.confidence < GATE:
            return round(min(event.confidence, blended), 4)
        return round(blended, 4)

    def calibrated(
        self,
        event: Event,
        reading: SentenceReading,
        actor: Known | None,
        recipient: Known | None,
    ) -> Event:
        return replace(event, confidence=self.confidence(event, reading, actor, recipient))


def learnt_from(event: Event) -> bool:
    """Whether an event is of the kind the model was fitted to: an act (not a statement) whose
    code the encoder's reading of the sentence decided. A headline's act or a verb the lexicon
    types where the encoder reads no event ("Blinken calls China, Russia") is decided by a rule
    the encoder's probabilities do not speak for; hardly any of them were judged."""
    decided = event.decided_by
    return (
        event.type != "STATEMENT"
        and decided.startswith("encoder:")
        and not any(note in decided for note in _RULE_NOTES)
    )


def read_calibration(path: Path) -> Calibration:
    """A model file as ``scripts/train_event_calibration.py`` writes it; its features must be
    this module's (a model fitted to other features is refused, not misread)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    model = Calibration(
        names=tuple(data["features"]),
        means=tuple(data["means"]),
        scales=tuple(data["scales"]),
        weights=tuple(data["weights"]),
        bias=float(data["bias"]),
        share=float(data.get("share", 1.0)),
    )
    if model.names != feature_names():
        raise ValueError(f"{path}: fitted to other features than dateline's")
    if not len(model.names) == len(model.means) == len(model.scales) == len(model.weights):
        raise ValueError(f"{path}: feature, mean, scale and weight counts differ")
    return model


def load_calibration() -> Calibration | None:
    """The shipped model, or None where the package carries none (logged): events then keep
    the coder's score."""
    path = Path(str(resources.files("dateline").joinpath(DATA_FILE)))
    if not path.exists():
        log.warning("no event calibration at %s: confidences are the coder's scores", path)
        return None
    return read_calibration(path)


def standardise(rows: Sequence[Mapping[str, float]]) -> tuple[list[float], list[float]]:
    """Each feature's mean and scale (standard deviation, 1 where it is constant) over rows."""
    names = feature_names()
    means, scales = [], []
    for name in names:
        values = [row.get(name, 0.0) for row in rows]
        mean = sum(values) / len(values)
        spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        means.append(mean)
        scales.append(spread if spread > 1e-9 else 1.0)
    return means, scales
