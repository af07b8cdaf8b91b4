"""Direct quotes: which quoted stretches are quotations, and the cue and speaker beside each.

The attribution of ``“…,” Naeem said.`` or ``Blinken added: “…`` sits in the words just after
or just before the marks, up to the sentence's end; the parser's sentence split is unreliable
around quote marks, so the windows are cut by punctuation and marks instead.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dateline.model import Record, Span
from dateline.nlp.quotes.cues import according_to, cue_class, cue_extent, phrase_extent, subject_of
from dateline.nlp.quotes.marks import Quoted
from dateline.nlp.quotes.speakers import char_span

_WINDOW = 25  # tokens: attributions longer than this are rare and mostly misparsed
_STOPS = frozenset({".", "!", "?", ";"})
_MARKS = frozenset(['"', "“", "”", "„", "‟", "«", "»", "″", "''", "``"])
_OPENERS = frozenset(":,—–")
_BLANKS = " \t\xa0\u2009\u202f"  # not the newline: a paragraph start is a boundary


class Candidate(Record, frozen=True, kw_only=True):
    """A quote found but not yet resolved: ``subject`` is the speaker's head token (or -1);
    ``inherit`` asks for the previous quote's speaker (a quote with no cue of its own)."""

    start: int
    end: int
    kind: str
    cue: Span | None = None
    speaker: Span | None = None
    subject: int = -1
    inherit: bool = False


def is_direct(text: str, quoted: Quoted) -> bool:
    """A quotation, not a scare-quoted phrase: it opens a sentence, follows ":" / "," or a
    cue verb, or lost its opening mark at the start of a paragraph."""
    before = text[: quoted.open_at].rstrip(_BLANKS)
    if not before or before[-1] in "\n.!?'" or before[-1] in _OPENERS or before[-1] in _MARKS:
        return True
    words = before.split()
    return bool(words) and words[-1].lower().strip(",") in _SAY_FORMS


# Surface forms (the parse inside quotes is too unreliable to lemmatise the word before a mark).
_SAY_FORMS = frozenset(
    {"said", "says", "say", "saying", "added", "adds", "told", "tells", "asked", "asks"}
    | {"wrote", "writes", "declared", "stated", "explained", "insisted", "warned", "replied"}
    | {"responded", "tweeted"}
)


def _tail(doc: Doc, quoted: Quoted) -> list[Token]:
    """Tokens after the closing mark up to the end of the attribution clause."""
    tokens: list[Token] = []
    for token in doc[_token_at(doc, quoted.close_end) :]:
        if "\n" in token.text or token.text in _MARKS or token.text in _STOPS:
            break
        if len(tokens) >= _WINDOW:
            break
        if not token.is_space:
            tokens.append(token)
    return tokens


def _head(doc: Doc, quoted: Quoted) -> list[Token]:
    """Tokens before the opening mark back to the start of the sentence that introduces it."""
    tokens: list[Token] = []
    index = _token_at(doc, quoted.open_at) - 1
    while index >= 0 and len(tokens) < _WINDOW:
        token = doc[index]
        if "\n" in token.text or token.text in _STOPS or token.text in _MARKS:
            break
        if not token.is_space:
            tokens.append(token)
        index -= 1
    return tokens[::-1]


def _token_at(doc: Doc, offset: int) -> int:
    """Index of the first token that starts at or after ``offset``."""
    return bisect_left(doc, offset, key=lambda token: token.idx)


def _tail_allowed(text: str, quoted: Quoted, tail: Sequence[Token]) -> bool:
    """``“….” Naeem said`` starts a new sentence unless the next word is lower-case."""
    if not tail:
        return False
    ends_sentence = text[quoted.end - 1] in ".!"
    return not ends_sentence or tail[0].text[:1].islower() or tail[0].text == ","


def _head_allowed(text: str, quoted: Quoted) -> bool:
    before = text[: quoted.open_at].rstrip(_BLANKS)
    words = before.split()  # empty when only line breaks or other spaces precede the quote
    return bool(words) and (before[-1] in ":," or words[-1].lower() in _SAY_FORMS)


def _attribution(
    doc: Doc, text: str, window: Sequence[Token], *, backwards: bool
) -> Candidate | None:
    """The cue nearest the quote in ``window`` and its subject, as a partial candidate."""
    if not window:
        return None
    low, high = window[0].i, window[-1].i + 1
    for token in reversed(window) if backwards else window:
        pair = according_to(token)
        if pair is not None:
            cue = char_span(text, token.idx, pair[0].idx + len(pair[0]))
            start, end = phrase_extent(pair[1], low=pair[0].i + 1, high=high)
            return _partial(text, cue, (start, end), pair[1])
        if cue_class(token) == "speech":
            return _from_verb(doc, text, token, low=low, high=high)
    return None


def _from_verb(doc: Doc, text: str, verb: Token, *, low: int, high: int) -> Candidate:
    cue = char_span(text, *cue_extent(verb))
    subject = subject_of(verb)
    if subject is None or not low <= subject.i < high:
        subject = _nearest_noun(doc, verb, low=low, high=high)
    if subject is None:
        return Candidate(start=0, end=0, kind="direct", cue=cue)
    return _partial(text, cue, phrase_extent(subject, low=low, high=high), subject)


def _partial(text: str, cue: Span, extent: tuple[int, int], subject: Token) -> Candidate:
    speaker = char_span(text, *extent)
    return Candidate(start=0, end=0, kind="direct", cue=cue, speaker=speaker, subject=subject.i)


def _nearest_noun(doc: Doc, verb: Token, *, low: int, high: int) -> Token | None:
    """When the parse gives no subject, the noun right before the verb or right after it
    ("…,” said Naeem); before first, since "told AFP" has its addressee after."""
    for index in (verb.i - 1, verb.i + 1):
        if low <= index < high and doc[index].pos_ in ("PROPN", "PRON", "NOUN"):
            token = doc[index]
            while (
                token.dep_ == "compound" and token.head.i != verb.i and low <= token.head.i < high
            ):
                token = token.head
            return token
    return None


def attribute(doc: Doc, text: str, quoted: Quoted) -> Candidate:
    """The direct quote for ``quoted`` with its cue and speaker, or marked to inherit them."""
    found = None
    tail = _tail(doc, quoted)
    if _tail_allowed(text, quoted, tail):
        found = _attribution(doc, text, tail, backwards=False)
    if found is None and _head_allowed(text, quoted):
        found = _attribution(doc, text, _head(doc, quoted), backwards=True)
    if found is None:
        return Candidate(start=quoted.start, end=quoted.end, kind="direct", inherit=True)
    return Candidate(
        start=quoted.start,
        end=quoted.end,
        kind="direct",
        cue=found.cue,
        speaker=found.speaker,
        subject=found.subject,
    )
