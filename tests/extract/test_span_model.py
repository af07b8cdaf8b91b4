"""The actor span model: parse options, the shipped JSON's choices, abstention and training."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dateline.extract.events import load_lexicon
from dateline.extract.events.coder import EventCoder, _chosen
from dateline.extract.events.span_model import (
    Party,
    SpanModel,
    decode,
    fit_span_weights,
    load_span_model,
)
from dateline.model import Span
from dateline.nlp.analyse import analyse
from dateline.nlp.events import EventCandidate
from dateline.nlp.load import load_nlp
from tests.conftest import REPO, shared_file


def _main(text: str) -> EventCandidate:
    """The candidate of the sentence's first verb that has a party."""
    analysis = next(analyse(load_nlp(), [text]))
    return next(c for c in analysis.events if c.actors or c.recipients)


def _texts(spans: tuple[Span, ...]) -> list[str]:
    return [span.text for span in spans]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Iraqi troops attacked the last ISIS bastion in the country.", "the last ISIS bastion"),
        (
            "Iraqi troops attacked the last ISIS bastion in the country.",
            "the last ISIS bastion in the country",
        ),
        ("A car bomb in Kiev killed a man who had fought there.", "a man"),
        ("A car bomb in Kiev killed a man who had fought there.", "A car bomb"),
    ],
)
def test_options_offer_boundary_variants(text: str, phrase: str) -> None:
    assert phrase in [option.span.text for option in _main(text).options]


def test_options_end_before_a_closing_comma() -> None:
    text = "Omar Abdullah, the former chief minister, condemned the decision."
    options = [option.span.text for option in _main(text).options]
    assert "Omar Abdullah, the former chief minister" in options
    assert not [phrase for phrase in options if phrase.endswith(",")]


def test_options_mark_the_rule_spans() -> None:
    candidate = _main("Iraqi troops attacked the rebels.")
    marked = {o.span.text for o in candidate.options if "rule=actor" in o.features}
    assert marked == set(_texts(candidate.actors))


def test_options_never_hold_the_trigger() -> None:
    candidate = _main("Iraqi troops attacked the rebels in Mosul.")
    anchor = candidate.anchor
    for option in candidate.options:
        assert option.span.end <= anchor.start or anchor.end <= option.span.start


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Israeli troops attacked Hamas.", "Israeli troops", "Hamas"),
        ("Hamas was attacked by Israeli troops.", "Israeli troops", "Hamas"),
    ],
)
def test_shipped_model_picks_actor_and_recipient(text: str, source: str, target: str) -> None:
    coder = EventCoder(load_lexicon(), spans=load_span_model())
    candidate = _main(text)
    actors, recipients = coder.role_spans(candidate, coder.code_of(candidate), [])
    assert (_texts(actors), _texts(recipients)) == ([source], [target])


def test_an_unsure_model_leaves_an_unnamed_party_out() -> None:
    # "the rebels" is the object, but no actor is named there and the model is unsure of it.
    coder = EventCoder(load_lexicon(), spans=load_span_model())
    candidate = _main("Iraqi troops attacked the rebels.")
    actors, recipients = coder.role_spans(candidate, coder.code_of(candidate), [])
    assert (_texts(actors), _texts(recipients)) == (["Iraqi troops"], [])


def test_decode_abstains_under_the_threshold() -> None:
    spans = [Span(start=0, end=3, text="one"), Span(start=4, end=7, text="two")]
    probabilities = np.array([[0.8, 0.1, 0.1], [0.7, 0.2, 0.1]])
    choice = decode(spans, probabilities, source_threshold=0.5, target_threshold=0.5)
    assert choice.source is None
    assert choice.target is None


def test_decode_keeps_the_target_apart_from_the_source() -> None:
    spans = [Span(start=0, end=7, text="one two"), Span(start=4, end=7, text="two")]
    spans.append(Span(start=8, end=13, text="three"))
    probabilities = np.array([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.3, 0.1, 0.6]])
    choice = decode(spans, probabilities, source_threshold=0.0, target_threshold=0.0)
    assert choice.source == spans[0]
    assert choice.target == spans[2]


def test_coder_keeps_the_parse_named_parties_when_the_model_abstains() -> None:
    stored = load_span_model().stored
    shy = SpanModel(
        type(stored)(
            features=stored.features,
            weights=stored.weights,
            intercepts=stored.intercepts,
            source_threshold=1.1,
            target_threshold=1.1,
        )
    )
    coder = EventCoder(load_lexicon(), spans=shy)
    candidate = _main("Iraqi troops attacked the rebels.")
    assert coder.role_spans(candidate, coder.code_of(candidate), []) == ((), ())
    rebels = candidate.recipients[0]
    named = [Party(start=rebels.start + 4, end=rebels.end, label="NORP")]
    assert coder.role_spans(candidate, coder.code_of(candidate), named) == ((), (rebels,))


def test_fit_learns_a_separable_role() -> None:
    rows = [{"path1=nsubj": 1.0}, {"path1=dobj": 1.0}, {"path1=advmod": 1.0}] * 5
    weights = fit_span_weights(rows, [1, 2, 0] * 5, l2=0.1, min_count=1)
    probabilities = SpanModel(weights).probabilities(rows[:3])
    assert list(probabilities.argmax(axis=1)) == [1, 2, 0]


def test_fit_is_deterministic() -> None:
    rows = [{"a": 1.0, "b": 1.0}, {"b": 1.0}, {"a": 1.0}] * 4
    labels = [1, 2, 0] * 4
    assert fit_span_weights(rows, labels, min_count=1) == fit_span_weights(
        rows, labels, min_count=1
    )


@pytest.mark.slow
def test_training_is_reproducible(tmp_path: Path) -> None:
    shared_file("dev/events/conflibert/cameo_ner.train.txt")
    outputs = [tmp_path / "first.json", tmp_path / "second.json"]
    for out in outputs:
        subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts" / "train_span_model.py"),
                "--out",
                str(out),
                "--limit",
                "80",
                "--no-cv",
            ],
            check=True,
            capture_output=True,
        )
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def _at(sentence: str, phrase: str) -> Span:
    start = sentence.index(phrase)
    return Span(start=start, end=start + len(phrase), text=phrase)


_MET = "Burns met with Baradar and Akar in Kabul."


@pytest.mark.parametrize(
    ("chosen", "parsed", "other", "expected"),
    [
        ("Kabul", ("Baradar", "Akar"), (), ("Baradar", "Akar")),  # a place, with a partner
        ("Akar", ("Baradar", "Akar"), (), ("Akar", "Baradar")),  # co-ordinated: both stay
        ("Burns", ("Baradar",), (), ("Burns",)),  # the model's phrase otherwise
        (None, ("Baradar",), (), ("Baradar",)),  # the model abstains: a named party stays
        (None, ("Kabul",), (), ()),  # the model abstains: a phrase naming no actor does not
        ("Akar", ("Kabul",), ("Baradar", "Akar"), ("Kabul",)),  # a party of the other role
    ],
)
def test_the_coder_keeps_the_parse_reading_where_it_is_better(
    chosen: str | None, parsed: tuple[str, ...], other: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    sentence = Span(start=0, end=len(_MET), text=_MET)
    found = _chosen(
        _at(_MET, chosen) if chosen else None,
        tuple(_at(_MET, p) for p in parsed),
        other=tuple(_at(_MET, p) for p in other),
        sentence=sentence,
        parties=[
            Party(start=_MET.index(n), end=_MET.index(n) + len(n), label="PERSON")
            for n in ("Burns", "Baradar", "Akar")
        ],
    )
    assert tuple(span.text for span in found) == expected
