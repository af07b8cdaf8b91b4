"""Speaker heads: the name inside a speaker phrase, and the antecedent of a pronoun speaker.

"Mohammad Naeem, spokesman for the Taliban's political office" resolves by "Mohammad Naeem";
"he added" by the last speaker before it, which is what news style means by it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dateline.model import Span

PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "it", "we", "i"})
_PERSONAL = frozenset({"he", "she", "him", "her"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def char_span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def is_pronoun(token: Token) -> bool:
    return token.lower_ in PRONOUNS


def head_of(doc: Doc, text: str, subject: Token, *, low: int, high: int) -> Span:
    """The name the actor resolver should use for the speaker phrase headed by ``subject``:
    the named entity at its head or among its appositions, else the noun phrase up to the head
    (its determiners and modifiers, without what follows it)."""
    entity = _entity_around(text, subject, low=low, high=high)
    if entity is not None:
        return entity
    first = doc[max(subject.left_edge.i, low)]
    return char_span(text, first.idx, subject.idx + len(subject))


def _entity_around(text: str, subject: Token, *, low: int, high: int) -> Span | None:
    """The entity holding ``subject``, or a PERSON in its appositions ("the spokesman, X")."""
    if subject.ent_type_ in _NAMED:
        return _entity_span(text, subject)
    for child in subject.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON" and low <= child.i < high:
            return _entity_span(text, child)
    return None


def _entity_span(text: str, token: Token) -> Span:
    """The entity ``token`` is in, found by walking its IOB tags (cheaper than ``doc.ents``)."""
    doc = token.doc
    first = last = token.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return char_span(text, doc[first].idx, doc[last].idx + len(doc[last]))


def antecedent(doc: Doc, text: str, pronoun: Token, previous: Sequence[Span]) -> Span | None:
    """What a pronoun speaker refers to: the last speaker head before it, else the nearest
    preceding named entity of a fitting kind (a PERSON for he/she)."""
    thing = pronoun.lower_ == "it"  # "it has been saying": a group or a state, never a person
    for head in reversed(previous):
        if head.end <= pronoun.idx and head.text.lower() not in PRONOUNS:
            if (thing and _names_person(doc, head)) or _other_sex(text, head, pronoun):
                continue
            return head
    wanted = {"PERSON"} if pronoun.lower_ in _PERSONAL else _NAMED
    wanted = wanted - {"PERSON"} if thing else wanted
    for entity in reversed(doc.ents):
        if entity.end_char <= pronoun.idx and entity.label_ in wanted:
            found = char_span(text, entity.start_char, entity.end_char)
            if not _other_sex(text, found, pronoun):
                return found
    return None


# titles that say a person is a man or a woman ("Mr Foster" is never "she")
_TITLES = {
    "male": re.compile(r"\b(?:Mr|Sir|Lord|King|Prince)\b\.?\s*$"),
    "female": re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Dame|Lady|Queen|Princess)\b\.?\s*$"),
}
_SEX_OF = {"he": "male", "him": "male", "she": "female", "her": "female"}


def _other_sex(text: str, head: Span, pronoun: Token) -> bool:
    """Whether a title before or at the start of ``head`` says it is of the other sex than a
    personal pronoun ("she" never refers to "Mr Foster", "he" never to "Mrs May")."""
    sex = _SEX_OF.get(pronoun.lower_)
    if sex is None:
        return False
    words = head.text.split()
    before = text[max(0, head.start - 10) : head.start] + (words[0] + " " if len(words) > 1 else "")
    other = "female" if sex == "male" else "male"
    return bool(_TITLES[other].search(before))


def _names_person(doc: Doc, head: Span) -> bool:
    """Whether a speaker head is (part of) a PERSON entity."""
    return any(
        entity.label_ == "PERSON" and entity.start_char < head.end and head.start < entity.end_char
        for entity in doc.ents
    )
