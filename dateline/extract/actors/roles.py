"""Which of an actor's roles held on a given day.

Dated roles are inclusive at both ends.  Among the roles that hold, the most specific wins (both
ends dated, then one, then none), then the most recent start; an undated role is the fallback.
"""

from __future__ import annotations

import re
from datetime import date

from dateline.model import Role


def holds_on(role: Role, day: date) -> bool:
    """True when ``day`` lies inside the role's validity interval (open ends are unbounded)."""
    if role.valid_from is not None and day < role.valid_from:
        return False
    return role.valid_to is None or day <= role.valid_to


def _specificity(role: Role) -> tuple[int, date]:
    dated_ends = (role.valid_from is not None) + (role.valid_to is not None)
    return dated_ends, role.valid_from or date.min


def _recency(role: Role) -> tuple[date, date]:
    return role.valid_to or date.max, role.valid_from or date.min


def latest_role(roles: tuple[Role, ...]) -> Role | None:
    """The role to use when no date is known: the one that ends last, then starts last."""
    return max(roles, key=_recency, default=None)


def role_on(roles: tuple[Role, ...], day: date | None) -> Role | None:
    """The role valid on ``day`` (the latest one when ``day`` is None); None when none holds."""
    if day is None:
        return latest_role(roles)
    holding = [role for role in roles if holds_on(role, day)]
    return max(holding, key=_specificity, default=None)


def role_titled(roles: tuple[Role, ...], words: str) -> Role | None:
    """The role whose title the article's own words give the person ("Turkish Foreign Minister
    Mevlüt Çavuşoğlu": Foreign Minister, not his later seat in parliament), for an article with
    no date: the longest title found whole in ``words``, the latest of those; None if none is."""
    return latest_role(titled_roles(roles, words))


def titled_roles(roles: tuple[Role, ...], words: str) -> tuple[Role, ...]:
    """Every role with the longest title found whole in ``words`` (a person may have held one
    office twice: "President Donald Trump"); empty if no title is."""
    said = f" {title_words(words)} "
    titled = [role for role in roles if role.title and f" {title_words(role.title)} " in said]
    if not titled:
        return ()
    longest = max(len(title_words(role.title or "")) for role in titled)
    return tuple(role for role in titled if len(title_words(role.title or "")) == longest)


def title_words(text: str) -> str:
    """A title as lower-case words, British and American spelling alike ("Defence Minister" is
    "defense minister")."""
    return " ".join(re.findall(r"[a-z]+", text.lower().replace("defence", "defense")))


# words that make a title another office than the one it ends in ("Vice President")
_QUALIFIERS = frozenset({"vice", "deputy", "former", "acting", "assistant", "under"})


def names_office(title: str, office: str) -> bool:
    """Whether a person's ``title`` is the ``office`` an article names without a name ("the
    Pakistan foreign minister", "the US secretary"): its words begin or end the title, and no
    qualifier stands before them ("President" is not a "Vice President")."""
    held, named = title_words(title).split(), title_words(office).split()
    if not named or len(named) > len(held):
        return False
    if held[: len(named)] == named:
        return True
    before = held[-len(named) - 1] if len(held) > len(named) else ""
    return held[-len(named) :] == named and before not in _QUALIFIERS
