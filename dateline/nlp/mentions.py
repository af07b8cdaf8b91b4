"""Named-entity mentions from a parsed Doc, each with the words that describe it.

"Turkish Foreign Minister Mevlüt Çavuşoğlu" and "Mohammad Naeem, spokesman for the Taliban's
political office" say who a person is; the parse gives those words (left modifiers and
appositives) so the actor resolver can read country and sector from them.  This module and
its siblings are the only places that see spaCy Docs; they return records with offsets.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.model import Record
from dateline.model import Span as TextSpan

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case"})
_MAX_DESCRIPTOR_TOKENS = 14
_SKIP_LEFT = frozenset({"DET", "PUNCT"})


class EntityMention(Record, frozen=True, kw_only=True):
    """An entity as the model found it, with its descriptor (title or appositive), if any."""

    start: int
    end: int
    text: str
    label: str
    sentence_start: int
    descriptor: TextSpan | None = None


def entity_mentions(doc: Doc) -> list[EntityMention]:
    """Every actor-like entity of ``doc`` in text order; a person's name the model cuts in two
    ("Shah Mahmood" "Qureshi", side by side) is one mention."""
    mentions: list[EntityMention] = []
    for whole in _joined_persons(doc):
        ent = _without_glued_words(whole)
        if ent.label_ not in ACTOR_LABELS or not len(ent):
            continue
        mentions.append(
            EntityMention(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                label=ent.label_,
                sentence_start=ent.sent.start_char,
                descriptor=_as_text_span(descriptor_of(ent)),
            )
        )
    return mentions


def _without_glued_words(ent: Span) -> Span:
    """An entity without the words a hyphen for a space glued to it ("Enda Kenny-called for",
    "Sean Barrett-has said": scraped text that lost its spaces), the verb and the dash. A name
    whose hyphen joins two of its own parts ("Moon Jae-in") stays whole."""
    end = ent.end
    while end - ent.start > 1 and ent.doc[end - 1].text == "-":
        end -= 1  # "Sean Barrett-"
    if end - ent.start > 2 and ent.doc[end - 2].text == "-" and ent.doc[end - 1].pos_ in _GLUED:
        end -= 2
    return ent if end == ent.end else Span(ent.doc, ent.start, end, label=ent.label_)


_GLUED = frozenset({"VERB", "AUX"})


def _joined_persons(doc: Doc) -> list[Span]:
    """The entities, where a person's name runs on into the next entity with no word or mark
    between them made one: another PERSON, or a lone capitalised word the model took for a
    place or group ("Shah Mahmood" + "Qureshi" tagged GPE)."""
    found: list[Span] = []
    for ent in doc.ents:
        last = found[-1] if found else None
        if (
            last is not None
            and last.label_ == "PERSON"
            and last.end == ent.start
            and last.sent.start == ent.sent.start
            and (ent.label_ == "PERSON" or (len(ent) == 1 and ent.text.istitle()))
            and ent.label_ in ACTOR_LABELS
        ):
            found[-1] = Span(doc, last.start, ent.end, label="PERSON")
            continue
        found.append(ent)
    return found


def descriptor_of(ent: Span) -> Span | None:
    """The title words before ``ent`` or the appositive beside it."""
    return _left_title(ent) or _appositive(ent)


def _left_title(ent: Span) -> Span | None:
    root = ent.root
    lefts = [child for child in root.children if child.i < ent.start and child.dep_ in _LEFT_DEPS]
    if not lefts:
        return None
    start = min(child.left_edge.i for child in lefts)
    while start < ent.start and ent.doc[start].pos_ in _SKIP_LEFT:
        start += 1
    if start >= ent.start or ent.start - start > _MAX_DESCRIPTOR_TOKENS:
        return None
    return ent.doc[start : ent.start]


def _appositive(ent: Span) -> Span | None:
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            return _trimmed(ent.doc, child.left_edge, child.right_edge)
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        return _trimmed(ent.doc, head.left_edge, head)
    return None


def _trimmed(doc: Doc, first: Token, last: Token) -> Span | None:
    start, end = first.i, last.i + 1
    while start < end and doc[start].pos_ in _SKIP_LEFT:
        start += 1
    while end > start and doc[end - 1].pos_ == "PUNCT":
        end -= 1
    if start >= end or end - start > _MAX_DESCRIPTOR_TOKENS:
        return None
    return doc[start:end]


def _as_text_span(span: Span | None) -> TextSpan | None:
    if span is None:
        return None
    return TextSpan(start=span.start_char, end=span.end_char, text=span.text)
