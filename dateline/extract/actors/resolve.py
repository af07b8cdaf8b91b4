"""Resolve an article's entity mentions to actors: knowledge base, own words, coreference.

Order matters.  Full names come first, so that a later "Blinken" or a mis-tagged "Naeem" (the
model calls it an organisation) resolves to the person this article already named.  A person
the knowledge base does not know takes country and sector from the title or appositive the
article gives ("Kenyan Foreign Minister X", "X, spokesman for the Taliban's political office"),
and that role is kept as learned evidence.  Only then does the knowledge base's own
surname list get a say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from msgspec.structs import replace

from dateline.extract.actors.kb import KnowledgeBase
from dateline.extract.actors.keys import family_name_first
from dateline.extract.actors.names import slug, surname_key
from dateline.extract.actors.records import ResolvedActor
from dateline.extract.actors.registry import Registry
from dateline.extract.actors.roles import names_office, role_titled
from dateline.model import Record, Span
from dateline.nlp.mentions import EntityMention

_PERSONISH = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_LINKS = re.compile(r"\s+(?:for|of|at|with|in)\s+(?:the\s+)?", re.IGNORECASE)


class ResolvedMention(Record, frozen=True, kw_only=True):
    """A mention with its (possibly corrected) label, its actor, and the words that told us."""

    start: int
    end: int
    text: str
    label: str
    actor: ResolvedActor | None
    evidence: Span | None = None


class ArticleResolver:
    """Resolves the mentions of one article, remembering the people it has named."""

    def __init__(
        self, kb: KnowledgeBase, *, on: date | None, registry: Registry | None = None
    ) -> None:
        self.kb = kb
        self.on = on
        self.registry = registry or Registry()
        self.people: dict[str, ResolvedActor] = {}  # surname key -> the person named in full
        self.resolved: list[ResolvedMention] = []

    def resolve(self, mentions: Sequence[EntityMention]) -> list[ResolvedMention]:
        """Every mention, in text order, resolved as far as the evidence allows."""
        ordered = sorted(mentions, key=lambda mention: mention.start)
        firsts = {id(m): self._full_person(m) for m in ordered if _is_full_name(m)}
        for actor in firsts.values():
            if actor is not None:
                self._remember(actor)
        for mention in ordered:
            found = firsts.get(id(mention))
            self.resolved.append(found_or(mention, found, self._other(mention)))
        return self.resolved

    def resolve_title(self, mentions: Sequence[EntityMention]) -> list[ResolvedMention]:
        """The title's mentions, read in the light of the body resolved before ("Blinken")."""
        titled = []
        for mention in sorted(mentions, key=lambda mention: mention.start):
            first = self._full_person(mention) if _is_full_name(mention) else None
            titled.append(found_or(mention, first, self._other(mention)))
        return titled

    def _full_person(self, mention: EntityMention) -> ResolvedMention | None:
        known = self.kb.lookup(mention.text, label="PERSON", on=self.on)
        if known is not None and known.kind == "person" and known.matched_by == "person":
            if self.on is None and mention.descriptor is not None:
                known = self._as_described(known, mention.descriptor.text)
            return _resolved(mention, known, evidence=None)
        if mention.label != "PERSON":
            return None
        learned = self.registry.person(mention.text, on=self.on)
        if learned is not None and mention.descriptor is None:
            return _resolved(mention, learned, evidence=None)
        return self._person_from_description(mention)

    def _as_described(self, known: ResolvedActor, words: str) -> ResolvedActor:
        """A known person in an undated article, in the role its title for them names (the
        latest role is the fallback: an old article would show today's office)."""
        entry = self.kb.person(known.name)
        role = role_titled(entry.roles, words) if entry and entry.id == known.actor_id else None
        if role is None:
            return known
        return replace(
            known, country=role.country or known.country, sector=role.sector, title=role.title
        )

    def _person_from_description(self, mention: EntityMention) -> ResolvedMention:
        described = self.describe(mention.descriptor.text) if mention.descriptor else None
        actor = ResolvedActor(
            name=mention.text,
            kind="person",
            country=described.country if described else None,
            sector=described.sector if described else None,
            title=described.title if described else None,
            matched_by="composite" if described else "person",
            actor_id=f"per:{slug(mention.text)}",
            on=self.on,
        )
        return _resolved(mention, actor, evidence=mention.descriptor if described else None)

    def describe(self, words: str) -> ResolvedActor | None:
        """What a title or appositive says: "Turkish Foreign Minister", "spokesman for the X"."""
        found = self.kb.lookup(words, on=self.on)
        if found is not None and found.kind != "person":
            return found
        agent_words, _, rest = _split_link(words)
        agent = self.kb.agent(agent_words) if rest else None
        owner = self.kb.lookup(_strip_possessive(rest), on=self.on) if agent else None
        if agent is None or owner is None:
            return None
        return ResolvedActor(
            name=owner.name,
            kind=owner.kind,
            country=owner.country,
            sector=agent.sector or owner.sector,
            title=words,
            matched_by="composite",
            actor_id=owner.actor_id,
            on=self.on,
        )

    def _remember(self, found: ResolvedMention) -> None:
        actor = found.actor
        if actor is not None and actor.kind == "person":
            for name in (actor.name, found.text):
                self.people.setdefault(surname_key(name), actor)
                first = family_name_first(name)
                if first is not None:
                    self.people.setdefault(first, actor)  # "Kim Jong Un", then "Mr Kim"

    def _other(self, mention: EntityMention) -> ResolvedMention:
        person = self.people.get(surname_key(mention.text))
        single = mention.label in _PERSONISH and _is_single_name(mention.text)
        if person is not None and single:
            return _resolved(mention, person, evidence=None)
        learned = self.registry.by_surname(mention.text, on=self.on) if single else None
        if learned is not None:
            return _resolved(mention, learned, evidence=None)
        known = self.kb.lookup(mention.text, label=mention.label, on=self.on)
        if known is None and mention.label == "ORG" and _is_single_name(mention.text):
            # the recogniser's "organisation" for a surname ("President-elect Trump" as ORG):
            # a person the knowledge base knows by that surname and in office on the day
            person = self.kb.lookup(mention.text, label="PERSON", on=self.on)
            if person is not None and person.kind == "person" and person.sector is not None:
                known = person
        return _resolved(mention, known, evidence=None)

    def person_like(self, words: str) -> ResolvedActor | None:
        """The actor a speaker phrase names: a person this article named, or the KB's answer."""
        person = self.people.get(surname_key(words))
        if person is not None:
            return person
        return self.kb.lookup(words, on=self.on)

    def described(self, text: str, found: Sequence[ResolvedMention]) -> list[ResolvedMention]:
        """``found`` (mentions of ``text``) with a country named only with an office ("after
        meeting Pakistan foreign minister", "the Turkish foreign minister said") read as the one
        person this article names with that office and country: Shah Mahmood Qureshi."""
        result = list(found)
        for index, mention in enumerate(found):
            actor = mention.actor
            if actor is None or actor.kind != "country" or mention.label not in ("GPE", "NORP"):
                continue
            office = _OFFICE.match(text, mention.end)
            if office is None or _NAME_NEXT.match(text, office.end()):
                continue  # "Pakistan Foreign Minister Shah Mahmood Qureshi": the name says who
            holders = {
                person.actor_id: person
                for person in self.people.values()
                if person.country == actor.country
                and person.title
                and names_office(person.title, office.group(1))
            }
            if len(holders) == 1:
                (person,) = holders.values()
                result[index] = ResolvedMention(
                    start=mention.start,
                    end=office.end(),
                    text=text[mention.start : office.end()],
                    label="PERSON",
                    actor=person,
                )
        return result

    def nominal(self, words: str, *, before: int) -> ResolvedActor | None:
        """ "the Taliban spokesman", "the minister": the last person before ``before`` with that
        title."""
        agent = self.kb.agent(_last_word(words))
        if agent is None:
            return None
        title = agent.title.lower()
        for found in reversed(self.resolved):
            actor = found.actor
            if found.start >= before:
                continue
            if actor and actor.kind == "person" and title in (actor.title or "").lower():
                return actor
        return None


def found_or(
    mention: EntityMention, first: ResolvedMention | None, other: ResolvedMention
) -> ResolvedMention:
    return first if first is not None else other


def _resolved(
    mention: EntityMention, actor: ResolvedActor | None, *, evidence: Span | None
) -> ResolvedMention:
    # The knowledge base corrects the model's label: "Blinken" tagged as a place is a person.
    label = "PERSON" if actor is not None and actor.kind == "person" else mention.label
    return ResolvedMention(
        start=mention.start,
        end=mention.end,
        text=mention.text,
        label=label,
        actor=actor,
        evidence=evidence,
    )


def _is_full_name(mention: EntityMention) -> bool:
    words = mention.text.split()
    return (
        mention.label in _PERSONISH
        and len(words) >= 2
        # "him.- Israel", a recogniser's span across scraped punctuation, is no one's name
        # (and must not make "Israel" a surname for the rest of the article)
        and all(_name_word(word) for word in words)
    )


def _name_word(word: str) -> bool:
    """A word of a name: capitalised, or a particle ("bin", "al-Assad", "de", "van"), with its
    hyphens, apostrophes and an initial's full stop."""
    word = word.strip("()")  # "Ted Cruz (R-Texas)"
    if _NAME_MARKS.search(word):
        return False
    return word[:1].isupper() or word.split("-", maxsplit=1)[0].lower() in _PARTICLES


_NAME_MARKS = re.compile(r"[^\w'’.-]|[.-]{2}|\.-|-\.")
_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "abu", "de", "da", "di", "du", "del", "der", "den", "van", "von",
     "la", "le", "dos", "das"}
)  # fmt: skip


def _is_single_name(text: str) -> bool:
    return len(text.split()) == 1 and text[:1].isupper()


def _split_link(words: str) -> tuple[str, str, str]:
    found = _LINKS.search(words)
    if found is None:
        return words, "", ""
    return words[: found.start()], found.group(), words[found.end() :]


def _strip_possessive(words: str) -> str:
    head = re.split(r"(?:'s|’s)\b", words, maxsplit=1)[0]
    return head.strip()


def _last_word(words: str) -> str:
    parts = words.split()
    return parts[-1] if parts else ""


# an office held by one person of a country, named right after the country ("Pakistan foreign
# minister", "Turkey's defence minister")
_OFFICE = re.compile(
    r"(?:['\u2019]s)?\s+((?:(?:foreign|defen[cs]e|interior|finance|prime|vice|deputy)\s+)?"
    r"(?:minister|president|secretary|chancellor))\b",
    re.IGNORECASE,
)
_NAME_NEXT = re.compile(r",?[ \t]+[A-Z]")  # a name on the same line
