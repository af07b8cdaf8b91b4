"""Stories regrouped where articles changed equal stories grouped from scratch, ids included."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import msgspec
import pytest

from dateline.fuse.stories import Story, StoryConfig, StoryInput, StoryUpdate, regroup
from dateline.fuse.story_windows import reach_days
from tests.fuse.news import news_inputs
from tests.fuse.test_stories import _corpus


def _merged(first: StoryUpdate, second: StoryUpdate) -> list[Story]:
    kept = [s for s in first.stories if not set(s.article_ids) & second.touched]
    return sorted([*kept, *second.stories], key=lambda story: story.id)


def _in_two_steps(early: Sequence[StoryInput], everything: Sequence[StoryInput]) -> None:
    first = regroup(early, previous=None)
    second = regroup(everything, previous=first.states)
    whole = regroup(everything, previous=None)
    assert _merged(first, second) == list(whole.stories)
    states = {k: v for k, v in first.states.items() if k not in second.touched}
    assert {**states, **second.states} == whole.states


def _moved(articles: Sequence[StoryInput], days: int) -> list[StoryInput]:
    return [
        msgspec.structs.replace(a, id=f"{a.id}+{days}", published=a.published + timedelta(days))
        for a in articles
        if a.published is not None
    ]


CORPUS = _corpus()


@pytest.mark.parametrize(
    "added",
    [
        _moved(CORPUS, 0),  # the same stories again, the same days
        _moved(CORPUS, 90),  # the same stories, out of reach
        _moved(CORPUS, 12),  # within reach: the IDF of the first ones moves
        [StoryInput(id="u0", title=CORPUS[0].title, text=CORPUS[0].text)],  # undated
    ],
)
def test_adding_articles_regroups_as_grouping_all_would(added: list[StoryInput]) -> None:
    _in_two_steps(CORPUS, [*CORPUS, *added])


def test_a_changed_copy_link_and_date_regroup_as_grouping_all_would() -> None:
    changed = [msgspec.structs.replace(a, duplicate_of="q0") if a.id == "a1" else a for a in CORPUS]
    later = [
        msgspec.structs.replace(a, published=date(2021, 2, 20)) if a.id == "t0" else a
        for a in changed
    ]
    _in_two_steps(CORPUS, later)


def test_nothing_changed_regroups_nothing() -> None:
    first = regroup(CORPUS, previous=None)
    again = regroup(CORPUS, previous=first.states)
    assert (again.stories, again.touched, again.states) == ((), frozenset(), {})


def test_articles_out_of_reach_are_left_as_they_were() -> None:
    config = StoryConfig()
    reach = reach_days(window=config.window_days, threshold=config.threshold)
    # just past reach, even a perfect match falls below the threshold
    assert 0.5 ** ((reach - config.window_days) / config.window_days) < config.threshold
    first = regroup(CORPUS, previous=None)
    far = _moved(CORPUS, 2 * reach + 3)  # no IDF window holds both sets
    second = regroup([*CORPUS, *far], previous=first.states)
    assert all("+" in identifier for identifier in second.touched)


def test_news_added_later_regroups_as_grouping_all_would() -> None:
    articles = news_inputs(400)
    articles.sort(key=lambda a: (a.published or date.min, a.id))
    _in_two_steps(articles[:-60], articles)
