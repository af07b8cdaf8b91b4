"""Quality gate: near-duplicate precision and recall on the test split stay above pinned floors.

Floors sit just below the figures measured when the defaults were chosen (see
``dateline/eval/dedup.py``); a drop below them means detection got worse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.dedup import DedupEvalReport, evaluate_dedup, report_lines
from tests.conftest import shared_file

pytestmark = [pytest.mark.shared, pytest.mark.slow]

PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.96
KIND_FLOORS = {"republished": 0.77, "real": 0.96, "template": 0.90}


@pytest.fixture(scope="module")
def report(shared: Path) -> DedupEvalReport:
    shared_file("corpora/news-articles-2017.jsonl.gz")
    shared_file("corpora/reuters21578/reuters21578.jsonl.gz")
    return evaluate_dedup(shared, split="test")


def test_precision_above_floor(report: DedupEvalReport) -> None:
    assert report.precision >= PRECISION_FLOOR, report_lines(report)


def test_recall_above_floor(report: DedupEvalReport) -> None:
    assert report.recall >= RECALL_FLOOR, report_lines(report)


@pytest.mark.parametrize(("kind", "floor"), sorted(KIND_FLOORS.items()))
def test_kind_above_floor(report: DedupEvalReport, kind: str, floor: float) -> None:
    assert dict(report.per_kind)[kind] >= floor, report_lines(report)


def test_report_lines_name_the_config(report: DedupEvalReport) -> None:
    assert f"shingle_size={report.config.shingle_size}" in report_lines(report)[0]
