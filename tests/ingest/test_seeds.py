"""The five seed articles through ingest: titles right, boilerplate gone, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.ingest.run import ingest
from dateline.model import Article
from dateline.store.duck import Store
from dateline.store.query import list_articles, list_rejections

TITLES = {
    "000_fa976eb13f709e32.txt": "Çavuşoğlu, Blinken discuss latest developments in Afghanistan",
    "001_e6617704505e3ebe.txt": "The Taliban spokesman told Reuters that Turkey should withdraw "
    "troops as part of the agreement with the US to withdraw foreign forces.",
    "002_2a391d6e8a9ef4af.txt": "SECRETARY OF STATE: We have had diplomatic contact with the "
    "Taliban for year",
    "003_c90d9f645bcc5d6e.txt": "Blinken calls China, Russia on Afghan collapse",
    "004_3ffa943a864cec4c.txt": "Taliban's actions will define its relationship with world: "
    "Blinken after meeting Pakistan foreign minister",
}
BOILERPLATE = [
    "Previous Article",
    "Next Article",
    "Related Posts",
    "Total",
    "0",
    "Share",
    "Post a Comment",
    "The content of this field is kept private and will not be shown publicly.",
    "Image",
    "Iraq former air chief takes off after graft conviction",
    "(Esta Media Network/AFP)",
    "(SAM)",
    "Sep 24, 2021",
    "U.S. mission in Afghanistan was never supposed to be nation building: Biden",
]
KEPT = [
    "Taliban spokesman Zabihullah Mujahid on Aug. 24 said his group would accept",
    "U.S. negotiator Zalmay Khalilzad regularly consulted Russia and China",
    "Qureshi even asked Blinken not to repeat the mistakes of the past.",
    "Soheil Shaheen, a spokesman for the Taliban’s office in Qatar, warned",
]


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    with Store(tmp_path_factory.mktemp("seeds") / "s.duckdb") as store:
        report = ingest([str(seeds_dir)], store=store)
        assert report.rejected == 0, list_rejections(store)
        return {Path(article.origin).name: article for article in list_articles(store)}


def test_five_articles(seeds: dict[str, Article]) -> None:
    assert sorted(seeds) == sorted(TITLES)


@pytest.mark.parametrize(("name", "title"), TITLES.items())
def test_title(seeds: dict[str, Article], name: str, title: str) -> None:
    assert seeds[name].title == title


@pytest.mark.parametrize("line", BOILERPLATE)
def test_no_boilerplate_line_left(seeds: dict[str, Article], line: str) -> None:
    for article in seeds.values():
        assert line not in article.text.split("\n"), article.origin


@pytest.mark.parametrize("sentence", KEPT)
def test_real_sentences_kept(seeds: dict[str, Article], sentence: str) -> None:
    assert any(sentence in article.text for article in seeds.values())


def test_title_not_repeated_in_text(seeds: dict[str, Article]) -> None:
    article = seeds["000_fa976eb13f709e32.txt"]
    assert article.title is not None
    assert article.title not in article.text


def test_segments_map_text_back_to_raw(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for segment in article.segments:
            piece = article.text[segment.start : segment.start + segment.length]
            assert piece == article.raw_text[segment.raw_start : segment.raw_start + segment.length]


def test_dated_seed_uses_its_text_date(seeds: dict[str, Article]) -> None:
    article = seeds["004_3ffa943a864cec4c.txt"]
    assert article.published is not None
    assert (article.published.date().isoformat(), article.published_basis) == ("2021-09-24", "text")


def test_all_english(seeds: dict[str, Article]) -> None:
    assert {article.language for article in seeds.values()} == {"en"}
