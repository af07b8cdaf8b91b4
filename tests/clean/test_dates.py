"""Tests of the explicit-date regexes, text_published and latest_full_date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dateline.clean.datefind import find_dates
from dateline.clean.dates import latest_full_date, text_published
from dateline.clean.rules import is_date_line


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Sep 24, 2021", date(2021, 9, 24)),
        ("Aug. 25, 2021", date(2021, 8, 25)),
        ("Sept. 30th, 2021", date(2021, 9, 30)),
        ("24 September 2021", date(2021, 9, 24)),
        ("the 3rd of March, 2020", date(2020, 3, 3)),
        ("2021-09-24T10:32:00Z", date(2021, 9, 24)),
        ("2021/09/24", date(2021, 9, 24)),
        ("11/19/2019", date(2019, 11, 19)),
        ("19/11/2019", date(2019, 11, 19)),
        ("24.09.2021", date(2021, 9, 24)),
        ("MARCH 3, 1987", date(1987, 3, 3)),
    ],
)
def test_full_date_is_found(text: str, day: date) -> None:
    assert [found.day for found in find_dates(f"Text {text} text")] == [day]


@pytest.mark.parametrize(
    "text",
    [
        "Aug. 25",
        "September 2021",
        "31 June 2021",
        "01/02/2020",
        "in 2021",
        "may 2021",
        "1234-56-78",
    ],
)
def test_partial_or_impossible_date_is_not_found(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("Published: 24 September 2021 10:32 GMT", datetime(2021, 9, 24, 10, 32, tzinfo=UTC)),
        ("2021-09-24T10:32:00+02:00", datetime(2021, 9, 24, 8, 32, tzinfo=UTC)),
        ("Tue., Nov. 19, 2019 at 3:15 p.m. EST", datetime(2019, 11, 19, 20, 15, tzinfo=UTC)),
        ("Nov. 19, 2019 12:21 AM", datetime(2019, 11, 19, 0, 21, tzinfo=UTC)),
        ("Sep 24, 2021", datetime(2021, 9, 24, tzinfo=UTC)),
    ],
)
def test_time_after_date_is_read(text: str, moment: datetime) -> None:
    assert find_dates(text, with_time=True)[0].moment == moment


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        (
            "WASHINGTON, Aug. 25, 2021 (Reuters) - The talks resumed.",
            datetime(2021, 8, 25, tzinfo=UTC),
        ),
        (
            "Title\nPublished: 24 September 2021 10:32 GMT\nBody.",
            datetime(2021, 9, 24, 10, 32, tzinfo=UTC),
        ),
        ("Title\nBy John Smith | 2021-09-24\nBody.", datetime(2021, 9, 24, tzinfo=UTC)),
        (
            "Title\nUpdated: Sep 25, 2021\nPublished: Sep 24, 2021\nBody.",
            datetime(2021, 9, 24, tzinfo=UTC),
        ),
        (
            "Title\n" + "Body sentence here.\n" * 20 + "Sep 24, 2021\n",
            datetime(2021, 9, 24, tzinfo=UTC),
        ),
    ],
)
def test_text_published_reads_dateline(raw: str, published: datetime) -> None:
    assert text_published(raw) == published


@pytest.mark.parametrize(
    "raw",
    [
        "On September 11, 2001, attackers struck New York and Washington, killing thousands.",
        "The attack happened on September 11, 2001.",
        "In Washington, Aug. 25, 2021, the minister said that the talks would resume soon.",
        "The company said the redemption date will be May 8, 1987.",
        "Title\nImage\nPeople protest in Kabul on 3 May 2020\nBody.",
        "Blinken spoke in Berlin, Germany June 23, 2021. (Reuters photo)\nBody.",
        "No date at all.",
        "",
    ],
)
def test_text_published_ignores_dates_in_sentences_and_captions(raw: str) -> None:
    assert text_published(raw) is None


def test_latest_full_date_takes_the_maximum() -> None:
    raw = "Signed on February 29, 2020. Talks on Aug. 25, 2021 and 2019-01-01."
    assert latest_full_date(raw) == date(2021, 8, 25)


def test_latest_full_date_none_without_full_date() -> None:
    assert latest_full_date("On Aug. 25 and in 2021.") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sep 24, 2021", True),
        ("Updated 14 hours ago", True),
        ("Updated at 1:23 p.m.", True),
        ("Monday, November 18, 2019", True),
        ("5:45 AM PST 11/19/2019 by Patrick Shanley", True),
        ("4:14 p.m.", False),
        ("June 1.", False),
        ("The talks ended on Sep 24, 2021", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected
