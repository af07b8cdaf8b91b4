"""Actor knowledge base: who a name, title or demonym in news text refers to, on a given day."""

from dateline.extract.actors.kb import KnowledgeBase, load_kb
from dateline.extract.actors.records import (
    AgentMatch,
    Country,
    CountryMatch,
    KbEntry,
    ResolvedActor,
)
from dateline.extract.actors.roles import role_on

__all__ = [
    "AgentMatch",
    "Country",
    "CountryMatch",
    "KbEntry",
    "KnowledgeBase",
    "ResolvedActor",
    "load_kb",
    "role_on",
]
