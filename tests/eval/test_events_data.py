from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.events import joined
from dateline.eval.events_data import (
    grouped_folds,
    macro_f1,
    read_class,
    read_spans,
    span_scores,
    tag_spans,
    year_group,
)
from tests.conftest import shared_file


@pytest.mark.parametrize(
    ("tags", "role", "spans"),
    [
        (["O", "B-S", "I-S", "O", "B-T"], "S", {(1, 3)}),
        (["O", "B-S", "I-S", "O", "B-T"], "T", {(4, 5)}),
        (["I-S", "I-S", "O"], "S", {(0, 2)}),
        (["B-S", "B-S"], "S", {(0, 1), (1, 2)}),
        (["O", "O"], "T", set()),
    ],
)
def test_tag_spans(tags: list[str], role: str, spans: set[tuple[int, int]]) -> None:
    assert tag_spans(tags, role) == spans


def test_macro_f1_perfect_and_partial() -> None:
    assert macro_f1([0, 1, 2, 3, 4], [0, 1, 2, 3, 4])[0] == 1.0
    score, per_class = macro_f1([0, 0, 1, 1, 2, 3, 4], [0, 1, 1, 1, 2, 3, 4])
    assert per_class[0] == pytest.approx(2 / 3)
    assert 0.8 < score < 1.0


def test_span_scores() -> None:
    scores = span_scores([{(0, 2)}, {(3, 4)}], [{(0, 2), (5, 6)}, set()])
    assert (scores.precision, scores.recall) == (0.5, 0.5)


def test_grouped_folds_never_share_a_group() -> None:
    items = [
        f"{country} item {n}" for country in ("Iraq", "Kenya", "Peru", "Laos") for n in range(3)
    ]
    for train, test in grouped_folds(items, group=lambda item: item.split()[0], folds=3):
        assert not {items[i].split()[0] for i in train} & {items[i].split()[0] for i in test}
        assert sorted(train + test) == list(range(len(items)))


def test_year_group() -> None:
    assert year_group("In 2014 and 2016 the talks failed.") == "2016"
    assert year_group("No year here.") == "none"


@pytest.mark.shared
def test_reads_the_conflibert_training_files() -> None:
    classes = read_class(shared_file("dev/events/conflibert/cameo_class.train.tsv"))
    spans = read_spans(shared_file("dev/events/conflibert/cameo_ner.train.txt"))
    assert len(classes) > 1300
    assert {example.label for example in classes} == {0, 1, 2, 3, 4}
    assert len(spans) > 1100
    assert all(len(e.tokens) == len(e.tags) for e in spans)
    assert sum(len(tag_spans(e.tags, "S")) for e in spans) > 1000


def test_readers_on_hand_made_files(tmp_path: Path) -> None:
    (tmp_path / "c.tsv").write_text("A said B.\t0\nbad line\nC hit D.\t4\n")
    (tmp_path / "n.txt").write_text("A B-S\nhit O\nD B-T\n\nE B-S\n")
    assert [e.label for e in read_class(tmp_path / "c.tsv")] == [0, 4]
    assert [len(e.tokens) for e in read_spans(tmp_path / "n.txt")] == [3, 1]


def test_tokens_are_joined_as_the_sentence_was_written() -> None:
    sentence = "Theresa May ’ s offer to the US - backed SDF ( PML - Q ) , worth $ 5 million ."
    tokens = sentence.split(" ")
    text, offsets = joined(tokens)
    assert text == "Theresa May’s offer to the US-backed SDF (PML-Q), worth $5 million."
    assert [text[start:end] for start, end in offsets] == tokens
