"""Quote extraction scored on PolNeAR: the parser of its brat files, the matcher, and the
pinned floors on the dev split (CI fails if a score drops below them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.quotes import (
    QuotesEvalReport,
    as_pieces,
    evaluate_quotes,
    match,
    read_ann,
    report_lines,
)
from tests.conftest import shared_file

TEXT = "“We want peace,” he said. “Now.” Officials said that talks would go on."
ANN = (
    "T1\tContent 0 16\t“We want peace,”\n"
    "T2\tSource 17 19\the\n"
    "T3\tCue 20 24\tsaid\n"
    "T4\tContent 26 32;0 5\t“Now.” “We\n"
    "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2 Content2:T4\n"
    "T5\tSource 33 42\tOfficials\n"
    "T6\tContent 48 71\tthat talks would go on\n"
    "E2\tAttribution:T3 Content:T6 Cue:T3 Source:T5\n"
)


def test_read_ann_gives_one_gold_content_per_content_role() -> None:
    quotes = read_ann(TEXT, ANN)
    assert [quote.content for quote in quotes] == [((0, 16),), ((0, 5), (26, 32)), ((48, 71),)]
    assert [quote.direct for quote in quotes] == [True, True, False]
    assert quotes[0].sources == ((17, 19),)


def test_as_pieces_splits_discontinuous_contents() -> None:
    pieces = as_pieces(TEXT, read_ann(TEXT, ANN))
    assert [piece.content for piece in pieces] == [((0, 16),), ((0, 5),), ((26, 32),), ((48, 71),)]


@pytest.mark.parametrize(
    ("gold", "predicted", "pairs"),
    [
        ([{1, 2, 3, 4}], [{1, 2, 3, 4}], [(0, 0, True)]),
        ([{1, 2, 3, 4}], [{1, 2}], [(0, 0, False)]),
        ([{1, 2, 3, 4}], [{1}], []),
        ([{1, 2}, {3, 4}], [{1, 2, 3, 4}], [(0, 0, False)]),
    ],
)
def test_match_needs_half_of_the_longer(
    gold: list[set[int]], predicted: list[set[int]], pairs: list[tuple[int, int, bool]]
) -> None:
    found = match([frozenset(g) for g in gold], [frozenset(p) for p in predicted])
    assert [(pair.gold, pair.predicted, pair.exact) for pair in found] == pairs


@pytest.fixture(scope="module")
def dev_report() -> QuotesEvalReport:
    root = shared_file("dev/quotes/polnear")
    return evaluate_quotes(Path(root), split="dev")


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(
    ("field", "floor"),
    [
        # measured on dev: direct F1 0.862, direct speaker 0.885, F1 0.600, speaker 0.905
        ("direct_f1", 0.85),
        ("direct_speaker_accuracy", 0.87),
        ("f1", 0.58),
        ("speaker_accuracy", 0.89),
    ],
)
def test_dev_scores_stay_above_their_floors(
    dev_report: QuotesEvalReport, field: str, floor: float
) -> None:
    assert getattr(dev_report, field) >= floor, report_lines(dev_report)
