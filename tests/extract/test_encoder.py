"""The event encoder as shipped: it loads without PyTorch, reads any text, and decodes phrases."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from dateline.extract.contract import extract_lines
from dateline.extract.events.encoder import (
    PENTA_LABELS,
    PLOVER_LABELS,
    TAGS,
    _best_run,
    _roles,
    load_encoder,
)
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE


def test_the_shipped_encoder_reads_without_pytorch() -> None:
    # a process in which PyTorch cannot be imported, as in a default install
    script = (
        "import sys; sys.modules['torch'] = None\n"
        "from dateline.extract.events.encoder import load_encoder\n"
        "print(load_encoder().read(['Rebels attacked the army base.'])[0].klass)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert done.stdout.strip() == b"4"


def test_a_reading_has_a_class_a_type_and_phrases_inside_the_text() -> None:
    encoder = load_encoder()
    assert encoder is not None
    text = "Israeli troops attacked Hamas fighters in Gaza on Monday."
    (reading,) = encoder.read([text])
    assert len(reading.penta) == len(PENTA_LABELS)
    assert sum(reading.penta) == pytest.approx(1, abs=1e-3)
    assert reading.no_event < 0.1
    assert len(reading.plover) == len(PLOVER_LABELS)
    assert reading.klass == 4
    for start, end in (*reading.sources, *reading.targets):
        assert 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "الولايات المتحدة تدين الهجوم على السفارة في بغداد",
        "中国外交部发言人表示反对制裁。",
        "\u200b\u200b\u200b",
        "war " * 400,  # far past what the encoder reads
    ],
)
def test_any_text_gets_a_reading(text: str) -> None:
    encoder = load_encoder()
    assert encoder is not None
    (reading,) = encoder.read([text])
    assert 0 <= reading.klass < 5


def test_a_sentence_longer_than_the_encoder_reads_is_marked_truncated() -> None:
    text = "The army shelled the town " + "and the villages around it " * 60 + "on Monday."
    line = json.dumps({"id": "long", "text": text}).encode()
    (out,) = [json.loads(found) for found in extract_lines([line])]
    assert out["error"] is None
    mains = [event for event in out["events"] if event["main"]]
    assert mains and all("+truncated" in event["decided_by"] for event in mains)


@pytest.mark.parametrize(
    ("begin", "inside", "run"),
    [
        ([-3.0, 2.0, -1.0, -5.0], [-3.0, -3.0, 1.5, -2.0], (1, 2)),  # B then I
        ([-3.0, -3.0], [-3.0, -3.0], None),  # nothing likelier than no phrase
        ([1.0, -3.0, 4.0], [0.0, -9.0, 0.0], (2, 2)),  # the best single run, not two
    ],
)
def test_the_best_run_of_words(
    begin: list[float], inside: list[float], run: tuple[int, int] | None
) -> None:
    assert _best_run(begin, inside) == run


class _Encoding:
    """What ``_roles`` reads of a tokenizer's encoding: one token a word here."""

    def __init__(self, words: list[str]) -> None:
        self.word_ids = list(range(len(words)))
        self.offsets, start = [], 0
        for word in words:
            self.offsets.append((start, start + len(word)))
            start += len(word) + 1


def _logits(**tags: float) -> list[float]:
    return [tags.get(tag.replace("-", ""), 0.0) for tag in TAGS]


def test_words_sure_to_name_the_source_are_not_read_as_the_target_too() -> None:
    # "Erdogan accused journalists": the source's words have so low an O reading that a weak
    # target reading beats it; the target is the other phrase, where the encoder puts it
    words = ["Erdogan", "accused", "journalists"]
    tags = [
        _logits(O=-6.0, BS=9.0, BT=-3.0),
        _logits(O=5.0),
        _logits(O=0.0, BT=1.0),
    ]
    roles = _roles(_Encoding(words), np.array(tags))
    assert roles == {"sources": ((0, 7),), "targets": ((16, 27),)}


def test_a_phrase_claimed_by_both_roles_goes_to_the_likelier_one() -> None:
    words = ["the", "rebels"]
    tags = [_logits(O=-6.0, BS=1.0, BT=3.0), _logits(O=-6.0, IS=1.0, IT=3.0)]
    roles = _roles(_Encoding(words), np.array(tags))
    assert roles == {"sources": (), "targets": ((0, 10),)}


@pytest.mark.parametrize(
    "text",
    [
        "Chelsea beat Arsenal 3-1 on Saturday, with the striker scoring twice.",
        "Shares of Apple rose 3 percent in early trading after the earnings report.",
        "The film premiered at the Berlin festival to warm reviews.",
    ],
)
def test_news_that_reports_no_political_event_stays_below_the_default_view(text: str) -> None:
    line = json.dumps({"id": "o", "text": text}).encode()
    (out,) = [json.loads(found) for found in extract_lines([line])]
    assert all(event["confidence"] < DEFAULT_MIN_CONFIDENCE for event in out["events"])


def test_a_political_event_is_shown_by_default() -> None:
    line = json.dumps({"id": "p", "text": "Russian warplanes bombed rebels near Aleppo."}).encode()
    (out,) = [json.loads(found) for found in extract_lines([line])]
    (main,) = [event for event in out["events"] if event["main"]]
    assert main["type"] == "ASSAULT" and main["confidence"] >= DEFAULT_MIN_CONFIDENCE


def test_a_sentence_reads_the_same_alone_and_beside_others() -> None:
    # the model's int8 layers quantise a whole batch with one scale: read together, a
    # sentence's class probability moved by as much as 0.4 with its neighbours
    encoder = load_encoder()
    assert encoder is not None
    text = (
        "Turkey should withdraw its troops from Afghanistan under the 2020 agreement, said a "
        "Taliban spokesman, who effectively rejected Ankara's proposal to run Kabul airport."
    )
    (alone,) = encoder.read([text])
    assert encoder.read(["a short one", text, "war " * 150])[1] == alone
