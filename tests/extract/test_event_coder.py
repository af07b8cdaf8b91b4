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
        ("XXXX-08-24", None),
        ("199", None),
        ("P20Y", None),
        ("PRESENT_REF", None),
    ],
)
def test_event_dates_keep_the_calendar_part(value: str, part: tuple[str, str] | None) -> None:
    assert _date_part(value) == part
