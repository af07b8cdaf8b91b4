"""Dating undated articles from their own text, and from the dated articles near them."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract.actors import load_kb
from dateline.extract.actors.kb import KnowledgeBase
from dateline.extract.dating import (
    STORE_REACH,
    STORY_REACH,
    PublishedEstimate,
    estimate,
    estimate_article,
    estimate_near,
    office_cues,
    text_cues,
    with_year,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _periods(kb: KnowledgeBase, text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (cue.text, [(p.start.isoformat(), p.end.isoformat()) for p in cue.periods])
        for cue in office_cues(kb, text)
    ]


def test_a_titled_person_bounds_the_article_by_the_office_held(kb: KnowledgeBase) -> None:
    found = _periods(kb, "U.S. Secretary of State Antony Blinken spoke on Monday.")
    assert found == [("Secretary of State Antony Blinken", [("2021-01-26", "2025-02-20")])]
    # a surname after a title one person of that name held; an office held twice is two periods
    trump = _periods(kb, "President Trump signed the order.")
    assert trump[0][1][0] == ("2017-01-20", "2021-02-20")
    assert trump[0][1][1][0] == "2025-01-20"


def test_a_title_belongs_to_the_name_right_after_it(kb: KnowledgeBase) -> None:
    # "President" is Reagan's, not Biden's; "then-President" and "in May" date nothing
    assert _periods(kb, "President Reagan and Senator Joe Biden met.") == []
    assert _periods(kb, "then-President Barack Obama said so.") == []
    assert _periods(kb, "Prime Minister May") == []


def test_a_former_holder_dates_the_article_after_the_office(kb: KnowledgeBase) -> None:
    found = _periods(kb, "former Prime Minister David Cameron said.")
    assert found == [("former Prime Minister David Cameron", [("2016-07-13", "2100-12-31")])]


def test_offices_that_leave_one_year_date_the_article_with_its_month(kb: KnowledgeBase) -> None:
    text = (
        "President-elect Donald Trump met President Barack Obama on Nov. 10. "
        "They spoke again on Nov. 14."
    )
    found = estimate_article(kb, text, None)
    assert found is not None
    assert (found.value, found.precision) == ("2016-11", "month")
    assert "President-elect Donald Trump" in found.cues


def test_a_weekday_with_a_day_fixes_the_year_within_an_office(kb: KnowledgeBase) -> None:
    # Blinken's years hold one 23 August that was a Monday: 2021's
    text = "Secretary of State Antony Blinken spoke on Monday, Aug. 23 with his counterpart."
    found = estimate_article(kb, text, None)
    assert found is not None and found.year == 2021


def test_no_year_is_guessed_where_the_text_leaves_several(kb: KnowledgeBase) -> None:
    assert estimate_article(kb, "Secretary of State Antony Blinken spoke on Aug. 25.", None) is None
    assert estimate_article(kb, "The talks ended on Tuesday.", None) is None
    assert estimate_article(kb, "", None) is None


def test_near_dated_articles_the_days_it_names_give_the_month(kb: KnowledgeBase) -> None:
    cues = text_cues(kb, "Secretary of State Antony Blinken called on Aug. 24 and Aug. 25.", None)
    assert estimate(cues) is None  # 2021 to 2024 are all open
    found = estimate_near(cues, [date(2021, 9, 24)], reach=STORE_REACH, label="store")
    assert found is not None and (found.value, found.precision) == ("2021-08", "month")


def test_a_story_of_one_month_gives_it_that_month_unless_its_text_rules_it_out(
    kb: KnowledgeBase,
) -> None:
    cues = text_cues(kb, "Blinken discussed the collapse with China and Russia.", None)
    story = [date(2021, 8, 16), date(2021, 8, 20)]
    found = estimate_near(cues, story, reach=STORY_REACH, label="story")
    assert found is not None and found.value == "2021-08"
    # the whole store is no story: only its year
    found = estimate_near(cues, story, reach=STORE_REACH, label="store")
    assert found is not None and (found.value, found.precision) == ("2021", "year")
    # a text naming Secretary of State Rex Tillerson was written in 2017-18, whatever its story
    old = text_cues(kb, "Secretary of State Rex Tillerson met Lavrov.", None)
    assert estimate_near(old, story, reach=STORY_REACH, label="story") is None


def test_a_day_of_unknown_year_takes_the_estimated_year_nearest_its_month() -> None:
    january = PublishedEstimate(value="2017-01", precision="month", cues=())
    assert with_year("XXXX-12-30", january) == "2016-12-30"
    assert with_year("XXXX-01-03", january) == "2017-01-03"
    assert with_year("XXXX-WXX-1", january) == "XXXX-WXX-1"
    assert with_year("2015-03-01", january) == "2015-03-01"
