"""Unit tests of the rule-based TIMEX3 tagger, one family of expression per test, fixed anchor."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.timex import TimexSpan, find_timexes

ANCHOR = date(2021, 8, 25)  # a Wednesday, ISO week 34


def only(text: str, *, anchor: date | None = ANCHOR) -> TimexSpan:
    spans = find_timexes(text, anchor=anchor)
    assert len(spans) == 1, spans
    return spans[0]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("It happened on Aug. 24 in the city.", "Aug. 24", "2021-08-24"),
        ("The deadline is Aug. 31.", "Aug. 31", "2021-08-31"),
        ("He was born on February 29, 2020.", "February 29, 2020", "2020-02-29"),
        ("It opened on 3 March 2019.", "3 March 2019", "2019-03-03"),
        ("The results came on Dec. 30.", "Dec. 30", "2020-12-30"),
        ("Filed 2021-08-01 in court.", "2021-08-01", "2021-08-01"),
        ("Talks resumed Thursday, Aug. 19.", "Thursday, Aug. 19", "2021-08-19"),
    ],
)
def test_calendar_dates(text: str, span: str, value: str) -> None:
    found = only(text)
    assert (found.text, found.type, found.value) == (span, "DATE", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They met on Monday.", "2021-08-23"),
        ("They met on Wednesday.", "2021-08-25"),
        ("They met on Thursday.", "2021-08-19"),
        ("They will meet on Thursday.", "2021-08-26"),
        ("They met last Wednesday.", "2021-08-18"),
        ("They meet next Monday.", "2021-08-30"),
    ],
)
def test_weekdays_point_back_unless_the_tense_points_forward(text: str, value: str) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "span", "kind", "value"),
    [
        ("Sales fell last month.", "last month", "DATE", "2021-07"),
        ("Sales fell this week.", "this week", "DATE", "2021-W34"),
        ("Sales rose last year.", "last year", "DATE", "2020"),
        ("He left later this week.", "later this week", "DATE", "2021-W34"),
        ("He left early next year.", "early next year", "DATE", "2022"),
        ("She spoke today.", "today", "DATE", "2021-08-25"),
        ("She spoke yesterday.", "yesterday", "DATE", "2021-08-24"),
        ("She came two years ago.", "two years ago", "DATE", "2019"),
        ("She came three days ago.", "three days ago", "DATE", "2021-08-22"),
        ("Profit rose in the third quarter.", "the third quarter", "DATE", "2021-Q3"),
    ],
)
def test_relative_dates(text: str, span: str, kind: str, value: str) -> None:
    found = only(text)
    assert (found.text, found.type, found.value) == (span, kind, value)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Prices rose over the past four decades.", "the past four decades", "P40Y"),
        ("It rained for the past 24 hours.", "the past 24 hours", "PT24H"),
        ("The strike lasted three days.", "three days", "P3D"),
        ("A two-year contract was signed.", "two-year", "P2Y"),
        ("It took years to build.", "years", "PXY"),
        ("It lasted twenty four hours.", "twenty four hours", "PT24H"),
    ],
)
def test_durations(text: str, span: str, value: str) -> None:
    found = only(text)
    assert (found.text, found.type, found.value) == (span, "DURATION", value)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("It was popular in the late 90s.", "the late 90s", "199"),
        ("It was popular in the 1960s.", "the 1960s", "196"),
        ("It was built in 1990.", "1990", "1990"),
        ("It was built in mid-1996.", "mid-1996", "1996"),
        ("It was built in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("It was built in August 1988.", "August 1988", "1988-08"),
        ("It opened last fall.", "last fall", "2020-FA"),
    ],
)
def test_years_decades_months_and_seasons(text: str, span: str, value: str) -> None:
    found = only(text)
    assert (found.text, found.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It is raining now.", "PRESENT_REF"),
        ("He recently resigned.", "PAST_REF"),
        ("He will resign soon.", "FUTURE_REF"),
        ("Think of the future.", "FUTURE_REF"),
    ],
)
def test_reference_words(text: str, value: str) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "span", "kind", "value"),
    [
        ("They arrived at 10 a.m. on site.", "10 a.m.", "TIME", "2021-08-25T10:00"),
        ("The vote closes 5 p.m. EST Aug. 27.", "5 p.m. EST Aug. 27", "TIME", "2021-08-27T17:00"),
        ("He spoke Thursday morning.", "Thursday morning", "DATE", "2021-08-19TMO"),
        ("He spoke this morning.", "this morning", "TIME", "2021-08-25TMO"),
    ],
)
def test_times_of_day(text: str, span: str, kind: str, value: str) -> None:
    found = only(text)
    assert (found.text, found.type, found.value) == (span, kind, value)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("They meet every week.", "every week", "P1W"),
        ("Fees are paid annually.", "annually", "P1Y"),
        ("The paper is published daily.", "daily", "P1D"),
        ("They meet every Monday.", "every Monday", "XXXX-WXX-1"),
    ],
)
def test_sets(text: str, span: str, value: str) -> None:
    found = only(text)
    assert (found.text, found.type, found.value) == (span, "SET", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It happened on Aug. 24.", "XXXX-08-24"),
        ("They met on Monday.", "XXXX-WXX-1"),
        ("Sales fell last month.", "XXXX-XX"),
        ("It happened in 1990.", "1990"),
    ],
)
def test_no_anchor_leaves_relative_values_underspecified(text: str, value: str) -> None:
    assert only(text, anchor=None).value == value


@pytest.mark.parametrize(
    "text",
    [
        "You may go.",
        "They march on the capital.",
        "The March for Life drew crowds.",
        "Czech minister Jan Kavan spoke.",
        "Prices may fall further.",
        "A 6-year-old boy was found.",
        "He scored 2500 points.",
        "It took a second attempt.",
    ],
)
def test_non_temporal_words_are_not_tagged(text: str) -> None:
    assert find_timexes(text, anchor=ANCHOR) == []


def test_a_year_ago_in_an_earnings_report_is_the_year_ago_quarter() -> None:
    text = "Third-quarter profit rose to $5 million from $4 million a year ago."
    assert [s.value for s in find_timexes(text, anchor=date(1989, 10, 26))] == [
        "1989-Q3",
        "1988-Q3",
    ]


def test_spans_are_in_text_order_and_do_not_overlap() -> None:
    spans = find_timexes("On Monday, last week and in 1990 and on Aug. 3.", anchor=ANCHOR)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Aug. 24 Monday last week 10 a.m. 1990s-year'"))))
def test_offsets_always_match_the_text(text: str) -> None:
    for span in find_timexes(text, anchor=ANCHOR):
        assert text[span.start : span.end] == span.text


@settings(max_examples=200, deadline=None)
@given(st.text(), st.none() | st.dates())
def test_random_text_never_raises(text: str, anchor: date | None) -> None:
    for span in find_timexes(text, anchor=anchor):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
