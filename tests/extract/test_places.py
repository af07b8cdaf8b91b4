"""Event places resolved to the GeoNames gazetteer offline, and carried to the outputs."""

from __future__ import annotations

import json

import pytest

from dateline.extract.actors import load_kb
from dateline.extract.contract import extract_lines
from dateline.extract.places import Gazetteer, actors_country, fips_code, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(load_kb())


@pytest.mark.parametrize(
    ("phrase", "countries", "expected"),
    [
        ("Kabul", (), (1138958, "city", "AFG")),
        ("Ankara", (), (323786, "city", "TUR")),
        ("Doha", (), (290030, "city", "QAT")),
        ("Washington", (), (4140963, "city", "USA")),  # the capital, not its namesakes
        ("the UN General Assembly", (), (5128581, "city", "USA")),  # meets in New York
        ("Afghanistan", (), (1149361, "country", "AFG")),
        ("the United States", (), (6252001, "country", "USA")),
        # a city in a country the article names wins over a larger namesake
        ("Hyderabad", ("PAK",), (1176734, "city", "PAK")),
        ("Hyderabad", (), (1269843, "city", "IND")),
    ],
)
def test_place_phrases_resolve_to_geonames(
    gazetteer: Gazetteer, phrase: str, countries: tuple[str, ...], expected: tuple[object, ...]
) -> None:
    found = gazetteer.resolve(phrase, countries=countries)
    assert (found.geonames_id, found.feature, found.country) == expected
    assert found.basis == "gazetteer" and found.lat is not None and found.lon is not None


def test_a_place_the_gazetteer_lacks_stays_a_phrase(gazetteer: Gazetteer) -> None:
    found = gazetteer.resolve("Zzyzxtown")
    assert (found.basis, found.geonames_id, found.lat) == ("unresolved", None, None)


def test_gdelt_writes_fips_country_codes() -> None:
    assert (fips_code("AFG"), fips_code("DEU"), fips_code(None)) == ("AF", "GM", "")


def test_extract_gives_each_place_phrase_with_its_location() -> None:
    text = (
        "Taliban fighters attacked the airport in Kabul on Thursday. "
        "Rebels attacked a post in Zzyzxtown on Friday."
    )
    line = json.dumps({"id": "p", "published": "2021-08-27", "text": text}).encode()
    out = json.loads(next(iter(extract_lines([line]))))
    places = {e["location"]["text"]: e["location"] for e in out["events"] if e["location"]}
    kabul = places["Kabul"]
    assert text[kabul["start"] : kabul["end"]] == "Kabul"
    assert (kabul["geonames_id"], kabul["country"], kabul["basis"]) == (1138958, "AFG", "gazetteer")
    assert places["Zzyzxtown"]["basis"] == "unresolved"
    assert places["Zzyzxtown"]["lat"] is None


@pytest.mark.parametrize(
    ("quad", "countries", "expected"),
    [
        (4, ("AFG", "AFG"), "AFG"),  # the Taliban attacked Afghan forces
        (3, ("USA", None), "USA"),  # a party with no country says nothing against it
        (1, ("USA", "RUS"), None),  # a call between two countries: either, or neither
        (4, ("UNO", "AFG"), None),  # an organisation is in no one country
        (4, (None, None), None),
        (0, ("USA", "USA"), None),  # a statement is said anywhere
    ],
)
def test_an_event_with_no_place_phrase_takes_its_parties_one_country(
    quad: int, countries: tuple[str | None, ...], expected: str | None
) -> None:
    assert actors_country(quad, countries) == expected


def test_a_country_from_the_parties_is_a_country_not_a_spot(gazetteer: Gazetteer) -> None:
    found = gazetteer.country("AFG")
    assert found is not None
    assert (found.geonames_id, found.feature, found.country, found.basis) == (
        1149361, "country", "AFG", "actors"
    )  # fmt: skip
    assert found.lat is not None and found.adm1 is None
    assert gazetteer.country("UNO") is None


def test_extract_gives_the_parties_country_with_no_span_where_no_place_is_named() -> None:
    text = (
        "Taliban fighters attacked Afghan soldiers on Thursday. "
        "Antony Blinken spoke with Sergei Lavrov on Thursday."
    )
    line = json.dumps({"id": "p", "published": "2021-08-27", "text": text}).encode()
    out = json.loads(next(iter(extract_lines([line]))))
    located = {e["anchor"]["text"]: e["location"] for e in out["events"] if e["quad"] != 0}
    attack = located["attacked"]
    assert attack is not None
    assert (attack["start"], attack["end"], attack["text"]) == (None, None, None)
    assert (attack["country"], attack["feature"], attack["basis"]) == ("AFG", "country", "actors")
    assert located["spoke"] is None  # Washington and Moscow: no one country
