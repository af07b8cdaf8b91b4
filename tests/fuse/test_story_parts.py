"""Stories grouped in pieces (time windows, then connected parts), as the Spark engine runs
them, equal stories grouped over everything at once, ids and states included, whatever the
windows' span: the pieces are run here in one process, in the order Spark would run them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import msgspec
import pytest

from dateline.fuse.stories import (
    ArticleState,
    Story,
    StoryConfig,
    StoryInput,
    copy_roots,
    least_of_parts,
    regroup,
)
from dateline.fuse.story_features import Channel
from dateline.fuse.story_parts import (
    Terms,
    frequencies,
    home_window,
    part_piece,
    reach,
    terms_of,
    window_piece,
    windows_of,
)
from dateline.fuse.story_windows import Frequencies, Vector, Windows
from tests.fuse.news import news_inputs
from tests.fuse.test_stories import _corpus

CONFIG = StoryConfig()


def _in_pieces(
    articles: Sequence[StoryInput], *, span: int
) -> tuple[list[Story], dict[str, ArticleState]]:
    roots = copy_roots(sorted(articles, key=lambda article: article.id))
    canonical = [article for article in articles if article.id not in roots]
    terms = [terms_of(article, config=CONFIG) for article in canonical]
    undated = [t for t in terms if t.day is None]
    everywhere = frequencies(terms)
    edges: list[tuple[str, str]] = []
    vectors: dict[str, dict[Channel, Vector]] = {}
    for window in sorted({home_window(t.day, span=span) for t in terms if t.day is not None}):
        held = [
            t
            for t in terms
            if t.day is not None and window in windows_of(t.day, span=span, config=CONFIG)
        ]
        piece = window_piece(
            held + undated, window=window, span=span, everywhere=everywhere, config=CONFIG
        )
        edges += piece.edges
        vectors.update(piece.vectors)
    if undated:
        piece = window_piece(undated, window=None, span=span, everywhere=everywhere, config=CONFIG)
        edges += piece.edges
        vectors.update(piece.vectors)
    label = least_of_parts([article.id for article in canonical], edges)
    stories: list[Story] = []
    states: dict[str, ArticleState] = {}
    for part in sorted(set(label.values())):
        inside = [article for article in canonical if label[article.id] == part]
        copies = [(a, roots[a.id]) for a in articles if label.get(roots.get(a.id, "")) == part]
        found, their_states = part_piece(inside, copies, vectors, config=CONFIG)
        stories += found
        states.update(their_states)
    return sorted(stories, key=lambda story: story.id), states


def _moved(articles: Sequence[StoryInput], days: int, mark: str) -> list[StoryInput]:
    return [
        msgspec.structs.replace(a, id=f"{a.id}{mark}", published=a.published + timedelta(days))
        for a in articles
        if a.published is not None
    ]


def _mixed() -> list[StoryInput]:
    """The hand-made stories, again within reach, out of reach and at a window's edge, with an
    undated copy of one, a near copy linked to another, and an undated article alone."""
    corpus = _corpus()
    return [
        *corpus,
        *_moved(corpus, 12, "+12"),
        *_moved(corpus, 2 * reach(CONFIG) + 3, "+far"),
        *_moved(corpus, 29, "+29"),
        StoryInput(id="u0", title=corpus[0].title, text=corpus[0].text),
        StoryInput(id="u1", text="A short note about nothing that any other article says."),
        msgspec.structs.replace(corpus[1], id="c1", duplicate_of=corpus[1].id),
    ]


@pytest.mark.parametrize("span", [1, 5, 30, 100_000])
def test_pieces_give_the_stories_and_states_of_grouping_all(span: int) -> None:
    articles = _mixed()
    whole = regroup(articles, config=CONFIG, previous=None)
    stories, states = _in_pieces(articles, span=span)
    assert stories == list(whole.stories)
    assert states == whole.states


@pytest.mark.parametrize("span", [2, 40])
def test_news_in_pieces_gives_the_stories_of_grouping_all(span: int) -> None:
    articles = news_inputs(300)
    whole = regroup(articles, config=CONFIG, previous=None)
    stories, states = _in_pieces(articles, span=span)
    assert stories == list(whole.stories)
    assert states == whole.states


def test_the_mixed_corpus_spans_several_windows_and_stories() -> None:
    """The equality above is no empty claim: several windows, parts and multi-article stories."""
    stories, _ = _in_pieces(_mixed(), span=5)
    days = {a.published for a in _mixed() if a.published is not None}
    assert len({home_window(d.toordinal(), span=5) for d in days}) >= 4
    assert sum(len(story.article_ids) > 1 for story in stories) >= 6


def test_a_window_weighs_every_candidate_of_its_days_as_a_grouping_of_all() -> None:
    """The vectors a window's edges read (its articles' and their candidates') are those of a
    Windows over everything, to the bit: what makes edges independent of the span. The news
    are spread two a day over 75 days, so that candidates' IDF reads articles past one reach."""
    start = date(2017, 1, 1)
    news = [
        msgspec.structs.replace(article, published=start + timedelta(days=n // 2))
        for n, article in enumerate(news_inputs(300)[:150])
    ]
    terms = [terms_of(article, config=CONFIG) for article in news]
    everywhere = frequencies(terms)
    window = home_window(start.toordinal() + 37, span=3)
    held = [
        t for t in terms if t.day is not None and window in windows_of(t.day, span=3, config=CONFIG)
    ]
    part = _windows(held, everywhere)
    core = [p for p, t in enumerate(held) if home_window(t.day or 0, span=3) == window]
    needed = sorted({c for p in core for c in part.candidates(p)})
    assert len(needed) > len(core) > 0
    whole = _windows(terms, everywhere)
    position = {t.id: p for p, t in enumerate(terms)}
    wanted = [position[held[c].id] for c in needed]
    whole.similarity(wanted, wanted[:1])  # weighs them all in one pass
    for mine, theirs in zip(needed, wanted, strict=True):
        for channel in CONFIG.channels:
            found, expected = part.vector(mine, channel), whole.vector(theirs, channel)
            assert found[0] == expected[0]
            assert found[1].tobytes() == expected[1].tobytes()


def _windows(terms: Sequence[Terms], everywhere: Mapping[Channel, Frequencies]) -> Windows:
    return Windows(
        lambda position: {c: Counter(b) for c, b in terms[position].bags.items()},
        [t.day for t in terms],
        channels=CONFIG.channels,
        idf_power=CONFIG.idf_power,
        window=CONFIG.window_days,
        threshold=CONFIG.threshold,
        everywhere=everywhere,
    )
