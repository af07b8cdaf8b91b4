"""A self-contained HTML report of the store: timeline, map, actor network and event table in
one file that opens offline, with its CSS, script and data inline and a CSP that allows only them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from dateline.api.views import events_page
from dateline.store.countries import country_counts
from dateline.store.duck import Store
from dateline.store.extracted import list_actors
from dateline.store.fused import MAX_LIMIT, FusedFilter, actor_network
from dateline.store.query import counts
from dateline.web.render import asset, csp_hash, render, script_json
from dateline.web.worldmap import placed, world_map

MAX_REPORT_ACTORS = 200


def build_report(
    store: Store, *, where: FusedFilter | None = None, title: str = "dateline report"
) -> str:
    """The report as one HTML document; ``where`` filters its events (default: all but
    statements, up to the store's page limit)."""
    where = where or FusedFilter(limit=MAX_LIMIT)
    events = events_page(store, where)
    edges = tuple(actor_network(store, where=where))
    countries = country_counts(store, where=where)
    # the dots of the events the report lists, so each links to its row
    on_map = placed(events.items)
    svg = world_map(
        on_map,
        href=lambda fused_id: f"#event-{fused_id}",
        countries=[country.country for country in countries.countries],
    )
    css = asset("style.css")
    js = asset("dateline.js")
    # Only this file's own style and script may run: no network, no other inline code.
    csp = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return render(
        "report.html",
        title=title,
        csp=csp,
        css=_raw(css),
        js=_raw(js),
        counts=counts(store),
        events=events,
        events_json=script_json(events),
        edges=edges,
        edges_json=script_json(edges),
        on_map=len(on_map),
        svg=svg,
        countries=countries,
        actors=list_actors(store, limit=MAX_REPORT_ACTORS),
        made=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def _raw(text: str) -> object:
    """Our own asset, inserted as is (it is package code, not input)."""
    from markupsafe import Markup

    return Markup(text)
