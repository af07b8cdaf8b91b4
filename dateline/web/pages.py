"""The HTML pages: each renders the same records as its JSON twin under ``/api`` (linked from
the page), with no logic of its own beyond choosing what to highlight.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from dateline.api.errors import not_found
from dateline.api.reads import article_hit, search_articles
from dateline.api.routes import (
    MAX_NETWORK,
    MAX_TIMELINE,
    FilterDep,
    Limit,
    Offset,
    StoreDep,
    Text,
)
from dateline.api.views import (
    actor_page,
    article_page,
    event_page,
    events_page,
    map_page,
    overview,
    search,
    stories_page,
)
from dateline.extract.events.ontology import PLOVER_TYPES, STATEMENT
from dateline.store.extracted import list_actors
from dateline.store.fused import actor_network
from dateline.store.query import ArticleFilter, list_articles
from dateline.store.stories import StoryFilter
from dateline.web.highlights import article_marks, mention_marks
from dateline.web.render import path_part, render, script_json
from dateline.web.worldmap import world_map

router = APIRouter(include_in_schema=False)
MODALITIES = ("asserted", "negated", "hypothetical", "future", "historical")
FOLLOW_SECONDS = 15  # how often a timeline that follows new events asks for them


def page(request: Request, template: str, *, twin: str, **context: Any) -> HTMLResponse:
    """A rendered page; ``twin`` is the API path with the same data (the query string kept)."""
    query = request.url.query
    json_url = twin + (f"?{query}" if query and "?" not in twin else "")
    html = render(
        template, request_path=request.url.path, json_url=json_url, query=query, **context
    )
    return HTMLResponse(html)


def error_page(request: Request, *, status: int, code: str, message: str) -> HTMLResponse:
    html = render(
        "error.html",
        request_path=request.url.path,
        json_url=None,
        status=status,
        code=code,
        message=message,
    )
    return HTMLResponse(html, status_code=status)


def _filters(request: Request) -> dict[str, str]:
    return {key: value for key, value in request.query_params.items() if value}


@router.get("/", response_class=HTMLResponse)
def overview_html(request: Request, store: StoreDep) -> HTMLResponse:
    return page(request, "overview.html", twin="/api/overview", data=overview(store))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_html(
    request: Request,
    store: StoreDep,
    where: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_TIMELINE)] = MAX_TIMELINE,
) -> HTMLResponse:
    found = events_page(store, msgspec.structs.replace(where, limit=limit))
    stories = stories_page(store, StoryFilter(limit=200)).items
    return page(
        request,
        "timeline.html",
        twin="/api/timeline",
        data=found,
        data_json=script_json(found),
        filters=_filters(request),
        stories=stories,
        types=(*PLOVER_TYPES, STATEMENT),
        modalities=MODALITIES,
        # a server that watches feeds follows new events from the start; any may be asked to
        watching=request.app.state.watch is not None,
        follow_seconds=FOLLOW_SECONDS,
    )


@router.get("/map", response_class=HTMLResponse)
def map_html(
    request: Request,
    store: StoreDep,
    where: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_TIMELINE)] = MAX_TIMELINE,
) -> HTMLResponse:
    found = map_page(store, msgspec.structs.replace(where, limit=limit))
    svg = world_map(
        found.events.items,
        href=lambda fused_id: f"/events/{path_part(fused_id)}",
        countries=[country.country for country in found.countries.countries],
    )
    return page(
        request,
        "map.html",
        twin="/api/map",
        data=found,
        svg=svg,
        filters=_filters(request),
        stories=stories_page(store, StoryFilter(limit=200)).items,
        types=(*PLOVER_TYPES, STATEMENT),
        modalities=MODALITIES,
    )


@router.get("/events/{fused_id}", response_class=HTMLResponse)
def event_html(request: Request, store: StoreDep, fused_id: str) -> HTMLResponse:
    found = event_page(store, fused_id)
    if found is None:
        raise not_found("event", fused_id)
    marks = [
        mention_marks(mention, date_span)
        for mention, date_span in zip(found.detail.mentions, found.date_spans, strict=True)
    ]
    return page(
        request,
        "event.html",
        twin=f"/api/events/{fused_id}",
        data=found,
        mentions=list(zip(found.detail.mentions, marks, strict=True)),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_html(
    request: Request, store: StoreDep, q: Text = None, limit: Limit = 100, offset: Offset = 0
) -> HTMLResponse:
    if q:
        hits = search_articles(store, q, limit=limit, offset=offset)
    else:
        where = ArticleFilter(limit=limit, offset=offset)
        hits = [article_hit(article) for article in list_articles(store, where=where)]
    return page(
        request,
        "articles.html",
        twin="/api/articles",
        hits=hits,
        q=q or "",
        limit=limit,
        offset=offset,
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_html(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    found = article_page(store, article_id)
    if found is None:
        raise not_found("article", article_id)
    return page(
        request,
        "article.html",
        twin=f"/api/articles/{article_id}",
        data=found,
        marks=article_marks(found),
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_html(
    request: Request, store: StoreDep, q: Text = None, limit: Limit = 100
) -> HTMLResponse:
    found = list_actors(store, name=q, limit=limit)
    return page(request, "actors.html", twin="/api/actors", actors=found, q=q or "")


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_html(request: Request, store: StoreDep, actor_id: str) -> HTMLResponse:
    found = actor_page(store, actor_id)
    if found is None:
        raise not_found("actor", actor_id)
    return page(request, "actor.html", twin=f"/api/actors/{actor_id}", data=found)


@router.get("/network", response_class=HTMLResponse)
def network_html(request: Request, store: StoreDep, where: FilterDep) -> HTMLResponse:
    edges = tuple(actor_network(store, where=msgspec.structs.replace(where, limit=MAX_NETWORK)))
    return page(
        request,
        "network.html",
        twin="/api/network",
        edges=edges,
        data_json=script_json(edges),
        filters=_filters(request),
        types=(*PLOVER_TYPES, STATEMENT),
        modalities=MODALITIES,
    )


@router.get("/stories", response_class=HTMLResponse)
def stories_html(
    request: Request, store: StoreDep, q: Text = None, limit: Limit = 100, offset: Offset = 0
) -> HTMLResponse:
    found = stories_page(store, StoryFilter(q=q, limit=limit, offset=offset))
    return page(request, "stories.html", twin="/api/stories", data=found, q=q or "")


@router.get("/search", response_class=HTMLResponse)
def search_html(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    found = search(store, q, limit=20) if q.strip() else None
    return page(request, "search.html", twin="/api/search", data=found, q=q)
