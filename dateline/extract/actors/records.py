"""The knowledge base's records: entries with dated roles, and what each kind of lookup returns.

Roles reuse ``dateline.model.Role``; ``valid_from`` and ``valid_to`` are both inclusive, and a role
without dates is the fallback that holds whenever no dated role does (PETRARCH's default code).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from dateline.model import Actor, Record, Role

Source = Literal["curated", "phoenix", "plover"]
CountryMatchKind = Literal["name", "capital", "demonym"]
MatchedBy = Literal[
    "person", "surname", "organisation", "country", "capital", "demonym", "agent", "composite"
]


class KbEntry(Actor, frozen=True, kw_only=True):
    """An actor the knowledge base knows: an ``Actor`` plus the names it goes by and its source.

    ``country`` and ``sector`` hold the role that applies when no date is given (the latest).
    """

    aliases: tuple[str, ...] = ()
    source: Source = "curated"


class Country(Record, frozen=True, kw_only=True):
    """One country or territory and the words that name it."""

    iso3: str
    name: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


class CountryMatch(Record, frozen=True, kw_only=True):
    """A country found by one of its words; a capital stands for the government (metonymy)."""

    iso3: str
    name: str
    matched: CountryMatchKind
    sector: str | None = None


class AgentMatch(Record, frozen=True, kw_only=True):
    """A title or agent word ("Foreign Minister", "troops") and the sector it implies.

    ``sector`` is None for words that take the sector of what they are attached to
    ("Taliban spokesman", "NATO chief").
    """

    title: str
    sector: str | None = None
    secondary: tuple[str, ...] = ()
    source: Source = "curated"


class ResolvedActor(Record, frozen=True, kw_only=True):
    """What ``KnowledgeBase.lookup`` makes of a phrase, with the role that held on the day asked."""

    name: str
    kind: Literal["person", "organisation", "country", "group"]
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    matched_by: MatchedBy
    actor_id: str | None = None
    on: date | None = None


__all__ = [
    "AgentMatch",
    "Country",
    "CountryMatch",
    "KbEntry",
    "ResolvedActor",
    "Role",
]
