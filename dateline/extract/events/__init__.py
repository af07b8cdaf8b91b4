"""Event coding: the CAMEO/PLOVER ontology and the verb-pattern lexicon (DESIGN §2, §5)."""

from dateline.extract.events.lexicon import VerbEntry, VerbLexicon, VerbPattern, load_lexicon
from dateline.extract.events.ontology import (
    PLOVER_TYPES,
    STATEMENT,
    CameoCode,
    PloverCategory,
    PloverCoding,
    cameo,
    cameo_codes,
    is_cameo,
    pentaclass,
    plover_categories,
    plover_for,
    quad,
)

__all__ = [
    "PLOVER_TYPES",
    "STATEMENT",
    "CameoCode",
    "PloverCategory",
    "PloverCoding",
    "VerbEntry",
    "VerbLexicon",
    "VerbPattern",
    "cameo",
    "cameo_codes",
    "is_cameo",
    "load_lexicon",
    "pentaclass",
    "plover_categories",
    "plover_for",
    "quad",
]
