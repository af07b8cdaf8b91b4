"""Indirect and mixed quotes: "X said (that) …", "…, sources said", "according to X, …".

The reported clause is the cue verb's clausal complement in spaCy's parse, or, when the cue
hangs off the main clause ("…, sources said"), the rest of the sentence.  A reported clause
that holds a quoted phrase is a mixed quote.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dateline.nlp.quotes.cues import according_to, cue_class, cue_extent, phrase_extent, subject_of
from dateline.nlp.quotes.direct import Candidate
from dateline.nlp.quotes.marks import Quoted
from dateline.nlp.quotes.speakers import char_span

_TRIM_POS = frozenset({"PUNCT", "SPACE", "CCONJ"})
_MIN_TOKENS = 3
_MIN_CITED_WORDS = 5  # shorter "clauses" are parse debris ("so he said", "he said so")


def _trimmed(tokens: Sequence[Token]) -> list[Token]:
    kept = list(tokens)
    while kept and (kept[-1].pos_ in _TRIM_POS or kept[-1].is_space):
        kept.pop()
    while kept and (kept[0].pos_ in _TRIM_POS or kept[0].is_space):
        kept.pop(0)
    return kept


def _complement(verb: Token) -> list[Token]:
    """The reported clause of ``verb``: its ccomp, else the main clause it comments on."""
    sentence = verb.sent
    for child in verb.children:
        if child.dep_ == "ccomp":
            return list(sentence.doc[child.left_edge.i : child.right_edge.i + 1])
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i != verb.i:
        return _rest_of_sentence(verb, sentence.start, sentence.end)
    return []


def _rest_of_sentence(anchor: Token, start: int, end: int) -> list[Token]:
    """The larger side of the sentence around ``anchor``'s own phrase."""
    doc = anchor.doc
    before = list(doc[start : anchor.left_edge.i])
    after = list(doc[anchor.right_edge.i + 1 : end])
    return before if len(before) >= len(after) else after


def _same_paragraph(tokens: list[Token], anchor: Token) -> list[Token]:
    """``tokens`` cut at line breaks to the run beside ``anchor`` (a title is no sentence of
    the paragraph under it, whatever the parser thinks)."""
    breaks = [token.i for token in tokens if "\n" in token.text]
    low = max((i for i in breaks if i < anchor.i), default=-1)
    high = min((i for i in breaks if i > anchor.i), default=len(anchor.doc))
    return [token for token in tokens if low < token.i < high]


def _overlap(start: int, end: int, quoted: Quoted) -> int:
    return max(0, min(end, quoted.close_end) - max(start, quoted.open_at))


def _classify(start: int, end: int, direct: Sequence[Quoted], fragments: Sequence[Quoted]) -> str:
    """ "skip" when the clause is mostly a direct quote (attributed on its own), "mixed" when
    it holds a quoted phrase, else "indirect"."""
    # A clause reaching into a direct quote is the parse of its attribution ("“…,” he said"),
    # attributed on its own, or a misparse.
    if any(_overlap(start, end, quoted) for quoted in direct):
        return "skip"
    if any(_overlap(start, end, quoted) for quoted in fragments):
        return "mixed"
    return "indirect"


def _inside(offset: int, spans: Sequence[Quoted]) -> bool:
    return any(quoted.open_at <= offset < quoted.close_end for quoted in spans)


def _from_cue(
    text: str, token: Token, direct: Sequence[Quoted], fragments: Sequence[Quoted]
) -> Candidate | None:
    """An indirect or mixed quote governed by the verb ``token``, if it reports a clause."""
    clause = _trimmed(_same_paragraph(_complement(token), token))
    subject = subject_of(token)
    if len(clause) < _MIN_TOKENS or subject is None:
        return None
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    if start <= subject.idx < end:
        return None
    kind = _classify(start, end, direct, fragments)
    if kind == "skip":
        return None
    sentence = token.sent
    speaker = phrase_extent(subject, low=sentence.start, high=sentence.end)
    return Candidate(
        start=start,
        end=end,
        kind=kind,
        cue=char_span(text, *cue_extent(token)),
        speaker=char_span(text, *speaker),
        subject=subject.i,
    )


def _from_according(
    text: str, token: Token, direct: Sequence[Quoted], fragments: Sequence[Quoted]
) -> Candidate | None:
    """ "According to X, …": the rest of the sentence is what X reports."""
    pair = according_to(token)
    if pair is None:
        return None
    sentence = token.sent
    clause = _trimmed(
        _same_paragraph(_rest_of_sentence(token, sentence.start, sentence.end), token)
    )
    if len(clause) < _MIN_TOKENS:
        return None
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    kind = _classify(start, end, direct, fragments)
    if kind == "skip" or any(_overlap(sentence.start_char, sentence.end_char, q) for q in direct):
        return None
    speaker = phrase_extent(pair[1], low=pair[0].i + 1, high=sentence.end)
    return Candidate(
        start=start,
        end=end,
        kind=kind,
        cue=char_span(text, token.idx, pair[0].idx + len(pair[0])),
        speaker=char_span(text, *speaker),
        subject=pair[1].i,
    )


def find_indirect(
    doc: Doc, text: str, direct: Sequence[Quoted], fragments: Sequence[Quoted]
) -> list[Candidate]:
    """Indirect and mixed quotes whose cue lies outside every quoted stretch."""
    found: list[Candidate] = []
    for token in doc:
        if _inside(token.idx, direct) or _inside(token.idx, fragments):
            continue  # reports nested in a direct quote belong to its speaker's words
        candidate = None
        if token.lower_ == "according":
            candidate = _from_according(text, token, direct, fragments)
        elif cue_class(token) is not None:
            candidate = _from_cue(text, token, direct, fragments)
        if candidate is not None:
            found.append(candidate)
    return found


def find_cited_phrases(
    doc: Doc, text: str, fragments: Sequence[Quoted], taken: Sequence[Candidate]
) -> list[Candidate]:
    """Quoted phrases that a cue governs directly (called it “a disgrace”, vowed to “fight
    for every vote”): mixed quotes whose content is the phrase itself."""
    found: list[Candidate] = []
    for quoted in fragments:
        if any(c.start <= quoted.start and quoted.end <= c.end for c in taken):
            continue
        if len(text[quoted.start : quoted.end].split()) < _MIN_CITED_WORDS:
            continue  # "called it “Crooked”": a label more than a quotation
        verb = _governing_cue(doc, quoted)
        subject = subject_of(verb) if verb is not None else None
        if verb is None or subject is None or quoted.open_at <= subject.idx < quoted.close_end:
            continue
        sentence = verb.sent
        speaker = phrase_extent(subject, low=sentence.start, high=sentence.end)
        found.append(
            Candidate(
                start=quoted.start,
                end=quoted.end,
                kind="mixed",
                cue=char_span(text, *cue_extent(verb)),
                speaker=char_span(text, *speaker),
                subject=subject.i,
            )
        )
    return found


def _governing_cue(doc: Doc, quoted: Quoted) -> Token | None:
    """The speech verb a few steps above the quoted phrase in the parse, if there is one."""
    inside = list(doc.char_span(quoted.start, quoted.end, alignment_mode="expand") or ())
    roots = [token for token in inside if not quoted.start <= token.head.idx < quoted.end]
    current = roots[0].head if roots else None
    for _ in range(3):
        if current is None:
            return None
        if cue_class(current) == "speech" and not quoted.open_at <= current.idx < quoted.close_end:
            return current
        current = current.head if current.head.i != current.i else None
    return None
