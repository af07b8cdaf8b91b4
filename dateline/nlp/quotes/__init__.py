"""Quote extraction: direct, indirect and mixed quotes with their cue and speaker (DESIGN §5).

``find_quotes`` reads a spaCy ``Doc`` inside the NLP layer; everything it returns is a frozen
record of character offsets, so no ``Doc`` leaves the package.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.model import QuoteKind, Record, Span
from dateline.nlp.load import load_nlp
from dateline.nlp.quotes.direct import Candidate, attribute, is_direct
from dateline.nlp.quotes.indirect import find_cited_phrases, find_indirect
from dateline.nlp.quotes.marks import find_quoted, paragraphs
from dateline.nlp.quotes.speakers import antecedent, head_of, is_pronoun

__all__ = ["QuoteSpan", "find_quotes", "quotes_in_text"]

_MIN_UNATTRIBUTED_WORDS = 6
_INHERIT_PARAGRAPHS = 1  # a quote with no cue continues the speaker of at most the last paragraph


class QuoteSpan(Record, frozen=True, kw_only=True):
    """One quote: the quoted content, its kind, speaker mention, speaker head and cue.

    ``speaker_head`` is the name to resolve: the entity in the speaker phrase, or for a pronoun
    ("he added") the antecedent mention, the last speaker.  A direct quote without a cue of its
    own continues the previous speaker: it gets that speaker and no cue.
    """

    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: Span | None
    speaker_head: Span | None
    cue: Span | None


def quotes_in_text(text: str) -> list[QuoteSpan]:
    """The quotes of ``text``, parsed with the shared English pipeline."""
    return find_quotes(load_nlp()(text))


def find_quotes(doc: Doc) -> list[QuoteSpan]:
    """The quotes of a parsed document, in text order."""
    text = doc.text  # built afresh by each access to Doc.text: read it once
    quoted = find_quoted(text)
    direct = [span for span in quoted if is_direct(text, span)]
    fragments = [span for span in quoted if not is_direct(text, span)]
    candidates = [attribute(doc, text, span) for span in direct]
    candidates += find_indirect(doc, text, direct, fragments)
    candidates += find_cited_phrases(doc, text, fragments, candidates)
    candidates.sort(key=lambda candidate: (candidate.start, candidate.end))
    return [quote for quote in _resolve(doc, text, candidates) if _worth_keeping(quote)]


def _worth_keeping(quote: QuoteSpan) -> bool:
    """Everything but a short quoted stretch with no speaker anywhere near: a title or a
    heading ("Daily Show"), not a quotation."""
    return quote.speaker is not None or len(quote.text.split()) >= _MIN_UNATTRIBUTED_WORDS


def _resolve(doc: Doc, text: str, candidates: list[Candidate]) -> list[QuoteSpan]:
    """Fill in speaker heads in text order, so that "he added" finds the last speaker."""
    starts = [start for start, _ in paragraphs(text)]
    heads: list[Span] = []
    quotes: list[QuoteSpan] = []
    for candidate in candidates:
        if candidate.inherit:
            quote = _inherited(text, candidate, quotes, starts)
        else:
            quote = _own(doc, text, candidate, heads)
        if quote.speaker_head is not None:
            heads.append(quote.speaker_head)
        quotes.append(quote)
    return quotes


def _own(doc: Doc, text: str, candidate: Candidate, heads: list[Span]) -> QuoteSpan:
    head = None
    if candidate.subject >= 0:
        subject = doc[candidate.subject]
        if is_pronoun(subject):
            head = antecedent(doc, text, subject, heads)
        else:
            low, high = subject.left_edge.i, subject.right_edge.i + 1
            head = head_of(doc, text, subject, low=low, high=high)
    return _quote(text, candidate, speaker=candidate.speaker, head=head, cue=candidate.cue)


def _inherited(
    text: str, candidate: Candidate, quotes: list[QuoteSpan], starts: list[int]
) -> QuoteSpan:
    previous = quotes[-1] if quotes else None
    if (
        previous is None
        or _paragraph(starts, candidate.start) - _paragraph(starts, previous.start)
        > _INHERIT_PARAGRAPHS
    ):
        return _quote(text, candidate, speaker=None, head=None, cue=None)
    return _quote(text, candidate, speaker=previous.speaker, head=previous.speaker_head, cue=None)


def _paragraph(starts: list[int], offset: int) -> int:
    return sum(1 for start in starts if start <= offset)


def _quote(
    text: str, candidate: Candidate, *, speaker: Span | None, head: Span | None, cue: Span | None
) -> QuoteSpan:
    kind: QuoteKind = (
        "direct"
        if candidate.kind == "direct"
        else ("mixed" if candidate.kind == "mixed" else "indirect")
    )
    return QuoteSpan(
        start=candidate.start,
        end=candidate.end,
        text=text[candidate.start : candidate.end],
        kind=kind,
        speaker=speaker,
        speaker_head=head,
        cue=cue,
    )
