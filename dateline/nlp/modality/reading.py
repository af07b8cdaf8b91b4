"""Walk from an event trigger up the dependency parse, collecting the modality cues of its own
clause and of the clauses that govern it, and pick one reading by precedence.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from dateline.nlp.modality.clause import (
    conditional_cues,
    governor_cues,
    hedge_cues,
    modal_cues,
    negation_cues,
    pluperfect_cue,
    question_cue,
    time_cues,
)
from dateline.nlp.modality.lexicon import (
    ASSERTED,
    ModalityCue,
    ModalityReading,
    cue_of,
    is_cue,
    rank,
)

# Deep enough for "refused to allow talks on the plan to ..." chains; parses deeper than this
# are usually wrong.
_MAX_DEPTH = 8
_OBJECTS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative", "obj", "pcomp", "pobj"})
_PROPOSITIONS = frozenset({"ccomp", "parataxis", "csubj"})
_NP_INTERNAL = frozenset({"compound", "amod", "nmod", "poss", "appos", "npadvmod"})
# Prepositions that make what they introduce a circumstance of the clause, taken as having
# happened whatever the clause says of its own verb: the talks of "seemed to fail in talks
# with Erdogan" and "did not budge after talks with G7 leaders" took place.
_PRESUPPOSING = frozenset({"after", "during", "following", "in", "amid", "since"})
# verbs whose "in" is part of what they say, not a circumstance: "get in contact with the EU",
# "will engage in talks", "take part in negotiations"
_IN_COMPLEMENT = frozenset({
    "get", "engage", "participate", "take", "join", "involve", "invest", "believe", "result",
    "be", "remain", "stay", "keep", "put", "bring", "succeed", "persist",
})  # fmt: skip


def modality_of(token: Token, *, anchor_year: int | None = None) -> ModalityReading:
    """The modality of the event whose trigger (a verb or event noun) is ``token``.

    ``anchor_year`` is the article's year; without it only relative cues ("decades ago", "in
    Soviet times") make an event historical.
    """
    own = list(_own(token, anchor_year=anchor_year))
    # A trigger with its own past date ("the 2001 attacks") is background whatever the clause
    # that mentions it says about the future ("would end on the anniversary of the 2001 attacks").
    dated = any(cue.kind == "historical" for cue in own)
    cues = own if dated else own + list(_governed(token, anchor_year=anchor_year))
    if not cues:
        return ASSERTED
    # min() keeps the first of equal rank, and cues come nearest-first.
    best = min(cues, key=lambda cue: rank(cue.kind))
    return ModalityReading(modality=best.kind, cue=best)


def modality_at(
    doc: Doc, start: int, end: int, *, anchor_year: int | None = None
) -> ModalityReading:
    """The modality of the trigger at characters [start, end) of ``doc``; the span is clamped to
    the text, and its syntactic head is taken when it covers several tokens."""
    trigger = _trigger_at(doc, start, end)
    if trigger is None:
        return ASSERTED
    return modality_of(trigger, anchor_year=anchor_year)


def _trigger_at(doc: Doc, start: int, end: int) -> Token | None:
    tokens = [token for token in doc if not token.is_space]
    if not tokens:
        return None
    low, high = min(start, end), max(start, end)
    inside = [token for token in tokens if token.idx < high and token.idx + len(token) > low]
    if not inside:
        return min(tokens, key=lambda token: abs(token.idx - low))
    indices = {token.i for token in inside}
    heads = [token for token in inside if token.head.i not in indices or token.head is token]
    return heads[0] if heads else inside[0]


def _own(trigger: Token, *, anchor_year: int | None) -> Iterator[ModalityCue]:
    """The cues of the trigger's own clause; the pluperfect of reported speech is backshift."""
    if not _is_reported(trigger):
        yield from pluperfect_cue(trigger)
    yield from _clause(trigger, anchor_year=anchor_year, negation=True)
    # a past date on a verb joined to the trigger in the same clause dates both ("Allende was
    # overthrown in a coup and died in 1973"); only a date passes, never a negation or a modal
    for conjunct in trigger.children:
        if conjunct.dep_ == "conj" and conjunct.pos_ == "VERB" and _shares_clause(conjunct):
            for cue in time_cues(conjunct, anchor_year=anchor_year):
                if cue.kind == "historical":
                    yield cue


def _governed(trigger: Token, *, anchor_year: int | None) -> Iterator[ModalityCue]:
    """Cues from the clauses above the trigger, each edge deciding what passes through it."""
    node, negation, modal = trigger, True, True
    for _ in range(_MAX_DEPTH):
        head, dep = node.head, node.dep_
        if head is node or dep in ("nsubj", "csubj"):
            return
        if dep in _PROPOSITIONS:
            yield from governor_cues(head, dependent=node) if modal else iter(())
            return
        if dep in ("xcomp", "acl", "relcl"):
            if modal and dep != "relcl":
                yield from governor_cues(head, dependent=node)
            # a relative clause describes its noun; only the noun's date passes down
            negation = negation and dep == "xcomp"
            modal = modal and dep == "xcomp"
        elif dep == "advcl":
            negation = False
        elif dep in _OBJECTS or dep == "prep":
            yield from _object_edge(node, head, negation=negation, modal=modal)
            if _presupposing(node, head):
                negation = modal = False  # only a past date of the clause passes
            if head.pos_ == "ADP":
                node = head
                continue
        elif dep == "conj":
            modal = modal and _shares_clause(node)
            negation = negation and modal
        elif dep == "advmod" and node.pos_ == "ADJ":
            # "stopped short of recognition": the adjective hands its verb's meaning down
            yield from governor_cues(head, dependent=node) if modal else iter(())
        elif dep not in _NP_INTERNAL:
            return
        yield from _clause(head, anchor_year=anchor_year, negation=negation, modal=modal)
        node = head


def _presupposing(preposition: Token, head: Token) -> bool:
    """Whether a preposition on a verb makes its object a circumstance ("after talks")."""
    if preposition.dep_ != "prep" or head.pos_ not in ("VERB", "AUX"):
        return False
    word = preposition.lower_
    return word in _PRESUPPOSING and not (word == "in" and head.lemma_.lower() in _IN_COMPLEMENT)


def _object_edge(node: Token, head: Token, *, negation: bool, modal: bool) -> Iterator[ModalityCue]:
    """An object or prepositional edge: "without talks", "plans discussions", "possibility of"."""
    if head.pos_ == "ADP":
        if negation and is_cue(head, "negator"):
            yield cue_of(head, "negated")
        return
    if modal and (node.dep_ != "prep" or head.pos_ in ("NOUN", "PROPN")):
        for cue in governor_cues(head, dependent=node):
            if negation or cue.kind != "negated":
                yield cue


def _clause(
    node: Token, *, anchor_year: int | None, negation: bool, modal: bool = True
) -> Iterator[ModalityCue]:
    """The cues of one clause head, filtered by what the edge below it lets through."""
    if negation:
        yield from negation_cues(node)
    if modal:
        yield from modal_cues(node, reported=_is_reported(node))
        yield from hedge_cues(node)
        yield from conditional_cues(node)
        yield from question_cue(node)
    for cue in time_cues(node, anchor_year=anchor_year):
        if modal or cue.kind == "historical":
            yield cue


def _shares_clause(conjunct: Token) -> bool:
    """A conjunct with no subject or auxiliary of its own shares its head's ("meet and talk")."""
    return not any(child.dep_ in ("nsubj", "nsubjpass", "aux") for child in conjunct.children)


def _is_reported(trigger: Token) -> bool:
    """Whether the trigger's clause is the complement of a verb of saying ("said they would")."""
    node = trigger
    for _ in range(_MAX_DEPTH):
        if any(child.dep_ == "parataxis" and is_cue(child, "reporting") for child in node.children):
            return True
        if node.dep_ in ("ccomp", "parataxis") or node.head is node:
            return node.dep_ == "ccomp" and is_cue(node.head, "reporting")
        if node.dep_ not in ("conj", "xcomp", "aux", "advcl"):
            return False
        node = node.head
    return False
