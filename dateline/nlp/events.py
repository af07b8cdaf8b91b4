"""Event candidates from the dependency parse: a trigger verb with who acts and on whom.

The parse gives the roles that surface words hide: the actor is the subject (or the agent of a
passive, "was attacked by X"), the recipient the object or the object of a preposition ("met
with X", "called on X"); a controlled verb takes its subject from the verb above it ("the
Taliban called on Turkey to help": Turkey helps).  Co-ordinated parties ("with Lavrov and Wang
Yi") are listed separately so the coder can make one event each.  Which verbs are events, and
of what type, is the lexicon's business (``dateline.extract.events``), not this module's.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator

from spacy.tokens import Doc, Token

from dateline.clean.phrases import data_rows
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
_TIMES = frozenset({"DATE", "TIME"})
_WHEN_PREPOSITIONS = frozenset(
    {"on", "in", "at", "during", "since", "by", "until", "before", "after", "from", "beyond"}
)
# "met on the sidelines of the UN General Assembly": where it happened, not with whom.
_SETTINGS = frozenset(
    {"sideline", "sidelines", "margin", "margins", "side", "edge", "outskirts", "occasion"}
)
_NAMED_PARTIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# names that hold the event noun they stand before ("Blinken meeting with Qureshi"); a place
# there says where ("Doha talks with the Taliban")
_HOLDING_NAMES = frozenset({"PERSON", "ORG", "NORP"})
_NOT_PARTIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


class EventCandidate(Record, frozen=True, kw_only=True):
    """A verb that may be an event, its context words, and the spans of its parties."""

    sentence: Span
    anchor: Span
    lemma: str
    clause: str = ""  # the verb's dependency label: "ROOT", "ccomp", "xcomp", "conj", ...
    following: tuple[str, ...]
    is_speech: bool = False  # a reporting verb ("said", "added", "told"): a statement
    modality: Modality = "asserted"
    modality_cue: Span | None = None  # the words that made it negated, hypothetical, ...
    actors: tuple[Span, ...]
    recipients: tuple[Span, ...]
    passive: bool = False
    when: tuple[Span, ...] = ()  # the verb's own time modifiers ("on Monday", "last week")
    # those of the reporting verb its clause is said in ("said on Aug. 25 that they
    # discussed"): the day it was reported, for an event its own clause does not date
    reported_when: tuple[Span, ...] = ()
    # where its own clause says it happened: place phrases ("in Kabul", "at the White House",
    # "on the sidelines of ...") on the verb, and those on its object ("attacked the airport in
    # Kabul"), which place a material act but not talk ("discussed developments in Kabul")
    where: tuple[Span, ...] = ()
    object_where: tuple[Span, ...] = ()
    # an event noun ("talks between Biden and Erdogan"): a main event may be anchored on it
    # where no verb of the sentence states the event the sentence reports
    nominal: bool = False
    # how an event noun's parties were found: "between" (both act), "owner" ("the Taliban's
    # rejection"), "light" (the subject of a verb that holds it: "held talks with X"),
    # "received" (the subject of a verb that receives it undergoes it: "faced criticism from X"),
    # "adjunct" (the subject of the clause it is a circumstance of: "insisted after talks with
    # X"), or "" (the subject of some other verb: "criticised the talks with X", not a holder)
    noun_role: str = ""
    # the words of the verb's own clause, with its subject where that stands before it, and the
    # noun a relative clause hangs on ("a Taliban spokesman, who effectively rejected Ankara's
    # proposal"): what a secondary event of the sentence is read from; None for the whole
    # sentence or an event noun
    own_clause: Span | None = None
    # a verb in the simple present ("says", "are hurting") whose subject is not the speaker's
    # own side ("we call on all countries" is an act): in a news story's body it tells of a
    # state of affairs more often than of an occasion
    present: bool = False


def event_candidates(doc: Doc, *, anchor_year: int | None = None) -> Iterator[EventCandidate]:
    """Every verb of ``doc`` that heads a clause, with its parties, in text order.

    Verbs used as modifiers ("war-torn country", "the continuing cooperation") report nothing.
    A sentence with no verb (a caption, a headline: "Blinken meeting with Pakistan's foreign
    minister") may still name an event with a noun whose parties it names.
    """
    for sentence in doc.sents:
        clause = any(_is_verb(token) for token in sentence)
        where = Span(start=sentence.start_char, end=sentence.end_char, text=sentence.text)
        for token in sentence:
            if _is_verb(token):
                yield _candidate(token, where, anchor_year=anchor_year)
            elif not clause and (token.dep_ != "ROOT" or token.pos_ != "NOUN"):
                continue  # a fragment ("between X and Y."): only its head noun can be an event
            elif token.pos_ == "NOUN" and token.dep_ in _NOMINAL_ROLES and token.is_alpha:
                found = _nominal(token, where, anchor_year=anchor_year)
                if found is not None:
                    yield found


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.dep_ not in _MODIFIER_DEPS


# Where an event noun stands in a clause: an argument of a verb or a preposition.
_NOMINAL_ROLES = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj", "appos", "ROOT"})
# "talks with X", "talks between X and Y", "strikes on X", "sanctions against X"
_NOUN_PARTNERS = frozenset({"with", "between", "against", "on", "to"})


def _nominal(noun: Token, sentence: Span, *, anchor_year: int | None) -> EventCandidate | None:
    """An event noun with its parties: "talks between X and Y" (both act), "talks with X"
    (X is the partner of whoever holds them), "X's attack"; None where the noun has no party."""
    partners: list[Token] = []
    between = False
    owners = [child for child in noun.children if child.dep_ == "poss"]
    # "the Taliban's rejection of the Turkish plan", "Russia's annexation of Crimea": with an
    # owner who acts, "of" names what the act is done to (without one it may name who acts:
    # "the withdrawal of US troops")
    takers = _NOUN_PARTNERS | {"of"} if owners else _NOUN_PARTNERS
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in takers:
            between = between or prep.lower_ == "between"
            partners += [g for g in prep.children if g.dep_ == "pobj" and not _is_when(g)]
    if not owners and partners and not between:
        # "Blinken meeting with Qureshi": the name before a noun with a partner holds it
        # ("NATO allies" has none: NATO is no party to an act)
        owners = [
            child
            for child in noun.children
            if child.dep_ == "compound" and child.ent_type_ in _HOLDING_NAMES
        ]
    governor = _governor(noun)
    if owners and all(o.lower_ in _POSSESSIVE_PRONOUNS for o in owners) and governor is not None:
        # "Blinken said after his meeting with Qureshi": his is the subject's
        owners = [s for s in _subjects(governor) if s.i != noun.i] or owners
    detached = None if partners else _detached_between(noun)
    if detached is not None:
        between = True
        partners = [g for g in detached.children if g.dep_ == "pobj" and not _is_when(g)]
    # "Lee was placed under arrest": the subject of a passive verb undergoes the act; its
    # agent, if any, does it
    undergone = (
        not owners
        and governor is not None
        and any(child.dep_ in _PASSIVE_SUBJECTS for child in governor.children)
    )
    holders = owners or (_subjects(governor) if governor is not None else [])
    holders = [holder for holder in holders if holder.i != noun.i]
    if undergone and governor is not None and not between:
        partners, holders = holders + partners, _passive_agents(governor)
    received = _received(noun, governor) and not owners and not between
    if received and governor is not None:
        # "Snyder faced criticism from the EPA": who receives an act undergoes it; "from" or
        # "by" says who does it
        undergone = True
        partners, holders = holders + partners, _givers(noun, governor)
    actors, recipients = (partners, []) if between else (holders, partners)
    if not actors and not recipients:
        return None
    modality, cue = _modality(noun, anchor_year=anchor_year)
    role = (
        "between"
        if between
        else "owner"
        if owners
        else "received"
        if received
        else _holding(noun, governor)
    )
    return EventCandidate(
        sentence=sentence,
        anchor=_span(noun, noun),
        lemma=noun.lemma_.lower(),
        clause=noun.dep_,
        following=_noun_words(noun),
        noun_role=role,
        passive=bool(undergone),
        modality=modality,
        modality_cue=cue,
        actors=_role_spans(_with_conjuncts(actors)),
        recipients=_role_spans(_with_conjuncts(recipients)),
        when=tuple(_when(noun, [])) + (tuple(_when(governor, [])) if governor else ()),
        where=tuple(
            _unique_spans(
                _own_noun_places(noun)
                + _where([noun, *([governor] if governor is not None else [])])
            )
        ),
        nominal=True,
    )


_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})
# verbs that hold an event noun as their object: their subject is its actor ("held talks",
# "launched an attack", "imposed sanctions", "paid a visit")
_HOLDING = frozenset({
    "hold", "have", "conduct", "launch", "carry", "stage", "make", "begin", "start", "open",
    "resume", "continue", "join", "attend", "pay", "impose", "issue", "lodge", "file", "mount",
    "order", "announce", "level", "renew", "intensify", "step", "end", "wrap",
    "conclude", "complete",
})  # fmt: skip
# prepositions that make an event noun a circumstance of the clause ("insisted after talks
# with G7 leaders", "in a phone call with Blinken")
_CIRCUMSTANCE = frozenset({"after", "during", "in", "following", "at", "before", "via", "by"})


def _holding(noun: Token, governor: Token | None) -> str:
    if governor is None:
        return ""
    if noun.dep_ == "dobj" and noun.head.i == governor.i:
        return "light" if governor.lemma_.lower() in _HOLDING else ""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in _CIRCUMSTANCE and head.head.i == governor.i:
        return "adjunct"
    return ""


def _noun_words(noun: Token) -> tuple[str, ...]:
    """What tells an event noun's sense: its compounds and modifiers ("phone call", "air
    strikes") and the prepositions it heads ("call for", "call with"), lower-cased."""
    return tuple(
        child.lower_
        for child in noun.children
        if child.dep_ in ("compound", "amod") or (child.dep_ == "prep" and child.i > noun.i)
    )


def _detached_between(noun: Token) -> Token | None:
    """ "seemed to fail in talks on Monday between Biden and Erdogan": the parser hangs a
    "between" on a verb above the noun; when no other noun stands between the two, the
    parties are the noun's."""
    for ancestor in noun.ancestors:
        for prep in ancestor.children:
            if prep.dep_ == "prep" and prep.lower_ == "between" and prep.i > noun.i:
                if not any(t.pos_ == "NOUN" for t in noun.doc[noun.i + 1 : prep.i]):
                    return prep
                return None
    return None


# verbs whose subject undergoes the act its object names ("received criticism", "faced
# sanctions", "drew condemnation from")
_RECEIVING = frozenset({
    "receive", "face", "draw", "suffer", "attract", "incur", "endure", "undergo", "get", "earn",
    "win",
})  # fmt: skip


def _received(noun: Token, governor: Token | None) -> bool:
    return governor is not None and noun.dep_ == "dobj" and governor.lemma_.lower() in _RECEIVING


def _givers(noun: Token, governor: Token) -> list[Token]:
    """Who an act is received from: "from X" or "by X" on the noun or its verb."""
    givers = [
        grand
        for prep in (*noun.children, *governor.children)
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("from", "by")
        for grand in prep.children
        if grand.dep_ == "pobj"
    ]
    return _with_conjuncts(givers)


# what is given and received: aid, arms, money, support, protection
_GIVEN = frozenset({
    "aid", "assistance", "help", "support", "backing", "weapon", "arm", "ammunition", "fund",
    "funding", "money", "loan", "grant", "credit", "subsidy", "donation", "shipment",
    "equipment", "asylum", "protection", "training",
})  # fmt: skip


_GETTING = _RECEIVING | {"obtain", "accept", "secure"}


def _given(verb: Token) -> list[Token] | None:
    """Who gives what a verb of receiving has as its object ("received aid from X": X), or
    None where the verb receives nothing given."""
    if verb.lemma_.lower() not in _GETTING:
        return None
    given = [child for child in verb.children if child.dep_ == "dobj"]
    if not given or given[0].lemma_.lower() not in _GIVEN:
        return None
    return _givers(given[0], verb)


def _governor(noun: Token) -> Token | None:
    """The verb a noun is an argument of, directly or through a preposition ("insisted after
    talks with G7 leaders": insisted)."""
    head = noun.head
    if head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") and head.i != noun.i else None


def _candidate(verb: Token, sentence: Span, *, anchor_year: int | None) -> EventCandidate:
    # "One Italian citizen wounded in shooting", "an officer killed by a bomb": a participle
    # that modifies a noun is a passive whose subject is that noun
    # ("a teenage girl stabbed and wounded a police officer", parsed as such a participle,
    # has an object: it is active)
    participle = verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i < verb.i
    acting = participle and any(
        child.dep_ == "dobj"
        for part in (verb, *(c for c in verb.children if c.dep_ == "conj"))
        for child in part.children
    )
    # "were found shot to death", "had him arrested": a past participle that completes another
    # verb, with no object or auxiliary of its own, is a passive whose subject is the one that
    # verb's clause names
    completing = (
        verb.dep_ in ("xcomp", "oprd")
        and verb.tag_ == "VBN"
        and not any(child.dep_ in ("dobj", "aux", "auxpass", "nsubj") for child in verb.children)
    )
    # "Merkel was on Monday-officially nominated", parsed as a participle hung on "was": the
    # subject of "be" undergoes it
    after_be = (
        verb.tag_ == "VBN"
        and verb.dep_ not in ("ROOT", "acl", "amod")
        and verb.head.lemma_ == "be"
        and verb.head.i < verb.i
        and not any(child.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS for child in verb.children)
        and any(child.dep_ in _SUBJECTS for child in verb.head.children)
    )
    # "has been targeted ... and has been denied the right", "was arrested and charged": a verb
    # joined to another with no subject of its own is passive with its own passive auxiliary,
    # or as a bare past participle joined to a passive verb
    own_subject = any(child.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS for child in verb.children)
    joined = verb.dep_ == "conj" and verb.head.i != verb.i and not own_subject
    joined_passive = joined and (
        any(child.dep_ == "auxpass" for child in verb.children)
        or (
            verb.tag_ == "VBN"
            and not any(child.dep_ in ("aux", "dobj") for child in verb.children)
            and any(child.dep_ in _PASSIVE_SUBJECTS | {"auxpass"} for child in verb.head.children)
        )
    )
    reduced = (participle and not acting) or completing or after_be or joined_passive
    passive = reduced or any(child.dep_ in _PASSIVE_SUBJECTS for child in verb.children)
    # the noun such a participle hangs on undergoes it, or does it where it has an object
    if participle:
        subjects = [verb.head]
    elif after_be:
        subjects = _with_conjuncts(
            [child for child in verb.head.children if child.dep_ in _SUBJECTS]
        )
    else:
        subjects = _subjects(verb)
    if not subjects and not passive and verb.tag_ == "VBG":
        # "600 episodes of shelling by Ukrainian troops": a gerund's "by" names who does it
        subjects = _by_whom(verb)
    objects = _objects(verb)
    agents = _passive_agents(verb)
    actors, recipients = (agents, subjects) if passive else (subjects, objects)
    given = None if passive else _given(verb)
    if given is not None:
        # "Ukraine received military aid from the United States": the giver acts on the subject
        passive, actors, recipients = True, given, subjects
    modality, cue = _modality(verb, anchor_year=anchor_year)
    return EventCandidate(
        sentence=sentence,
        anchor=_span(verb, verb),
        lemma=verb.lemma_.lower(),
        clause=verb.dep_,
        following=_following(verb),
        is_speech=cue_class(verb) == "speech",
        modality=modality,
        modality_cue=cue,
        actors=_role_spans(actors),
        recipients=_role_spans(recipients),
        passive=passive,
        when=tuple(_when(verb, subjects)),
        reported_when=tuple(_reported_when(verb)),
        where=tuple(
            _unique_spans(
                _own_places(verb) + _where([verb, *_what_of(subjects), *_prep_objects(verb)])
            )
        ),
        object_where=tuple(_unique_spans(_where(_objects(verb)))),
        own_clause=_own_clause(verb, subjects),
        present=verb.tag_ in ("VBZ", "VBP")
        and not any(subject.lower_ in ("i", "we") for subject in subjects),
    )


_RELATIVE_PRONOUNS = frozenset({"WDT", "WP"})


def _own_clause(verb: Token, subjects: list[Token]) -> Span | None:
    """The verb's clause as one run of words: from its subject (or, for a relative clause, the
    noun it describes) to its last word; None where that is the whole sentence."""
    if verb.dep_ == "ROOT":
        return None
    first = verb.left_edge
    own = [s for s in subjects if s.sent.start == verb.sent.start and s.i != verb.i]
    if verb.dep_ == "relcl" and any(s.i == verb.head.i for s in own):
        first = verb.head.left_edge  # "a spokesman, who rejected": the spokesman rejected
    elif own:
        first = min((s.left_edge for s in own), key=lambda token: token.i)
    last = verb.right_edge
    if first.i <= verb.sent.start and last.i >= verb.sent.end - 2:
        return None
    return _span(first, last)


def _where(holders: list[Token]) -> list[Span]:
    """The place phrases on these words: what their prepositions of place govern where it names
    a place or a gathering ("in Kabul", "at Leytonstone underground station", "on the sidelines
    of the UN General Assembly"), and the places inside those ("in a shooting in the Saudi
    capital"); "in a phone call" names none."""
    return [
        place
        for holder in holders
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPOSITIONS
        for place in _places_under(prep)
    ]


_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "on"})
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# "at the Munich Security Conference", "at the White House" (parsed as an ORG): where a
# gathering met, which the coder reads from the name
_GATHERING_ENTITIES = frozenset({"ORG", "EVENT"})


def _places_under(prep: Token, depth: int = 0) -> list[Span]:
    found: list[Span] = []
    for noun in _with_conjuncts([g for g in prep.children if g.dep_ == "pobj"]):
        if noun.lemma_.lower() in _SETTINGS:  # "on the sidelines of X": X
            found += [p for of in _preps(noun, ("of",)) for p in _places_under(of, depth + 1)]
        elif prep.lower_ == "on":  # "on the border", not "called on Turkey"
            if noun.lemma_.lower() in _place_words("surface"):
                found.append(_place_span(noun))
        elif _names_place(noun) or noun.ent_type_ in _GATHERING_ENTITIES:
            found.append(_place_span(noun))
        if depth < 2:
            found += [
                place
                for inner in _preps(noun, _PLACE_PREPOSITIONS)
                for place in _places_under(inner, depth + 1)
            ]
    return found


def _preps(noun: Token, words: Collection[str]) -> list[Token]:
    return [child for child in noun.children if child.dep_ == "prep" and child.lower_ in words]


def _names_place(noun: Token) -> bool:
    """Whether a noun names a place: a place's name ("Kabul", "the Sinai") or a common noun of
    place ("the Saudi capital", "the T-4 airbase"); a party ("Afghan forces") is none."""
    if noun.ent_type_ in _PLACE_ENTITIES:
        return True
    return noun.pos_ in ("NOUN", "PROPN") and noun.lemma_.lower() in _place_words("noun")


def _place_span(noun: Token) -> Span:
    """The noun phrase of a place, without the clauses, appositions and other prepositional
    phrases after it ("Garland, Texas": Garland; "a cafe in the capital": a cafe)."""
    first, last = noun.left_edge, _right_end(noun)
    while first.i < noun.i and (first.is_punct or first.dep_ in ("case", "cc")):
        first = noun.doc[first.i + 1]
    if last.i - first.i + 1 > _MAX_ROLE_TOKENS:
        first, last = noun, noun
    return _span(first, last)


def _own_places(verb: Token) -> list[Span]:
    """The places a verb's own arguments are, by what the verb means: the object of a verb of
    taking, entering, leaving or attacking ("took the city", "seized control of Afghanistan"),
    where a verb of motion ends ("fled to Pakistan") and what a verb of leaving leaves
    ("withdrew from Afghanistan"). Talk ("discussed Afghanistan") places nothing."""
    lemma = verb.lemma_.lower()
    found: list[Token] = []
    held: list[Token] = []
    if lemma in _place_words("object"):
        for noun in _with_conjuncts([c for c in verb.children if c.dep_ == "dobj"]):
            if noun.lemma_.lower() in _place_words("holding"):
                held += [g for p in _preps(noun, ("of", "over")) for g in p.children]
            else:
                found.append(noun)
    ends = ("to", "into", "toward", "towards") if lemma in _place_words("destination") else ()
    starts = ("from", "out") if lemma in _place_words("source") else ()
    found += [g for prep in _preps(verb, ends + starts) for g in prep.children]
    nouns = _with_conjuncts([g for g in found if g.dep_ in ("pobj", "dobj", "conj")])
    # "seized control of Palmyra": what one takes control of is a place, whatever the entity
    # tagger took its name for (here a person); extract keeps it only where it is no party
    # and the gazetteer holds it
    holds = _with_conjuncts([g for g in held if g.dep_ == "pobj"])
    return [_place_span(noun) for noun in nouns if _names_place(noun)] + [
        _place_span(noun) for noun in holds if _names_place(noun) or noun.pos_ == "PROPN"
    ]


def _own_noun_places(noun: Token) -> list[Span]:
    """The places an event noun's own phrases are: "a visit to Kabul", "the attack on the
    embassy", "the withdrawal from Afghanistan"; "talks on Afghanistan" places nothing."""
    lemma = noun.lemma_.lower()
    words: tuple[str, ...] = ("to", "on", "of") if lemma in _place_words("noun-object") else ()
    words += ("from",) if lemma in _place_words("noun-source") else ()
    nouns = _with_conjuncts([g for prep in _preps(noun, words) for g in prep.children])
    nouns = [g for g in nouns if g.dep_ in ("pobj", "conj")]
    # "a visit to the command at MacDill Air Force Base": where what it visits is
    inner = [
        p for g in nouns for prep in _preps(g, _PLACE_PREPOSITIONS) for p in _places_under(prep)
    ]
    return [_place_span(g) for g in nouns if _names_place(g)] + inner


def _what_of(nouns: list[Token]) -> list[Token]:
    """The nouns, and for a noun of quantity its "of" phrase: "a series of explosions in the
    capital killed" was in the capital."""
    return nouns + [
        g
        for noun in nouns
        if noun.lemma_.lower() in _place_words("quantity")
        for prep in _preps(noun, ("of",))
        for g in _with_conjuncts([g for g in prep.children if g.dep_ == "pobj"])
    ]


def place_nouns() -> frozenset[str]:
    """The common nouns that name a place ("capital", "city", "border"), as lemmas."""
    return _place_words("noun")


def destination_verbs() -> frozenset[str]:
    """Verbs of motion whose "to"/"into" phrase is where they end ("returned to Russia")."""
    return _place_words("destination")


@functools.cache
def _place_words(kind: str) -> frozenset[str]:
    """The words of one kind in ``data/places/words.tsv``: place nouns, verbs whose object
    is a place, ..."""
    return frozenset(
        word for found, word in data_rows("words.tsv", folder="places") if found == kind
    )


def _prep_objects(verb: Token) -> list[Token]:
    """The objects of the verb's other prepositions and of its passive agent: "appeared before
    reporters in Washington" places the appearing where the reporters were, "wounded by two
    blasts in the Sinai peninsula" where the blasts were."""
    return [
        grand
        for child in verb.children
        if (child.dep_ == "prep" and child.lower_ not in _PLACE_PREPOSITIONS | _NOT_WITH)
        or child.dep_ == "agent"
        for grand in child.children
        if grand.dep_ == "pobj"
    ]


# prepositions whose objects are another time or a topic, not who was there: "following the
# developments in Ukraine, the EU imposed sanctions" did not impose them in Ukraine
_NOT_WITH = frozenset({
    "after", "following", "since", "until", "till", "despite", "amid", "over", "about",
    "regarding", "concerning", "because", "than", "like", "of",
})  # fmt: skip


def _reported_when(verb: Token) -> list[Span]:
    """The time modifiers of the reporting verb whose complement ``verb`` heads ("the ministry
    said on Aug. 25 that Cavusoglu and Blinken discussed ..."): none for any other clause."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.i == verb.i or cue_class(head) != "speech":
        return []
    return _when(head, _subjects(head))


def _modality(trigger: Token, *, anchor_year: int | None) -> tuple[Modality, Span | None]:
    """The trigger's modality and the words that make it so (None when asserted)."""
    reading = modality_of(trigger, anchor_year=anchor_year)
    cue = reading.cue
    return reading.modality, Span(start=cue.start, end=cue.end, text=cue.text) if cue else None


def _when(verb: Token, subjects: list[Token]) -> list[Span]:
    """Time modifiers of the verb, of its subject ("Blinken on Monday discussed") or of the
    event noun it governs ("discussed ... in a phone call on Aug. 24", "held talks on Monday");
    a date inside an object ("an Aug. 31 withdrawal date") or another clause does not date it."""
    holders = [verb, *subjects, *(c for c in verb.children if c.dep_ in ("conj", "dobj"))]
    holders += [
        grand
        for child in verb.children
        if child.dep_ == "prep"
        for grand in child.children
        if grand.dep_ == "pobj" and grand.ent_type_ not in _TIMES
    ]
    found = []
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("npadvmod", "tmod") and child.ent_type_ in _TIMES:
                found.append(_span(child.left_edge, child.right_edge))
            elif child.dep_ == "prep" and child.lower_ in _WHEN_PREPOSITIONS:
                found += [
                    _span(child, grand.right_edge)
                    for grand in child.children
                    if grand.dep_ == "pobj" and grand.ent_type_ in _TIMES
                ]
    return found


def _subjects(verb: Token) -> list[Token]:
    own = [child for child in verb.children if child.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS]
    if verb.dep_ == "relcl" and verb.head.i != verb.i:
        # "a Taliban spokesman, who rejected Ankara's proposal": the spokesman rejected it
        own = [verb.head if child.tag_ in _RELATIVE_PRONOUNS else child for child in own]
    if not own and verb.dep_ in _CONTROL | {"conj"} and verb.head is not verb:
        return _controller(verb)
    if not own and verb.dep_ == "pcomp" and verb.head.pos_ == "ADP" and verb.tag_ == "VBG":
        # "Blinken said after meeting Qureshi", "Blinken after meeting Pakistan's minister":
        # who meets is the subject of the verb, or the name, the preposition qualifies
        held = verb.head.head
        named = held.pos_ == "PROPN" or held.ent_type_ in _NAMED_PARTIES  # "Blinken" (as VBN)
        if named and held.i != verb.head.i:
            return [held]
        if held.pos_ in ("VERB", "AUX") and held.i != verb.head.i:
            return [s for s in _subjects(held) if s.i != verb.i]
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
            found += [
                g
                for g in child.children
                if g.dep_ == "pobj" and not _is_when(g) and g.lemma_.lower() not in _SETTINGS
            ]
        if child.dep_ == "prt":
            found += [grand for grand in verb.children if grand.dep_ == "dobj"]
        if child.dep_ == "dobj":  # "discussed the collapse with Wang Yi": the parser hangs
            found += _with_under(child)  # "with" on the object; the partner is the verb's
    return _with_conjuncts(_unique(found))


def _with_under(noun: Token, depth: int = 0) -> list[Token]:
    """The objects of a "with" the parser hangs on a verb's object or on a noun of that
    object's "of" phrase ("discussed the collapse of Afghanistan's government with China")."""
    found = []
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        objects = [grand for grand in prep.children if grand.dep_ == "pobj"]
        if prep.lower_ == "with":
            found += objects
        elif prep.lower_ == "of" and depth < 2:
            found += [partner for obj in objects for partner in _with_under(obj, depth + 1)]
    return found


def _is_when(token: Token) -> bool:
    """ "on Monday", "on Aug. 23": a time, not a party."""
    return token.ent_type_ in _NOT_PARTIES


def _by_whom(verb: Token) -> list[Token]:
    found = [
        grand
        for child in verb.children
        if child.dep_ in ("prep", "agent") and child.lower_ == "by"
        for grand in child.children
        if grand.dep_ == "pobj"
    ]
    return _with_conjuncts(found)


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
    """Lemmas of the words that make a verb phrase, in text order: particles, prepositions,
    object heads with the words that name what they are ("air strikes", "state of emergency",
    "ban on trade"), so that the lexicon's multiword patterns can match."""
    tokens: list[Token] = []
    for child in verb.children:
        if child.i > verb.i and child.dep_ in _PHRASE_DEPS:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            tokens += [child, *objects]
            for noun in [child, *objects] if child.dep_ in _NOMINAL_DEPS else objects:
                tokens += _naming_words(noun)
    return tuple(t.lemma_.lower() for t in sorted(set(tokens), key=lambda t: t.i))


_PHRASE_DEPS = frozenset({"prt", "prep", "dobj", "xcomp", "acomp", "dative"})
_NOMINAL_DEPS = frozenset({"dobj", "dative"})


def _naming_words(head: Token) -> list[Token]:
    """The compounds and modifiers before a common noun and its "of"/"on" phrase after it (a
    name's title words are not: "Taliban leader Mullah Baradar" is Baradar, not "leaders")."""
    if head.pos_ != "NOUN":
        return []
    found = [t for t in head.lefts if t.dep_ in ("compound", "amod")]
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "on", "against"):
            objects = [g for g in prep.children if g.dep_ == "pobj"]
            found += [prep, *objects]
            for obj in objects:
                found += [t for t in obj.lefts if t.dep_ == "compound"]
    return found


def _role_spans(tokens: list[Token]) -> tuple[Span, ...]:
    """The phrases of the parties, in order; a title and the person's name right after it, with
    nothing but a space between them, are one phrase the parser split ("Turkish President"
    "Recep Tayyip Erdogan": co-ordinated parties have "and" or a comma between them; "called
    Putin a killer" is a party and what it is called)."""
    phrases: list[tuple[Token, Token]] = []
    for first, last in sorted((_role_bounds(token) for token in tokens), key=lambda b: b[0].i):
        if phrases and _name_runs_on(phrases[-1][1], first):
            phrases[-1] = (phrases[-1][0], last)
        else:
            phrases.append((first, last))
    return tuple(_span(first, last) for first, last in phrases)


def _name_runs_on(last: Token, first: Token) -> bool:
    """Whether a phrase ending at ``last`` runs on, after one space, into a person's name
    starting at ``first``."""
    return (
        last.i + 1 == first.i
        and last.whitespace_ == " "
        and last.ent_type_ != "PERSON"
        and first.ent_type_ == "PERSON"
    )


def _role_bounds(token: Token) -> tuple[Token, Token]:
    """The first and last words of the noun phrase headed by ``token``, without its
    co-ordinated parts, clauses or prepositional phrases other than "of" ("allies over X's
    insistence" is about the allies)."""
    left = token.left_edge
    while left.i < token.i and (
        (left.ent_type_ in _TIMES and left.pos_ == "PROPN") or left.is_punct
    ):
        left = left.doc[left.i + 1]  # "soon after Election Day President Putin": a time is no party
    right = _right_end(token)
    name = _name_after_title(right)
    if name is not None:  # "Biden and Turkish President | Recep Tayyip Erdogan", parsed apart
        right = _right_end(name)
    if right.i - left.i + 1 > _MAX_ROLE_TOKENS:
        left = token
    return left, right


def _name_after_title(last: Token) -> Token | None:
    """The head of a name the parser split from the title just before it, with no mark between
    ("Turkish President" conj, "Recep Tayyip Erdogan" appos of another word): the name is the
    phrase's, so the phrase runs on to it."""
    if last.i + 1 >= len(last.doc) or last.pos_ not in ("PROPN", "NOUN"):
        return None
    if last.ent_type_ == "PERSON":
        return None
    first = last.doc[last.i + 1]
    head = first
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    if head.dep_ != "appos" or head.head.i > last.i or head.ent_type_ != "PERSON":
        return None
    return head if first.ent_type_ == "PERSON" and first.pos_ == "PROPN" else None


def _right_end(token: Token) -> Token:
    right = token
    for child in token.rights:
        if child.dep_ in ("cc", "conj", "relcl", "acl", "punct", "appos"):
            break
        if child.dep_ == "prep" and child.lower_ != "of":
            break
        right = _right_end(child) if child.dep_ in ("prep", "pobj") else child.right_edge
    return right


def _span(first: Token, last: Token) -> Span:
    # Not doc.text[start:end]: spaCy rebuilds the whole text on every access to Doc.text.
    start, end = first.idx, last.idx + len(last.text)
    return Span(start=start, end=end, text=first.doc[first.i : last.i + 1].text)


def _unique(tokens: list[Token]) -> list[Token]:
    seen: set[int] = set()
    found = []
    for token in tokens:
        if token.i not in seen:
            seen.add(token.i)
            found.append(token)
    return found


def _unique_spans(spans: list[Span]) -> list[Span]:
    seen: set[tuple[int, int]] = set()
    found = []
    for span in spans:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            found.append(span)
    return found
