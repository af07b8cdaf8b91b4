"""Run spaCy over texts and turn each Doc into records: the one place Docs are made and dropped.

Everything after this works on character offsets, so the Doc (large, and tied to spaCy's
vocabulary) never leaves the NLP layer, nor crosses a process boundary.

A long text is parsed in pieces of at most ``PIECE_CHARS`` characters, cut at paragraph breaks
where it has them: spaCy's memory grows with the length of one Doc (about 1.6 GB for 300,000
characters), and a news article is far shorter than a piece, so only unusual inputs (a book, a
page of pasted transcripts, a hostile file) are cut, and their pieces are parsed like articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import msgspec
from spacy.language import Language

from dateline.model import Record
from dateline.nlp.events import EventCandidate, event_candidates
from dateline.nlp.mentions import EntityMention, entity_mentions
from dateline.nlp.quotes import QuoteSpan, find_quotes

# Texts spaCy parses at once. Its working memory grows with the batch (arrays for every token of
# it): about 270 MiB over a worker's loaded models at 16 news articles, 110 at 4 (issue 12).
# Parses and speed are the same either way (checked on 1,000 news-2017 articles).
PIPE_BATCH = 4
PIECE_CHARS = 10_000
# where a piece may end, best first: a blank line, a line break, a sentence's end, a space
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?][\"'”’)]?\s"),
    re.compile(r"\s"),
)
_OFFSETS = frozenset({"start", "end", "sentence_start"})

R = TypeVar("R", bound=Record)


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
    parts: list[Analysis] = []
    parsed = nlp.pipe(_pieces_of(texts), batch_size=PIPE_BATCH, as_tuples=True)
    for doc, (offset, last) in parsed:
        if offset == 0:
            year = next(years) if years is not None else None
        part = _analysis(doc, is_body=is_body, year=year)
        parts.append(_shifted(part, offset) if offset else part)
        if last:
            yield parts[0] if len(parts) == 1 else _merged(parts)
            parts = []


def _analysis(doc: Any, *, is_body: bool, year: int | None) -> Analysis:
    mentions = tuple(entity_mentions(doc))
    if not is_body:
        return Analysis(mentions=mentions)
    return Analysis(
        mentions=mentions,
        quotes=tuple(find_quotes(doc)),
        events=tuple(event_candidates(doc, anchor_year=year)),
    )


def _pieces_of(texts: Iterable[str]) -> Iterator[tuple[str, tuple[int, bool]]]:
    """Each text's pieces with (the piece's first character in the text, whether it is the
    text's last piece); a text of at most ``PIECE_CHARS`` characters is one piece."""
    for text in texts:
        bounds = pieces(text)
        for number, (start, end) in enumerate(bounds):
            yield text[start:end], (start, number == len(bounds) - 1)


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """The [start, end) pieces ``text`` is parsed in: consecutive, covering it, each at most
    ``limit`` characters, ending at the best break in its second half."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _break(text, start + limit // 2, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _break(text: str, earliest: int, latest: int) -> int:
    """The end of the last break between ``earliest`` and ``latest`` (a blank line before a
    line break, before a sentence's end, before a space), else ``latest``."""
    window = text[earliest:latest]
    for breaks in _BREAKS:
        found = list(breaks.finditer(window))
        if found:
            return earliest + found[-1].end()
    return latest


def _shifted(part: R, offset: int) -> R:
    """A record with every character offset in it moved by ``offset``."""
    return msgspec.convert(_shift(msgspec.to_builtins(part), offset), type(part))


def _shift(value: Any, offset: int) -> Any:
    if isinstance(value, dict):
        return {
            key: item + offset
            if key in _OFFSETS and isinstance(item, int)
            else _shift(item, offset)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_shift(item, offset) for item in value]
    return value


def _merged(parts: list[Analysis]) -> Analysis:
    return Analysis(
        mentions=tuple(m for part in parts for m in part.mentions),
        quotes=tuple(q for part in parts for q in part.quotes),
        events=tuple(e for part in parts for e in part.events),
    )
