"""The modality records and the cue lexicon they are read with.

The cue words are data (``dateline/data/modality/cues.tsv``); this module reads them once and
turns spaCy tokens into ``ModalityCue`` records (character offsets, so no Doc leaks out).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from spacy.tokens import Token

from dateline.model import Modality, Record

CueClass = Literal[
    "negator",
    "negating_verb",
    "modal_hypothetical",
    "modal_future",
    "hedge",
    "conditional",
    "future_verb",
    "hypothetical_verb",
    "future_noun",
    "hypothetical_noun",
    "future_time",
    "recent",
    "historical_phrase",
    "reporting",
    "complement_only",
]
CUE_CLASSES: frozenset[str] = frozenset(CueClass.__args__)  # type: ignore[attr-defined]

# When several cues apply, the first in this order wins: a negated or merely possible event
# did not happen whatever its tense, and a future event cannot be background.
PRECEDENCE: tuple[Modality, ...] = ("negated", "hypothetical", "future", "historical", "asserted")


class ModalityCue(Record, frozen=True, kw_only=True):
    """The words that decided a reading, as character offsets into the parsed text."""

    start: int
    end: int
    text: str
    kind: Modality


class ModalityReading(Record, frozen=True, kw_only=True):
    """The modality of one event trigger and the cue behind it (None when nothing fired)."""

    modality: Modality
    cue: ModalityCue | None


ASSERTED = ModalityReading(modality="asserted", cue=None)


@cache
def lexicon() -> dict[str, frozenset[str]]:
    """Cue class → its words, from the packaged data file."""
    source = resources.files("dateline").joinpath("data/modality/cues.tsv")
    words: dict[str, set[str]] = {name: set() for name in CUE_CLASSES}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, word = line.split("\t")
        if kind not in words:
            raise ValueError(f"E401 modality cues.tsv: unknown cue class {kind!r}")
        words[kind].add(word)
    return {name: frozenset(members) for name, members in words.items()}


def is_cue(token: Token, kind: CueClass) -> bool:
    """Whether ``token`` (by lower-cased form or lemma) is a word of cue class ``kind``."""
    words = lexicon()[kind]
    return token.lower_ in words or token.lemma_.lower() in words


def cue_of(first: Token, kind: Modality, *, last: Token | None = None) -> ModalityCue:
    """A cue record spanning ``first`` .. ``last`` (inclusive) of one Doc."""
    end_token = last if last is not None and last.i >= first.i else first
    start, end = first.idx, end_token.idx + len(end_token)
    # The tokens' own text: Doc.text is rebuilt whole on every access.
    text = first.doc[first.i : end_token.i + 1].text
    return ModalityCue(start=start, end=end, text=text, kind=kind)


def rank(kind: Modality) -> int:
    """Position of ``kind`` in the precedence order (lower wins)."""
    return PRECEDENCE.index(kind)
