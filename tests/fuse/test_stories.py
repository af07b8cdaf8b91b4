"""Story clustering over hand-made articles: two earthquakes, a football transfer, and copies."""

from __future__ import annotations

import random
from datetime import date

import msgspec
import pytest

from dateline.fuse.stories import (
    StoryConfig,
    StoryInput,
    cluster_stories,
    story_id,
    story_index,
)

QESHM = (
    (
        "Quake kills 10 on Iran's Qeshm island",
        "A magnitude 5.9 earthquake struck Qeshm island in "
        "southern Iran on Sunday, killing 10 people.",
    ),
    (
        "Iran quake on Qeshm kills ten",
        "Ten people died when a 5.9 earthquake hit Qeshm in "
        "southern Iran, officials said on Sunday.",
    ),
    (
        "Rescuers search Qeshm after Iran quake",
        "Rescuers searched villages on Qeshm island after "
        "the 5.9 quake in southern Iran killed 10.",
    ),
)
ACEH = (
    (
        "Quake kills 24 in Indonesia's Aceh",
        "A magnitude 6.1 earthquake struck Aceh province in "
        "Indonesia on Tuesday, killing 24 people.",
    ),
    (
        "Aceh earthquake kills 24",
        "Twenty-four people died when a 6.1 earthquake hit Aceh, "
        "Indonesia, officials said on Tuesday.",
    ),
    (
        "Rescuers dig in Aceh after Indonesia quake",
        "Rescuers dug through rubble in Aceh after the 6.1 quake in Indonesia killed 24.",
    ),
)
TRANSFER = (
    (
        "Juventus sign Dusan Vlahovic from Fiorentina",
        "Juventus have signed striker Dusan Vlahovic "
        "from Fiorentina for 70 million euros, the Turin club said.",
    ),
    (
        "Vlahovic joins Juventus for 70 million",
        "Serbian forward Dusan Vlahovic completed his move "
        "from Fiorentina to Juventus in a 70 million euro deal.",
    ),
)


def _articles(
    pairs: tuple[tuple[str, str], ...], prefix: str, day: date | None
) -> list[StoryInput]:
    return [
        StoryInput(id=f"{prefix}{n}", title=title, text=text, published=day)
        for n, (title, text) in enumerate(pairs)
    ]


def _corpus() -> list[StoryInput]:
    return (
        _articles(QESHM, "q", date(2021, 1, 3))
        + _articles(ACEH, "a", date(2021, 1, 5))
        + _articles(TRANSFER, "t", date(2021, 1, 4))
    )


def _groups(articles: list[StoryInput], config: StoryConfig | None = None) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in cluster_stories(articles, config=config)}


def test_two_earthquakes_and_a_transfer_are_three_stories() -> None:
    assert _groups(_corpus()) == {
        frozenset({"q0", "q1", "q2"}),
        frozenset({"a0", "a1", "a2"}),
        frozenset({"t0", "t1"}),
    }


def test_result_does_not_depend_on_input_order() -> None:
    articles = _corpus()
    shuffled = articles[:]
    random.Random(7).shuffle(shuffled)
    assert cluster_stories(shuffled) == cluster_stories(articles)


def test_story_id_comes_from_the_least_article_id() -> None:
    stories = cluster_stories(_corpus())
    assert {story.id for story in stories} == {story_id("q0"), story_id("a0"), story_id("t0")}


def test_ids_of_untouched_stories_survive_a_superset() -> None:
    before = {story.id: story.article_ids for story in cluster_stories(_corpus()[:6])}
    after = {story.id: story.article_ids for story in cluster_stories(_corpus())}
    assert all(after[identifier] == members for identifier, members in before.items())


def test_duplicate_follows_the_article_it_copies() -> None:
    copy = StoryInput(
        id="z9",
        title="Unrelated words",
        text="Nothing alike at all here, truly.",
        duplicate_of="a1",
    )
    index = story_index(cluster_stories([*_corpus(), copy]))
    assert index["z9"] == index["a1"]


def test_duplicate_of_an_absent_article_is_clustered_itself() -> None:
    copy = msgspec.structs.replace(_corpus()[0], id="q9", duplicate_of="missing")
    index = story_index(cluster_stories([*_corpus(), copy]))
    assert index["q9"] == index["q0"]


def test_story_spans_its_articles_dates_and_takes_a_member_title() -> None:
    story = next(s for s in cluster_stories(_corpus()) if "t0" in s.article_ids)
    assert (story.first_date, story.last_date) == (date(2021, 1, 4), date(2021, 1, 4))
    assert story.label in {title for title, _ in TRANSFER}


def test_reports_years_apart_are_not_one_story() -> None:
    early = _articles(QESHM, "x", date(2005, 11, 27))
    late = _articles(QESHM, "y", date(2008, 9, 10))
    assert _groups(early + late) == {frozenset({"x0", "x1", "x2"}), frozenset({"y0", "y1", "y2"})}


@pytest.mark.parametrize("day", [None, date(2021, 1, 3)])
def test_a_lone_article_is_its_own_story(day: date | None) -> None:
    (story,) = cluster_stories(_articles(QESHM[:1], "q", day))
    assert story.article_ids == ("q0",)


def test_no_articles_no_stories() -> None:
    assert cluster_stories([]) == []


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ({"q9": "q8", "q8": "q0"}, "q0"),  # a copy of a copy
        ({"q9": "q8", "q8": "gone"}, "q8"),  # the chain leaves the input
        ({"q9": "q8", "q8": "q9"}, "q8"),  # a loop: the least id stands
    ],
)
def test_copy_chains_lead_to_one_present_article(links: dict[str, str], expected: str) -> None:
    extra = [
        StoryInput(id=identifier, text=f"Copy {identifier} differs.", duplicate_of=target)
        for identifier, target in links.items()
    ]
    index = story_index(cluster_stories([*_corpus(), *extra]))
    assert index["q9"] == index[expected]
    assert index["q8"] == index[expected]
