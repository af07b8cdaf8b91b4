"""Event candidates from the dependency parse: a trigger verb with who acts and on whom.

The parse gives the roles that surface words hide: the actor is the subject (or the agent of a
passive, "was attacked by X"), the recipient the object or the object of a preposition ("met
with X", "called on X"); a controlled verb takes its subject from the verb above it ("the
Taliban called on Turkey to help": Turkey helps).  Co-ordinated parties ("with Lavrov and Wang
Yi") are listed separately so the coder can make one event each.  Which verbs are events, and
of what type, is the lexicon's business (``dateline.extract.events``), not this module's.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from dateline.model import Modality, Record, Span
from dateline.nlp.modality import modality_of
from dateline.nlp.quotes.cues import cue_class

_SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
_RECIPIENT_PREPOSITIONS = frozenset(
    {"with", "to", "on", "against", "at", "from", "for", "toward", "towards", "into", "upon"}
)
_CONTROL = frozenset({"xcomp", "advcl", "ccomp"})
_MAX_ROLE_TOKENS = 12
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "acomp"})
_NOT_PARTIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


class EventCandidate(Record, frozen=True, kw_only=True):
    """A verb that may be an event, its context words, and the spans of its parties."""

    sentence: Span
    anchor: Span
    lemma: str
    following: tuple[str, ...]
    is_speech: bool = False  # a reporting verb ("said", "added", "told"): a statement
    modality: Modality = "asserted"
    modality_cue: Span | None = None  # the words that made it negated, hypothetical, ...
    actors: tuple[Span, ...]
    recipients: tuple[Span, ...]
    passive: bool = False


def event_candidates(doc: Doc, *, anchor_year: int | None = None) -> Iterator[EventCandidate]:
    """Every verb of ``doc`` that heads a clause, with its parties, in text order.

    Verbs used as modifiers ("war-torn country", "the continuing cooperation") report nothing.
    """
    for token in doc:
        if token.pos_ == "VERB" and token.dep_ not in _MODIFIER_DEPS:
            yield _candidate(token, anchor_year=anchor_year)


def _candidate(verb: Token, *, anchor_year: int | None) -> EventCandidate:
    passive = any(child.dep_ in _PASSIVE_SUBJECTS for child in verb.children)
    subjects = _subjects(verb)
    objects = _objects(verb)
    agents = _passive_agents(verb)
    actors, recipients = (agents, subjects) if passive else (subjects, objects)
    sentence = verb.sent
    reading = modality_of(verb, anchor_year=anchor_year)
    cue = reading.cue
    return EventCandidate(
        sentence=Span(start=sentence.start_char, end=sentence.end_char, text=sentence.text),
        anchor=_span(verb, verb),
        lemma=verb.lemma_.lower(),
        following=_following(verb),
        is_speech=cue_class(verb) == "speech",
        modality=reading.modality,
        modality_cue=Span(start=cue.start, end=cue.end, text=cue.text) if cue else None,
        actors=tuple(_role_span(token) for token in actors),
        recipients=tuple(_role_span(token) for token in recipients),
        passive=passive,
    )


def _subjects(verb: Token) -> list[Token]:
    own = [child for child in verb.children if child.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS]
    if not own and verb.dep_ in _CONTROL | {"conj"} and verb.head is not verb:
        return _controller(verb)
    return _with_conjuncts(own)


def _controller(verb: Token) -> list[Token]:
    """Who does a controlled or co-ordinated verb: "called on Turkey to help" -> Turkey."""
    head = verb.head
    if verb.dep_ == "xcomp":
        objects = _objects(head)
        if objects:
            return objects
    return _subjects(head) if head.pos_ in ("VERB", "AUX") else []


def _objects(verb: Token) -> list[Token]:
    found = [child for child in verb.children if child.dep_ in _OBJECTS]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _RECIPIENT_PREPOSITIONS:
            found += [g for g in child.children if g.dep_ == "pobj" and not _is_when(g)]
        if child.dep_ == "prt":
            found += [grand for grand in verb.children if grand.dep_ == "dobj"]
    return _with_conjuncts(_unique(found))


def _is_when(token: Token) -> bool:
    """ "on Monday", "on Aug. 23": a time, not a party."""
    return token.ent_type_ in _NOT_PARTIES


def _passive_agents(verb: Token) -> list[Token]:
    agents = []
    for child in verb.children:
        if child.dep_ == "agent":
            agents += [grand for grand in child.children if grand.dep_ == "pobj"]
    return _with_conjuncts(agents)


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    """Each party and the parties co-ordinated with it ("Lavrov and Wang Yi")."""
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found += [conj for conj in token.conjuncts if conj.i > token.i]
    return _unique(found)


def _following(verb: Token) -> tuple[str, ...]:
    """Lemmas of the words that make a verb phrase: particles, prepositions, object heads."""
    words = []
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("prt", "prep", "dobj", "xcomp", "acomp"):
            words.append(child.lemma_.lower())
            words += [g.lemma_.lower() for g in child.children if g.dep_ == "pobj"]
    return tuple(words)


def _role_span(token: Token) -> Span:
    """The noun phrase headed by ``token``, without its co-ordinated parts or clauses."""
    left = token.left_edge
    right = token
    for child in token.rights:
        if child.dep_ in ("cc", "conj", "relcl", "acl", "punct", "appos"):
            break
        right = child.right_edge
    if right.i - left.i + 1 > _MAX_ROLE_TOKENS:
        left = token
    return _span(left, right)


def _span(first: Token, last: Token) -> Span:
    doc = first.doc
    start, end = first.idx, last.idx + len(last.text)
    return Span(start=start, end=end, text=doc.text[start:end])


def _unique(tokens: list[Token]) -> list[Token]:
    seen: set[int] = set()
    found = []
    for token in tokens:
        if token.i not in seen:
            seen.add(token.i)
            found.append(token)
    return found
