"""What each page shows, gathered once from the Python API so the HTML page and its JSON twin
are the same data.  These functions only compose the store's reads; they hold no logic of
their own beyond picking which records a page needs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

import msgspec

from dateline.api.reads import (
    ArticleHit,
    EventMark,
    event_marks,
    mentions_of,
    search_articles,
    timexes_of,
)
from dateline.model import Mention, Record, Span, Timex
from dateline.store.countries import CountryCounts, country_counts
from dateline.store.duck import Store
from dateline.store.extracted import ActorSummary, StoredQuote, list_actors, list_quotes
from dateline.store.fused import (
    FusedDetail,
    FusedFilter,
    FusedMentionView,
    FusedView,
    NetworkEdge,
    actor_network,
    count_fused,
    find_fused,
    list_fused,
)
from dateline.store.query import StoreCounts, counts, get_article
from dateline.store.stories import StoryFilter, StoryView, list_stories, story_of
from dateline.watch.state import FailedFetch, SourcePoll, failed_fetches, last_polls

T = TypeVar("T")
LATEST = 10


class Page(Record, Generic[T], frozen=True, kw_only=True):
    """One page of a longer list: ``total`` counts every match (None where not counted)."""

    items: tuple[T, ...]
    total: int | None
    limit: int
    offset: int


class Overview(Record, frozen=True, kw_only=True):
    """The store at a glance; for a store that ``dateline watch`` (or ``serve --watch``)
    follows feeds into, also each source's last poll and the URLs that gave no article."""

    counts: StoreCounts
    events: int
    top_actors: tuple[ActorSummary, ...]
    latest_events: tuple[FusedView, ...]
    sources: tuple[SourcePoll, ...]
    fetch_failures: tuple[FailedFetch, ...]


class ArticleText(Record, frozen=True, kw_only=True):
    """An article as a page shows it: the cleaned text and its provenance, not the raw text."""

    id: str
    url: str | None
    source: str | None
    title: str | None
    published: datetime | None
    published_basis: str
    # an estimated date's reach ("month", "year") and what told it; None for a given date
    published_precision: str | None
    published_cues: str | None
    language: str | None
    text: str
    duplicate_of: str | None
    duplicate_kind: str | None


class ArticlePage(Record, frozen=True, kw_only=True):
    article: ArticleText
    story_id: str | None
    mentions: tuple[Mention, ...]
    timexes: tuple[Timex, ...]
    quotes: tuple[StoredQuote, ...]
    events: tuple[EventMark, ...]


class EventPage(Record, frozen=True, kw_only=True):
    """A fused event with its mentions; ``date_spans`` holds, for each mention in order, the
    time expression its date came from (None when the date came from the publication day)."""

    detail: FusedDetail
    date_spans: tuple[Span | None, ...]


class ActorPage(Record, frozen=True, kw_only=True):
    actor: ActorSummary
    quotes: tuple[StoredQuote, ...]
    counterparts: tuple[NetworkEdge, ...]
    events: tuple[FusedView, ...]


class MapPage(Record, frozen=True, kw_only=True):
    """What the map shows: the events with a place on it (one page of them) and, over every
    event the filters keep, the count per country and month."""

    events: Page[FusedView]
    countries: CountryCounts


class SearchResults(Record, frozen=True, kw_only=True):
    q: str
    events: tuple[FusedView, ...]
    actors: tuple[ActorSummary, ...]
    articles: tuple[ArticleHit, ...]


def events_page(store: Store, where: FusedFilter) -> Page[FusedView]:
    """Fused events matching ``where``, one page of them, with the total."""
    items = tuple(list_fused(store, where=where))
    total = count_fused(store, where=where)
    return Page(items=items, total=total, limit=where.limit, offset=where.offset)


def map_page(store: Store, where: FusedFilter) -> MapPage:
    """The events ``where`` keeps that have a place on the map, and the per-country counts."""
    placed = msgspec.structs.replace(where, is_placed=True)
    return MapPage(events=events_page(store, placed), countries=country_counts(store, where=where))


def stories_page(store: Store, where: StoryFilter) -> Page[StoryView]:
    items = tuple(list_stories(store, where=where))
    return Page(items=items, total=None, limit=where.limit, offset=where.offset)


def overview(store: Store) -> Overview:
    """Counts, the most mentioned actors, the most recently dated events, and what the
    watcher did: each source's last poll, and the latest URLs that gave no article."""
    total = count_fused(store)
    tail = list_fused(store, where=FusedFilter(limit=5 * LATEST, offset=max(0, total - 5 * LATEST)))
    dated = [event for event in tail if event.date is not None]
    return Overview(
        counts=counts(store),
        events=total,
        top_actors=tuple(list_actors(store, limit=LATEST)),
        latest_events=tuple(reversed(dated[-LATEST:])),
        sources=tuple(last_polls(store)),
        fetch_failures=tuple(failed_fetches(store, limit=2 * LATEST)),
    )


def article_page(store: Store, article_id: str) -> ArticlePage | None:
    """One article with everything extraction marked in it; None when there is no such id."""
    article = get_article(store, article_id)
    if article is None:
        return None
    text = ArticleText(
        id=article.id,
        url=article.url,
        source=article.source,
        title=article.title,
        published=article.published,
        published_basis=article.published_basis,
        published_precision=article.published_precision,
        published_cues=article.published_cues,
        language=article.language,
        text=article.text,
        duplicate_of=article.duplicate_of,
        duplicate_kind=article.duplicate_kind,
    )
    return ArticlePage(
        article=text,
        story_id=story_of(store, article_id),
        mentions=tuple(mentions_of(store, article_id)),
        timexes=tuple(timexes_of(store, article_id)),
        quotes=tuple(list_quotes(store, article_id=article_id, limit=10_000)),
        events=tuple(event_marks(store, article_id)),
    )


def event_page(store: Store, fused_id: str) -> EventPage | None:
    """One fused event, every mention, and the time expression each mention's date came from."""
    detail = find_fused(store, fused_id)
    if detail is None:
        return None
    spans = tuple(_date_span(store, mention) for mention in detail.mentions)
    return EventPage(detail=detail, date_spans=spans)


def _date_span(store: Store, mention: FusedMentionView) -> Span | None:
    event = mention.event
    value = event.date or _unknown_year(mention.date_month, mention.date_day)
    if event.date_basis != "explicit" or value is None:
        return None
    inside = [
        timex
        for timex in timexes_of(store, event.article_id)
        if event.sentence.start <= timex.start and timex.end <= event.sentence.end
    ]
    # The timex whose value the event date came from: equal, or the date is a prefix of it.
    for timex in inside:
        if timex.value == value or timex.value.startswith(value):
            return Span(start=timex.start, end=timex.end, text=timex.text)
    return None


def _unknown_year(month: int | None, day: int | None) -> str | None:
    """The TimeML value of a day (or month) of unknown year, as the time expression has it."""
    if month is None:
        return None
    return f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")


def actor_page(store: Store, actor_id: str, *, limit: int = 100) -> ActorPage | None:
    """One actor: dated roles with evidence, quotes, counterparts and events."""
    found = list_actors(store, name=actor_id, limit=1000)
    summary = next((item for item in found if item.actor.id == actor_id), None)
    if summary is None:
        return None
    where = FusedFilter(actor=actor_id, limit=limit)
    edges = actor_network(store, where=FusedFilter(actor=actor_id, limit=10_000))
    return ActorPage(
        actor=summary,
        quotes=tuple(
            quote
            for quote in list_quotes(store, actor=actor_id, limit=limit)
            if quote.quote.speaker_actor_id == actor_id
        ),
        counterparts=tuple(sorted(edges, key=lambda edge: -edge.count)),
        events=tuple(list_fused(store, where=where)),
    )


def search(store: Store, q: str, *, limit: int) -> SearchResults:
    """Events whose evidence, actors whose name, and articles whose title or text contain ``q``."""
    return SearchResults(
        q=q,
        events=tuple(
            list_fused(store, where=FusedFilter(q=q, include_statements=True, limit=limit))
        ),
        actors=tuple(list_actors(store, name=q, limit=limit)),
        articles=tuple(search_articles(store, q, limit=limit)),
    )
