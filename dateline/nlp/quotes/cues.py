"""Reporting cues ("said", "told Reuters", "according to") and the speakers they govern.

The cue lemmas are data (``dateline/data/quotes/cues.tsv``); this module reads them once and
walks spaCy's dependency parse from a cue to its subject.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from spacy.tokens import Token

CueClass = Literal["speech", "belief"]

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# "told Reuters": the addressee is part of the cue, as the contract's examples show.
_ADDRESSEE = frozenset({"dative", "dobj"})
_TELL = frozenset({"tell", "inform"})
# Tokens never worth keeping at the edges of a speaker span.
_EDGE_JUNK = frozenset({"PUNCT", "CCONJ", "SPACE"})
# Relative clauses describe the speaker but are no part of the mention ("a spokesman, who …").
_CLAUSES = frozenset({"relcl", "acl"})


@cache
def cue_lexicon() -> dict[str, CueClass]:
    """Lemma → cue class, from the packaged data file (speech wins where a lemma is in both)."""
    source = resources.files("dateline").joinpath("data/quotes/cues.tsv")
    lexicon: dict[str, CueClass] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, lemma = line.split("\t")
        if kind not in ("speech", "belief"):
            raise ValueError(f"E301 cues.tsv: unknown cue class {kind!r}")
        lexicon.setdefault(lemma, "speech" if kind == "speech" else "belief")
    return lexicon


def cue_class(token: Token) -> CueClass | None:
    """The class of ``token`` as a reporting cue, or None when it is no verb of reporting."""
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
        return None
    return cue_lexicon().get(token.lemma_.lower())


def cue_extent(verb: Token) -> tuple[int, int]:
    """Character extent of the cue for ``verb``: the verb, plus its addressee for "tell"."""
    start, end = verb.idx, verb.idx + len(verb)
    if verb.lemma_.lower() in _TELL:
        for child in verb.rights:
            if child.dep_ in _ADDRESSEE:
                end = max(end, child.idx + len(child))
                break
    return start, end


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is conjoined to ("X said … and added that")
    or hangs off ("X wrote on Twitter, saying …")."""
    current: Token | None = verb
    for _ in range(3):
        if current is None:
            break
        for child in current.children:
            if child.dep_ in _SUBJECTS:
                return child
        current = current.head if current.dep_ in ("conj", "xcomp", "advcl") else None
    return None


def according_to(token: Token) -> tuple[Token, Token] | None:
    """For the "according" of "according to X": the "to" token and the head of X."""
    if token.lower_ != "according":
        return None
    for child in token.rights:
        if child.lower_ == "to":
            objects = [grand for grand in child.rights if grand.dep_ == "pobj"]
            return (child, objects[0]) if objects else None
    return None


def phrase_extent(head: Token, *, low: int, high: int) -> tuple[int, int]:
    """Character extent of ``head``'s subtree, clipped to tokens in [low, high) and trimmed."""
    dropped = {
        token.i for child in head.children if child.dep_ in _CLAUSES for token in child.subtree
    }
    tokens = [token for token in head.subtree if low <= token.i < high and token.i not in dropped]
    tokens = _contiguous(tokens, head)
    while len(tokens) > 1 and tokens[-1].pos_ in _EDGE_JUNK:
        tokens.pop()
    while len(tokens) > 1 and tokens[0].pos_ in _EDGE_JUNK:
        tokens.pop(0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The run of consecutive tokens around ``head`` (a clipped subtree may have gaps)."""
    by_index = {token.i: token for token in tokens}
    low = high = head.i
    while low - 1 in by_index:
        low -= 1
    while high + 1 in by_index:
        high += 1
    return [by_index[i] for i in range(low, high + 1) if i in by_index] or [head]
