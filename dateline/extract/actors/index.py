"""A case-aware name index: acronyms match exactly, other names regardless of case and accents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from dateline.extract.actors.keys import exact_key, is_case_sensitive, loose_key, may_match_loosely

T = TypeVar("T")


class NameIndex(Generic[T]):
    """Maps names to items; the first item added under a key comes first in ``find``."""

    def __init__(self) -> None:
        self._exact: dict[str, list[T]] = {}
        self._loose: dict[str, list[T]] = {}

    def add(self, alias: str, item: T) -> None:
        """Index ``item`` under ``alias`` (case-sensitively when the alias is an acronym)."""
        if is_case_sensitive(alias):
            bucket = self._exact.setdefault(exact_key(alias), [])
        else:
            bucket = self._loose.setdefault(loose_key(alias), [])
        if not any(existing is item for existing in bucket):
            bucket.append(item)

    def add_loose(self, key: str, item: T) -> None:
        """Index ``item`` under a ready-made loose key (bulk loading of multi-word names).

        Callers add one item's aliases together, so checking the last item avoids repeats.
        """
        bucket = self._loose.setdefault(key, [])
        if not bucket or bucket[-1] is not item:
            bucket.append(item)

    def add_all(self, aliases: Iterable[str], item: T) -> None:
        """Index ``item`` under each of ``aliases``."""
        for alias in aliases:
            self.add(alias, item)

    def find(self, text: str) -> tuple[T, ...]:
        """The items named ``text``: exact-case hits first, else case-insensitive ones."""
        exact = self._exact.get(exact_key(text))
        if exact:
            return tuple(exact)
        if not may_match_loosely(text):
            return ()
        return tuple(self._loose.get(loose_key(text), ()))

    def has_key(self, text: str) -> bool:
        """True when ``text`` names something here."""
        return bool(self.find(text))

    def items(self) -> tuple[T, ...]:
        """Every item indexed, once each, in the order first added."""
        seen: dict[int, T] = {}
        for bucket in (*self._exact.values(), *self._loose.values()):
            for item in bucket:
                seen.setdefault(id(item), item)
        return tuple(seen.values())

    def __len__(self) -> int:
        return len(self._exact) + len(self._loose)
