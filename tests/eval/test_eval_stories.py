"""Quality floor for story clustering on ECB+ sub-topics, and the scoring functions themselves.

The floors sit a little under the figures measured with the default setting (B-cubed F1 0.928,
pairwise F1 0.899); the plain TF-IDF average-linkage baseline reaches 0.878 at its best.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.stories import (
    GOLD,
    StoriesEvalReport,
    bcubed,
    evaluate_stories,
    pairwise,
    report_lines,
)
from tests.conftest import shared_file

BCUBED_F1_FLOOR = 0.92
PAIRWISE_F1_FLOOR = 0.89
MARGIN_OVER_BASELINE = 0.03


@pytest.fixture(scope="module")
def report(shared: Path) -> StoriesEvalReport:
    shared_file(GOLD)
    return evaluate_stories(shared, sweep=False, calibrate=False)


@pytest.mark.shared
@pytest.mark.slow
def test_bcubed_f1_stays_above_its_floor(report: StoriesEvalReport) -> None:
    assert report.system.bcubed_f1 >= BCUBED_F1_FLOOR, report_lines(report)


@pytest.mark.shared
@pytest.mark.slow
def test_pairwise_f1_stays_above_its_floor(report: StoriesEvalReport) -> None:
    assert report.system.pairwise_f1 >= PAIRWISE_F1_FLOOR, report_lines(report)


@pytest.mark.shared
@pytest.mark.slow
def test_system_clearly_beats_the_plain_baseline(report: StoriesEvalReport) -> None:
    margin = report.system.bcubed_f1 - report.baseline.bcubed_f1
    assert margin >= MARGIN_OVER_BASELINE, report_lines(report)


def test_bcubed_of_a_perfect_clustering_is_one() -> None:
    assert bcubed(["x", "x", "y"], [1, 1, 2]) == (1.0, 1.0, 1.0)


def test_bcubed_of_one_lump() -> None:
    precision, recall, _ = bcubed(["x", "x", "x", "x"], [1, 1, 2, 2])
    assert (precision, recall) == (0.5, 1.0)


def test_pairwise_counts_pairs() -> None:
    # Predicted pairs: (0,1), (0,2), (1,2); gold pairs: (0,1), (2,3).
    precision, recall, _ = pairwise(["x", "x", "x", "y"], [1, 1, 2, 2])
    assert (precision, recall) == pytest.approx((1 / 3, 1 / 2))
