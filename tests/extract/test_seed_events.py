"""Events on the five seed articles, as `dateline run` stores them (no publication date given).

Each expected event was checked by hand against the article; the closing note of the
event-encoder issue lists the ones still missed or wrong. Readings that must not be made are
checked among the events a default view shows (confidence at or above the default threshold):
a lexicon reading of a secondary verb may stay in the store, below it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.extract.article import Extraction, Extractor
from dateline.ingest.run import ingest
from dateline.model import Event
from dateline.store.duck import Store
from dateline.store.query import list_articles
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE

SeedEvents = dict[str, list[tuple[Event, str | None, str | None]]]


@pytest.fixture(scope="module")
def seed_events(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> SeedEvents:
    extractor = Extractor()
    extractor.setup()
    with Store(tmp_path_factory.mktemp("seeds") / "s.duckdb") as store:
        ingest([str(seeds_dir)], store=store)
        articles = list_articles(store)
    found: SeedEvents = {}
    for article, extraction in zip(articles, extractor.extract_batch(articles), strict=True):
        found[Path(article.origin or "").name[:3]] = _named(extraction)
    return found


def _named(extraction: Extraction) -> list[tuple[Event, str | None, str | None]]:
    names = {actor.id: actor.name for actor in extraction.actors}
    return [
        (event, names.get(event.actor_id or ""), names.get(event.recipient_id or ""))
        for event in extraction.events
    ]


def _find(
    seed_events: SeedEvents, seed: str, kind: str, actor: str | None, recipient: str | None
) -> list[Event]:
    return [
        event
        for event, actor_name, recipient_name in seed_events[seed]
        if event.type == kind and actor_name == actor and recipient_name == recipient
    ]


ASSERTED = [
    ("000", "CONSULT", "Mevlüt Çavuşoğlu", "Antony Blinken"),  # the phone call
    ("000", "REQUEST", "Taliban", "Turkey"),  # "called on Turkey ... to assist Afghanistan"
    ("000", "CONSULT", "William Burns", "Abdul Ghani Baradar"),  # met in Kabul on Aug. 23
    ("000", "ASSAULT", "Taliban", "Afghanistan"),  # "seized control of Afghanistan" by force
    ("001", "CONSULT", "Lloyd Austin", "Hulusi Akar"),
    ("003", "CONSULT", "Antony Blinken", "Sergei Lavrov"),  # "spoke separately with Lavrov
    ("003", "CONSULT", "Antony Blinken", "Wang Yi"),  #   and Wang Yi": two events
    ("003", "CONSULT", "Zalmay Khalilzad", "Russia"),
    ("003", "CONSULT", "Zalmay Khalilzad", "China"),
    ("004", "CONSULT", "Antony Blinken", "Shah Mahmood Qureshi"),
    ("004", "COOPERATE", "China", "Taliban"),  # "China and Russia have both moved to engage
    ("004", "COOPERATE", "Russia", "Taliban"),  #   with the Taliban": each with the Taliban
]


@pytest.mark.parametrize(("seed", "kind", "actor", "recipient"), ASSERTED)
def test_an_event_the_seeds_report(
    seed_events: SeedEvents, seed: str, kind: str, actor: str, recipient: str | None
) -> None:
    found = _find(seed_events, seed, kind, actor, recipient)
    assert found, [(e.type, a, r, e.anchor.text) for e, a, r in seed_events[seed]]
    assert any(event.modality == "asserted" for event in found)


@pytest.mark.parametrize(
    ("seed", "kind", "actor", "recipient", "modality", "words"),
    [
        # the question put to the spokesman; the same seed's "a Taliban spokesman, who
        # effectively rejected Ankara's proposal" is a refusal that happened
        ("001", "REJECT", "Taliban", "Turkey", "hypothetical", "Asked in a text message"),
        ("000", "SUPPORT", None, "Turkey", "hypothetical", "We want"),
    ],
)
def test_an_event_that_did_not_happen_is_kept_and_labelled(
    seed_events: SeedEvents,
    seed: str,
    kind: str,
    actor: str,
    recipient: str,
    modality: str,
    words: str,
) -> None:
    found = [
        event
        for event in _find(seed_events, seed, kind, actor, recipient)
        if words in event.sentence.text
    ]
    assert found and {event.modality for event in found} == {modality}


def test_a_refusal_in_a_relative_clause_happened(seed_events: SeedEvents) -> None:
    found = [
        event
        for event in _find(seed_events, "001", "REJECT", "Taliban", "Turkey")
        if "who effectively rejected" in event.sentence.text
    ]
    assert found and all(event.modality == "asserted" for event in found)


def test_the_burns_baradar_meeting_is_placed_in_kabul(seed_events: SeedEvents) -> None:
    (meeting,) = _find(seed_events, "000", "CONSULT", "William Burns", "Abdul Ghani Baradar")
    assert meeting.location == "Kabul"


def test_the_qureshi_meeting_is_dated_by_its_own_weekday(seed_events: SeedEvents) -> None:
    # "on Wednesday evening" in an article of Friday 24 September 2021
    found = _find(seed_events, "004", "CONSULT", "Antony Blinken", "Shah Mahmood Qureshi")
    dated = {(e.date, e.date_basis) for e in found if e.date_basis == "explicit"}
    assert dated == {("2021-09-22", "explicit")}
    # "said after his meeting with Qureshi" names the meeting without its day: it is dated by
    # the publication (fusion joins it to the dated report of the same article)
    assert {e.date_basis for e in found} <= {"explicit", "publication"}


@pytest.mark.parametrize(
    ("seed", "kind", "actor", "recipient"),
    [
        ("004", "ASSAULT", "China", "Taliban"),  # "engage with" is talks, not fighting
        ("004", "COOPERATE", "China", "Russia"),  # they do not engage each other
        ("000", "ASSAULT", "United States", "Joe Biden"),  # "clashed with allies over Biden's"
        ("000", "ASSAULT", None, "Afghanistan"),  # "targeted by the media"
        ("002", "COERCE", None, "Afghanistan"),  # "I take responsibility"
        ("004", "COERCE", "Taliban", None),  # "the Taliban takes"
        ("000", "ASSAULT", "Mohammad Naeem", "Afghanistan"),  # "ravaged by war"
    ],
)
def test_a_reading_no_default_view_shows(
    seed_events: SeedEvents, seed: str, kind: str, actor: str, recipient: str
) -> None:
    found = _find(seed_events, seed, kind, actor, recipient)
    assert not [event for event in found if event.confidence >= DEFAULT_MIN_CONFIDENCE]


def test_a_date_inside_a_noun_phrase_does_not_date_the_verb(seed_events: SeedEvents) -> None:
    # "the September 11, 2001 attacks ... that led to the invasion": 2001 dates the attacks
    dated = [event.date for events in seed_events.values() for event, _, _ in events]
    assert "2001-09-11" not in dated
