"""The actor knowledge base: its data files parse, seed-article actors resolve, roles are dated."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import msgspec
import pytest

from dateline.extract.actors import KbEntry, KnowledgeBase, ResolvedActor, load_kb, role_on
from dateline.extract.actors.cameo import read_agent_code, read_code
from dateline.extract.actors.keys import exact_key, fold, is_case_sensitive, loose_key
from dateline.extract.actors.resolve import ArticleResolver, ResolvedMention
from dateline.extract.actors.tables import (
    read_actor_rows,
    read_actors,
    read_agents,
    read_countries,
    rows,
)
from dateline.model import Role
from dateline.nlp.mentions import EntityMention
from tests.conftest import REPO, shared_file

SEED_DAY = date(2021, 8, 25)
ACTOR_FILES = (
    "organisations.tsv",
    "groups.tsv",
    "persons.tsv",
    "phoenix_persons.tsv",
    "phoenix_organisations.tsv",
    "phoenix_groups.tsv",
)
# PLOVER manual table 5.2, plus ELI which Phoenix uses for former office holders.
_SECTOR_CODES = (
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE "
    "REL SOC"
)
PLOVER_SECTORS = frozenset(_SECTOR_CODES.split())
ORGANISATION_CODES = {"IGO", "UNO", "EUR", "NATO", "NGO", "MNC", "IMG", "ISM"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Blinken", "PERSON", ("Antony Blinken", "USA", "GOV")),
        ("Antony Blinken", "PERSON", ("Antony Blinken", "USA", "GOV")),
        ("Anthony Blinken", "PERSON", ("Antony Blinken", "USA", "GOV")),
        ("Blinken", "GPE", ("Antony Blinken", "USA", "GOV")),
        ("U.S. Secretary of State Antony Blinken", None, ("Antony Blinken", "USA", "GOV")),
        ("Secretary Blinken", "PERSON", ("Antony Blinken", "USA", "GOV")),
        ("Mevlüt Çavuşoğlu", "PERSON", ("Mevlüt Çavuşoğlu", "TUR", "GOV")),
        ("Mevlut Cavusoglu", "PERSON", ("Mevlüt Çavuşoğlu", "TUR", "GOV")),
        ("Cavusoglu", "PERSON", ("Mevlüt Çavuşoğlu", "TUR", "GOV")),
        ("Çavuşoğlu", "PERSON", ("Mevlüt Çavuşoğlu", "TUR", "GOV")),
        ("Turkish Foreign Minister Mevlüt Çavuşoğlu", "PERSON", ("Mevlüt Çavuşoğlu", "TUR", "GOV")),
        ("Turkish Foreign Ministry", "ORG", ("Turkish Foreign Ministry", "TUR", "GOV")),
        ("Taliban", "ORG", ("Taliban", "AFG", "GOV")),
        ("The Taliban", "NORP", ("Taliban", "AFG", "GOV")),
        ("Taliban spokesman Zabihullah Mujahid", "PERSON", ("Zabihullah Mujahid", "AFG", "GOV")),
        ("Mujahid", "PERSON", ("Zabihullah Mujahid", "AFG", "GOV")),
        ("Soheil Shaheen", "PERSON", ("Suhail Shaheen", "AFG", "GOV")),
        ("Suhail Shaheen", "PERSON", ("Suhail Shaheen", "AFG", "GOV")),
        ("Naeem", "PERSON", ("Mohammad Naeem", "AFG", "GOV")),
        ("Mullah Abdul Ghani Baradar", "PERSON", ("Abdul Ghani Baradar", "AFG", "GOV")),
        (
            "Pakistan Foreign Minister Shah Mahmood Qureshi",
            "PERSON",
            ("Shah Mahmood Qureshi", "PAK", "GOV"),
        ),
        ("Qureshi", "PERSON", ("Shah Mahmood Qureshi", "PAK", "GOV")),
        ("CIA chief William Burns", "PERSON", ("William Burns", "USA", "SPY")),
        ("Lloyd Austin", "PERSON", ("Lloyd Austin", "USA", "MIL")),
        ("Turkish Defense Secretary Hulusi Akar", "PERSON", ("Hulusi Akar", "TUR", "MIL")),
        ("Russian Foreign Minister Sergei Lavrov", "PERSON", ("Sergei Lavrov", "RUS", "GOV")),
        ("Chinese Foreign Minister Wang Yi", "PERSON", ("Wang Yi", "CHN", "GOV")),
        ("President Joe Biden", "PERSON", ("Joe Biden", "USA", "GOV")),
        ("Ned Price", "PERSON", ("Ned Price", "USA", "GOV")),
        (
            "White House National Security Adviser Jake Sullivan",
            "PERSON",
            ("Jake Sullivan", "USA", "GOV"),
        ),
        ("Zalmay Khalilzad", "PERSON", ("Zalmay Khalilzad", "USA", "GOV")),
        ("German Chancellor Angela Merkel", "PERSON", ("Angela Merkel", "DEU", "GOV")),
        ("Recep Tayyip Erdogan", "PERSON", ("Recep Tayyip Erdoğan", "TUR", "GOV")),
        ("Ankara", "GPE", ("Turkey", "TUR", "GOV")),
        ("Washington", "GPE", ("United States", "USA", "GOV")),
        ("Moscow", "GPE", ("Russia", "RUS", "GOV")),
        ("U.S.", "GPE", ("United States", "USA", None)),
        ("US", "GPE", ("United States", "USA", None)),
        ("The United States", "GPE", ("United States", "USA", None)),
        ("Afghan", "NORP", ("Afghanistan", "AFG", None)),
        ("Afghans", "NORP", ("Afghanistan", "AFG", None)),
        ("Americans", "NORP", ("United States", "USA", None)),
        ("Turkish", "NORP", ("Turkey", "TUR", None)),
        ("Anadolu Agency", "ORG", ("Anadolu Agency", "TUR", "JRN")),
        ("Reuters", "ORG", ("Reuters", "GBR", "JRN")),
        ("The Associated Press", "ORG", ("Associated Press", "USA", "JRN")),
        ("Group of Seven", "ORG", ("Group of Seven", "IGO", "GOV")),
        ("G7", "ORG", ("Group of Seven", "IGO", "GOV")),
        ("Security Council", "ORG", ("United Nations Security Council", "UNO", "GOV")),
        ("NATO", "ORG", ("NATO", "NATO", "MIL")),
        ("Al Qaeda", "ORG", ("al-Qaeda", "IMG", "REB")),
        ("al-Qaeda", "ORG", ("al-Qaeda", "IMG", "REB")),
        ("Al-Qaida", "ORG", ("al-Qaeda", "IMG", "REB")),
        ("Islamic State", "ORG", ("Islamic State", "IMG", "REB")),
        ("ISIS-K", "ORG", ("Islamic State Khorasan Province", "AFG", "REB")),
        ("Islamic State in Khorasan", "ORG", ("Islamic State Khorasan Province", "AFG", "REB")),
        ("the State Department", "ORG", ("United States Department of State", "USA", "GOV")),
        ("The Pentagon", "ORG", ("Pentagon", "USA", "MIL")),
        ("CIA", "ORG", ("Central Intelligence Agency", "USA", "SPY")),
        ("U.S. troops", None, ("United States", "USA", "MIL")),
        ("Afghan forces", None, ("Afghanistan", "AFG", "MIL")),
        ("Taliban spokesman", None, ("Taliban", "AFG", "GOV")),
        ("President of Afghanistan", None, ("Afghanistan", "AFG", "GOV")),
    ],
)
def test_lookup_resolves_seed_actors(
    kb: KnowledgeBase, text: str, label: str | None, expected: tuple[str, str, str | None]
) -> None:
    actor = kb.lookup(text, label=label, on=SEED_DAY)
    assert actor is not None
    assert (actor.name, actor.country, actor.sector) == expected


@pytest.mark.parametrize(
    ("day", "sector"),
    [
        (date(2021, 8, 1), "REB"),
        (date(2021, 8, 14), "REB"),
        (date(2021, 8, 15), "GOV"),
        (date(2021, 9, 1), "GOV"),
        (date(1999, 1, 1), "GOV"),
        (date(2010, 1, 1), "REB"),
        (None, "GOV"),
    ],
)
def test_taliban_role_depends_on_the_day(kb: KnowledgeBase, day: date | None, sector: str) -> None:
    actor = kb.lookup("Taliban", label="ORG", on=day)
    assert actor is not None and actor.sector == sector


@pytest.mark.parametrize(
    ("day", "title"),
    [
        (date(2016, 1, 1), "Deputy Secretary of State"),
        (date(2021, 1, 26), "Secretary of State"),
        (date(2025, 1, 20), "Secretary of State"),
    ],
)
def test_person_role_on_day(kb: KnowledgeBase, day: date, title: str) -> None:
    entry = kb.person("Antony Blinken")
    assert entry is not None
    role = kb.role_on(entry, day)
    assert role is not None and role.title == title


def test_person_out_of_office_has_no_sector(kb: KnowledgeBase) -> None:
    actor = kb.lookup("Antony Blinken", label="PERSON", on=date(2019, 6, 1))
    assert actor is not None and (actor.country, actor.sector) == ("USA", None)


@pytest.mark.parametrize("text", ["us", "turkey", "Us", "afghan", "States", ""])
def test_lookup_is_case_aware(kb: KnowledgeBase, text: str) -> None:
    assert kb.country(text) is None


@pytest.mark.parametrize(
    ("text", "iso3", "matched"),
    [
        ("US", "USA", "name"),
        ("America", "USA", "name"),
        ("TURKEY", "TUR", "name"),
        ("Türkiye", "TUR", "name"),
        ("Kabul", "AFG", "capital"),
        ("Islamabad", "PAK", "capital"),
        ("Beijing", "CHN", "capital"),
        ("Pakistani", "PAK", "demonym"),
        ("Chinese", "CHN", "demonym"),
        ("Qatari", "QAT", "demonym"),
    ],
)
def test_country_matches(kb: KnowledgeBase, text: str, iso3: str, matched: str) -> None:
    match = kb.country(text)
    assert match is not None and (match.iso3, match.matched) == (iso3, matched)


def test_capital_stands_for_the_government(kb: KnowledgeBase) -> None:
    match = kb.country("Ankara")
    assert match is not None and match.sector == "GOV"


@pytest.mark.parametrize(
    ("words", "sector"),
    [
        ("Foreign Minister", "GOV"),
        ("Secretary of State", "GOV"),
        ("president", "GOV"),
        ("officials", "GOV"),
        ("embassy", "GOV"),
        ("lawmakers", "LEG"),
        ("troops", "MIL"),
        ("forces", "MIL"),
        ("defense secretary", "MIL"),
        ("police", "COP"),
        ("rebels", "REB"),
        ("militants", "REB"),
        ("protesters", "CVL"),
        ("journalists", "JRN"),
        ("doctors", "MED"),
        ("spokesman", None),
        ("chief", None),
        ("leader", None),
        ("negotiator", None),
    ],
)
def test_agent_words_give_sectors(kb: KnowledgeBase, words: str, sector: str | None) -> None:
    agent = kb.agent(words)
    assert agent is not None and agent.sector == sector


def test_unknown_agent_is_none(kb: KnowledgeBase) -> None:
    assert kb.agent("xylophone tuner") is None


@pytest.mark.parametrize(
    ("surname", "name"),
    [
        ("Blinken", "Antony Blinken"),
        ("Lavrov", "Sergei Lavrov"),
        ("Erdoğan", "Recep Tayyip Erdoğan"),
        ("Assad", "Bashar al-Assad"),
        ("al-Assad", "Bashar al-Assad"),
        ("Kramp-Karrenbauer", "Annegret Kramp-Karrenbauer"),
        ("Le Drian", "Jean-Yves Le Drian"),
    ],
)
def test_by_surname_puts_curated_first(kb: KnowledgeBase, surname: str, name: str) -> None:
    assert kb.by_surname(surname)[0].name == name


def test_phoenix_persons_are_found(kb: KnowledgeBase) -> None:
    entry = kb.person("Hosni Mubarak")
    assert entry is not None and entry.source == "phoenix" and entry.country == "EGY"


def test_phoenix_officials_of_organisations_are_persons(kb: KnowledgeBase) -> None:
    entry = kb.person("Kofi Annan")
    assert entry is not None and entry.kind == "person"
    role = kb.role_on(entry, date(2000, 1, 1))
    assert role is not None and role.country == "UNO"
    assert kb.organisation("Kofi Annan") is None


@pytest.mark.parametrize("surname", ["In", "Al", "al"])
def test_short_words_are_not_surnames(kb: KnowledgeBase, surname: str) -> None:
    assert kb.by_surname(surname) == ()


def test_phoenix_organisations_are_found(kb: KnowledgeBase) -> None:
    entry = kb.organisation("International Atomic Energy Agency")
    assert entry is not None and entry.country == "UNO"


def test_curated_names_shadow_phoenix(kb: KnowledgeBase) -> None:
    assert [entry.source for entry in kb.by_surname("Kerry")].count("curated") == 1
    assert all(entry.name != "Sergey Lavrov" for entry in kb.by_surname("Lavrov"))


@pytest.mark.parametrize(
    ("roles", "day", "expected"),
    [
        (
            (Role(sector="ELI"), Role(sector="GOV", valid_from=date(2020, 1, 1))),
            date(2021, 1, 1),
            "GOV",
        ),
        (
            (Role(sector="ELI"), Role(sector="GOV", valid_from=date(2020, 1, 1))),
            date(2019, 1, 1),
            "ELI",
        ),
        ((Role(sector="GOV", valid_to=date(2020, 1, 1)),), date(2020, 1, 1), "GOV"),
        ((Role(sector="GOV", valid_to=date(2020, 1, 1)),), date(2020, 1, 2), None),
        (
            (
                Role(sector="GOV", valid_from=date(2000, 1, 1)),
                Role(sector="SPY", valid_from=date(2010, 1, 1), valid_to=date(2012, 1, 1)),
            ),
            date(2011, 1, 1),
            "SPY",
        ),
        ((Role(sector="GOV", valid_to=date(2001, 1, 1)), Role(sector="ELI")), None, "ELI"),
    ],
)
def test_role_on_prefers_specific_roles(
    roles: tuple[Role, ...], day: date | None, expected: str | None
) -> None:
    role = role_on(roles, day)
    assert (role.sector if role else None) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Çavuşoğlu", "Cavusoglu"),
        ("al-Qaeda", "al Qaeda"),
        ("the Taliban's", "Taliban"),
        ("Reuters'", "Reuters"),
        ("Qa’ida", "Qaida"),
        ("  U.S.  ", "U.S."),
    ],
)
def test_exact_key(text: str, key: str) -> None:
    assert exact_key(text) == key


def test_fold_handles_dotless_i() -> None:
    assert fold("Kılıçdaroğlu İbrahim") == "Kilicdaroglu Ibrahim"


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("US", True),
        ("U.S.", True),
        ("LeT", True),
        ("ISIS-K", True),
        ("Hamas", False),
        ("Islamic State", False),
        ("al-Qaeda", False),
    ],
)
def test_case_sensitive_aliases(alias: str, expected: bool) -> None:
    assert is_case_sensitive(alias) is expected


def test_loose_key_ignores_case_and_accents() -> None:
    assert loose_key("MEVLÜT ÇAVUŞOĞLU") == loose_key("Mevlut Cavusoglu")


@pytest.mark.parametrize(
    ("code", "country", "sector"),
    [
        ("USAGOV", "USA", "GOV"),
        ("AFGREB", "AFG", "REB"),
        ("IGOUNO", "UNO", None),
        ("IGOUNOKID", "UNO", None),
        ("IGONAT", "NATO", None),
        ("USAGOVMIL", "USA", "MIL"),
        ("RUSGOVSPY", "RUS", "SPY"),
        ("USAGOVLEG", "USA", "LEG"),
        ("IMGMUSALQ", "IMG", "REB"),
        ("HTIOPPMED", "HTI", "OPP"),
        ("USAMED", "USA", "JRN"),
        ("ELI", None, "ELI"),
        ("KSVGOV", "XKX", "GOV"),
        ("MEAREB", None, "REB"),
    ],
)
def test_cameo_codes_read_in_plover_terms(
    code: str, country: str | None, sector: str | None
) -> None:
    coded = read_code(code)
    assert (coded.country, coded.sector) == (country, sector)


@pytest.mark.parametrize(
    ("code", "is_plover", "sector"),
    [
        ("~MED", False, "JRN"),
        ("~MED", True, "MED"),
        ("~HLH", False, "MED"),
        ("~GOVMIL", False, "MIL"),
        ("NGO~", False, "SOC"),
        ("~NON", True, None),
    ],
)
def test_agent_codes(code: str, is_plover: bool, sector: str | None) -> None:
    assert read_agent_code(code, is_plover=is_plover).sector == sector


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_actor_files_parse_with_known_codes(name: str) -> None:
    countries = {country.iso3 for country in read_countries()} | ORGANISATION_CODES
    for entry in read_actors(name, source="curated"):
        for role in entry.roles:
            assert role.country is None or role.country in countries, (entry.id, role)
            assert role.sector is None or role.sector in PLOVER_SECTORS, (entry.id, role)
            assert not (role.valid_from and role.valid_to and role.valid_from > role.valid_to), (
                entry.id
            )


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_rows_of_one_actor_agree_on_kind_and_name(name: str) -> None:
    for actor_id, group in read_actor_rows(name).items():
        assert len({(fields[1], fields[2]) for fields in group}) == 1, actor_id


@pytest.mark.parametrize("name", ["agents.tsv", "agents_curated.tsv"])
def test_agent_files_parse(name: str) -> None:
    agents = read_agents(name)
    assert agents
    assert all(match.sector is None or match.sector in PLOVER_SECTORS for _, match in agents)


def test_countries_are_unique_and_complete() -> None:
    codes = [country.iso3 for country in read_countries()]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 193
    assert all(len(code) == 3 and code.isupper() for code in codes)


def test_every_data_file_has_a_source_header() -> None:
    for path in (REPO / "dateline" / "data" / "actors").glob("*.tsv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = [line for line in lines[:12] if line.startswith("#")]
        text = " ".join(header).lower()
        assert lines[0].startswith("#") and "licence" in text, path.name


def test_cameo_table_parses() -> None:
    assert sum(1 for _ in rows("cameo_codes.tsv", columns=3)) > 40


@pytest.mark.parametrize("entry_text", ["Antony Blinken", "Hosni Mubarak"])
def test_entries_round_trip_through_json(kb: KnowledgeBase, entry_text: str) -> None:
    entry = kb.person(entry_text)
    assert entry is not None
    assert msgspec.json.decode(msgspec.json.encode(entry), type=KbEntry) == entry


def test_resolved_actor_round_trips(kb: KnowledgeBase) -> None:
    actor = kb.lookup("Taliban spokesman", on=SEED_DAY)
    assert actor is not None
    assert msgspec.json.decode(msgspec.json.encode(actor), type=ResolvedActor) == actor


def test_counts_cover_every_kind(kb: KnowledgeBase) -> None:
    counts = kb.counts()
    assert counts["countries"] >= 193 and counts["persons_phoenix"] > 10_000
    assert counts["persons_curated"] > 150 and counts["agent_phrases"] > 3_000


def _build_script() -> ModuleType:
    path = REPO / "scripts" / "build_actor_kb.py"
    spec = importlib.util.spec_from_file_location("build_actor_kb", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actor_kb"] = module
    spec.loader.exec_module(module)
    return module


PHOENIX_SAMPLE = """\
# comment
SERGEY_LAVROV_  # CountryInfo.txt
+SERGEI_LAVROV
+RUSSIAN_FOREIGN_MINISTER_LAVROV
\t[RUSGOV 19940922-20040712] # Amb. to UN
\t[RUSGOV >20040309]
HAMAS_ [PSEREB] # kkl
AMERICAN_VICE_PRESIDENT
+US_VICE_PRESIDENT
AMERICAN_VICE-PRESIDENT
\t[USAGOV]
"""


def test_build_script_parses_phoenix_records() -> None:
    script = _build_script()
    records = list(script.parse_actor_file(PHOENIX_SAMPLE))
    assert [record.phrases[0] for record in records] == [
        "SERGEY_LAVROV_",
        "HAMAS_",
        "AMERICAN_VICE_PRESIDENT",
    ]
    assert len(records[2].phrases) == 3
    rows_out = script.actor_rows(records[0], kind="person", prefix="phx")
    assert [(row.country, row.sector, row.valid_from, row.valid_to) for row in rows_out] == [
        ("RUS", "GOV", "1994-09-22", "2004-07-12"),
        ("RUS", "GOV", "2004-03-09", ""),
    ]
    assert rows_out[0].aliases == "Sergei Lavrov"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("080601", date(2008, 6, 1)),
        ("720101", date(1972, 1, 1)),
        ("20040309", date(2004, 3, 9)),
        ("2004017", None),
        ("991332", None),
    ],
)
def test_build_script_reads_phoenix_dates(text: str, expected: date | None) -> None:
    assert _build_script().parse_day(text) == expected


def test_build_script_expands_agent_plurals() -> None:
    text = "!MINIST! = MINISTER, MINISTRY\nFOREIGN_!MINIST! [~GOV]\nPOLICE {} [~COP]\nARMY [~MIL]\n"
    phrases = [phrase for phrase, _ in _build_script().agent_lines(text, is_plover=True)]
    assert phrases == ["foreign minister", "foreign ministry", "police", "army", "armies"]


def test_phoenix_source_still_holds_lavrov() -> None:
    path = shared_file("reference/petrarch2-dictionaries/Phoenix.Countries.actors.txt")
    script = _build_script()
    text = path.read_text(encoding="utf-8", errors="replace")
    names = {record.phrases[0] for record in script.parse_actor_file(text)}
    assert "SERGEY_LAVROV_" in names


def test_data_dir_is_packaged() -> None:
    assert (Path(REPO) / "dateline" / "data" / "actors" / "countries.tsv").is_file()


def test_a_group_filed_as_a_person_by_phoenix_is_the_curated_group() -> None:
    kb = load_kb()
    assert kb.person("The Islamic State") is None
    found = kb.lookup("The Islamic State", label="PERSON", on=None)
    assert found is not None and (found.kind, found.actor_id) == ("group", "grp:isis")


@pytest.mark.parametrize("text", ["Washington state", "the state of Washington"])
def test_a_state_named_like_a_capital_is_not_the_country(text: str) -> None:
    assert load_kb().lookup(text) is None


def _one(text: str, label: str, day: date | None) -> ResolvedMention:
    mention = EntityMention(
        start=0, end=len(text), text=text, label=label, sentence_start=0, descriptor=None
    )
    (found,) = ArticleResolver(load_kb(), on=day).resolve([mention])
    return found


def test_a_surname_the_recogniser_calls_an_organisation_is_the_person_in_office() -> None:
    found = _one("Trump", "ORG", date(2017, 2, 1))
    assert found.actor is not None and found.actor.name == "Donald Trump"


def test_an_organisation_that_is_no_surname_stays_unresolved() -> None:
    assert _one("Zuberi Holdings", "ORG", date(2017, 2, 1)).actor is None


def test_a_span_across_scraped_punctuation_makes_no_surname_of_a_country() -> None:
    """ "who's going to back him.- Israel is ...": the recogniser's PERSON "him.- Israel" is no
    one, and the article's later "Israel" stays the country."""
    first = "back him.- Israel"
    later = "Israel"
    mentions = [
        EntityMention(start=5, end=17, text=first[5:], label="PERSON", sentence_start=0),
        EntityMention(start=40, end=46, text=later, label="GPE", sentence_start=30),
    ]
    _, found = ArticleResolver(load_kb(), on=date(2017, 2, 1)).resolve(mentions)
    assert found.actor is not None and found.actor.name == "Israel"


def test_a_faith_is_no_title_before_a_surname(kb: KnowledgeBase) -> None:
    # "Church" is a surname the knowledge base knows; "Anglican" names a faith, not an office
    assert kb.lookup("the Anglican Church", label="ORG") is None
    found = kb.lookup("Foreign Minister Lavrov", label="ORG")
    assert found is not None and found.name == "Sergei Lavrov"


def test_a_family_name_that_comes_first_is_shared_not_a_strangers_surname(
    kb: KnowledgeBase,
) -> None:
    # "Kim" is the family name of many (Kim Jong Un, Kim Il Sung): alone it names no one known
    assert kb.lookup("Mr Kim", label="PERSON") is None
    mentions = [
        EntityMention(start=0, end=11, text="Kim Jong Un", label="PERSON", sentence_start=0),
        EntityMention(start=43, end=46, text="Kim", label="PERSON", sentence_start=30),
    ]
    found = ArticleResolver(kb, on=date(2017, 3, 1)).resolve(mentions)
    assert found[1].actor is not None and found[1].actor.name == found[0].actor.name
