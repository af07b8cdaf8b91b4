"""Cues local to one clause head: negators, modal auxiliaries, hedges, conditions, questions,
time expressions (future or historical), the pluperfect, and the lemma of a governing verb or noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from dateline.model import Modality
from dateline.nlp.modality.lexicon import ModalityCue, cue_of, is_cue, lexicon

_YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2})$")
_DECADE = re.compile(r"^(?:(1[0-9]|20)?([0-9])0|'([0-9])0)s$")
# A bare year one calendar year back ("in 2020", "the 2020 agreement") reads as background; with a
# day ("on Dec. 30, 2020") it may be last week's news, so it needs two years' distance.
_HISTORICAL_YEARS = 2
_TIME_DEPS = frozenset({"npadvmod", "nummod", "compound", "amod", "nmod", "tmod", "advmod"})
# Relations that stay inside one time phrase ("the late 90s", "two decades ago", "Sept. 11, 2001").
_PHRASE_DEPS = frozenset(
    {"nummod", "compound", "amod", "det", "npadvmod", "quantmod", "punct", "appos", "nmod",
     "advmod", "cc", "conj", "case"}
)  # fmt: skip
_TEMPORAL_PREPS = frozenset({"in", "since", "until", "by", "during", "before", "after", "from"})
_NEGATING_DETS = frozenset({"no", "nothing", "nobody", "none", "neither"})
_ARGUMENTS = frozenset({"dobj", "nsubjpass", "nsubj", "attr"})


def negation_cues(node: Token) -> Iterator[ModalityCue]:
    """ "did not meet", "never met", "no talks", "no talks were held", "nothing was agreed"."""
    for child in node.children:
        if child.dep_ in ("neg", "advmod", "det", "preconj") and is_cue(child, "negator"):
            yield cue_of(child, "negated")
        elif child.dep_ in _ARGUMENTS and node.pos_ in ("VERB", "AUX"):
            yield from _negative_argument(child)


def _negative_argument(argument: Token) -> Iterator[ModalityCue]:
    """A verb's subject or object that is itself negative ("no talks were held", "nothing")."""
    if argument.lower_ in _NEGATING_DETS and argument.lower_ != "no":
        yield cue_of(argument, "negated")
    for child in argument.children:
        if child.dep_ == "det" and child.lower_ in _NEGATING_DETS:
            yield cue_of(child, "negated")


def modal_cues(node: Token, *, reported: bool) -> Iterator[ModalityCue]:
    """Modal auxiliaries; "would" under a verb of saying is the future seen from the past."""
    for child in node.children:
        if child.dep_ not in ("aux", "auxpass") or child.tag_ != "MD":
            continue
        if is_cue(child, "modal_future") or (reported and child.lower_ in ("would", "'d")):
            yield cue_of(child, "future")
        elif is_cue(child, "modal_hypothetical"):
            yield cue_of(child, "hypothetical")


def hedge_cues(node: Token) -> Iterator[ModalityCue]:
    """Adverbs and adjectives of speculation on the trigger ("possibly", "a potential attack")."""
    for child in node.children:
        if child.dep_ in ("advmod", "amod", "acomp") and is_cue(child, "hedge"):
            yield cue_of(child, "hypothetical")


def conditional_cues(node: Token) -> Iterator[ModalityCue]:
    """The "if" of a condition: on its own clause, and on the clause it conditions."""
    for mark in _condition_marks(node):
        yield cue_of(mark, "hypothetical")
    for child in node.children:
        if child.dep_ == "advcl":
            for mark in _condition_marks(child):
                yield cue_of(mark, "hypothetical")


def _condition_marks(node: Token) -> Iterator[Token]:
    for child in node.children:
        if child.dep_ != "mark":
            continue
        following = child.nbor(1).lower_ if child.i + 1 < len(child.doc) else ""
        if (
            is_cue(child, "conditional")
            or f"{child.lower_} {following}" in lexicon()["conditional"]
        ):
            yield child


def question_cue(node: Token) -> Iterator[ModalityCue]:
    """A direct question: the root of a sentence that ends in "?"."""
    if node.dep_ != "ROOT":
        return
    for token in reversed(node.sent[-3:]):
        if token.text == "?":
            yield cue_of(token, "hypothetical")
            return


def time_cues(node: Token, *, anchor_year: int | None) -> Iterator[ModalityCue]:
    """Time expressions attached to ``node``: "next week" → future, "in 2001" → historical."""
    for phrase in time_phrases(node):
        future = [token for token in phrase if is_cue(token, "future_time")]
        # "next week" but not "standing next to", "the future of a deal"
        if future and any(token.ent_type_ in ("DATE", "TIME") for token in phrase):
            yield cue_of(future[0], "future")
        yield from _dated(phrase, anchor_year=anchor_year)


def time_phrases(node: Token) -> Iterator[list[Token]]:
    """The time-like phrases hanging off ``node``: its modifiers and its prepositions' objects."""
    for child in node.children:
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    yield _phrase(grand)
        elif child.dep_ in _TIME_DEPS:
            yield _phrase(child)


def _phrase(head: Token) -> list[Token]:
    tokens, stack = [], [head]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(child for child in token.children if child.dep_ in _PHRASE_DEPS)
    return sorted(tokens, key=lambda token: token.i)


def _dated(phrase: list[Token], *, anchor_year: int | None) -> Iterator[ModalityCue]:
    """Historical (or future) readings of one time phrase."""
    text = " ".join(token.lower_ for token in phrase)
    for cue in lexicon()["historical_phrase"]:
        if cue in text:
            yield cue_of(phrase[0], "historical", last=phrase[-1])
            return
    if anchor_year is None:
        return
    has_day = any(_is_day(token) for token in phrase)
    for token in phrase:
        kind = _year_kind(token, anchor_year=anchor_year, has_day=has_day)
        if kind is not None:
            yield cue_of(phrase[0], kind, last=phrase[-1])
            return


def _year_kind(token: Token, *, anchor_year: int, has_day: bool) -> Modality | None:
    """How a year or decade token places an event against the article's year."""
    decade = _DECADE.match(token.lower_)
    if decade is not None:
        start = _decade_start(decade, anchor_year=anchor_year)
        return "historical" if start + 9 <= anchor_year - _HISTORICAL_YEARS else None
    if not (_YEAR.match(token.text) and _is_dated(token)):
        return None
    year = int(token.text)
    if year > anchor_year:
        return "future"
    gap = anchor_year - year
    return "historical" if gap >= _HISTORICAL_YEARS or (gap == 1 and not has_day) else None


def _decade_start(decade: re.Match[str], *, anchor_year: int) -> int:
    century, digit, short = decade.groups()
    tens = int(digit if digit is not None else short) * 10
    if century is not None:
        return int(century) * 100 + tens
    # "the 90s" in 2021 is the 1990s; "the 10s" in 2021 the 2010s.
    return 2000 + tens if 2000 + tens <= anchor_year else 1900 + tens


def _is_dated(token: Token) -> bool:
    """A four-digit number that is a year, not a count ("2000 troops")."""
    if token.ent_type_ in ("DATE", "EVENT"):
        return True
    return token.dep_ == "pobj" and token.head.lower_ in _TEMPORAL_PREPS


def _is_day(token: Token) -> bool:
    return token.like_num and token.text.isdigit() and len(token.text) <= 2


def pluperfect_cue(node: Token) -> Iterator[ModalityCue]:
    """ "had fought": anterior to the story's past, unless dated or marked recent ("had just")."""
    if node.tag_ != "VBN" or node.dep_ == "advcl":
        return
    auxes = [child for child in node.children if child.dep_ == "aux"]
    had = [aux for aux in auxes if aux.lower_ in ("had", "'d") and aux.tag_ == "VBD"]
    if not had or _is_recent(node):
        return
    yield cue_of(had[0], "historical", last=node)


def _is_recent(node: Token) -> bool:
    """A recent adverb or a calendar time phrase ("on Monday", "last week", "in August")."""
    if any(is_cue(child, "recent") for child in node.children):
        return True
    return any(is_cue(token, "recent") for phrase in time_phrases(node) for token in phrase)


def governor_cues(governor: Token, *, dependent: Token) -> Iterator[ModalityCue]:
    """The lemma of a verb, adjective or noun that governs the trigger ("refused to", "plans",
    "possibility of"); ``dependent`` is the child of ``governor`` on the way to the trigger."""
    if is_cue(governor, "complement_only") and not _to_infinitive(dependent):
        return
    if governor.pos_ in ("NOUN", "PROPN"):
        yield from _noun_governor(governor)
    elif is_cue(governor, "negating_verb"):
        yield cue_of(governor, "negated")
    elif _is_future_governor(governor):
        yield cue_of(governor, "future")
    elif is_cue(governor, "hypothetical_verb") or is_cue(governor, "hedge"):
        yield cue_of(governor, "hypothetical")


def _to_infinitive(dependent: Token) -> bool:
    """ "is to meet", "has to leave": these verbs mark modality only over a to-infinitive."""
    return dependent.dep_ == "xcomp" and any(child.tag_ == "TO" for child in dependent.children)


def _is_future_governor(governor: Token) -> bool:
    if governor.lemma_.lower() == "go":
        return governor.tag_ == "VBG"
    return is_cue(governor, "future_verb")


def _noun_governor(governor: Token) -> Iterator[ModalityCue]:
    if is_cue(governor, "future_noun"):
        yield cue_of(governor, "future")
    elif is_cue(governor, "hypothetical_noun"):
        yield cue_of(governor, "hypothetical")
