"""Quality floor for the actor span model: grouped cross-validation on the span file."""

from __future__ import annotations

import pytest

from dateline.eval.events_spans import EventsSpansReport, evaluate_events_spans
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def report() -> EventsSpansReport:
    return evaluate_events_spans(shared_file("dev/events/conflibert/cameo_ner.train.txt").parent)


@pytest.mark.shared
@pytest.mark.slow
def test_model_beats_the_parse_rules_on_held_out_groups(report: EventsSpansReport) -> None:
    rules = report.results[0]
    held_out = [result for result in report.results if result.name.startswith("held-out")]
    assert len(held_out) == 4  # years and countries, model alone and as extracted
    for result in held_out:
        assert result.source.f1 >= 0.77
        assert result.macro >= 0.60
        assert result.macro > rules.macro + 0.18
    extracted = [result for result in held_out if "as extracted" in result.name]
    assert extracted and all(result.macro >= 0.65 for result in extracted)  # 0.661-0.662
