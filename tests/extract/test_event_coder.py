from __future__ import annotations

import pytest

from dateline.extract.events.coder import _date_part


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("2021-08-24", ("2021-08-24", "day")),
        ("2021-08-25TEV", ("2021-08-25", "day")),
        ("2021-W34", ("2021-W34", "week")),
        ("2021-08", ("2021-08", "month")),
        ("2021", ("2021", "year")),
        ("XXXX-08-24", ("XXXX-08-24", "day")),
        ("XXXX-08", None),
        ("199", None),
        ("P20Y", None),
        ("PRESENT_REF", None),
    ],
)
def test_event_dates_keep_the_calendar_part(value: str, part: tuple[str, str] | None) -> None:
    assert _date_part(value) == part


def test_the_model_marks_the_main_event_of_a_sentence() -> None:
    from dateline.extract.article import new_extractor
    from tests.conftest import article_for

    text = "CIA chief William Burns met with Taliban leader Abdul Ghani Baradar in Kabul."
    (found,) = new_extractor().extract_batch([article_for(text)])
    (met,) = [event for event in found.events if event.anchor.text == "met"]
    assert met.decided_by.endswith("+model:typing_model.json")
    assert 0.0 < met.confidence <= 1.0
