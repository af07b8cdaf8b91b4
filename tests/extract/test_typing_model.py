"""The event typing model: the shipped JSON predicts, training is reproducible, no sklearn."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.extract.events.typing_model import CLASSES, load_typing_model, main_index
from dateline.model import Modality, Span
from dateline.nlp.events import EventCandidate
from tests.conftest import REPO, shared_file


def _candidate(
    lemma: str, *, speech: bool = False, party: bool = True, modality: Modality = "asserted"
) -> EventCandidate:
    span = Span(start=0, end=5, text="Kabul")
    return EventCandidate(
        sentence=Span(start=0, end=20, text="Kabul did something."),
        anchor=span,
        lemma=lemma,
        following=(),
        is_speech=speech,
        modality=modality,
        actors=(span,) if party else (),
        recipients=(),
    )


@pytest.mark.parametrize(
    ("candidates", "codes"),
    [
        ((), ()),
        ((_candidate("attack"),), ("190",)),
        ((_candidate("say", speech=True), _candidate("meet")), ("010", "040")),
        ((_candidate("unknownverb", party=False),), (None,)),
    ],
)
def test_shipped_model_predicts_a_class_and_probabilities(
    candidates: tuple[EventCandidate, ...], codes: tuple[str | None, ...]
) -> None:
    klass, probabilities = load_typing_model().predict(candidates, codes)
    assert 0 <= klass < CLASSES
    assert len(probabilities) == CLASSES
    assert sum(probabilities) == pytest.approx(1.0)
    assert probabilities[klass] == max(probabilities)


def test_an_asserted_attack_is_material_conflict() -> None:
    assert load_typing_model().predict([_candidate("attack")], ["190"])[0] == 4


def test_each_candidate_is_scored() -> None:
    candidates = [_candidate("say", speech=True), _candidate("attack")]
    assert len(load_typing_model().predict_each(candidates, ["010", "190"])) == 2


@pytest.mark.parametrize(
    ("codes", "expected"),
    [(("010", "190"), 1), (("010", None), 0), ((None, None), None)],
)
def test_main_index_prefers_non_statements(
    codes: tuple[str | None, ...], expected: int | None
) -> None:
    candidates = [_candidate("say", speech=True), _candidate("attack")]
    assert main_index(candidates, codes) == expected


def test_package_never_imports_sklearn() -> None:
    pattern = re.compile(r"^\s*(?:import|from)\s+sklearn\b", re.MULTILINE)
    offenders = [
        str(path)
        for path in (REPO / "dateline").rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.slow
def test_training_is_reproducible(tmp_path: Path) -> None:
    shared_file("dev/events/conflibert/cameo_class.train.tsv")
    outputs = [tmp_path / "first.json", tmp_path / "second.json"]
    for out in outputs:
        subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts" / "train_event_typing.py"),
                "--out",
                str(out),
                "--limit",
                "120",
                "--no-cv",
            ],
            check=True,
            capture_output=True,
        )
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
