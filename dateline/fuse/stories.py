"""Stories: articles about the same real-world story, from shared words, names and time.

A pure function of the set of articles: the result never depends on their order, a duplicate
follows the article it copies, and a story's id comes from its least article id, so re-running
over more articles keeps the ids of the stories they do not touch.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import msgspec
import numpy as np

from dateline.fuse import story_features, story_linkage, story_windows
from dateline.fuse.story_features import Channel
from dateline.model import Record

# Chosen on other data than the ECB+ evaluation set (see dateline/eval/stories.py): about one
# pair in a thousand of news articles published over a month apart, which cannot share a story,
# is this alike (0.113 on news-articles-2017, 0.133 on Reuters-21578).
DEFAULT_THRESHOLD = 0.12
# Stored stories made by another version are grouped again whole.
STORIES = "dateline.fuse.stories.v2"


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


class ArticleState(Record, frozen=True, kw_only=True):
    """What grouping saw of one article: all its inputs (hashed), its day, whether it stood for
    itself (no copy), and its part (the least id of its connected group of alike articles)."""

    fingerprint: str
    day: date | None
    is_canonical: bool
    part: str


class StoryUpdate(Record, frozen=True, kw_only=True):
    """Stories regrouped: those of the parts redone, every article whose story rows are
    replaced (``touched``: also those no longer present), and their new states."""

    stories: tuple[Story, ...]
    touched: frozenset[str]
    states: dict[str, ArticleState]


def cluster_stories(
    articles: Sequence[StoryInput], *, config: StoryConfig | None = None
) -> list[Story]:
    """Group ``articles`` into stories, sorted by story id.  Ids must be unique."""
    return list(regroup(articles, config=config, previous=None).stories)


def regroup(
    articles: Sequence[StoryInput],
    *,
    config: StoryConfig | None = None,
    previous: Mapping[str, ArticleState] | None,
) -> StoryUpdate:
    """Stories of ``articles`` where they differ from ``previous`` (the states of the run that
    gave the stored stories; None to group everything).

    Only the parts within reach of what changed are redone: an article whose inputs, date or
    copy link changed moves the IDF of the articles within reach of its days, and those
    articles' parts (and any part they now link to) are grouped again. The stories are those a
    grouping of everything gives, ids included."""
    config = config or StoryConfig()
    ordered = sorted(articles, key=lambda article: article.id)
    originals = copy_roots(ordered)
    canonical = [article for article in ordered if article.id not in originals]
    position = {article.id: index for index, article in enumerate(canonical)}
    states = {a.id: state_of(a, originals.get(a.id)) for a in ordered}
    windows = story_windows.Windows(
        lambda index: story_bags(canonical[index], config=config),
        [a.published.toordinal() if a.published else None for a in canonical],
        channels=config.channels,
        idf_power=config.idf_power,
        window=config.window_days,
        threshold=config.threshold,
    )
    if previous is None:
        redo = set(range(len(canonical)))
    else:
        redo = _to_redo(states, previous, position=position, windows=windows, originals=originals)
    parts = _parts(canonical, previous, redo=redo, windows=windows)
    members: dict[int, list[StoryInput]] = {root: [] for part in parts for root in part}
    for article in ordered:
        root = position.get(originals.get(article.id, article.id))
        if root is not None and root in members:
            members[root].append(article)
    stories, touched, new_states = [], set(), {}
    for part in parts:
        head = canonical[part[0]].id
        for story in part_stories(
            part, canonical=canonical, members=members, windows=windows, config=config
        ):
            stories.append(story)
            for identifier in story.article_ids:
                touched.add(identifier)
                new_states[identifier] = msgspec.structs.replace(states[identifier], part=head)
    if previous is not None:
        touched |= {i for i, state in previous.items() if states.get(i) != _unparted(state)}
    return StoryUpdate(
        stories=tuple(sorted(stories, key=lambda story: story.id)),
        touched=frozenset(touched),
        states=new_states,
    )


def state_of(article: StoryInput, root: str | None) -> ArticleState:
    """What grouping sees of ``article`` (``root``: the article its copies lead to, None when
    it stands for itself), its part not yet known."""
    fingerprint = _fingerprint(article, root)
    return ArticleState(
        fingerprint=fingerprint, day=article.published, is_canonical=root is None, part=""
    )


def part_stories(
    part: Sequence[int],
    *,
    canonical: Sequence[StoryInput],
    members: Mapping[int, Sequence[StoryInput]],
    windows: story_windows.Windows,
    config: StoryConfig,
) -> list[Story]:
    """The stories of one connected part (positions in ``canonical`` and ``windows``, least
    first); ``members`` are each position's articles, itself and its copies."""
    return [
        _story(
            canonical[group[0]].id,
            [article for index in group for article in members[index]],
            label_from=canonical[medoid],
        )
        for group, medoid in _grouped(list(part), windows=windows, config=config)
    ]


def _fingerprint(article: StoryInput, root: str | None) -> str:
    """Every input of the article's grouping, and the article its copies lead to."""
    encoded = msgspec.json.encode(article) + b"\x1f" + (root or "").encode()
    return hashlib.sha1(encoded).hexdigest()


def _unparted(state: ArticleState) -> ArticleState:
    return msgspec.structs.replace(state, part="")


def story_bags(article: StoryInput, *, config: StoryConfig) -> dict[Channel, story_features.Bag]:
    """The term counts grouping compares of ``article``, by channel."""
    return story_features.bags(
        article.title, article.text, actors=article.actors, lead_sentences=config.lead_sentences
    )


def _to_redo(
    states: Mapping[str, ArticleState],
    previous: Mapping[str, ArticleState],
    *,
    position: Mapping[str, int],
    windows: story_windows.Windows,
    originals: Mapping[str, str],
) -> set[int]:
    """Canonical articles to group again: those changed, those whose IDF window holds a changed
    article, and every article of a part one of these was in."""
    changed = {i for i in states.keys() | previous.keys() if states.get(i) != _prev(previous, i)}
    seeds: set[str] = set()
    touches_undated = touches_all = False
    for identifier in changed:
        seeds.add(originals.get(identifier, identifier))
        for state in (states.get(identifier), previous.get(identifier)):
            if state is None or not state.is_canonical:
                continue
            touches_undated = True  # every undated article's IDF reads all articles
            if state.day is None:
                touches_all = True  # and every IDF reads the undated ones
            else:
                near = windows.near(state.day.toordinal(), days=windows.reach)
                seeds.update(windows_ids(near, position))
    if touches_all:
        return set(range(len(windows.days)))
    redo = {position[i] for i in seeds if i in position}
    if touches_undated:
        redo.update(p for p, day in enumerate(windows.days) if day is None)
    old_parts = {previous[i].part for i in seeds | changed if i in previous}
    old_parts |= {previous[i].part for i in position if position[i] in redo and i in previous}
    redo.update(
        position[i] for i, state in previous.items() if state.part in old_parts and i in position
    )
    return redo


def _prev(previous: Mapping[str, ArticleState], identifier: str) -> ArticleState | None:
    found = previous.get(identifier)
    return _unparted(found) if found is not None else None


def windows_ids(near: Iterable[int], position: Mapping[str, int]) -> set[str]:
    by_position = {p: i for i, p in position.items()}
    return {by_position[p] for p in near}


def _parts(
    canonical: Sequence[StoryInput],
    previous: Mapping[str, ArticleState] | None,
    *,
    redo: set[int],
    windows: story_windows.Windows,
) -> list[list[int]]:
    """The connected parts (of the "at least threshold alike" graph) that hold an article to
    redo, each in position order: the redone articles' links found anew, the other parts
    kept whole, as they were linked before."""
    parent = list(range(len(canonical)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(left: int, right: int) -> None:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)

    if previous is not None:
        first_of: dict[str, int] = {}
        for index, article in enumerate(canonical):
            state = previous.get(article.id)
            if index not in redo and state is not None:
                join(index, first_of.setdefault(state.part, index))
    for left, right in windows.edges(redo):
        join(left, right)
    wanted = {root(index) for index in redo}
    grouped: defaultdict[int, list[int]] = defaultdict(list)
    for index in range(len(canonical)):
        if root(index) in wanted:
            grouped[root(index)].append(index)
    return sorted(grouped.values())


def _grouped(
    part: list[int], *, windows: story_windows.Windows, config: StoryConfig
) -> list[tuple[list[int], int]]:
    """The stories of one part: each group's positions (least first) and its medoid."""
    if len(part) == 1:  # most articles in a stream: no need to compare
        return [(part, part[0])]
    matrix = windows.similarity(part, part)
    linkage = story_linkage.Linkage(
        threshold=config.threshold, cohesion=config.cohesion, min_group=config.min_group
    )
    within: defaultdict[int, list[int]] = defaultdict(list)
    for spot, label in enumerate(story_linkage.cluster(matrix, linkage=linkage)):
        within[label].append(spot)
    return [
        ([part[spot] for spot in spots], part[_medoid(matrix, spots)]) for spots in within.values()
    ]


def story_index(stories: Sequence[Story]) -> dict[str, str]:
    """Article id to story id."""
    return {article_id: story.id for story in stories for article_id in story.article_ids}


def story_id(least_article_id: str) -> str:
    """A short stable id for the story whose least (canonical) article id is given."""
    return "s-" + hashlib.sha1(least_article_id.encode("utf-8")).hexdigest()[:12]


def least_of_parts(ids: Iterable[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each id's connected part (of ``links`` among ``ids``), named by its least id."""
    parent = {identifier: identifier for identifier in ids}

    def root(identifier: str) -> str:
        while parent[identifier] != identifier:
            identifier = parent[identifier]
        return identifier

    for left, right in links:
        a, b = root(left), root(right)
        parent[max(a, b)] = min(a, b)
    return {identifier: root(identifier) for identifier in parent}


def copy_roots(ordered: Sequence[StoryInput]) -> dict[str, str]:
    """Duplicate id to the present article its chain of copies leads to.

    Copy links form trees whose root copies nothing present; should links ever loop, the
    least id of the loop's group stands as its root.
    """
    known = {article.id: article.duplicate_of for article in ordered}
    links = [(identifier, target) for identifier, target in known.items() if target in known]
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for identifier, least in least_of_parts(known, links).items():
        groups[least].append(identifier)
    found: dict[str, str] = {}
    for members in groups.values():
        heads = [m for m in members if known[m] not in known] or members
        head = min(heads)
        found.update({member: head for member in members if member != head})
    return found


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
