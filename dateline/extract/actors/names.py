"""Keys for matching a person's name across mentions and articles, and actor-id slugs."""

from __future__ import annotations

import re

from dateline.extract.actors.keys import fold


def name_key(name: str) -> str:
    """A name without diacritics, case or extra spaces: "Mevlüt  Çavuşoğlu" = "mevlut cavusoglu"."""
    return " ".join(fold(name).casefold().split())


def surname_key(name: str) -> str:
    """The keyed last word of a name: "Mevlüt Çavuşoğlu" and "Cavusoglu" share it."""
    words = re.findall(r"[\w'-]+", name_key(name))
    return words[-1] if words else ""


def slug(name: str) -> str:
    """An id-safe form of a name: "Mevlüt Çavuşoğlu" -> "mevlut-cavusoglu"."""
    return re.sub(r"[^a-z0-9]+", "-", name_key(name)).strip("-")
