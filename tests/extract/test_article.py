"""Extraction on the seeds and on hand-made text: actors, anchored dates, attributed quotes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from dateline.config import IngestConfig
from dateline.extract.article import Extraction, Extractor
from dateline.ingest.run import ingest
from dateline.model import Actor, Article
from dateline.store.duck import Store
from dateline.store.query import list_articles
from tests.conftest import article_for

PUBLISHED = datetime(2021, 8, 25, tzinfo=UTC)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    found = Extractor()
    found.setup()
    return found


@pytest.fixture(scope="module")
def seeds(
    seeds_dir: Path, extractor: Extractor, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[Article, Extraction]]:
    with Store(tmp_path_factory.mktemp("x") / "s.duckdb") as store:
        ingest([str(seeds_dir)], store=store, config=IngestConfig(published=PUBLISHED))
        articles = list_articles(store)
    return list(zip(articles, extractor.extract_batch(articles), strict=True))


def _actors(seeds: list[tuple[Article, Extraction]]) -> dict[str, Actor]:
    return {actor.id: actor for _, found in seeds for actor in found.actors}


SPEAKERS = [
    ("Naeem", "Mohammad Naeem", "AFG"),
    ("Çavuşoğlu", "Mevlüt Çavuşoğlu", "TUR"),
    ("Shaheen", "Suhail Shaheen", "AFG"),
    ("Blinken", "Antony Blinken", "USA"),
    ("Qureshi", "Shah Mahmood Qureshi", "PAK"),
    ("Mujahid", "Zabihullah Mujahid", "AFG"),
    ("Ned Price", "Ned Price", "USA"),
]


@pytest.mark.parametrize(("surname", "name", "country"), SPEAKERS)
def test_quoted_speakers_resolve_to_full_actor(
    seeds: list[tuple[Article, Extraction]], surname: str, name: str, country: str
) -> None:
    actors = _actors(seeds)
    speakers = [
        actors[quote.speaker_actor_id]
        for _, found in seeds
        for quote in found.quotes
        if quote.speaker and surname in quote.speaker.text and quote.speaker_actor_id
    ]
    assert speakers, f"no quote attributed to {surname}"
    assert {(actor.name, actor.country, actor.sector) for actor in speakers} == {
        (name, country, "GOV")
    }


def test_blinken_is_usa_gov_everywhere_titles_included(
    seeds: list[tuple[Article, Extraction]],
) -> None:
    actors = _actors(seeds)
    blinken = [m for _, found in seeds for m in found.mentions if "Blinken" in m.text]
    assert any(m.field == "title" for m in blinken)
    for mention in blinken:
        assert mention.label == "PERSON", mention
        actor = actors[mention.actor_id or ""]
        assert (actor.name, actor.country, actor.sector) == ("Antony Blinken", "USA", "GOV")


def test_he_added_follows_the_last_speaker(seeds: list[tuple[Article, Extraction]]) -> None:
    quotes = [q for _, found in seeds for q in found.quotes]
    relations = next(q for q in quotes if q.text.startswith("We want to establish good relations"))
    assert relations.speaker is not None and relations.speaker.text == "he"
    assert relations.speaker_actor_id == "per:mohammad-naeem"


def test_aug_24_in_an_article_of_aug_25(seeds: list[tuple[Article, Extraction]]) -> None:
    values = {(t.text, t.value) for _, found in seeds for t in found.timexes}
    assert ("Aug. 24", "2021-08-24") in values
    assert ("Aug. 31", "2021-08-31") in values


def test_spans_point_at_their_text(seeds: list[tuple[Article, Extraction]]) -> None:
    for article, found in seeds:
        for span in (*found.timexes, *found.quotes):
            assert article.text[span.start : span.end] == span.text
        for mention in found.mentions:
            source = article.title or "" if mention.field == "title" else article.text
            assert source[mention.start : mention.end] == mention.text


def _one(extractor: Extractor, text: str, *, day: datetime = PUBLISHED) -> Extraction:
    return extractor.extract_batch([article_for(text, day=day)])[0]


@pytest.mark.parametrize(
    ("text", "name", "country", "sector"),
    [
        (
            "Zambian Foreign Minister Chanda Mwitwa met reporters in Lusaka.",
            "Chanda Mwitwa",
            "ZMB",
            "GOV",
        ),
        (
            "Kofi Mensah-Boateng, a spokesman for the Ghanaian army, said troops were ready.",
            "Kofi Mensah-Boateng",
            "GHA",
            "MIL",
        ),
    ],
)
def test_unknown_person_takes_country_and_sector_from_the_text(
    extractor: Extractor, text: str, name: str, country: str, sector: str
) -> None:
    found = _one(extractor, text)
    person = next(actor for actor in found.actors if actor.name == name)
    assert (person.country, person.sector) == (country, sector)
    assert person.roles and person.roles[0].evidence is not None


def test_taliban_role_depends_on_the_date(extractor: Extractor) -> None:
    text = "The Taliban said they had taken control of the district."
    before = _one(extractor, text, day=datetime(2021, 7, 1, tzinfo=UTC))
    after = _one(extractor, text, day=datetime(2021, 9, 1, tzinfo=UTC))
    assert [(a.id, a.sector) for a in before.actors] == [("grp:taliban", "REB")]
    assert [(a.id, a.sector) for a in after.actors] == [("grp:taliban", "GOV")]


@pytest.mark.parametrize(
    ("text", "name", "sector", "title"),
    [
        # the knowledge base's latest roles are a seat in parliament and "former President":
        # an undated article's own title for the person says which role it is about
        (
            "Turkish Foreign Minister Mevlüt Çavuşoğlu met his counterpart in Ankara.",
            "Mevlüt Çavuşoğlu",
            "GOV",
            "Foreign Minister",
        ),
        ("President Joe Biden spoke with the Turkish leader.", "Joe Biden", "GOV", "President"),
        ("Mevlüt Çavuşoğlu met his counterpart in Ankara.", "Mevlüt Çavuşoğlu", "LEG", None),
    ],
)
def test_an_undated_article_takes_the_role_its_title_names(
    extractor: Extractor, text: str, name: str, sector: str, title: str | None
) -> None:
    undated = msgspec.structs.replace(article_for(text), published=None, published_basis="unknown")
    (found,) = extractor.extract_batch([undated])
    assert found.published_used is None
    person = next(actor for actor in found.actors if actor.name == name)
    assert person.sector == sector
    if title is not None:
        dated = _one(extractor, text, day=datetime(2022, 3, 1, tzinfo=UTC))
        again = next(actor for actor in dated.actors if actor.name == name)
        assert again.sector == sector  # the role its date gives


def test_a_country_named_with_an_office_is_the_person_the_article_names_in_it(
    extractor: Extractor,
) -> None:
    text = (
        "Pakistan Foreign Minister Shah Mahmood Qureshi arrived in Washington on Thursday.\n\n"
        "Blinken met Pakistan foreign minister on Friday. The Turkish foreign minister was not "
        "there."
    )
    article = msgspec.structs.replace(
        article_for(text), title="Blinken after meeting Pakistan foreign minister"
    )
    (found,) = extractor.extract_batch([article])
    by_text = {(m.field, m.text): m.actor_id for m in found.mentions}
    assert by_text[("text", "Pakistan foreign minister")] == "per:shah-mahmood-qureshi"
    assert by_text[("title", "Pakistan foreign minister")] == "per:shah-mahmood-qureshi"
    # no Turkish foreign minister is named: the phrase stays the country
    assert by_text[("text", "Turkish")] == "country:TUR"
    meeting = next(e for e in found.events if e.anchor.text == "met")
    assert meeting.recipient_id == "per:shah-mahmood-qureshi"


def test_an_office_named_without_a_name_is_not_a_vice_or_deputy_of_it(
    extractor: Extractor,
) -> None:
    # the article names the vice president only: "the US president" is not him
    text = (
        "US Vice President Mike Pence arrived in Ankara on Thursday.\n\n"
        "Erdogan spoke with the US president on Friday."
    )
    day = datetime(2019, 3, 1, tzinfo=UTC)  # in his term: his title is Vice President
    (found,) = extractor.extract_batch([article_for(text, day=day)])
    assert [m.actor_id for m in found.mentions].count("per:mike-pence") == 1
    assert [m.text for m in found.mentions if m.actor_id == "country:USA"] == ["US", "US"]
