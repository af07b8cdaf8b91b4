"""``KnowledgeBase.lookup``: one phrase (a mention's text) to the actor it names, on a given day.

Tries the kinds of name in an order that depends on the NER label, then reads composite phrases:
"Turkish Foreign Minister Mevlüt Çavuşoğlu" (title + person), "U.S. troops" (country + agent),
"Taliban spokesman" (group + agent), "President of Afghanistan" (agent + of + country).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from dateline.extract.actors.keys import loose_key
from dateline.extract.actors.records import AgentMatch, MatchedBy, ResolvedActor

if TYPE_CHECKING:
    from dateline.extract.actors.kb import KnowledgeBase

Strategy = Callable[["KnowledgeBase", str, "date | None"], "ResolvedActor | None"]
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "sheikh", "prof"})


def by_person(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """A person by full name."""
    entry = kb.person(text)
    return kb.resolve_entry(entry, on=on, matched_by="person") if entry else None


def by_surname(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """A person by surname alone, when only one is known (curated persons count first)."""
    if len(loose_key(text).split()) > 2 or not text[:1].isupper():
        return None
    candidates = kb.by_surname(text)
    curated = [entry for entry in candidates if entry.source == "curated"]
    pool = curated or candidates
    if len(pool) != 1:
        return None
    return kb.resolve_entry(pool[0], on=on, matched_by="surname")


def by_organisation(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """An organisation or armed group by name."""
    entry = kb.organisation(text)
    return kb.resolve_entry(entry, on=on, matched_by="organisation") if entry else None


def by_country(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """A country by name, capital (the government) or demonym."""
    match = kb.country(text)
    if match is None:
        return None
    matched_by: MatchedBy = "country" if match.matched == "name" else match.matched
    return ResolvedActor(
        name=match.name,
        kind="country",
        country=match.iso3,
        sector=match.sector,
        matched_by=matched_by,
        actor_id=f"country:{match.iso3}",
        on=on,
    )


def by_agent(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """A bare agent phrase ("officials", "police"): a sector without a country."""
    agent = kb.agent(text)
    if agent is None or agent.sector is None:
        return None
    return ResolvedActor(
        name=agent.title,
        kind="group",
        sector=agent.sector,
        title=agent.title,
        matched_by="agent",
        on=on,
    )


def _named(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """A country or an organisation, whichever ``text`` names."""
    return by_organisation(kb, text, on) or by_country(kb, text, on)


def _with_agent(head: ResolvedActor, agent: AgentMatch) -> ResolvedActor:
    # A bare country plus a word without its own sector ("U.S. negotiator") is its government.
    default = "GOV" if head.kind == "country" else head.sector
    return ResolvedActor(
        name=head.name,
        kind=head.kind,
        country=head.country,
        sector=agent.sector or default,
        title=agent.title,
        matched_by="composite",
        actor_id=head.actor_id,
        on=head.on,
    )


def by_named_agent(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """ "U.S. troops", "Taliban spokesman", "President of Afghanistan"."""
    words = text.split()
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        agent = kb.agent(tail)
        named = _named(kb, head, on) if agent else None
        if agent and named and not _province(named, agent):
            return _with_agent(named, agent)
    left, of, right = text.partition(" of ")
    agent = kb.agent(left) if of else None
    named = _named(kb, right, on) if agent else None
    return _with_agent(named, agent) if agent and named and not _province(named, agent) else None


def _province(named: ResolvedActor, agent: AgentMatch) -> bool:
    """ "Washington state", "the state of Washington": a state of a country named like its
    capital is that state, not the country."""
    return named.matched_by == "capital" and agent.title.lower() in ("state", "province")


def _is_title(kb: KnowledgeBase, words: list[str], on: date | None) -> AgentMatch | None:
    """The agent a run of title words ends in ("Turkish Foreign Minister", "Mr."), if it is one."""
    phrase = " ".join(words)
    if loose_key(phrase).strip(".") in _HONORIFICS:
        return AgentMatch(title=phrase)
    agent = kb.agent(phrase)
    if agent:
        return agent
    named_agent = by_named_agent(kb, phrase, on)
    return AgentMatch(title=named_agent.title or phrase) if named_agent else None


def by_titled_person(kb: KnowledgeBase, text: str, on: date | None) -> ResolvedActor | None:
    """A person after a title: "Secretary of State Antony Blinken", "CIA chief William Burns"."""
    words = text.split()
    for cut in range(1, len(words)):
        rest = " ".join(words[cut:])
        full = by_person(kb, rest, on)
        found = full or by_surname(kb, rest, on)
        title = _is_title(kb, words[:cut], on) if found else None
        # a faith is no title a surname may follow: "the Anglican Church" is no Mr Church
        if found and title and (full or title.sector != "REL"):
            return found
    return None


_ORDERS: dict[str | None, tuple[Strategy, ...]] = {
    "PERSON": (by_person, by_surname, by_titled_person, by_organisation, by_country),
    "ORG": (by_organisation, by_named_agent, by_country, by_person, by_titled_person, by_agent),
    # The model's label can be wrong ("Blinken" tagged as a place), so persons come last.
    "GPE": (by_country, by_organisation, by_named_agent, by_person, by_surname),
    "NORP": (by_country, by_organisation, by_named_agent, by_agent, by_person, by_surname),
    None: (
        by_organisation,
        by_person,
        by_country,
        by_surname,
        by_titled_person,
        by_named_agent,
        by_agent,
    ),
}
_ORDERS["LOC"] = _ORDERS["GPE"]


def lookup(
    kb: KnowledgeBase, text: str, *, label: str | None = None, on: date | None = None
) -> ResolvedActor | None:
    """The actor ``text`` names, trying kinds of name in the order ``label`` suggests."""
    text = " ".join(text.split())
    if not text:
        return None
    for strategy in _ORDERS.get(label, _ORDERS[None]):
        found = strategy(kb, text, on)
        if found is not None:
            return found
    return None
