"""Stories in pieces that can run apart (a Spark task each, ``dateline.scale.stories``) and
together give what ``regroup`` gives over everything, story ids and states included:

- a *window* of ``span`` days finds the edges (pairs at least the threshold alike) of the
  canonical articles of its days, and their vectors. It holds them, every dated article within
  twice the reach of its days and every undated one, and is told the corpus-wide frequencies of
  the undated articles' terms: then each vector and candidate its articles need is the one a
  grouping of everything computes (``story_windows``), so edges never depend on the span;
- the undated articles are one more piece, alone: their edges among themselves;
- the connected parts of all the edges are found by whoever holds them;
- each part's stories and states come from its articles and the vectors the windows gave.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

import msgspec

from dateline.fuse.stories import (
    ArticleState,
    Story,
    StoryConfig,
    StoryInput,
    part_stories,
    state_of,
    story_bags,
)
from dateline.fuse.story_features import Bag, Channel
from dateline.fuse.story_windows import Frequencies, Vector, Windows, reach_days
from dateline.model import Record


class Terms(Record, frozen=True, kw_only=True):
    """A canonical article as a window reads it: its day (an ordinal, None when undated) and
    its term counts by channel."""

    id: str
    day: int | None
    bags: dict[Channel, dict[str, int]]


class Piece(NamedTuple):
    """What one window found: edges (article id pairs) and its own articles' vectors."""

    edges: list[tuple[str, str]]
    vectors: dict[str, dict[Channel, Vector]]


def terms_of(article: StoryInput, *, config: StoryConfig) -> Terms:
    day = article.published.toordinal() if article.published is not None else None
    bags = {channel: dict(bag) for channel, bag in story_bags(article, config=config).items()}
    return Terms(id=article.id, day=day, bags=bags)


def reach(config: StoryConfig) -> int:
    """Days apart past which two articles cannot share an edge (``reach_days``)."""
    return reach_days(window=config.window_days, threshold=config.threshold)


def home_window(day: int, *, span: int) -> int:
    """The window whose edges an article of ``day`` (an ordinal) gives."""
    return day // span


def windows_of(day: int, *, span: int, config: StoryConfig) -> range:
    """The windows that must hold an article of ``day``: those with a day within twice the
    reach of it (its vector's IDF reads one reach around it, its candidates one more)."""
    around = 2 * reach(config)
    return range((day - around) // span, (day + around) // span + 1)


def term_rows(terms: Terms) -> Iterator[tuple[Channel, str]]:
    """Each (channel, term) the article holds, once: what document frequencies count."""
    for channel, bag in terms.bags.items():
        for term in bag:
            yield channel, term


def window_piece(
    articles: Sequence[Terms],
    *,
    window: int | None,
    span: int,
    everywhere: Mapping[Channel, Frequencies],
    config: StoryConfig,
) -> Piece:
    """Edges and vectors of the articles whose home is ``window`` (the undated ones where None:
    give those alone then), from ``articles`` (all a window must hold, in any order)."""
    ordered = sorted(articles, key=lambda terms: terms.id)
    windows = Windows(
        lambda position: {c: Bag(b) for c, b in ordered[position].bags.items()},
        [terms.day for terms in ordered],
        channels=config.channels,
        idf_power=config.idf_power,
        window=config.window_days,
        threshold=config.threshold,
        everywhere=everywhere,
    )
    core = [
        position
        for position, terms in enumerate(ordered)
        if (terms.day is None) == (window is None)
        and (terms.day is None or home_window(terms.day, span=span) == window)
    ]
    edges = [(ordered[left].id, ordered[right].id) for left, right in windows.edges(core)]
    vectors = {
        ordered[position].id: {c: windows.vector(position, c) for c in config.channels}
        for position in core
    }
    return Piece(edges=edges, vectors=vectors)


def part_piece(
    canonical: Sequence[StoryInput],
    copies: Sequence[tuple[StoryInput, str]],
    vectors: Mapping[str, Mapping[Channel, Vector]],
    *,
    config: StoryConfig,
) -> tuple[list[Story], dict[str, ArticleState]]:
    """The stories and states of one connected part: its canonical articles, their copies
    (each with the canonical article it leads to) and the canonical ones' vectors."""
    ordered = sorted(canonical, key=lambda article: article.id)
    position = {article.id: index for index, article in enumerate(ordered)}
    windows = Windows(
        _weighed_elsewhere,
        [a.published.toordinal() if a.published is not None else None for a in ordered],
        channels=config.channels,
        idf_power=config.idf_power,
        window=config.window_days,
        threshold=config.threshold,
        vectors={index: vectors[article.id] for index, article in enumerate(ordered)},
    )
    members: dict[int, list[StoryInput]] = {index: [a] for index, a in enumerate(ordered)}
    for copy, root in copies:
        members[position[root]].append(copy)
    stories = part_stories(
        range(len(ordered)), canonical=ordered, members=members, windows=windows, config=config
    )
    head = ordered[0].id
    states = {a.id: _parted(state_of(a, None), head) for a in ordered}
    states.update({copy.id: _parted(state_of(copy, root), head) for copy, root in copies})
    return stories, states


def frequencies(articles: Sequence[Terms]) -> dict[Channel, Frequencies]:
    """Each channel's document frequencies over ``articles`` (all the canonical ones)."""
    counts: dict[Channel, Counter[str]] = {}
    for terms in articles:
        for channel, bag in terms.bags.items():
            counts.setdefault(channel, Counter()).update(bag.keys())
    return {
        channel: Frequencies(total=len(articles), counts=found) for channel, found in counts.items()
    }


def _parted(state: ArticleState, part: str) -> ArticleState:
    return msgspec.structs.replace(state, part=part)


def _weighed_elsewhere(position: int) -> dict[Channel, Bag]:
    # every vector of a part is given: asking for words is a bug
    raise RuntimeError(f"no vector was given for article {position} of a story part")
