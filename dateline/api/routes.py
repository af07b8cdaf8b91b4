"""The JSON API under ``/api``: each route parses its query, calls one function of the Python
API and encodes the records it returns (msgspec), so API fields are the records' fields.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from dateline.api.app import store_of
from dateline.api.errors import ApiError, not_found
from dateline.api.reads import ArticleHit, article_hit, search_articles
from dateline.api.views import (
    ActorPage,
    ArticlePage,
    EventPage,
    MapPage,
    Overview,
    Page,
    SearchResults,
    actor_page,
    article_page,
    event_page,
    events_page,
    map_page,
    overview,
    search,
    stories_page,
)
from dateline.errors import DatelineError
from dateline.store.countries import CountryCounts, country_counts
from dateline.store.duck import Store
from dateline.store.extracted import ActorSummary, StoredQuote, list_actors, list_quotes
from dateline.store.fused import MAX_LIMIT, FusedFilter, FusedView, NetworkEdge, actor_network
from dateline.store.places import DEFAULT_WITHIN_KM, MAX_WITHIN_KM, Near, check_country, near_place
from dateline.store.query import ArticleFilter, list_articles
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE
from dateline.store.stories import StoryFilter, StoryView

MAX_PAGE = 500
MAX_TIMELINE = MAX_LIMIT
MAX_NETWORK = 100_000
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ModalityName = Literal["asserted", "negated", "hypothetical", "future", "historical"]

StoreDep = Annotated[Store, Depends(store_of)]
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(pattern=ISO_DATE, description="ISO date, YYYY[-MM[-DD]]")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]

router = APIRouter(prefix="/api", tags=["api"])


def fused_filter(
    *,
    actor: Annotated[
        str | None, Query(max_length=200, description="Either party, id or name")
    ] = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,20}$")] = None,
    modality: ModalityName | None = None,
    story: Text = None,
    since: Day = None,
    until: Day = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the evidence")] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3 of the event's place"),
    ] = None,
    near: Annotated[
        str | None, Query(max_length=200, description="Events placed near this city or country")
    ] = None,
    within: Annotated[
        float, Query(gt=0.0, le=MAX_WITHIN_KM, description="The radius of near, in km")
    ] = DEFAULT_WITHIN_KM,
    statements: bool = False,
    min_confidence: Annotated[
        float, Query(ge=0.0, le=1.0, description="Only events this sure or surer; 0 shows all")
    ] = DEFAULT_MIN_CONFIDENCE,
) -> FusedFilter:
    """The filters of the CLI, as query parameters (without the page); a year or month in
    ``since``/``until`` means its first or last day."""
    first, last = _bounds(since, until)
    place_country, circle = _place(country, near, within=within)
    return FusedFilter(
        actor=actor or None,
        type=type.upper() if type else None,
        modality=modality,
        story=story or None,
        since=first.date().isoformat() if first else None,
        until=last.date().isoformat() if last else None,
        q=q or None,
        country=place_country,
        near=circle,
        include_statements=statements,
        min_confidence=min_confidence,
    )


def _place(
    country: str | None, near: str | None, *, within: float
) -> tuple[str | None, Near | None]:
    """The country and the circle the place filters name; unknown ones are errors (422)."""
    try:
        code = check_country(country) if country else None
    except DatelineError as err:
        raise ApiError(422, "invalid_parameter", str(err)) from err
    try:
        return code, near_place(near, within_km=within) if near and near.strip() else None
    except DatelineError as err:
        raise ApiError(422, "unknown_place", str(err)) from err


FilterDep = Annotated[FusedFilter, Depends(fused_filter)]


def json_response(value: Any) -> Response:
    return Response(msgspec.json.encode(value), media_type="application/json")


def documented(kind: Any) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI response entry of a route that answers with the record ``kind``."""
    (schema,), _ = msgspec.json.schema_components((kind,), ref_template=_REF)
    return {200: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


_REF = "#/components/schemas/{name}"
_RESPONSE_TYPES: tuple[Any, ...] = (
    Overview,
    Page[FusedView],
    EventPage,
    ArticlePage,
    Page[ActorSummary],
    ActorPage,
    Page[StoredQuote],
    Page[StoryView],
    tuple[NetworkEdge, ...],
    CountryCounts,
    MapPage,
    SearchResults,
    Page[ArticleHit],
)


def openapi_components() -> dict[str, Any]:
    """The JSON schemas of every record the API answers with, for ``/openapi.json``."""
    _, components = msgspec.json.schema_components(_RESPONSE_TYPES, ref_template=_REF)
    return components


@router.get("/overview", responses=documented(Overview), summary="Counts, top actors, latest")
def get_overview(store: StoreDep) -> Response:
    return json_response(overview(store))


@router.get("/events", responses=documented(Page[FusedView]), summary="Fused events")
def get_events(
    store: StoreDep, where: FilterDep, limit: Limit = 100, offset: Offset = 0
) -> Response:
    """Fused events (one per real-world event), by date, undated last."""
    page = msgspec.structs.replace(where, limit=limit, offset=offset)
    return json_response(events_page(store, page))


@router.get("/timeline", responses=documented(Page[FusedView]), summary="The timeline")
def get_timeline(
    store: StoreDep,
    where: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_TIMELINE)] = MAX_TIMELINE,
    offset: Offset = 0,
) -> Response:
    """The fused events a timeline draws: the event list with a larger page."""
    page = msgspec.structs.replace(where, limit=limit, offset=offset)
    return json_response(events_page(store, page))


@router.get("/events/{fused_id}", responses=documented(EventPage), summary="One fused event")
def get_event(store: StoreDep, fused_id: str) -> Response:
    """A fused event, every mention with its sentence and spans, and where sources disagree."""
    found = event_page(store, fused_id)
    if found is None:
        raise not_found("event", fused_id)
    return json_response(found)


@router.get("/network", responses=documented(tuple[NetworkEdge, ...]), summary="Actor network")
def get_network(store: StoreDep, where: FilterDep) -> Response:
    """Who deals with whom: one edge per (actor, recipient) pair over the filtered events."""
    page = msgspec.structs.replace(where, limit=MAX_NETWORK)
    return json_response(tuple(actor_network(store, where=page)))


@router.get("/countries", responses=documented(CountryCounts), summary="Events by country")
def get_countries(store: StoreDep, where: FilterDep) -> Response:
    """How many fused events each country (of the event's place) has, in all and per month,
    over the events the filters keep; ``unplaced`` counts those without a place."""
    return json_response(country_counts(store, where=where))


@router.get("/map", responses=documented(MapPage), summary="The map")
def get_map(
    store: StoreDep,
    where: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_TIMELINE)] = MAX_TIMELINE,
    offset: Offset = 0,
) -> Response:
    """What the map draws: the filtered events that have a place (coordinates), and the
    events per country and month."""
    page = msgspec.structs.replace(where, limit=limit, offset=offset)
    return json_response(map_page(store, page))


@router.get("/articles", responses=documented(Page[ArticleHit]), summary="Articles")
def get_articles(
    *,
    store: StoreDep,
    since: Day = None,
    until: Day = None,
    source: Text = None,
    q: Text = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Stored articles without their text, oldest first; ``q`` searches titles and text."""
    if q:
        hits = search_articles(store, q, limit=limit, offset=offset)
    else:
        first, last = _bounds(since, until)
        where = ArticleFilter(since=first, until=last, source=source, limit=limit, offset=offset)
        hits = [article_hit(article) for article in list_articles(store, where=where)]
    return json_response(Page(items=tuple(hits), total=None, limit=limit, offset=offset))


@router.get("/articles/{article_id:path}", responses=documented(ArticlePage), summary="One article")
def get_article(store: StoreDep, article_id: str) -> Response:
    """An article's text with its mentions, time expressions, quotes and events as spans."""
    found = article_page(store, article_id)
    if found is None:
        raise not_found("article", article_id)
    return json_response(found)


@router.get("/actors", responses=documented(Page[ActorSummary]), summary="Actors")
def get_actors(store: StoreDep, q: Text = None, limit: Limit = 100) -> Response:
    """Actors by how many articles mention them, with dated roles and their evidence."""
    items = tuple(list_actors(store, name=q, limit=limit))
    return json_response(Page(items=items, total=None, limit=limit, offset=0))


@router.get("/actors/{actor_id:path}", responses=documented(ActorPage), summary="One actor")
def get_actor(store: StoreDep, actor_id: str) -> Response:
    """An actor's roles with dates and evidence, quotes, counterparts and events."""
    found = actor_page(store, actor_id)
    if found is None:
        raise not_found("actor", actor_id)
    return json_response(found)


@router.get("/quotes", responses=documented(Page[StoredQuote]), summary="Quotes")
def get_quotes(
    store: StoreDep, actor: Text = None, article: Text = None, limit: Limit = 100
) -> Response:
    """Who said what: quotes with their speakers, oldest article first."""
    items = tuple(list_quotes(store, actor=actor, article_id=article, limit=limit))
    return json_response(Page(items=items, total=None, limit=limit, offset=0))


@router.get("/stories", responses=documented(Page[StoryView]), summary="Stories")
def get_stories(
    *,
    store: StoreDep,
    actor: Text = None,
    since: Day = None,
    until: Day = None,
    q: Text = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Stories: articles about the same real-world story, with their dates."""
    first, last = _bounds(since, until)
    where = StoryFilter(
        actor=actor,
        since=first.date() if first else None,
        until=last.date() if last else None,
        q=q,
        limit=limit,
        offset=offset,
    )
    return json_response(stories_page(store, where))


@router.get("/search", responses=documented(SearchResults), summary="Search")
def get_search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Events whose evidence, actors whose name and articles whose text contain ``q``."""
    return json_response(search(store, q, limit=limit))


def _bounds(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """The first instant of ``since`` and the last of ``until`` (a year, month or day)."""
    try:
        first = _period(since)[0] if since else None
        last = _period(until)[1] if until else None
    except ValueError as err:
        raise ApiError(422, "invalid_parameter", f"since/until: {err}") from err
    return first, last


def _period(value: str) -> tuple[datetime, datetime]:
    parts = [int(part) for part in value.split("-")]
    year, month, day = (*parts, 1, 1)[:3]
    first = datetime(year, month, day, tzinfo=UTC)
    if len(parts) == 3:
        span = timedelta(days=1)
    elif len(parts) == 2:
        span = timedelta(days=calendar.monthrange(year, month)[1])
    else:
        span = datetime(year + 1, 1, 1, tzinfo=UTC) - first
    return first, first + span - timedelta(microseconds=1)
