"""Stories: articles about the same real-world story, from shared words, names and time.

A pure function of the set of articles: the result never depends on their order, a duplicate
follows the article it copies, and a story's id comes from its least article id, so re-running
over more articles keeps the ids of the stories they do not touch.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy as np

from dateline.fuse import story_features, story_linkage
from dateline.fuse.story_features import Channel
from dateline.model import Record

# Chosen on other data than the ECB+ evaluation set (see dateline/eval/stories.py): about one
# pair in a thousand of news articles published over a month apart, which cannot share a story,
# is this alike (0.113 on news-articles-2017, 0.133 on Reuters-21578).
DEFAULT_THRESHOLD = 0.12


class StoryInput(Record, frozen=True, kw_only=True):
    """What clustering reads of an article; ``actors`` are the ids extraction resolved."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    actors: tuple[str, ...] = ()
    duplicate_of: str | None = None


class StoryConfig(Record, frozen=True, kw_only=True):
    """How alike articles must be to share a story.

    ``window_days``: articles further apart than this in time count as less alike, halving for
    each further window, since a news story lives days or weeks, not years.
    """

    threshold: float = DEFAULT_THRESHOLD
    # Unlike the threshold, a ratio that does not move with a corpus's similarity scale; set on
    # ECB+ development runs (``dateline eval stories`` shows 0.5 and 0.7 beside it).
    cohesion: float = 0.6
    min_group: int = 3
    idf_power: float = 1.5
    lead_sentences: int = 2
    window_days: int = 7
    channels: tuple[Channel, ...] = ("words", "names", "lead_names")


class Story(Record, frozen=True, kw_only=True):
    """One story: its articles (sorted by id), a label and the dates it spans."""

    id: str
    label: str | None
    first_date: date | None
    last_date: date | None
    article_ids: tuple[str, ...]


def cluster_stories(
    articles: Sequence[StoryInput], *, config: StoryConfig | None = None
) -> list[Story]:
    """Group ``articles`` into stories, sorted by story id.  Ids must be unique."""
    config = config or StoryConfig()
    ordered = sorted(articles, key=lambda article: article.id)
    originals = _originals(ordered)
    canonical = [article for article in ordered if article.id not in originals]
    groups, medoids = _groups(canonical, config=config)
    members: dict[str, list[StoryInput]] = {
        head: [canonical[index] for index in group] for head, group in groups.items()
    }
    story_of_canonical = {a.id: head for head, group in members.items() for a in group}
    for article in ordered:
        if article.id in originals:
            members[story_of_canonical[originals[article.id]]].append(article)
    stories = [_story(head, members[head], label_from=medoids[head]) for head in members]
    return sorted(stories, key=lambda story: story.id)


def story_index(stories: Sequence[Story]) -> dict[str, str]:
    """Article id to story id."""
    return {article_id: story.id for story in stories for article_id in story.article_ids}


def story_id(least_article_id: str) -> str:
    """A short stable id for the story whose least (canonical) article id is given."""
    return "s-" + hashlib.sha1(least_article_id.encode("utf-8")).hexdigest()[:12]


def _originals(ordered: Sequence[StoryInput]) -> dict[str, str]:
    """Duplicate id to the present article its chain of copies leads to.

    Copy links form trees whose root copies nothing present; should links ever loop, the
    least id of the loop's group stands as its root.
    """
    known = {article.id: article.duplicate_of for article in ordered}
    parent = {identifier: identifier for identifier in known}

    def root(identifier: str) -> str:
        while parent[identifier] != identifier:
            identifier = parent[identifier]
        return identifier

    for identifier, target in known.items():
        if target in known:
            parent[max(root(identifier), root(target))] = min(root(identifier), root(target))
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for identifier in known:
        groups[root(identifier)].append(identifier)
    found: dict[str, str] = {}
    for members in groups.values():
        heads = [m for m in members if known[m] not in known] or members
        head = min(heads)
        found.update({member: head for member in members if member != head})
    return found


def _groups(
    canonical: Sequence[StoryInput], *, config: StoryConfig
) -> tuple[dict[str, list[int]], dict[str, StoryInput]]:
    """Groups of article indices keyed by their least article id, and each group's medoid."""
    similar = _similarity_fn(canonical, config=config)
    linkage = story_linkage.Linkage(
        threshold=config.threshold, cohesion=config.cohesion, min_group=config.min_group
    )
    groups: dict[str, list[int]] = {}
    medoids: dict[str, StoryInput] = {}
    for part in story_linkage.parts(len(canonical), similar, threshold=config.threshold):
        if len(part) == 1:  # most articles in a stream: no need to compare
            head = canonical[int(part[0])].id
            groups[head], medoids[head] = [int(part[0])], canonical[int(part[0])]
            continue
        matrix = similar(part, part)
        labels = story_linkage.cluster(matrix, linkage=linkage)
        within: defaultdict[int, list[int]] = defaultdict(list)
        for position, label in enumerate(labels):
            within[label].append(position)
        for positions in within.values():
            indices = [int(part[p]) for p in positions]
            head = canonical[min(indices)].id
            groups[head] = indices
            medoids[head] = canonical[int(part[_medoid(matrix, positions)])]
    return groups, medoids


def _similarity_fn(
    canonical: Sequence[StoryInput], *, config: StoryConfig
) -> story_linkage.SimilarityFn:
    bags = [
        story_features.bags(a.title, a.text, actors=a.actors, lead_sentences=config.lead_sentences)
        for a in canonical
    ]
    matrices = [
        story_features.tfidf([bag[channel] for bag in bags], idf_power=config.idf_power)
        for channel in config.channels
    ]
    days = np.array([a.published.toordinal() if a.published else np.nan for a in canonical])

    def similar(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        found = story_features.similarity(matrices, rows, columns)
        factor = _time_factor(days[rows], days[columns], window=config.window_days)
        scaled: np.ndarray = found * factor
        return scaled

    return similar


def _time_factor(rows: np.ndarray, columns: np.ndarray, *, window: int) -> np.ndarray:
    """1 within ``window`` days (or when a date is unknown), halving per further window."""
    gap = np.abs(rows[:, None] - columns[None, :])
    excess = np.nan_to_num(np.maximum(gap - window, 0.0), nan=0.0)
    factor: np.ndarray = 0.5 ** (excess / window)
    return factor


def _medoid(matrix: np.ndarray, positions: list[int]) -> int:
    """The member most alike the others on average (the first on ties)."""
    if len(positions) == 1:
        return positions[0]
    inner = matrix[np.ix_(positions, positions)]
    return positions[int(np.argmax(inner.sum(axis=1)))]


def _story(head: str, members: Sequence[StoryInput], *, label_from: StoryInput) -> Story:
    dates = [article.published for article in members if article.published is not None]
    return Story(
        id=story_id(head),
        label=_label(label_from),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        article_ids=tuple(sorted(article.id for article in members)),
    )


def _label(article: StoryInput) -> str | None:
    """The medoid's title, else the start of its lead."""
    if article.title and article.title.strip():
        return article.title.strip()
    opening = story_features.lead(article.text, sentences=1)
    return opening[:120].strip() or None
