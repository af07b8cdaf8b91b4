"""The article's dateline: found strictly in its opening lines, resolved with the gazetteer, and
given to the events of its clause-less, local events (basis "dateline") and to no others."""

from __future__ import annotations

import json

import pytest

from dateline.extract.actors import load_kb
from dateline.extract.actors.kb import KnowledgeBase
from dateline.extract.contract import extract_lines
from dateline.extract.datelines import Dateline, find_dateline, resolve_dateline
from dateline.extract.places import Gazetteer, is_local, load_gazetteer

LEDE = " Taliban fighters attacked an army post on Thursday, officials said, and three died."


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def gazetteer(kb: KnowledgeBase) -> Gazetteer:
    return load_gazetteer(kb)


@pytest.mark.parametrize(
    ("opening", "city", "region"),
    [
        ("KABUL, Afghanistan (AP) —", "KABUL", "Afghanistan"),
        ("SULAIMANI (ESTA) —", "SULAIMANI", None),
        ("WASHINGTON, Aug 26 (Reuters) -", "WASHINGTON", None),
        ("ISLAMABAD:", "ISLAMABAD", None),
        ("MOSCOW —", "MOSCOW", None),
        ("Kabul, Aug 25 (AA) -", "Kabul", None),
        ("LASHKAR GAH, Afghanistan, Feb 28 (Reuters) -", "LASHKAR GAH", "Afghanistan"),
        ("ST. PAUL, Minn. (AP) —", "ST. PAUL", "Minn."),
        ("MOSCOW, February 7. /TASS/.", "MOSCOW", None),
        ("BONN /Germany/, February 16. /TASS/.", "BONN", "Germany"),
        ("Islamabad, Pakistan --", "Islamabad", "Pakistan"),
        ("Mexico City, Mexico -", "Mexico City", "Mexico"),
        ("Washington (CNN)", "Washington", None),
    ],
)
def test_a_dateline_opening_the_article_is_found_with_its_offsets(
    opening: str, city: str, region: str | None
) -> None:
    text = f"A headline about the attack\n\n{opening}{LEDE}"
    found = find_dateline(text, title="A headline about the attack")
    assert found is not None
    assert (found.city.text, found.region) == (city, region)
    assert text[found.city.start : found.city.end] == city


@pytest.mark.parametrize(
    "opening",
    [
        "UPDATE 1-Taliban take Kabul airport as the last foreign troops leave the country.",
        "Kabul - Taliban take airport",  # a headline: no sentence follows the dash
        "Correction:" + LEDE,  # a colon ends only a place in capitals
        "Deutsche Welle:" + LEDE,
        "By KATHY GANNON, Associated Press" + LEDE,
        "EXCLUSIVE-Taliban" + LEDE,  # a hyphen with no space after it joins words
        "Antony Blinken said on Monday that the talks would resume." + LEDE,
        "The- US secretary of state has arrived in South Korea with the aim of talks there.",
        "KABUL, Afghanistan (AP) — the" + LEDE.lower(),  # no sentence opens after it
    ],
)
def test_what_is_no_dateline_is_not_found(opening: str) -> None:
    assert find_dateline(opening + "\n\nMore of the story follows here.") is None


def test_the_title_line_and_lines_after_the_opening_are_passed_over() -> None:
    title = "KABUL, Afghanistan (AP) — a title that reads like a dateline for some reason."
    assert find_dateline(f"{title}\n\nThe story.", title=title) is None
    late = "\n\n".join(["One.", "Two.", "Three.", "Four.", "MOSCOW —" + LEDE])
    assert find_dateline(late) is None
    caption = "Blinken calls China\n\nA photo caption (Reuters photo)\n\nMOSCOW —" + LEDE
    assert find_dateline(caption) is not None  # after the title and a caption


def found_in(opening: str) -> Dateline:
    found = find_dateline(opening + LEDE)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("opening", "countries", "expected"),
    [
        ("KABUL, Afghanistan (AP) —", (), (1138958, "AFG")),
        ("WASHINGTON, Aug 26 (Reuters) -", (), (4140963, "USA")),
        ("ISLAMABAD:", (), (1176615, "PAK")),
        ("Hyderabad, Pakistan -", (), (1176734, "PAK")),  # its region picks the namesake
        ("HYDERABAD (Reuters) -", ("PAK",), (1176734, "PAK")),  # else the article's countries
    ],
)
def test_a_dateline_resolves_to_its_city(
    gazetteer: Gazetteer,
    kb: KnowledgeBase,
    opening: str,
    countries: tuple[str, ...],
    expected: tuple[int, str],
) -> None:
    place = resolve_dateline(found_in(opening), gazetteer, kb, countries=countries)
    assert place is not None
    assert (place.geonames_id, place.country, place.feature, place.basis) == (
        *expected, "city", "dateline"
    )  # fmt: skip


@pytest.mark.parametrize(
    "opening",
    [
        "DW:",  # GeoNames calls Jahrom "DW": a code, and the outlet's name
        "CNN -",  # Kannur
        "Zzyzxtown -",  # not in the gazetteer
        "Rubio --",  # a city in Venezuela, and a senator's name
        "David Cameron --",
        "KABUL, Pakistan (AP) —",  # the region names another country
        "AFGHANISTAN:",  # a country is no dateline, unless a wire's
    ],
)
def test_what_the_gazetteer_does_not_place_as_a_dateline_is_none(
    gazetteer: Gazetteer, kb: KnowledgeBase, opening: str
) -> None:
    assert resolve_dateline(found_in(opening), gazetteer, kb) is None


@pytest.mark.parametrize(
    ("quad", "countries", "expected"),
    [
        (4, ("AFG", "AFG"), True),  # Afghan parties, a Kabul dateline
        (4, ("AFG", None), True),
        (2, ("UNO", "AFG"), True),  # the UN and Afghans: the Afghan side is local
        (4, ("PAK", "PAK"), False),  # a Pakistani event told from Kabul
        (1, ("USA", "AFG"), False),  # parties of two countries: the call is anywhere
        (1, ("USA", "CHN"), False),
        (4, ("UNO", None), False),  # no party of the dateline's country
        (4, (None, None), False),
        (0, ("AFG", "AFG"), False),  # a statement is said anywhere
    ],
)
def test_a_dateline_places_only_events_local_to_it(
    quad: int, countries: tuple[str | None, ...], expected: bool
) -> None:
    assert is_local(quad, countries, dateline_country="AFG") is expected


def extracted(text: str) -> dict[str, dict[str, object] | None]:
    line = json.dumps({"id": "d", "published": "2021-08-26", "text": text}).encode()
    out = json.loads(next(iter(extract_lines([line]))))
    return {e["anchor"]["text"]: e["location"] for e in out["events"] if e["quad"] != 0}


@pytest.mark.slow
def test_extract_gives_a_local_event_its_datelines_city_and_span() -> None:
    text = (
        "KABUL, Afghanistan (AP) — Taliban fighters attacked Afghan soldiers on Thursday. "
        "Antony Blinken spoke with Sergei Lavrov on Thursday. "
        "Gunmen ambushed a police convoy in Kandahar on Friday."
    )
    located = extracted(text)
    attack = located["attacked"]
    assert attack is not None
    assert (attack["start"], attack["end"], attack["text"]) == (0, 5, "KABUL")
    assert (attack["geonames_id"], attack["feature"], attack["basis"]) == (
        1138958,
        "city",
        "dateline",
    )
    assert located["spoke"] is None  # Washington and Moscow: not local to Kabul
    kandahar = located["ambushed"]  # the clause's own place comes first
    assert kandahar is not None and (kandahar["text"], kandahar["basis"]) == (
        "Kandahar",
        "gazetteer",
    )


@pytest.mark.slow
def test_a_news_agencys_city_is_not_where_a_call_between_ministers_happened() -> None:
    # seed 003 opens "SULAIMANI (ESTA) —": an agency in Iraq writing of calls from Washington
    text = (
        "Blinken calls China, Russia on Afghan collapse\n\nBAGHDAD (ESTA) — U.S. Secretary of "
        "State Antony Blinken spoke with Russian Foreign Minister Sergei Lavrov on Monday. "
        "Blinken also spoke with Chinese Foreign Minister Wang Yi on Monday."
    )
    assert all(place is None or place["basis"] != "dateline" for place in extracted(text).values())
