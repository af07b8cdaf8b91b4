"""Run spaCy over texts and turn each Doc into records: the one place Docs are made and dropped.

Everything after this works on character offsets, so the Doc (large, and tied to spaCy's
vocabulary) never leaves the NLP layer, nor crosses a process boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from dateline.model import Record
from dateline.nlp.mentions import EntityMention, entity_mentions
from dateline.nlp.quotes import QuoteSpan, find_quotes

_BATCH = 16


class Analysis(Record, frozen=True, kw_only=True):
    """What the parse of one text gives: entity mentions (with descriptors) and quotes."""

    mentions: tuple[EntityMention, ...]
    quotes: tuple[QuoteSpan, ...] = ()


def analyse(nlp: Language, texts: Iterable[str], *, with_quotes: bool = True) -> Iterator[Analysis]:
    """One Analysis per text, in order, parsing in batches."""
    for doc in nlp.pipe(texts, batch_size=_BATCH):
        quotes = tuple(find_quotes(doc)) if with_quotes else ()
        yield Analysis(mentions=tuple(entity_mentions(doc)), quotes=quotes)
