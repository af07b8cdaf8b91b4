"""Where stored events happened, as the queries read it: the place of a fused event, and the
place and country filters (``--country AFG``, ``--near Kabul --within 50``).

An event's place is the GeoNames location its place phrase resolved to (``events.place``, the
JSON of a ``Location``). A fused event has no place column of its own: its place is that of
one of its reports, chosen by ``FUSED_PLACES``, so the map, the filters and the exports agree.
"""

from __future__ import annotations

from typing import Any

from dateline.errors import Errors, config_error
from dateline.model import Record

DEFAULT_WITHIN_KM = 50.0
MAX_WITHIN_KM = 20_040.0  # half the Earth's circumference: every place is this near
_EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)

# One place per fused event: among its reports whose place resolved, one whose place phrase is
# the fused event's own (the phrase most reports give), else any with a phrase of its clause,
# else one placed in its article's dateline city (basis "dateline"), else one placed by its
# parties' country (basis "actors"); the earliest report first.
FUSED_PLACES = """
    SELECT fm.fused_id, e.place
    FROM fused_mentions fm
    JOIN fused_events fp_f ON fp_f.id = fm.fused_id
    JOIN events e ON e.article_id = fm.article_id AND e.seq = fm.event_seq
    JOIN articles fp_art ON fp_art.id = fm.article_id
    WHERE json_extract_string(e.place, '$.basis') IN ('gazetteer', 'dateline', 'actors')
    QUALIFY row_number() OVER (
        PARTITION BY fm.fused_id
        ORDER BY json_extract_string(e.place, '$.basis') = 'gazetteer' DESC,
                 json_extract_string(e.place, '$.basis') = 'dateline' DESC,
                 e.location IS NOT DISTINCT FROM fp_f.location DESC,
                 fp_art.published NULLS LAST, fm.article_id, fm.event_seq) = 1"""


class Near(Record, frozen=True, kw_only=True):
    """A circle on the map: events placed within ``km`` of ``lat``, ``lon`` are near it."""

    name: str  # the place the circle is around, as the gazetteer names it
    lat: float
    lon: float
    km: float = DEFAULT_WITHIN_KM


def near_place(name: str, *, within_km: float = DEFAULT_WITHIN_KM) -> Near:
    """The circle of ``within_km`` around the place ``name`` names (a city or a country, as
    event places are resolved); a ``DatelineError`` (E008) when the gazetteer does not know it,
    E004 for a radius that is no distance on Earth."""
    from dateline.extract.actors import load_kb
    from dateline.extract.places import load_gazetteer

    if not 0 < within_km <= MAX_WITHIN_KM:
        detail = f"within={within_km!r}: give kilometres above 0, at most {MAX_WITHIN_KM:g}"
        raise config_error(Errors.E004, detail=detail)
    found = load_gazetteer(load_kb()).resolve(name)
    if found.lat is None or found.lon is None:
        raise config_error(Errors.E008, name=name)
    return Near(name=found.name or name, lat=found.lat, lon=found.lon, km=within_km)


def check_country(code: str) -> str:
    """``code`` as an ISO 3166-1 alpha-3 country code ("afg" → "AFG"); a ``DatelineError``
    (E004) when no country has it."""
    from dateline.extract.places import country_display

    upper = code.strip().upper()
    if len(upper) != 3 or not country_display(upper):
        detail = f"country={code!r}: give an ISO 3166-1 alpha-3 country code, such as AFG"
        raise config_error(Errors.E004, detail=detail)
    return upper


def place_clauses(
    place: str, *, country: str | None, near: Near | None, is_placed: bool = False
) -> tuple[str, list[Any]]:
    """The WHERE clauses (each starting " AND") and bound values that keep the rows whose
    ``place`` (an SQL expression holding a Location's JSON) is in ``country``, within ``near``
    and, with ``is_placed``, on the map at all. A row with no place matches none of them."""
    sql = ""
    params: list[Any] = []
    lat = f"TRY_CAST(json_extract_string({place}, '$.lat') AS DOUBLE)"
    lon = f"TRY_CAST(json_extract_string({place}, '$.lon') AS DOUBLE)"
    if country:
        sql += f" AND json_extract_string({place}, '$.country') = ?"
        params.append(country.upper())
    if is_placed:
        sql += f" AND {lat} IS NOT NULL AND {lon} IS NOT NULL"
    if near is not None:
        # the great-circle distance (haversine); least() keeps rounding from passing 1
        sql += f""" AND 2 * {_EARTH_RADIUS_KM} * asin(sqrt(least(1.0,
            pow(sin(radians({lat} - ?) / 2), 2)
            + cos(radians(?)) * cos(radians({lat})) * pow(sin(radians({lon} - ?) / 2), 2))))
            <= ?"""
        params += [near.lat, near.lat, near.lon, near.km]
    return sql, params


def fused_place_clauses(
    alias: str, *, country: str | None, near: Near | None, is_placed: bool = False
) -> tuple[str, list[Any]]:
    """``place_clauses`` for the fused events of the query's ``alias``, over their place."""
    inner, params = place_clauses("p.place", country=country, near=near, is_placed=is_placed)
    if not inner:
        return "", []
    placed = f"SELECT p.fused_id FROM ({FUSED_PLACES}) p WHERE TRUE{inner}"
    return f" AND {alias}.id IN ({placed})", params
