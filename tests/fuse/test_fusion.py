"""Event fusion on hand-made reports: what fuses, what stays apart, and what is counted."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import msgspec
import pytest

from dateline.fuse.events import Report, fuse
from dateline.fuse.when import interval_of, narrow, with_year


def report(article: str, seq: int = 0, **fields: Any) -> Report:
    values: dict[str, Any] = {
        "type": "CONSULT",
        "cameo": "040",
        "quad": 1,
        "intensity": 1.0,
        "actor_id": "per:blinken",
        "recipient_id": "per:cavusoglu",
        "date": "2021-08-24",
        "date_precision": "day",
        "date_basis": "explicit",
        "source": f"outlet-{article}",
        "published": datetime(2021, 8, 25, tzinfo=UTC),
        "confidence": 0.6,
        "story_id": "s",
    }
    values.update(fields)
    return Report(article_id=article, seq=seq, **values)


def test_a_call_reported_two_ways_by_two_outlets_is_one_event() -> None:
    fused = fuse([report("a", cameo="040"), report("b", cameo="046", mode="phone")])
    assert len(fused) == 1
    event = fused[0]
    assert (event.num_mentions, event.num_articles, event.num_sources) == (2, 2, 2)
    assert event.cameo == "046" and event.mode == "phone"
    assert event.sources == ("outlet-a", "outlet-b")
    assert event.confidence == pytest.approx(1 - 0.4 * 0.4)


def test_meetings_have_no_direction() -> None:
    swapped = report("b", actor_id="per:cavusoglu", recipient_id="per:blinken")
    fused = fuse([report("a"), swapped])
    assert len(fused) == 1 and fused[0].is_symmetric


def test_directed_events_keep_their_direction() -> None:
    reject = {"type": "REJECT", "cameo": "120", "quad": 3}
    swapped = report("b", **reject, actor_id="per:cavusoglu", recipient_id="per:blinken")
    assert len(fuse([report("a", **reject), swapped])) == 2


@pytest.mark.parametrize(
    ("other", "fused_count"),
    [
        ({"date": "2021-08-25"}, 1),  # a day apart: time zones, one event
        ({"date": "2021-08-28"}, 2),  # four days apart: another call
        ({"modality": "negated"}, 2),  # "did not speak" is not the call
        ({"type": "REQUEST", "cameo": "100"}, 2),
        ({"recipient_id": "per:lavrov"}, 2),
        ({"date": "2021-08", "date_precision": "month"}, 1),  # "in August" allows the 24th
    ],
)
def test_what_keeps_reports_apart(other: dict[str, Any], fused_count: int) -> None:
    assert len(fuse([report("a"), report("b", **other)])) == fused_count


PUBLISHED = {"date_basis": "publication", "date": "2021-08-25"}


@pytest.mark.parametrize(
    ("left", "right", "fused_count"),
    [
        ({}, {"story_id": "other"}, 2),  # other stories: other events
        ({"story_id": None}, {"story_id": None}, 2),
        (PUBLISHED, PUBLISHED, 1),  # the same publication day, the same code
        (PUBLISHED, {**PUBLISHED, "cameo": "046"}, 2),
        (PUBLISHED, {**PUBLISHED, "date": "2021-08-24"}, 2),
        ({}, PUBLISHED, 1),  # an explicit day just before a publication day
        ({"date": "2021", "date_precision": "year"}, PUBLISHED, 2),
        ({"date": None, "date_basis": "unknown"}, {"date": None, "date_basis": "unknown"}, 1),
        ({"date": None, "date_basis": "unknown"}, {"date": None, "cameo": "046"}, 2),
    ],
)
def test_what_two_articles_need_to_report_one_event(
    left: dict[str, Any], right: dict[str, Any], fused_count: int
) -> None:
    assert len(fuse([report("a", **left), report("b", **right)])) == fused_count


def test_one_article_and_its_copy_need_no_story() -> None:
    lone = {"story_id": None}
    assert len(fuse([report("a", **lone), report("b", copy_of="a", **lone)])) == 1


def test_a_date_the_sources_disagree_on_is_kept_with_its_sources() -> None:
    fused = fuse([report("a"), report("b"), report("c", date="2021-08-25")])
    (event,) = fused
    assert event.date == "2021-08-24"
    (disagreement,) = event.disagreements
    assert disagreement.field == "date"
    assert [(v.value, v.article_ids) for v in disagreement.values] == [
        ("2021-08-24", ("a", "b")),
        ("2021-08-25", ("c",)),
    ]


def test_a_syndicated_copy_adds_an_article_but_no_source() -> None:
    fused = fuse([report("a"), report("b", copy_of="a", source="outlet-b")])
    (event,) = fused
    assert (event.num_mentions, event.num_articles, event.num_sources) == (2, 2, 1)
    assert [m.copy_of for m in event.mentions] == [None, "a"]


def test_a_copy_whose_original_missed_the_event_still_counts() -> None:
    (event,) = fuse([report("b", copy_of="a")])
    assert event.num_sources == 1


def test_a_report_naming_one_party_joins_the_only_event_it_fits() -> None:
    partial = report("b", recipient_id=None, story_id="s1")
    (event,) = fuse([report("a", story_id="s1"), partial])
    assert event.num_articles == 2


def test_a_report_naming_one_party_stays_alone_outside_the_events_story() -> None:
    partial = report("b", recipient_id=None, story_id="s2")
    assert len(fuse([report("a", story_id="s1"), partial])) == 2


def test_a_report_naming_one_party_stays_alone_when_two_events_fit() -> None:
    other = report("c", recipient_id="per:lavrov", story_id="s")
    fused = fuse([report("a", story_id="s"), other, report("b", recipient_id=None, story_id="s")])
    assert len(fused) == 3


def test_undated_reports_fuse_only_within_a_story() -> None:
    undated = {"date": None, "date_precision": None, "date_basis": "unknown"}
    apart = fuse([report("a", **undated, story_id="s1"), report("b", **undated, story_id="s2")])
    together = fuse([report("a", **undated), report("b", **undated)])
    assert (len(apart), len(together)) == (2, 1)


def test_reports_naming_one_party_fuse_only_within_an_article() -> None:
    half = {"recipient_id": None, "story_id": "s"}
    assert len(fuse([report("a", **half), report("b", **half)])) == 2
    assert len(fuse([report("a", 0, **half), report("a", 1, **half)])) == 1


def test_reports_without_parties_never_fuse() -> None:
    bare = {"actor_id": None, "recipient_id": None}
    assert len(fuse([report("a", **bare), report("b", **bare)])) == 2


def test_the_result_does_not_depend_on_the_order_of_reports() -> None:
    reports = [
        report("a"),
        report("b", cameo="046", published=datetime(2021, 8, 24, tzinfo=UTC)),
        report("c", date="2021-08-25"),
        report("d", recipient_id=None),
        report("e", date="2021-08-29"),
        report("f", type="REJECT", cameo="120", quad=3),
    ]
    results = {msgspec.json.encode(fuse(list(order))) for order in itertools.permutations(reports)}
    assert len(results) == 1


def test_the_id_names_the_earliest_report() -> None:
    late = report("a", published=datetime(2021, 8, 26, tzinfo=UTC))
    early = report("b", published=datetime(2021, 8, 24, tzinfo=UTC))
    (event,) = fuse([late, early])
    assert event.first_article_id == "b"
    (alone,) = fuse([early])
    assert alone.id == event.id


@pytest.mark.parametrize(
    ("value", "precision", "basis", "first", "last"),
    [
        ("2021-08-24", "day", "explicit", "2021-08-24", "2021-08-24"),
        ("2021-08", "month", "explicit", "2021-08-01", "2021-08-31"),
        ("2021-12", "month", "explicit", "2021-12-01", "2021-12-31"),
        ("2021", "year", "explicit", "2021-01-01", "2021-12-31"),
        ("2021-W34", "week", "explicit", "2021-08-23", "2021-08-29"),
        ("2021-08-25", "day", "publication", "2021-08-22", "2021-08-25"),
    ],
)
def test_the_days_a_date_allows(
    value: str, precision: str, basis: str, first: str, last: str
) -> None:
    span = interval_of(value, precision, basis)
    assert span is not None
    assert (span[0].isoformat(), span[1].isoformat()) == (first, last)


@pytest.mark.parametrize("value", [None, "XXXX-08-24", "PRESENT_REF", "2021-WXX"])
def test_dates_that_allow_nothing_known(value: str | None) -> None:
    assert interval_of(value, "day", "explicit") is None


def test_two_day_ranges_meet_with_a_days_slack() -> None:
    day = interval_of("2021-08-24", "day", "explicit")
    next_day = interval_of("2021-08-25", "day", "explicit")
    later = interval_of("2021-08-27", "day", "explicit")
    assert day and next_day and later
    assert narrow(day, next_day) is not None
    assert narrow(day, later) is None


def test_a_day_without_its_year_takes_the_year_of_its_story() -> None:
    dated = report("a", story_id="s", date="2021-09-22", recipient_id="per:qureshi")
    undated = report("b", story_id="s", date="XXXX-08-23", published=None)
    fused = {f.first_article_id: f for f in fuse([dated, undated])}
    assert fused["b"].date == "2021-08-23"


def test_a_day_without_its_year_outside_any_story_stays_so() -> None:
    (event,) = fuse([report("b", date="XXXX-08-23", published=None)])
    assert event.date == "XXXX-08-23"


@pytest.mark.parametrize(
    ("value", "latest", "expected"),
    [
        ("XXXX-08-23", "2021-09-24", "2021-08-23"),
        ("XXXX-12-30", "2022-01-05", "2021-12-30"),
        ("XXXX-01-02", "2021-12-30", "2022-01-02"),
        ("XXXX-02-29", "2021-09-24", None),
        ("XXXX-10-05", "2021-09-24", None),  # a week after at most
    ],
)
def test_the_year_a_day_takes(value: str, latest: str, expected: str | None) -> None:
    assert with_year(value, date.fromisoformat(latest)) == expected


@pytest.mark.parametrize("date_of_b", [None, "2021-08-24"])
def test_reports_with_and_without_a_time_zone_fuse_without_error(date_of_b: str | None) -> None:
    naive = report("b", published=datetime(2021, 8, 25, 9, 30), date=date_of_b)
    undated = report("c", published=None, date=None, date_precision=None, date_basis="unknown")
    fused = fuse([report("a"), naive, undated])
    assert sum(event.num_mentions for event in fused) == 3
