"""An event's place from the place phrases of its clause, where the coder names none: resolved
on the map where the gazetteer holds it, kept as words where it does not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dateline.extract.actors import load_kb
from dateline.extract.actors.records import ResolvedActor
from dateline.extract.actors.resolve import ResolvedMention
from dateline.extract.contract import extract_lines
from dateline.extract.places import Gazetteer, clause_place, load_gazetteer
from dateline.model import Span


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(load_kb())


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("the Saudi capital", (108410, "city", "SAU")),  # Riyadh
        ("the Somali capital", (53654, "city", "SOM")),  # Mogadishu
        ("Afghanistan's capital", (1138958, "city", "AFG")),
        ("southern Hungary", (719819, "country", "HUN")),
        ("north-western Syria", (163843, "country", "SYR")),
        ("the city of Deir ez-Zor", (170794, "city", "SYR")),
    ],
)
def test_a_capital_or_part_of_a_place_resolves(
    gazetteer: Gazetteer, phrase: str, expected: tuple[object, ...]
) -> None:
    found = gazetteer.resolve(phrase)
    assert (found.geonames_id, found.feature, found.country, found.basis) == (
        *expected,
        "gazetteer",
    )


@pytest.mark.parametrize("phrase", ["the capital", "the southern city", "West Virginia"])
def test_a_phrase_with_no_named_place_stays_words(gazetteer: Gazetteer, phrase: str) -> None:
    assert gazetteer.resolve(phrase).basis == "unresolved"


def _location(text: str, anchor: str) -> dict[str, Any] | None:
    line = json.dumps({"id": "p", "published": "2021-05-02", "text": text}).encode()
    out = json.loads(next(iter(extract_lines([line]))))
    event = next(e for e in out["events"] if e["anchor"]["text"] == anchor)
    return event["location"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("text", "anchor", "phrase", "geonames_id", "basis"),
    [
        ("Gunmen stormed a hotel in the Somali capital on Saturday.", "stormed",
         "the Somali capital", 53654, "gazetteer"),
        ("Islamic State fighters seized control of Palmyra in May.", "seized",
         "Palmyra", 163808, "gazetteer"),
        ("Rebel fighters captured the airbase on Sunday.", "captured",
         "the airbase", None, "unresolved"),
    ],
)  # fmt: skip
def test_extract_places_an_event_by_its_clauses_place_phrase(
    text: str, anchor: str, phrase: str, geonames_id: int | None, basis: str
) -> None:
    location = _location(text, anchor)
    assert location is not None
    assert text[location["start"] : location["end"]] == phrase
    assert (location["geonames_id"], location["basis"]) == (geonames_id, basis)


def _phrase(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start=start, end=start + len(words), text=words)


def test_a_phrase_the_gazetteer_holds_wins_over_a_nearer_one(gazetteer: Gazetteer) -> None:
    text = "Militants stormed a hotel in Mogadishu."
    anchor, hotel, city = (_phrase(text, w) for w in ("stormed", "a hotel", "Mogadishu"))
    found = clause_place(gazetteer, [hotel, city], anchor=anchor, named=[])
    assert found is not None
    assert (found[0], found[1].geonames_id) == (city, 53654)


def test_a_phrase_naming_a_known_party_is_no_place(gazetteer: Gazetteer) -> None:
    text = "The ministers met at the Arab League."
    anchor, league = _phrase(text, "met"), _phrase(text, "the Arab League")
    party = ResolvedActor(name="Arab League", kind="organisation", matched_by="organisation")
    named = [ResolvedMention(start=league.start + 4, end=league.end, text="Arab League",
                             label="ORG", actor=party)]  # fmt: skip
    assert clause_place(gazetteer, [league], anchor=anchor, named=named) is None
