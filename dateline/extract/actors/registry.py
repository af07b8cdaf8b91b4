"""The actor registry: people the corpus itself has described, remembered across articles.

When one article says "Kenyan Foreign Minister Alfred Mutua", a later one that only says
"Mutua said" or "Alfred Mutua" should still know who he is, even though no dictionary does.
The registry holds every person whose role some article stated, with the dated evidence; a
lookup returns the role stated nearest before the day asked (or the earliest after it).
"""

from __future__ import annotations

from datetime import date

from dateline.extract.actors.names import name_key, surname_key
from dateline.extract.actors.records import ResolvedActor
from dateline.model import Record, Role


class LearnedPerson(Record, frozen=True, kw_only=True):
    """A person and the roles articles gave them, each with its article and evidence span."""

    actor_id: str
    name: str
    roles: tuple[Role, ...]


class Registry:
    """Lookups over learned people by folded full name and by unambiguous surname."""

    def __init__(self, people: tuple[LearnedPerson, ...] = ()) -> None:
        self.people = people
        self._by_name = {name_key(person.name): person for person in people}
        surnames: dict[str, list[LearnedPerson]] = {}
        for person in people:
            surnames.setdefault(surname_key(person.name), []).append(person)
        self._by_surname = {key: found[0] for key, found in surnames.items() if len(found) == 1}

    def __len__(self) -> int:
        return len(self.people)

    def __reduce__(self) -> tuple[type[Registry], tuple[tuple[LearnedPerson, ...]]]:
        # Sent to worker processes as its people only; the indexes are rebuilt there.
        return (Registry, (self.people,))

    def person(self, name: str, *, on: date | None) -> ResolvedActor | None:
        """The learned person with this full name."""
        found = self._by_name.get(name_key(name))
        return _resolved(found, on=on) if found else None

    def by_surname(self, surname: str, *, on: date | None) -> ResolvedActor | None:
        """The one learned person with this surname, if exactly one."""
        if len(surname.split()) != 1:
            return None
        found = self._by_surname.get(surname_key(surname))
        return _resolved(found, on=on) if found else None


def _resolved(person: LearnedPerson, *, on: date | None) -> ResolvedActor | None:
    role = stated_role(person.roles, on=on)
    if role is None:
        return None
    return ResolvedActor(
        name=person.name,
        kind="person",
        country=role.country,
        sector=role.sector,
        title=role.title,
        matched_by="person",
        actor_id=person.actor_id,
        on=on,
    )


def stated_role(roles: tuple[Role, ...], *, on: date | None) -> Role | None:
    """The role stated nearest before ``on`` (else the earliest after it; the latest if no day)."""
    dated = sorted((role for role in roles if role.valid_from), key=_start)
    if not dated:
        return roles[-1] if roles else None
    if on is None:
        return dated[-1]
    before = [role for role in dated if _start(role) <= on]
    return before[-1] if before else dated[0]


def _start(role: Role) -> date:
    return role.valid_from or date.min
