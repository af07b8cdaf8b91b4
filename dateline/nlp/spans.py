"""Candidate party phrases around an event trigger, described by the parse, for the span model.

Each nominal head near the trigger gives a few boundary variants (with or without trailing
prepositional phrases, clauses, appositions, co-ordinated parts, a leading determiner).  Each
variant carries features that transfer across sources and years: its dependency path to the
trigger, side, voice, entity labels, length and boundary kind, never the words themselves
(only function words such as prepositions and determiners).  Which variant is the actor or
the recipient is ``dateline.extract.events.span_model``'s business.
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline.model import Record, Span

_HEAD_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
_COMMON = frozenset({"NOUN", "PRON"})  # heads whose word may be a feature; names never are
_INSIDE_DEPS = frozenset({"compound", "amod", "det", "nummod", "quantmod", "punct", "case"})
_MAX_PATH = 4
_MAX_TOKENS = 25
_CLAUSES = frozenset({"relcl", "acl"})
_BREAKS = frozenset({"cc", "conj", "relcl", "acl", "punct", "appos", "prep"})
_DETERMINERS = frozenset({"the", "a", "an"})
_CLOSING = frozenset({")", "]", "”", "’", '"', "'"})  # punctuation that may end a phrase


class RoleOption(Record, frozen=True, kw_only=True):
    """A phrase that may be a party of the trigger, and what the parse says about it."""

    span: Span
    features: tuple[str, ...]


class PhraseMemo:
    """The boundary variants and phrase features of one Doc, shared by its verbs: a phrase near
    several verbs is described once (its path features differ per verb, these do not)."""

    def __init__(self) -> None:
        self.variants: dict[int, dict[str, tuple[Token, Token]]] = {}
        self.features: dict[tuple[int, int], list[str]] = {}

    def variants_of(self, head: Token) -> dict[str, tuple[Token, Token]]:
        if head.i not in self.variants:
            self.variants[head.i] = _variants(head)
        return self.variants[head.i]

    def features_of(self, first: Token, last: Token) -> list[str]:
        key = (first.i, last.i)
        if key not in self.features:
            self.features[key] = _span_features(first, last)
        return self.features[key]


def role_options(
    verb: Token,
    *,
    actors: tuple[Span, ...],
    recipients: tuple[Span, ...],
    memo: PhraseMemo | None = None,
) -> tuple[RoleOption, ...]:
    """Every candidate phrase for ``verb``'s parties; ``actors``/``recipients`` are the rule
    spans, marked on the options that equal them (the rules are evidence, not the answer)."""
    rules = {(s.start, s.end): "recipient" for s in recipients}
    rules.update({(s.start, s.end): "actor" for s in actors})
    passive = any(child.dep_ in ("nsubjpass", "csubjpass") for child in verb.children)
    clause = f"clause={verb.dep_}"
    memo = memo or PhraseMemo()
    options: dict[tuple[int, int], list[str]] = {}
    texts: dict[tuple[int, int], str] = {}
    for head, shared in _heads(verb, passive=passive):
        for kind, (first, last) in memo.variants_of(head).items():
            if last.i - first.i + 1 > _MAX_TOKENS or first.i <= verb.i <= last.i:
                continue
            key = (first.idx, last.idx + len(last.text))
            if key not in options:
                described = memo.features_of(first, last)
                options[key] = [*shared, *described, *_rule_overlap(key, rules)]
                # from the tokens: Doc.text would rebuild the whole text for every option
                texts[key] = verb.doc[first.i : last.i + 1].text
            options[key].append(f"kind={kind}")
    return tuple(
        RoleOption(
            span=Span(start=start, end=end, text=texts[start, end]),
            features=(*features, *_rule_features(rules.get((start, end), "none"), clause)),
        )
        for (start, end), features in options.items()
    )


def _heads(verb: Token, *, passive: bool) -> list[tuple[Token, list[str]]]:
    """The nominal heads near ``verb`` with their features, the nearest on each side ranked
    first ("the first noun phrase after the verb" is its object more often than not)."""
    ups = [verb, *verb.ancestors][: _MAX_PATH + 1]
    up_ids = {token.i: n for n, token in enumerate(ups)}
    found = []
    for head in verb.sent:
        if head.i == verb.i or head.pos_ not in _HEAD_POS or head.dep_ in _INSIDE_DEPS:
            continue
        path = _path(ups, up_ids, head)
        if path is not None:
            found.append((head, _head_features(verb, head, path, passive=passive)))
    before = [head.i for head, _ in found if head.i < verb.i][::-1]
    after = [head.i for head, _ in found if head.i > verb.i]
    for head, features in found:
        side = before if head.i < verb.i else after
        features.append(f"rank={min(side.index(head.i), 3)}")
    return found


def _rule_features(role: str, clause: str) -> tuple[str, str]:
    """Which rule span the phrase is, alone and with the verb's clause kind."""
    return f"rule={role}", f"{clause}|rule={role}"


def _rule_overlap(key: tuple[int, int], rules: dict[tuple[int, int], str]) -> list[str]:
    """How the phrase sits against the rules' spans: around one, inside one, or apart."""
    start, end = key
    found = []
    for (rule_start, rule_end), role in rules.items():
        if (start, end) == (rule_start, rule_end):
            continue
        if start <= rule_start and rule_end <= end:
            found.append(f"around={role}")
        elif rule_start <= start and end <= rule_end:
            found.append(f"within={role}")
    return found


def _path(ups: list[Token], up_ids: dict[int, int], head: Token) -> list[str] | None:
    """The arcs from the verb (``ups[0]``) up to the common ancestor and down to ``head``
    ("^xcomp", "prep:with", "pobj"), or None when longer than ``_MAX_PATH``."""
    downs = [head]
    while downs[-1].i not in up_ids:
        parent = downs[-1].head
        if parent.i == downs[-1].i or len(downs) > _MAX_PATH:
            return None
        downs.append(parent)
    m = len(downs) - 1
    n = up_ids[downs[-1].i]
    if n + m > _MAX_PATH:
        return None
    return [f"^{_arc(t)}" for t in ups[:n]] + [_arc(t) for t in reversed(downs[:m])]


def _arc(token: Token) -> str:
    return f"prep:{token.lower_}" if token.dep_ in ("prep", "agent") else token.dep_


def _head_features(verb: Token, head: Token, path: list[str], *, passive: bool) -> list[str]:
    joined = " ".join(path)
    clause = f"clause={verb.dep_}"  # a controlled verb ("to help") finds its actor up the tree
    return [
        f"path={joined}",
        f"path1={path[0]}",
        f"{clause}|path1={path[0]}",
        f"{clause}|side={'before' if head.i < verb.i else 'after'}",
        f"pathlast={path[-1]}",
        f"plen={len(path)}",
        f"up={sum(1 for arc in path if arc.startswith('^'))}",
        f"side={'before' if head.i < verb.i else 'after'}",
        f"voice={'passive' if passive else 'active'}|path={joined}",
        f"pos={head.pos_}",
        f"ent={head.ent_type_ or 'none'}",
        f"dist={min(abs(head.i - verb.i), 8) // 2}",
        f"verb={verb.lemma_.lower()}",
        f"head={head.lemma_.lower() if head.pos_ in _COMMON else head.pos_}",
    ]


def _variants(head: Token) -> dict[str, tuple[Token, Token]]:
    """Boundary variants of the phrase headed by ``head``, by kind."""
    doc = head.doc
    left = head.left_edge
    found = {
        "full": (left, head.right_edge),
        "bare": (left, _end(head, _BREAKS)),
        "of": (left, _end(head, _BREAKS, keep_of=True)),
        "pp": (left, _end(head, _BREAKS - {"prep"})),
        "noclause": (left, _end(head, _CLAUSES | {"punct", "appos"})),
    }
    if head.ent_iob_ != "O":
        found["entity"] = _entity(head)
    attached = _next_prep(head, head.right_edge)
    if attached is not None:  # "detained dozens of demonstrators [in Yerevan]": parsed on the verb
        found["sibling-pp"] = (left, attached.right_edge)
    for kind, (first, end) in list(found.items()):
        last = _without_trailing_punct(first, end)
        found[kind] = (first, last)
        if first.lower_ in _DETERMINERS and first.i < last.i:
            found[f"{kind}-det"] = (doc[first.i + 1], last)
    return found


def _without_trailing_punct(first: Token, last: Token) -> Token:
    """The phrase's last token before any closing comma or dash ("Omar Abdullah, the former
    minister," ends at "minister"); brackets and quotes that close it stay."""
    while last.i > first.i and last.is_punct and last.text not in _CLOSING:
        last = last.doc[last.i - 1]
    return last


def _next_prep(head: Token, last: Token) -> Token | None:
    """The prepositional phrase right after ``last`` when the parse hangs it on ``head``'s head
    (the verb) rather than on ``head``; None when there is none or it is a time ("on Monday")."""
    doc = head.doc
    if last.i + 1 >= len(doc) or head.head.i == head.i:
        return None
    following = doc[last.i + 1]
    if following.dep_ != "prep" or following.head.i != head.head.i:
        return None
    if any(t.ent_type_ in ("DATE", "TIME") for t in following.subtree):
        return None
    return following


def _entity(token: Token) -> tuple[Token, Token]:
    """The first and last token of the named entity ``token`` is part of."""
    doc, first, last = token.doc, token.i, token.i
    while doc[first].ent_iob_ == "I" and first > 0:
        first -= 1
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return doc[first], doc[last]


def _end(token: Token, breaks: frozenset[str], *, keep_of: bool = False) -> Token:
    """The last token of ``token``'s phrase, stopping at the first right child in ``breaks``."""
    right = token
    for child in token.rights:
        if child.dep_ in breaks and not (keep_of and child.dep_ == "prep" and child.lower_ == "of"):
            break
        deeper = child.dep_ in ("prep", "pobj")
        right = _end(child, breaks, keep_of=keep_of) if deeper else child.right_edge
    return right


def _span_features(first: Token, last: Token) -> list[str]:
    tokens = first.doc[first.i : last.i + 1]
    labels = sorted({t.ent_type_ for t in tokens if t.ent_type_})
    deps = {t.dep_ for t in tokens}
    size = len(tokens)
    whole = first.ent_iob_ == "B" and _entity(first)[1].i == last.i
    return [
        f"len={min(size, 8) if size <= 8 else 10 if size <= 12 else 20}",
        f"first={first.pos_}",
        f"det={first.lower_ if first.lower_ in _DETERMINERS else 'none'}",
        f"last={last.pos_}",
        *(f"label={label}" for label in labels),
        f"labels={len(labels)}",
        f"has_prep={'prep' in deps}",
        f"has_clause={bool(deps & _CLAUSES)}",
        f"has_conj={'conj' in deps}",
        f"has_comma={any(t.text == ',' for t in tokens)}",
        f"ent_whole={whole}",
    ]
