"""Run spaCy over texts and turn each Doc into records: the one place Docs are made and dropped.

Everything after this works on character offsets, so the Doc (large, and tied to spaCy's
vocabulary) never leaves the NLP layer, nor crosses a process boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from dateline.model import Record
from dateline.nlp.events import EventCandidate, event_candidates
from dateline.nlp.mentions import EntityMention, entity_mentions
from dateline.nlp.quotes import QuoteSpan, find_quotes

_BATCH = 16


class Analysis(Record, frozen=True, kw_only=True):
    """What the parse of one text gives: entity mentions (with descriptors) and quotes."""

    mentions: tuple[EntityMention, ...]
    quotes: tuple[QuoteSpan, ...] = ()
    events: tuple[EventCandidate, ...] = ()


def analyse(
    nlp: Language,
    texts: Iterable[str],
    *,
    is_body: bool = True,
    anchor_years: Iterable[int | None] | None = None,
) -> Iterator[Analysis]:
    """One Analysis per text, in order, parsing in batches; titles (``is_body=False``) give
    mentions only.  ``anchor_years`` (the publication years) decide what is historical."""
    years = iter(anchor_years) if anchor_years is not None else None
    for doc in nlp.pipe(texts, batch_size=_BATCH):
        year = next(years) if years is not None else None
        mentions = tuple(entity_mentions(doc))
        if not is_body:
            yield Analysis(mentions=mentions)
            continue
        yield Analysis(
            mentions=mentions,
            quotes=tuple(find_quotes(doc)),
            events=tuple(event_candidates(doc, anchor_year=year)),
        )
