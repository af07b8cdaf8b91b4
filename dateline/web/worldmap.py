"""The world map of events: country outlines and one dot per placed event, drawn on the server
as inline SVG in an equirectangular projection, for the map page and the offline report.

The outlines are Natural Earth's 1:110m countries (public domain), shipped with the package in
``data/places/countries-110m.json`` (``scripts/build_world_outlines.py`` made it from the npm
package world-atlas). No script draws the map and nothing is fetched. Names and phrases in it
come from articles and are untrusted: every text and attribute is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Sequence
from functools import cache
from importlib import resources

import msgspec
from markupsafe import Markup, escape

from dateline.extract.places import country_display
from dateline.model import Record
from dateline.store.fused import FusedView

_UNIT = 10  # drawing units per degree: the outlines are stored in tenths of a degree
TOP, BOTTOM = 84, -60  # the latitudes the map shows (no Antarctica)
WIDTH, HEIGHT = 360 * _UNIT, (TOP - BOTTOM) * _UNIT
_DOT = 18  # a dot's radius, in drawing units
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))  # spreads dots at one place as a sunflower does
_LAYERS = {"actors": 0, "dateline": 1}  # drawn first, under the places a clause names


class Outline(Record, frozen=True, kw_only=True):
    """One country's outline: rings of [lon0, lat0, lon1, lat1, ...] in tenths of a degree."""

    iso3: str
    name: str  # as Natural Earth names it
    rings: tuple[tuple[int, ...], ...]


class _OutlineFile(Record, frozen=True, kw_only=True):
    source: str
    unit: str
    countries: tuple[Outline, ...]


@cache
def outlines() -> tuple[Outline, ...]:
    """Every country's outline, read from the package's data once per process."""
    path = resources.files("dateline").joinpath("data", "places", "countries-110m.json")
    return msgspec.json.decode(path.read_bytes(), type=_OutlineFile).countries


def world_map(
    events: Sequence[FusedView], *, href: Callable[[str], str], countries: Collection[str] = ()
) -> Markup:
    """The map as one ``<svg>`` element: the countries (those in ``countries`` shaded) and a
    dot for each of ``events`` that has coordinates, coloured by its quad class as the
    timeline colours it, linked to ``href(event id)`` and titled with what happened where."""
    shaded = set(countries)
    parts = [
        f'<svg class="map-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-label="Events on a world map" xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="sea" width="{WIDTH}" height="{HEIGHT}"></rect>',
        '<g class="countries">',
        *(_country(outline, is_shaded=outline.iso3 in shaded) for outline in outlines()),
        '</g><g class="events">',
        *_dots(events, href=href),
        "</g></svg>",
    ]
    return Markup("".join(parts))


def placed(events: Sequence[FusedView]) -> list[FusedView]:
    """The events the map can draw: those whose place has usable coordinates."""
    return [event for event in events if _point(event) is not None]


def _country(outline: Outline, *, is_shaded: bool) -> str:
    name = country_display(outline.iso3) or outline.name
    kind = "land has-events" if is_shaded else "land"
    return (
        f'<path class="{kind}" d="{_path(outline.iso3)}">'
        f"<title>{escape(name)} ({escape(outline.iso3)})</title></path>"
    )


@cache
def _path(iso3: str) -> str:
    """A country's outline as SVG path data, each ring in relative moves of whole units."""
    outline = next(o for o in outlines() if o.iso3 == iso3)
    return "".join(_ring(ring) for ring in outline.rings)


def _ring(ring: tuple[int, ...]) -> str:
    x, y = ring[0] + 180 * _UNIT, TOP * _UNIT - ring[1]
    steps = [f"M{x} {y}l"]
    for lon, lat in zip(ring[2::2], ring[3::2], strict=True):
        nx, ny = lon + 180 * _UNIT, TOP * _UNIT - lat
        steps.append(f"{nx - x} {ny - y} ")
        x, y = nx, ny
    return "".join(steps).rstrip() + "z"


def _dots(events: Sequence[FusedView], *, href: Callable[[str], str]) -> Iterator[str]:
    """One linked circle per placed event; events at the same point are spread around it; a
    country known only from the parties is a hollow circle under the named places."""
    seen: dict[tuple[int, int], int] = {}
    # countries known from the parties first, then dateline cities, then the countries a clause
    # names, so that the dots of named cities (Kabul, in Afghanistan) are drawn over them all
    # and stay clickable
    events = sorted(events, key=_layer)
    for event in events:
        point = _point(event)
        if point is None:
            continue
        x, y = point
        nth = seen[(round(x), round(y))] = seen.get((round(x), round(y)), -1) + 1
        if nth:  # the first at a point sits on it, the others on a widening spiral around it
            x += 1.2 * _DOT * math.sqrt(nth) * math.cos(nth * _GOLDEN_ANGLE)
            y += 1.2 * _DOT * math.sqrt(nth) * math.sin(nth * _GOLDEN_ANGLE)
        # a country known only from the parties is drawn hollow: a country, not a spot
        hollow = " by-actors" if event.place is not None and event.place.basis == "actors" else ""
        yield (
            f'<a class="map-event" href="{escape(href(event.id))}">'
            f'<circle class="q{int(event.quad)}{hollow}" cx="{x:.1f}" cy="{y:.1f}" r="{_DOT}">'
            f"<title>{escape(_title(event))}</title></circle></a>"
        )


def _layer(event: FusedView) -> tuple[int, int]:
    place = event.place
    if place is None:
        return (2, 1)
    return (_LAYERS.get(place.basis, 2), 0 if place.feature == "country" else 1)


def _point(event: FusedView) -> tuple[float, float] | None:
    """Where the event's place is drawn; None for no place or coordinates off the Earth."""
    place = event.place
    if place is None or place.lat is None or place.lon is None:
        return None
    lat, lon = place.lat, place.lon
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return (lon + 180) * _UNIT, (TOP - lat) * _UNIT


def _title(event: FusedView) -> str:
    """What a dot says on hover: when, what, who to whom, and where."""
    what = event.type if event.modality == "asserted" else f"{event.type} ({event.modality})"
    actor = _party(event.actor)
    recipient = _party(event.recipient)
    name = (event.place.name if event.place else None) or ""
    country = event.place.country if event.place else None
    where = f"{name or '?'}, {country}" if country else name or "?"
    if event.location and event.location.casefold() != name.casefold():
        where += f" ({event.location})"  # the article's own words where they differ
    if event.place is not None and event.place.basis == "actors":
        where += " (its parties' country)"  # no place named: a country, not a spot
    elif event.place is not None and event.place.basis == "dateline":
        where += " (the article's dateline)"  # the clause names none: where it was written
    return f"{event.date_text} · {what}: {actor} → {recipient} · in {where}"


def _party(party: object) -> str:
    return str(getattr(party, "name", None) or getattr(party, "id", None) or "?")
