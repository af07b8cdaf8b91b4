"""The actor knowledge base: countries, organisations, armed groups, persons and agent words.

Loaded once from ``dateline/data/actors/`` (``load_kb()``); hand-curated files take precedence over
the Phoenix-derived ones, which are indexed only when first needed so that loading stays fast.
"""

from __future__ import annotations

import functools
import logging
from datetime import date

from dateline.extract.actors.index import NameIndex
from dateline.extract.actors.keys import loose_key, surname_keys
from dateline.extract.actors.records import (
    AgentMatch,
    Country,
    CountryMatch,
    KbEntry,
    MatchedBy,
    ResolvedActor,
    Role,
    Source,
)
from dateline.extract.actors.roles import role_on
from dateline.extract.actors.tables import (
    actor_names,
    build_entry,
    read_actor_rows,
    read_actors,
    read_agents,
    read_countries,
)

log = logging.getLogger(__name__)

_CURATED_ACTORS = ("organisations.tsv", "groups.tsv")
_PHOENIX_ACTORS = ("phoenix_groups.tsv", "phoenix_organisations.tsv", "phoenix_persons.tsv")
# Demonyms that take no plural "-s": "the Chinese", "the Swiss", "the British".
_NO_PLURAL = ("s", "sh", "ch", "ese", "z", "x")


class _LazyIndex:
    """Names (and, for persons, surnames) of the actors of some files; entries built when asked for.

    Building 25,000 Phoenix entries up front would cost seconds; the index holds only ids.
    """

    def __init__(
        self, grouped: dict[str, list[list[str]]], *, source: Source, has_surnames: bool
    ) -> None:
        self._rows = grouped
        self._source: Source = source
        self._built: dict[str, KbEntry] = {}
        self.names: NameIndex[str] = NameIndex()
        self.surnames: dict[str, list[str]] = {}
        for actor_id, group in self._rows.items():
            if has_surnames:
                self._add_person(actor_id, actor_names(group))
            else:
                self.names.add_all(actor_names(group), actor_id)

    def _add_person(self, actor_id: str, names: tuple[str, ...]) -> None:
        # A one-word alias of a person ("Lavrov", "Lula") is a surname, never a full name.
        for alias in names:
            key = loose_key(alias)
            if " " in key:
                self.names.add_loose(key, actor_id)
            for surname in surname_keys(alias):
                bucket = self.surnames.setdefault(surname, [])
                if actor_id not in bucket:
                    bucket.append(actor_id)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._rows

    def entry(self, actor_id: str) -> KbEntry:
        """The entry with this id."""
        if actor_id not in self._built:
            self._built[actor_id] = build_entry(self._rows[actor_id], source=self._source)
        return self._built[actor_id]

    def find(self, name: str) -> tuple[KbEntry, ...]:
        """Actors with this (full) name."""
        return tuple(self.entry(actor_id) for actor_id in self.names.find(name))

    def with_surname(self, key: str) -> tuple[KbEntry, ...]:
        """Persons who go by this surname key."""
        return tuple(self.entry(actor_id) for actor_id in self.surnames.get(key, ()))

    def entries(self) -> tuple[KbEntry, ...]:
        """Every actor (builds them all)."""
        return tuple(self.entry(actor_id) for actor_id in self._rows)


def _demonym_forms(word: str) -> tuple[str, ...]:
    if word.endswith(_NO_PLURAL) or word.endswith("men") or " " in word:
        return (word,)
    return (word, word + "s")


class KnowledgeBase:
    """Lookups over the shipped actor data; see ``load_kb``."""

    def __init__(self) -> None:
        self.countries = read_countries()
        self._countries: NameIndex[CountryMatch] = _country_index(self.countries)
        self.organisations = tuple(
            entry for name in _CURATED_ACTORS for entry in read_actors(name, source="curated")
        )
        self._organisations: NameIndex[KbEntry] = _entry_index(self.organisations)
        curated = read_actor_rows("persons.tsv")
        self._persons = _LazyIndex(curated, source="curated", has_surnames=True)
        self.persons = self._persons.entries()
        self._agents = _agent_table()

    @functools.cached_property
    def _phoenix_rows(self) -> dict[str, dict[str, list[list[str]]]]:
        """Phoenix rows by id, split into persons and the rest (each file mixes some of both)."""
        split: dict[str, dict[str, list[list[str]]]] = {"person": {}, "other": {}}
        for name in _PHOENIX_ACTORS:
            for actor_id, group in read_actor_rows(name).items():
                split["person" if group[0][1] == "person" else "other"][actor_id] = group
        return split

    @functools.cached_property
    def _phoenix_organisations(self) -> _LazyIndex:
        # Actors the curated files also name were left out by scripts/build_actor_kb.py.
        grouped = self._phoenix_rows["other"]
        return _LazyIndex(grouped, source="phoenix", has_surnames=False)

    @functools.cached_property
    def _phoenix_persons(self) -> _LazyIndex:
        # a name the curated files give a group or organisation is no person, though Phoenix's
        # person dictionary files it ("The Islamic State")
        grouped = {
            actor_id: rows
            for actor_id, rows in self._phoenix_rows["person"].items()
            if not self._organisations.find(rows[0][2])
        }
        return _LazyIndex(grouped, source="phoenix", has_surnames=True)

    def country(self, text: str) -> CountryMatch | None:
        """The country named, called by its capital, or described by ``text`` ("US", "Ankara")."""
        hits = self._countries.find(text)
        return hits[0] if hits else None

    def country_by_code(self, iso3: str) -> Country | None:
        """The country with this ISO 3166-1 alpha-3 code."""
        return next((country for country in self.countries if country.iso3 == iso3), None)

    def organisation(self, text: str) -> KbEntry | None:
        """The organisation or armed group named ``text``; curated entries first."""
        hits = self._organisations.find(text) or self._phoenix_organisations.find(text)
        return hits[0] if hits else None

    def person(self, name: str) -> KbEntry | None:
        """The person with this full name (diacritics and case aside); curated entries first."""
        hits = self._persons.find(name) or self._phoenix_persons.find(name)
        return hits[0] if hits else None

    def by_surname(self, surname: str) -> tuple[KbEntry, ...]:
        """Every person who may be called ``surname`` alone, curated ones first."""
        key = loose_key(surname)
        curated = self._persons.with_surname(key)
        return (*curated, *self._phoenix_persons.with_surname(key))

    def roles_of(self, actor_id: str) -> tuple[Role, ...]:
        """The titled roles the knowledge base gives an actor, with their dates (curated
        entries, else Phoenix's); none for an actor it does not know."""
        found = (
            self._persons.entry(actor_id)
            if actor_id in self._persons
            else next((e for e in self.organisations if e.id == actor_id), None)
        )
        if found is None:  # Phoenix's tables are read only for an actor the curated ones lack
            phoenix = (self._phoenix_persons, self._phoenix_organisations)
            index = next((index for index in phoenix if actor_id in index), None)
            found = index.entry(actor_id) if index is not None else None
        return tuple(role for role in found.roles if role.title) if found else ()

    def agent(self, words: str) -> AgentMatch | None:
        """The sector and title a title or agent phrase implies ("Foreign Minister", "troops")."""
        key = loose_key(words)
        return self._agents.get(key) or self._agents.get(key.removesuffix("s") if key else key)

    def role_on(self, entry: KbEntry, day: date | None) -> Role | None:
        """The role of ``entry`` valid on ``day`` (the latest when ``day`` is None)."""
        return role_on(entry.roles, day)

    def resolve_entry(
        self, entry: KbEntry, *, on: date | None, matched_by: MatchedBy, title: str | None = None
    ) -> ResolvedActor:
        """An entry as a ``ResolvedActor`` with its role on ``on``; no sector if none held then."""
        role = role_on(entry.roles, on)
        return ResolvedActor(
            name=entry.name,
            kind=entry.kind,
            country=role.country if role else entry.country,
            sector=role.sector if role else None,
            title=title or (role.title if role else None),
            matched_by=matched_by,
            actor_id=entry.id,
            on=on,
        )

    def lookup(
        self, text: str, *, label: str | None = None, on: date | None = None
    ) -> ResolvedActor | None:
        """One entry point: whatever ``text`` names, with its role on ``on`` (see ``lookup.py``)."""
        from dateline.extract.actors.lookup import lookup

        return lookup(self, text, label=label, on=on)

    def warm(self) -> None:
        """Index the Phoenix files now (about 0.4 s), not on the first miss: for ``setup()``."""
        _ = self._phoenix_persons, self._phoenix_organisations

    def counts(self) -> dict[str, int]:
        """How many entries of each kind the knowledge base holds (loads the Phoenix files)."""
        return {
            "countries": len(self.countries),
            "organisations_and_groups_curated": len(self.organisations),
            "organisations_and_groups_phoenix": len(self._phoenix_organisations),
            "persons_curated": len(self.persons),
            "persons_phoenix": len(self._phoenix_persons),
            "agent_phrases": len(self._agents),
        }


def _country_index(countries: tuple[Country, ...]) -> NameIndex[CountryMatch]:
    index: NameIndex[CountryMatch] = NameIndex()
    for country in countries:
        match = CountryMatch(iso3=country.iso3, name=country.name, matched="name")
        index.add_all((country.name, *country.names), match)
    for country in countries:
        match = CountryMatch(iso3=country.iso3, name=country.name, matched="demonym")
        index.add_all((form for word in country.adjectives for form in _demonym_forms(word)), match)
    for country in countries:
        match = CountryMatch(iso3=country.iso3, name=country.name, matched="capital", sector="GOV")
        index.add_all(country.capitals, match)
    return index


def _entry_index(entries: tuple[KbEntry, ...]) -> NameIndex[KbEntry]:
    index: NameIndex[KbEntry] = NameIndex()
    for entry in entries:
        index.add_all((entry.name, *entry.aliases), entry)
    return index


def _agent_table() -> dict[str, AgentMatch]:
    table = {loose_key(phrase): match for phrase, match in read_agents("agents.tsv")}
    table.update((loose_key(p), m) for p, m in read_agents("agents_curated.tsv"))
    return table


@functools.cache
def load_kb() -> KnowledgeBase:
    """The knowledge base, loaded once per process."""
    kb = KnowledgeBase()
    log.debug("actor knowledge base loaded: %d countries", len(kb.countries))
    return kb
