"""The TempEval-3 scorer on hand-made spans, and the quality gate on TBAQ-cleaned."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.eval.timex import (
    TimexEvalReport,
    evaluate_timex,
    read_timeml,
    report_lines,
    score,
)
from dateline.extract.timex import TimexSpan
from tests.conftest import shared_file

TIMEML = """<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" \
functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>Bombs &amp; fire <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>, \
not <EVENT eid="e1">later</EVENT>.</TEXT></TimeML>
"""


def span(start: int, end: int, value: str = "2021", kind: str = "DATE") -> TimexSpan:
    return TimexSpan(start=start, end=end, text="x" * (end - start), type=kind, value=value)  # type: ignore[arg-type]


def test_read_timeml_strips_tags_and_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TIMEML, encoding="utf-8")
    document = read_timeml(path)
    (gold,) = document.timexes
    assert document.dct == date(1998, 8, 7)
    assert document.text[gold.start : gold.end] == "Friday" == gold.text
    assert document.text.startswith("Bombs & fire Friday")


@pytest.mark.parametrize(
    ("gold", "predicted", "strict_f1", "relaxed_f1", "value_accuracy"),
    [
        ([span(0, 5)], [span(0, 5)], 1.0, 1.0, 1.0),
        ([span(0, 5)], [span(2, 8)], 0.0, 1.0, 1.0),
        ([span(0, 5)], [span(0, 5, "2020")], 1.0, 1.0, 0.0),
        ([span(0, 5)], [span(6, 8)], 0.0, 0.0, 0.0),
        ([span(0, 5), span(10, 12)], [span(0, 5)], 2 / 3, 2 / 3, 1.0),
    ],
)
def test_score_follows_tempeval3(
    gold: list[TimexSpan],
    predicted: list[TimexSpan],
    strict_f1: float,
    relaxed_f1: float,
    value_accuracy: float,
) -> None:
    report = score([(gold, predicted)])
    assert report.strict_f1 == pytest.approx(strict_f1)
    assert report.relaxed_f1 == pytest.approx(relaxed_f1)
    assert report.value_accuracy == pytest.approx(value_accuracy)
    assert report.value_f1 == pytest.approx(relaxed_f1 * value_accuracy)


def test_report_lines_show_the_headline_figure() -> None:
    report = score([([span(0, 5)], [span(0, 5)])], seconds=1.0)
    assert any("value F1" in line for line in report_lines(report))


@pytest.fixture(scope="module")
def tbaq_report() -> TimexEvalReport:
    return evaluate_timex(shared_file("dev/timex/TBAQ-cleaned"))


@pytest.mark.shared
def test_tbaq_relaxed_f1_stays_above_its_floor(tbaq_report: TimexEvalReport) -> None:
    assert tbaq_report.documents == 256
    assert tbaq_report.relaxed_f1 >= 0.925


@pytest.mark.shared
def test_tbaq_value_f1_stays_above_its_floor(tbaq_report: TimexEvalReport) -> None:
    assert tbaq_report.value_f1 >= 0.775
