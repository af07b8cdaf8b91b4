"""The event calibration: the shipped model, its features, and how the coder applies it."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import pytest
from msgspec.structs import replace

from dateline.extract.actors import load_kb
from dateline.extract.actors.resolve import ArticleResolver
from dateline.extract.events import load_lexicon
from dateline.extract.events.calibration import (
    GATE,
    Calibration,
    feature_names,
    features,
    learnt_from,
    load_calibration,
    read_calibration,
)
from dateline.extract.events.coder import CodedEvent, EventCoder
from dateline.extract.events.encoder import PLOVER_LABELS, SentenceReading
from dateline.model import Event, Span
from dateline.nlp.analyse import analyse
from dateline.nlp.load import load_nlp


class _Reads:
    """An encoder stand-in: every sentence an ASSAULT from "Israeli troops" on "Hamas"."""

    def read(self, texts: Sequence[str]) -> list[SentenceReading]:
        return [_reading() for _ in texts]


def _reading() -> SentenceReading:
    return SentenceReading(
        penta=(0.025, 0.025, 0.025, 0.025, 0.9, 0.0),
        plover=tuple(0.8 if label == "ASSAULT" else 0.2 / 15 for label in PLOVER_LABELS),
        sources=((0, 14),),
        targets=((24, 29),),
    )


def _flat(bias: float) -> Calibration:
    """A model that gives every judged-like event the same probability."""
    names = feature_names()
    return Calibration(
        names=names, means=(0.0,) * len(names), scales=(1.0,) * len(names),
        weights=(0.0,) * len(names), bias=bias,
    )  # fmt: skip


def _event(*, kind: str = "ASSAULT", confidence: float = 0.8) -> Event:
    sentence = Span(start=0, end=30, text="Israeli troops attacked Hamas.")
    return Event(
        article_id="a", sentence=sentence, anchor=Span(start=15, end=23, text="attacked"),
        type=kind, cameo="190", quad=4, intensity=-10.0, confidence=confidence,
        actor_span=Span(start=0, end=14, text="Israeli troops"),
        recipient_span=Span(start=24, end=29, text="Hamas"), decided_by="encoder:encoder.onnx",
        main=True,
    )  # fmt: skip


def _coded(calibration: Calibration | None) -> list[CodedEvent]:
    text = "Israeli troops attacked Hamas."
    analysis = next(analyse(load_nlp(), [text]))
    resolved = ArticleResolver(load_kb(), on=None).resolve(analysis.mentions)
    coder = EventCoder(load_lexicon(), encoder=_Reads(), calibration=calibration)  # type: ignore[arg-type]
    return coder.code("a", analysis.events, resolved=resolved, timexes=[], day=None)


def test_the_shipped_model_reads_this_modules_features_and_records_its_checks() -> None:
    model = load_calibration()
    assert model is not None
    assert model.names == feature_names()
    path = Path(__file__).resolve().parents[2] / "dateline" / "data" / "events" / "calibration.json"
    report = json.loads(path.read_text(encoding="utf-8"))["report"]
    # the model ranks freshly judged events better than the coder's own score did
    assert report["auc_unseen_files"] > report["auc_unseen_files_coder_score"]
    assert report["unseen_type_right_shown"] > report["unseen_type_right_by_coder_score"]
    assert 0.0 < model.confidence(_event(), _reading(), None, None) < 1.0


def test_a_model_fitted_to_other_features_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    names = [*feature_names()[:-1], "something_else"]
    zeros = [0.0] * len(names)
    path.write_text(json.dumps({"features": names, "means": zeros, "scales": [1.0] * len(names),
                                "weights": zeros, "bias": 0.0}))  # fmt: skip
    with pytest.raises(ValueError, match="other features"):
        read_calibration(path)


def test_the_probability_is_the_logistic_of_the_standardised_features() -> None:
    names = feature_names()
    weights = [0.0] * len(names)
    weights[names.index("score")] = 2.0
    means = [0.0] * len(names)
    means[names.index("score")] = 0.5
    scales = [1.0] * len(names)
    scales[names.index("score")] = 0.25
    model = Calibration(names=names, means=tuple(means), scales=tuple(scales),
                        weights=tuple(weights), bias=-1.0)  # fmt: skip
    values = features(_event(confidence=0.75), _reading(), None, None)
    assert model.probability(values) == pytest.approx(1 / (1 + math.exp(-(-1.0 + 2.0 * 1.0))))


def test_an_event_below_the_default_keeps_the_lower_score_and_statements_keep_theirs() -> None:
    sure = _flat(bias=3.0)
    assert sure.confidence(_event(confidence=0.4), _reading(), None, None) == 0.4
    assert sure.confidence(_event(kind="STATEMENT", confidence=0.7), _reading(), None, None) == 0.7
    doubtful = _flat(bias=-3.0)
    lowered = doubtful.confidence(_event(confidence=0.4), _reading(), None, None)
    assert lowered == pytest.approx(1 / (1 + math.exp(3.0)), abs=1e-4)
    assert lowered < GATE


def test_the_coder_gives_each_shown_event_the_models_probability() -> None:
    plain = _coded(None)
    assert any(c.event.confidence >= GATE and c.event.type != "STATEMENT" for c in plain)
    calibrated = _coded(_flat(bias=-2.0))
    assert len(calibrated) == len(plain)
    for before, after in zip(plain, calibrated, strict=True):
        assert after.event.type == before.event.type
        assert after.event.anchor == before.event.anchor
        if before.event.type == "STATEMENT":
            assert after.event.confidence == before.event.confidence
        elif before.event.confidence >= GATE:
            assert after.event.confidence == pytest.approx(1 / (1 + math.exp(2.0)), abs=1e-4)
        else:
            assert after.event.confidence <= before.event.confidence


def test_the_features_read_the_parties_and_the_sentence() -> None:
    values = features(_event(), _reading(), None, None)
    assert set(values) == set(feature_names())
    assert values["actor_phrase"] == values["recipient_phrase"] == 1.0
    assert values["actor_known"] == 0.0
    assert values["type_probability"] == pytest.approx(0.8)
    assert values["encoder_alone"] == 1.0 and values["encoder_over_lexicon"] == 0.0


def test_only_acts_the_encoders_reading_decided_are_calibrated() -> None:
    model = _flat(bias=-3.0)
    reading = _reading()
    for decided in ("lexicon:CAMEO.2.0.txt:1202", "encoder:encoder.onnx+headline",
                    "encoder:encoder.onnx+lexicon:CAMEO.2.0.txt:12 (190)+type-agrees"):  # fmt: skip
        event = replace(_event(), decided_by=decided)
        assert not learnt_from(event)
        assert model.confidence(event, reading, None, None) == event.confidence
    assert learnt_from(_event())
    assert model.confidence(_event(), reading, None, None) < GATE


def test_the_share_blends_the_learnt_probability_with_the_coders_score() -> None:
    half = replace(_flat(bias=0.0), share=0.5)  # the model says 0.5
    assert half.confidence(_event(confidence=0.9), _reading(), None, None) == pytest.approx(0.7)
