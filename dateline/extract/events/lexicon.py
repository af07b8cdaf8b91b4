"""The verb-pattern lexicon: verb lemmas and the words around them -> CAMEO codes.

Converted from the PETRARCH2 verb dictionary (data/events/verbs.tsv, verb_patterns.tsv) with
dateline's overrides (verbs_curated.tsv); matching here is over lemma sequences, no parser needed.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from dateline.errors import Errors, config_error
from dateline.extract.events.ontology import data_rows, is_cameo
from dateline.model import Record

# PETRARCH's slot marks: $ source, + target, ^ skip a phrase, % compound actor.  They place actors
# for a parser-based detector and match no word here.
SLOTS = frozenset({"$", "+", "^", "%"})
_Phrases = tuple[tuple[str, ...], ...]
_MEMO_SIZE = 50_000  # verb phrases remembered before the memo starts afresh


class VerbPattern(Record, frozen=True, kw_only=True):
    """A verb with words before/after it (``&name`` = any phrase of a synset) and its CAMEO code.

    ``cameo`` None is PETRARCH's null code: the pattern is a foil that stops the verb coding
    ("stocks declined").  ``complement`` is the code of the reverse event PETRARCH adds (target
    to source: a visit 042 implies a hosting 043).  ``source`` names the file and line.
    """

    lemma: str
    words_before: tuple[str, ...] = ()
    words_after: tuple[str, ...] = ()
    cameo: str | None
    complement: str | None = None
    source: str


class VerbEntry(Record, frozen=True, kw_only=True):
    """A verb of the lexicon: ``head`` is the inflected word, the rest are fixed particles."""

    lemma: str
    head: str
    words_before: tuple[str, ...] = ()
    words_after: tuple[str, ...] = ()
    cameo: str | None
    complement: str | None = None
    forms: tuple[str, ...] = ()
    source: str


def stem(word: str) -> str:
    """A crude plural strip, applied to both sides of a match so "talks" meets "talk"."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class VerbLexicon:
    """Verb entries and patterns by lemma; use ``load_lexicon()`` for the shipped one."""

    # not a Record: it holds indexes built once, not data that travels between stages.
    def __init__(
        self,
        *,
        verbs: Mapping[str, VerbEntry],
        patterns: Mapping[str, tuple[VerbPattern, ...]],
        synsets: Mapping[str, _Phrases],
    ) -> None:
        self._verbs = dict(verbs)
        self._patterns = dict(patterns)
        self._synsets = dict(synsets)
        heads: dict[str, list[VerbEntry]] = defaultdict(list)
        for entry in verbs.values():
            if entry.lemma != entry.head:
                heads[entry.head].append(entry)
        self._multiword = {head: tuple(found) for head, found in heads.items()}
        self._phrase_memo: dict[tuple[str, bool], _Phrases] = {}
        self._match_memo: dict[
            tuple[str, tuple[str, ...], tuple[str, ...]], VerbPattern | None
        ] = {}

    def lemmas(self) -> frozenset[str]:
        """Every verb lemma, multiword ones ("ask for") included."""
        return frozenset(self._verbs)

    def verb(self, lemma: str) -> VerbEntry | None:
        """The entry of ``lemma``, or None when the lexicon has no such verb."""
        return self._verbs.get(lemma.lower())

    def entries(self, lemma: str) -> tuple[VerbPattern, ...]:
        """The verb's default (no words around it) followed by its patterns, in file order."""
        entry = self._verbs.get(lemma.lower())
        if entry is None:
            return ()
        default = VerbPattern(
            lemma=entry.lemma, cameo=entry.cameo, complement=entry.complement, source=entry.source
        )
        return (default, *self._patterns.get(entry.lemma, ()))

    def code(
        self, lemma: str, *, following: Sequence[str] = (), preceding: Sequence[str] = ()
    ) -> str | None:
        """The best CAMEO code for a verb given the lemmas after (and before) it, or None.

        The pattern matching the most words wins (earliest on a tie), else the verb's default;
        None when the verb is unknown, has no default, or a foil pattern wins.
        """
        best = self.match(lemma, following=following, preceding=preceding)
        return best.cameo if best is not None else None

    def match(
        self, lemma: str, *, following: Sequence[str] = (), preceding: Sequence[str] = ()
    ) -> VerbPattern | None:
        """The pattern that decides ``code()`` (for explanations), or None for an unknown verb."""
        # Memoised: the coder asks twice per verb, and verb phrases repeat across articles.
        key = (lemma, tuple(following), tuple(preceding))
        if key in self._match_memo:
            return self._match_memo[key]
        if len(self._match_memo) >= _MEMO_SIZE:
            self._match_memo.clear()
        found = self._match(lemma, following=following, preceding=preceding)
        self._match_memo[key] = found
        return found

    def _match(
        self, lemma: str, *, following: Sequence[str], preceding: Sequence[str]
    ) -> VerbPattern | None:
        after = [stem(word) for word in following]
        before = [stem(word) for word in preceding]
        scored = list(self._scored(lemma.lower(), after, before, bonus=0))
        for entry in self._multiword.get(lemma.lower(), ()):
            rest = _particles_rest(entry, after, before)
            if rest is not None:
                bonus = len(entry.words_before) + len(entry.words_after)
                scored.extend(self._scored(entry.lemma, rest, before, bonus=bonus))
        if not scored:
            return None
        return max(scored, key=lambda pair: pair[0])[1]

    def _scored(
        self, lemma: str, after: Sequence[str], before: Sequence[str], *, bonus: int
    ) -> Iterable[tuple[int, VerbPattern]]:
        for pattern in self.entries(lemma):
            size = self._fits(pattern.words_after, after)
            size_before = self._fits(pattern.words_before, before[::-1], reverse=True)
            if size >= 0 and size_before >= 0:
                yield bonus + size + size_before, pattern

    def _fits(self, tokens: Sequence[str], words: Sequence[str], *, reverse: bool = False) -> int:
        """How many tokens match ``words`` in order (gaps allowed); -1 when one does not."""
        position, matched = 0, 0
        units = [token for token in tokens if token not in SLOTS]
        for token in reversed(units) if reverse else units:
            phrases = self._phrases(token, reverse=reverse)
            position = _find(phrases, words, position)
            if position < 0:
                return -1
            matched += 1
        return matched

    def _phrases(self, token: str, *, reverse: bool) -> _Phrases:
        # Memoised: every candidate verb tries hundreds of patterns with the same tokens.
        key = (token, reverse)
        found = self._phrase_memo.get(key)
        if found is None:
            phrases = (
                self._synsets.get(token[1:], ()) if token.startswith("&") else ((stem(token),),)
            )
            found = tuple(phrase[::-1] for phrase in phrases) if reverse else phrases
            self._phrase_memo[key] = found
        return found


def _find(phrases: _Phrases, words: Sequence[str], start: int) -> int:
    """The position just after the earliest-ending match of any phrase at or after ``start``."""
    if len(phrases) == 1 and len(phrases[0]) == 1:  # one word, the common case
        word = phrases[0][0]
        for i in range(start, len(words)):
            if words[i] == word:
                return i + 1
        return -1
    ends = [
        i + len(phrase)
        for phrase in phrases
        for i in range(start, len(words) - len(phrase) + 1)
        if tuple(words[i : i + len(phrase)]) == phrase
    ]
    return min(ends, default=-1)


def _particles_rest(entry: VerbEntry, after: list[str], before: list[str]) -> list[str] | None:
    """The words after a multiword verb's particles, or None when its particles are not there."""
    fixed_after = [stem(word) for word in entry.words_after]
    fixed_before = [stem(word) for word in entry.words_before]
    if after[: len(fixed_after)] != fixed_after:
        return None
    if fixed_before and before[-len(fixed_before) :] != fixed_before:
        return None
    return after[len(fixed_after) :]


def _code(text: str, where: str) -> str | None:
    if text and not is_cameo(text):
        raise config_error(Errors.E007, code=text, where=f" in {where}")
    return text or None


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def read_verbs() -> dict[str, VerbEntry]:
    """Converted verbs, then the curated defaults that replace theirs."""
    verbs: dict[str, VerbEntry] = {}
    for lemma, head, before, after, cameo, complement, _basis, _block, forms, line in data_rows(
        "verbs.tsv", columns=10
    ):
        where = f"verbs.tsv:{line}"
        entry = VerbEntry(
            lemma=lemma, head=head, words_before=_words(before), words_after=_words(after),
            cameo=_code(cameo, where), complement=_code(complement, where),
            forms=tuple(forms.split("|")), source=f"CAMEO.2.0.txt:{line}",
        )  # fmt: skip
        # A verb listed in several blocks keeps its first coded entry (PETRARCH has no rule).
        if lemma not in verbs or verbs[lemma].cameo is None:
            verbs[lemma] = entry
    return verbs | curated_verbs(verbs)


def curated_verbs(verbs: Mapping[str, VerbEntry]) -> dict[str, VerbEntry]:
    """Entries from verbs_curated.tsv, keeping the converted forms when the row gives none."""
    curated = {}
    for number, (lemma, cameo, forms, _reason) in enumerate(
        data_rows("verbs_curated.tsv", columns=4), start=1
    ):
        old, where = verbs.get(lemma), f"verbs_curated.tsv row {number}"
        curated[lemma] = VerbEntry(
            lemma=lemma, head=lemma.split()[0], cameo=_code(cameo, where),
            forms=tuple(forms.split("|")) if forms else (old.forms if old else ()),
            source=where,
        )  # fmt: skip
    return curated


def read_patterns(verbs: Mapping[str, VerbEntry]) -> dict[str, tuple[VerbPattern, ...]]:
    """Each lemma's patterns: those of every block that lists it, in file order."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for lemma, _head, _b, _a, _c, _x, _basis, block, _forms, _line in data_rows(
        "verbs.tsv", columns=10
    ):
        if lemma not in blocks[block]:
            blocks[block].append(lemma)
    found: dict[str, list[VerbPattern]] = defaultdict(list)
    for block, before, after, cameo, complement, _pattern, _note, line in data_rows(
        "verb_patterns.tsv", columns=8
    ):
        where = f"verb_patterns.tsv:{line}"
        for lemma in blocks[block]:
            found[lemma].append(
                VerbPattern(
                    lemma=lemma,
                    words_before=_words(before),
                    words_after=_words(after),
                    cameo=_code(cameo, where),
                    complement=_code(complement, where),
                    source=f"CAMEO.2.0.txt:{line}",
                )
            )
    for lemma, patterns in curated_patterns().items():
        found[lemma][:0] = patterns  # tried first: a curated pattern wins a tie
    return {lemma: tuple(patterns) for lemma, patterns in found.items() if lemma in verbs}


def curated_patterns() -> dict[str, list[VerbPattern]]:
    """Patterns from verb_patterns_curated.tsv, by lemma, in file order."""
    found: dict[str, list[VerbPattern]] = defaultdict(list)
    for number, (lemma, after, cameo, _reason) in enumerate(
        data_rows("verb_patterns_curated.tsv", columns=4), start=1
    ):
        where = f"verb_patterns_curated.tsv row {number}"
        found[lemma].append(
            VerbPattern(
                lemma=lemma, words_after=_words(after), cameo=_code(cameo, where), source=where
            )
        )
    return found


def read_synsets() -> dict[str, _Phrases]:
    """Synset name -> its phrases, each stemmed word by word."""
    found: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name, phrase in data_rows("verb_synsets.tsv", columns=2):
        found[name].append(tuple(stem(word) for word in phrase.split()))
    return {name: tuple(phrases) for name, phrases in found.items()}


@functools.cache
def load_lexicon() -> VerbLexicon:
    """The shipped verb lexicon, read once per process."""
    verbs = read_verbs()
    return VerbLexicon(verbs=verbs, patterns=read_patterns(verbs), synsets=read_synsets())


class NounLexicon:
    """Event nouns (``data/events/event_nouns.tsv``): the word as written and the words that
    tell its sense ("phone call", "call for") -> a CAMEO code; use ``load_nouns()``."""

    def __init__(self, rows: Mapping[str, Sequence[tuple[str | None, str | None, str]]]) -> None:
        # each noun's rows that need a cue first (a stable sort), then its plain row
        self._rows = {
            noun: tuple(sorted(found, key=lambda row: row[0] is None))
            for noun, found in rows.items()
        }

    def match(self, word: str, *, cues: Sequence[str] = ()) -> tuple[str, str] | None:
        """The CAMEO code of the event noun ``word`` with the words ``cues`` (its compounds,
        modifiers and prepositions) and the row that decided it; None when it names no event."""
        said = {cue.lower() for cue in cues}
        for cue, cameo, source in self._rows.get(word.lower(), ()):
            if cue is None or cue in said:
                return (cameo, source) if cameo is not None else None
        return None

    def names_event(self, word: str) -> bool:
        """Whether ``word`` names an event with no other word needed ("talks", "visit")."""
        return any(cue is None and cameo is not None for cue, cameo, _ in self._rows.get(word, ()))


@functools.cache
def load_nouns() -> NounLexicon:
    """The shipped event nouns, read once per process."""
    rows: dict[str, list[tuple[str | None, str | None, str]]] = defaultdict(list)
    for number, (noun, cue, cameo, _note) in enumerate(
        data_rows("event_nouns.tsv", columns=4), start=1
    ):
        where = f"event_nouns.tsv row {number}"
        code = None if cameo == "never" else _code(cameo, where)
        rows[noun].append((None if cue == "-" else cue, code, where))
    return NounLexicon(rows)


# a plural's ending and what its singular ends in, tried in order ("facilities" -> "facility")
_PLURALS = (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss"), ("xes", "x"),
            ("men", "man"), ("es", ""), ("s", ""))  # fmt: skip


def is_thing_noun(word: str) -> bool:
    """Whether ``word`` (lower case, singular or plural) can only name a thing, never a person,
    a group or a place: every WordNet sense of it is another kind ("mantra", "dress",
    "facilities"; not "embassy", "order" or "sides"). Unknown words are no things."""
    things = _thing_nouns()
    if word in things:
        return True
    return any(
        word.endswith(ending)
        and len(word) > len(ending) + 2
        and word[: -len(ending)] + singular in things
        for ending, singular in _PLURALS
    )


@functools.cache
def _thing_nouns() -> frozenset[str]:
    """``thing_nouns.txt``, made from WordNet by ``scripts/build_thing_nouns.py``."""
    return frozenset(row[0] for row in data_rows("thing_nouns.txt", columns=1))
