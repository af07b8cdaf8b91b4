"""A sentence's main event from the encoder's reading of it and the parse's verbs.

The encoder (``encoder.py``) says what the sentence reports (its pentaclass and PLOVER type) and
which phrases name the source and the target. The parse supplies what a whole-sentence reading
cannot: the verb that states the event (its anchor, modality and time modifiers) and, where the
encoder marks no phrase, the parties of that verb that name a known actor. The lexicon still
gives the CAMEO code where it agrees with the encoder's type; otherwise the code is the type's
general code in the class the encoder read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from dateline.extract.events.encoder import PLOVER_LABELS, SentenceReading
from dateline.extract.events.ontology import STATEMENT, cameo_codes, pentaclass, plover_for
from dateline.model import Record, Span
from dateline.nlp.events import EventCandidate

STATEMENT_CODE = "010"
# verbs of accepting: negated, they state a refusal whatever the sentence's type reads
ACCEPTING = frozenset({
    "accept", "agree", "approve", "allow", "permit", "recognize", "recognise", "endorse",
    "consent", "grant", "ratify", "sign",
})  # fmt: skip


class MainReading(Record, frozen=True, kw_only=True):
    """One sentence's main event as read: which candidate anchors it, its code, its phrases."""

    index: int  # into the sentence's candidates
    code: str
    probability: float  # the encoder's probability for the class times the type within it
    actors: tuple[Span, ...]
    recipients: tuple[Span, ...]
    lexicon_agrees: bool  # the anchor's own lexicon code is of the type read
    note: str = ""  # a reading of the parse that stands against the encoder's class


def read_main(
    candidates: Sequence[EventCandidate],
    codes: Sequence[str | None],
    reading: SentenceReading,
) -> MainReading | None:
    """The main event of one sentence's candidates (all of one sentence, in text order)."""
    if not candidates:
        return None
    klass = reading.klass
    sentence = candidates[0].sentence
    parsed = [span for c in candidates for span in (*c.actors, *c.recipients)]
    actors = _phrases(reading.sources, sentence, parsed)
    recipients = _phrases(reading.targets, sentence, parsed)
    if klass == 0:
        appeal = _appeal(candidates, codes)
        if appeal is not None:  # "called on Turkey to assist": the saying is a REQUEST
            code = str(codes[appeal])
            calling = candidates[appeal]
            return MainReading(
                index=appeal,
                code=code,
                probability=reading.penta[0] + reading.penta[pentaclass(code)],
                # who appeals is the appeal's own subject where the encoder's source is none
                # of its phrases ("The Afghan people need assistance and we call on ...")
                actors=_own(actors, calling.actors),
                recipients=_addressed(recipients, calling),
                lexicon_agrees=True,
                note="+appeal",
            )
        demand = _demand(candidates)
        if demand is not None:  # "Turkey should withdraw its troops, said a Taliban spokesman"
            return _demand_reading(demand, candidates, actors, reading.penta[0] + reading.penta[3])
        refused = next(
            (i for i, c in enumerate(candidates)
             if c.clause == "ccomp" and c.modality == "negated" and c.lemma in ACCEPTING),
            None,
        )  # fmt: skip
        if refused is not None:  # "Mujahid said his group would accept no extensions"
            return MainReading(
                index=refused,
                code=class_codes()["REJECT:3"],
                probability=reading.penta[0] + reading.penta[3],
                actors=actors,
                recipients=recipients,
                lexicon_agrees=False,
            )
        reported = _reported(candidates, codes)
        if reported is not None:  # "The State Department said Blinken spoke with Lavrov"
            code = str(codes[reported])
            return MainReading(
                index=reported,
                code=code,
                probability=reading.penta[0] + reading.penta[pentaclass(code)],
                actors=(),  # the reported clause's own parties, not the speaker
                recipients=(),
                lexicon_agrees=True,
                note="+reported",
            )
        index = _statement_anchor(candidates, codes)
        return MainReading(
            index=index,
            code=STATEMENT_CODE,
            probability=reading.penta[0],
            actors=actors,
            recipients=recipients,
            lexicon_agrees=codes[index] is not None and pentaclass(str(codes[index])) == 0,
        )
    klass, kind, within = _class_and_type(reading)
    demand = _demand(candidates) if kind == "REQUEST" else None
    if demand is not None and _asked(candidates[demand[0]], codes[demand[0]]):
        demand = None  # "was asked about a tweet in which he said the US must expand"
    if demand is not None:  # read as a request of the clause's subject, or as reported
        return _demand_reading(demand, candidates, actors, reading.penta[klass] * within)
    if kind == "REQUEST" and not any(c.is_speech for c in candidates):
        demanded = _own_demand(candidates)
        if demanded is not None:  # a quoted demand: "..., so they should withdraw from ..."
            # made of the clause's subject, which is not who demands it
            subject = candidates[demanded].actors[:1]
            return MainReading(
                index=demanded,
                code=class_codes()["REQUEST:3"],
                probability=reading.penta[klass] * within,
                actors=tuple(a for a in actors if not any(overlaps(a, s) for s in subject)),
                recipients=_antecedent(subject, candidates, actors),
                lexicon_agrees=False,
                note="+demand",
            )
    matching = [
        i for i, code in enumerate(codes)
        if code is not None and plover_for(code).type == kind and pentaclass(code) == klass
        and not _going_to(candidates, i)
    ]  # fmt: skip
    index = _anchor(candidates, codes, matching, actors + recipients)
    if kind == "REQUEST" and _asked(candidates[index], codes[index]):
        # "Mr Trump was asked about a December tweet": a question put, not a request
        return MainReading(
            index=index, code=STATEMENT_CODE, probability=reading.penta[0] + reading.penta[klass],
            actors=actors, recipients=recipients, lexicon_agrees=True, note="+question",
        )  # fmt: skip
    agrees = index in matching
    code = str(codes[index]) if agrees else class_codes()[f"{kind}:{klass}"]
    return MainReading(
        index=index,
        code=code,
        probability=reading.penta[klass] * within,
        actors=actors,
        recipients=recipients,
        lexicon_agrees=agrees,
    )


# a dateline the encoder may take into the source's phrase: "SULAIMANI (ESTA) — ", "KABUL, Aug 26
# (Reuters) - ", "WASHINGTON: "
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'\-]{3,}(?:,[^—–\-:(]{1,30})?(?:\s*\([^)]{1,40}\))?\s*(?:—|–|-{1,2}|:)\s+"
)


def _phrases(
    spans: Sequence[tuple[int, int]], sentence: Span, parsed: Sequence[Span] = ()
) -> tuple[Span, ...]:
    """The encoder's phrases as spans of the text; one it stopped after a determiner ("accused
    the") is the parse's phrase that starts there, up to its head ("the White House")."""
    found = []
    for begin, stop in spans:
        dateline = _DATELINE.match(sentence.text[begin:stop])
        # the dateline says where the report was filed, not who acted
        start = begin + dateline.end() if dateline is not None else begin
        start = start if start < stop else begin
        end = start + len(trimmed(sentence.text[start:stop]))
        text = sentence.text[start:end]
        if text.strip().lower() not in _NO_PHRASE:
            found.append(Span(start=sentence.start + start, end=sentence.start + end, text=text))
            continue
        at = sentence.start + start
        wider = [p for p in parsed if p.start == at and p.end > sentence.start + end]
        head = head_phrase(min(wider, key=lambda p: p.end), NAME_CUT) if wider else None
        if head is not None and head.text.strip().lower() not in _NO_PHRASE:
            found.append(head)
    return tuple(found)


def head_phrase(span: Span, cuts: re.Pattern[str] | None = None) -> Span:
    """The phrase up to its head noun ("the media of deliberately manipulating the news")."""
    cut = (cuts or HEAD_CUT).search(span.text)
    text = trimmed(span.text[: cut.start()] if cut else span.text).rstrip()
    return Span(start=span.start, end=span.start + len(text), text=text) if text else span


def _head_cut(of: str) -> re.Pattern[str]:
    """Where a phrase's complements start: a preposition or relative word (``of`` as given), a
    comma, a semicolon, a parenthesis or a dash between spaces ("The suspects - one from ...")."""
    return re.compile(rf"\s(?:{of}|who|which|that|in|at|from|for|with)(?:\s|$)|,|;|\(|\s[-–—]\s")


HEAD_CUT = _head_cut("of")
# the same, where "of" before a name is part of it ("the US Secretary of State")
NAME_CUT = _head_cut(r"of(?!\s+(?:the\s+)?[A-Z])")


# what ends a phrase but is no part of the name: a possessive ("Xi Jinping's trebling": the
# party is Xi Jinping) and an aside the phrase cuts open ("the Levant (ISIL")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|s['\u2019])$")
_OPEN_ASIDE = re.compile(r"\s*\([^)]*$")


def trimmed(text: str) -> str:
    """A party phrase without a trailing possessive (or the apostrophe of one) or a
    parenthesis it leaves open."""
    cut = _OPEN_ASIDE.sub("", text)
    cut = cut[:-2] if _POSSESSIVE.search(cut) and not cut.endswith(("s'", "s\u2019")) else cut
    # "Erdogan's" read up to its apostrophe ("Recep Tayyip Erdogan'"), "the allies'"
    cut = cut.rstrip("'\u2019")
    return cut.rstrip() or text


# verbs of asking: a request ("asked Turkey to leave") or a question put ("asked whether")
ASKING = frozenset({"ask", "inquire", "enquire", "wonder"})


def _asked(candidate: EventCandidate, code: str | None) -> bool:
    """A verb of asking the lexicon reads as a question put, not a request (see the coder)."""
    return candidate.lemma in ASKING and code == STATEMENT_CODE


def _own(read: tuple[Span, ...], parsed: Sequence[Span]) -> tuple[Span, ...]:
    """The encoder's phrases for a role, unless the verb's own phrases for it are others."""
    if not parsed or any(overlaps(r, p) for r in read for p in parsed):
        return read
    return tuple(parsed) if read else read


def _class_and_type(reading: SentenceReading) -> tuple[int, str, float]:
    """An event's class and PLOVER type read as one choice: the class's probability times the
    type's, over the four event classes, so that a class only a little likelier than another
    does not force its own unlikely type ("The revised order temporarily bars entry to the
    United States of most refugees": read a little likelier as verbal conflict, whose best type
    is ACCUSE, where the type read is COERCE). The type's probability within its class comes
    with it. On the development sentences: PLV type macro-F1 0.702 -> 0.748, real-news type
    accuracy 0.735 -> 0.742."""
    scored = [
        (reading.penta[klass] * reading.plover[PLOVER_LABELS.index(kind)], klass, kind)
        for klass in range(1, 5)
        for kind in types_of_class(klass)
    ]
    _, klass, kind = max(scored)
    allowed = [reading.plover[PLOVER_LABELS.index(label)] for label in types_of_class(klass)]
    total = sum(allowed)
    return klass, kind, (reading.plover[PLOVER_LABELS.index(kind)] / total if total else 0.0)


def _addressed(read: tuple[Span, ...], calling: EventCandidate) -> tuple[Span, ...]:
    """Whom an appeal is made to: the encoder's target phrase, unless that stands before the
    appeal's verb (an appeal names whom it calls on after it: "The Afghan people need
    assistance and we call on all countries") and the verb's own object is a named phrase;
    that object where the encoder reads none."""
    named = tuple(s for s in calling.recipients if s.text.lower() not in _ADDRESSED_PRONOUNS)
    if read and named and all(span.end <= calling.anchor.start for span in read):
        return named
    sentence = calling.sentence
    after = sentence.text[calling.anchor.end - sentence.start :]
    if _FOR.match(after):
        # "called for engagement with the Taliban": a party named in what is asked for is not
        # whom it is asked of
        read = tuple(span for span in read if span.end <= calling.anchor.start)
    # "called for a referendum", "asked for the views of ...": what is asked for, no addressee
    named = tuple(
        span
        for span in named
        if not sentence.text[: span.start - sentence.start].rstrip().lower().endswith("for")
    )
    if read and named and named[0].end <= min(span.start for span in read):
        # "Francis asked Catholics to pray for Myanmar's Rohingya": whom the verb addresses
        # comes before what they are asked to do, and whom that is about
        return named[:1]
    # "called on the country's fish-farming industry to boost exports": the verb's object,
    # where the encoder reads no target
    return read or named[:1]


_FOR = re.compile(r"\s+for\s", re.IGNORECASE)


def _appeal(candidates: Sequence[EventCandidate], codes: Sequence[str | None]) -> int | None:
    """A speech act the lexicon codes as an appeal ("called on X to", "urged X to"): the encoder's
    training data call many of these statements; what they report is a REQUEST."""
    for index, (candidate, code) in enumerate(zip(candidates, codes, strict=True)):
        if code is not None and candidate.is_speech and plover_for(code).type == "REQUEST":
            return index
    return None


# modals that make a reported clause a demand on its subject ("Turkey should withdraw")
_DEMANDING = frozenset({"should", "must", "ought"})
# a speaker's own side is not whom a demand is made of ("we must do more")
_SELF = frozenset({"we", "i", "us", "you"})


def _demand(candidates: Sequence[EventCandidate]) -> tuple[int, EventCandidate] | None:
    """A statement that reports what another party should or must do: the saying is a demand
    made of the reported clause's subject. The reporting verb's index and that clause."""
    speech = next((i for i, c in enumerate(candidates) if c.is_speech), None)
    if speech is None:
        return None
    # the reported clause: the saying's complement, or the sentence's root where the saying
    # comes after it ("Turkey should withdraw, said a spokesman" parses as two clauses)
    reported = {"ccomp"} if candidates[speech].clause == "ROOT" else {"ccomp", "ROOT"}
    for candidate in candidates:
        if candidate.clause in reported and _demanded_of_another(candidate):
            return speech, candidate
    return None


def _demanded_of_another(candidate: EventCandidate) -> bool:
    """Whether a clause says what a party other than the speaker's side should or must do.
    What a party should get or undergo is asked of no one it names ("refugees should receive
    initial care", "Parliament should have the opportunity", "it must be enforced")."""
    cue = candidate.modality_cue
    return (
        cue is not None
        and cue.text.lower() in _DEMANDING
        and bool(candidate.actors)
        and candidate.actors[0].text.lower() not in _SELF
        and not candidate.passive
        and candidate.lemma not in _UNDERGOING
    )


# verbs whose subject gets or undergoes something rather than acts
_UNDERGOING = frozenset(
    {"have", "receive", "get", "enjoy", "deserve", "benefit", "gain", "obtain", "face",
     "suffer", "undergo"}
)  # fmt: skip


def _own_demand(candidates: Sequence[EventCandidate]) -> int | None:
    """A sentence with no saying in it (a quotation, its speaker named in the next sentence)
    whose main clause says what another party should or must do: the index of that clause.
    The demand is made of the clause's subject, never of the speaker's own side."""
    for index, candidate in enumerate(candidates):
        if (
            candidate.clause in ("ROOT", "conj", "advcl")  # "..., so they should withdraw"
            and not candidate.nominal
            and _demanded_of_another(candidate)
        ):
            return index
    return None


def _demand_reading(
    demand: tuple[int, EventCandidate],
    candidates: Sequence[EventCandidate],
    actors: Sequence[Span],
    probability: float,
) -> MainReading:
    """The speaker's demand of the reported clause's subject ("Turkey should withdraw its
    troops, said a Taliban spokesman"): its source is the encoder's phrase where that names the
    speaker, else the saying's subject (the encoder may read the clause's subject as the source,
    or read no phrase); its target is that subject, a pronoun taken back to a party before it."""
    speech, complement = demand
    speakers = candidates[speech].actors
    said_by = actors if actors and any(overlaps(actors[0], s) for s in speakers) else speakers
    return MainReading(
        index=speech,
        code=class_codes()["REQUEST:3"],
        probability=probability,
        actors=tuple(said_by),
        recipients=_antecedent(
            complement.actors[:1], candidates, speakers, told=candidates[speech].recipients
        ),
        lexicon_agrees=False,
        note="+demand",
    )


def _antecedent(
    phrases: Sequence[Span],
    candidates: Sequence[EventCandidate],
    speakers: Sequence[Span],
    *,
    told: Sequence[Span] = (),
) -> tuple[Span, ...]:
    """A pronoun subject ("so they should withdraw") as the subject of a clause before it in
    the sentence ("Turkey has been part of NATO forces"), when one names someone; else as the
    party the saying is addressed to ("warned NATO allies that they must pay more"), unless
    that is the press; else as is."""
    if not phrases or phrases[0].text.lower() not in _PRONOUNS:
        return tuple(phrases)
    before = [
        subject
        for candidate in candidates
        for subject in candidate.actors[:1]
        if subject.end <= phrases[0].start
        and subject.text.lower() not in _PRONOUNS
        and not any(overlaps(subject, speaker) for speaker in speakers)
    ]
    if before:
        return (before[-1],)
    addressed = [t for t in told if t.end <= phrases[0].start and not PRESS.search(t.text)]
    return (addressed[0],) if addressed else tuple(phrases)


# whom a saying is told that is only its channel: "told Reuters that they should go", "told
# the BBC's Newsnight programme"
PRESS = re.compile(
    r"\b(?:reporters?|journalists?|press|media|reuters|afp|ap|associated press|agency|"
    r"xinhua|tass|interfax|bbc|cnn|television|radio|newspaper|programme|program|broadcaster)\b",
    re.IGNORECASE,
)


def _reported(candidates: Sequence[EventCandidate], codes: Sequence[str | None]) -> int | None:
    """A statement whose reported clause states an act between two parties ("The State
    Department said Blinken spoke with Lavrov"): what the sentence reports is that act. Only
    an asserted clause with its subject and its other party, of a sentence with one saying."""
    speeches = [c for c in candidates if c.is_speech]
    if len(speeches) != 1 or speeches[0].lemma not in _NEUTRAL_SAYING:
        return None  # "claimed that they had attacked": a claim is the speaker's statement
    for index, (candidate, code) in enumerate(zip(candidates, codes, strict=True)):
        if (
            candidate.clause == "ccomp"
            and not candidate.passive  # "have been ravaged by war": the agent is no party
            and candidate.actors[:1]
            and candidate.actors[0].text.lower() not in _PRONOUNS
            and not candidate.nominal
            and candidate.modality == "asserted"
            and code is not None
            and pentaclass(code) != 0
            and candidate.actors
            and candidate.recipients
            and not any(overlaps(a, s) for a in candidate.actors for s in speeches[0].actors)
        ):
            return index
    return None


# verbs that only pass on what happened; a claim, a denial or an accusation is the speaker's act
_NEUTRAL_SAYING = frozenset({"say", "tell", "report", "announce", "confirm", "add", "state"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
_ADDRESSED_PRONOUNS = _PRONOUNS | {"him", "her", "them", "us", "me"}


def overlaps(one: Span, other: Span) -> bool:
    """Whether two spans share a character."""
    return one.start < other.end and other.start < one.end


# what names no party on its own (a phrase cut down to its article)
_NO_PHRASE = frozenset({"", "the", "a", "an", "its", "their", "his", "her"})


def _statement_anchor(candidates: Sequence[EventCandidate], codes: Sequence[str | None]) -> int:
    """A statement is anchored on its reporting verb, else the verb heading the sentence."""
    for index, candidate in enumerate(candidates):
        if candidate.is_speech:
            return index
    return _root(candidates, codes)


def _anchor(
    candidates: Sequence[EventCandidate],
    codes: Sequence[str | None],
    matching: Sequence[int],
    phrases: Sequence[Span],
) -> int:
    """The verb that states the event: one the lexicon codes as the type read (the one closest
    to the parties' phrases), else the lexicon's own main pick, else the verb heading the
    sentence."""
    if matching:  # a verb before an event noun
        return min(
            matching,
            key=lambda i: (candidates[i].nominal, _distance(candidates[i].anchor, phrases), i),
        )
    picked = main_index(candidates, codes)
    if (
        picked is not None
        and not candidates[picked].is_speech
        # "Moscow, which in Soviet times battled Islamic guerrillas, plans discussions with the
        # Taliban": a relative clause describes a party; the type read is the main clause's
        and candidates[picked].clause not in _DESCRIBING
    ):
        return picked
    return _root(candidates, codes)


def _going_to(candidates: Sequence[EventCandidate], index: int) -> bool:
    """ "We are going to visit Moscow": "going to" says when; the next verb is the act."""
    following = candidates[index + 1 : index + 2]
    return candidates[index].lemma == "go" and bool(following) and following[0].clause == "xcomp"


# clauses that describe a noun rather than state the sentence's event
_DESCRIBING = frozenset({"relcl"})


def _distance(anchor: Span, phrases: Sequence[Span]) -> int:
    if not phrases:
        return 0
    return min(
        0 if phrase.start <= anchor.start < phrase.end
        else min(abs(anchor.start - phrase.end), abs(phrase.start - anchor.end))
        for phrase in phrases
    )  # fmt: skip


def _root(candidates: Sequence[EventCandidate], codes: Sequence[str | None]) -> int:
    """The verb heading the sentence (not a plain reporting verb when another verb is there)."""
    acts = [i for i, c in enumerate(candidates) if not c.is_speech and not c.nominal]
    for index in acts:
        if candidates[index].clause == "ROOT":
            return index
    coded = [i for i in acts if codes[i] is not None]
    verbs = [i for i, c in enumerate(candidates) if not c.nominal]
    return (coded or acts or verbs or [0])[0]


@functools.cache
def types_of_class(klass: int) -> tuple[str, ...]:
    """The PLOVER types that some CAMEO code of pentaclass ``klass`` codes (REQUEST is an
    appeal, class 1, or a demand, class 3)."""
    found = {plover_for(code.code).type for code in cameo_codes() if pentaclass(code.code) == klass}
    return tuple(label for label in PLOVER_LABELS if label in found and label != STATEMENT)


@functools.cache
def class_codes() -> dict[str, str]:
    """``TYPE:class`` → the most general CAMEO code of that type in that class: a three-digit
    "not specified below" code of the root with most codes of the type ("ACCUSE:3" is 110, not
    090 investigate; "REQUEST:3" is 100, a demand)."""
    by_root: dict[tuple[str, str], int] = {}
    for code in cameo_codes():
        root_key = (plover_for(code.code).type, code.code[:2])
        by_root[root_key] = by_root.get(root_key, 0) + 1
    best: dict[str, tuple[tuple[bool, int, bool, str], str]] = {}
    for code in cameo_codes():
        coding = plover_for(code.code)
        key = f"{coding.type}:{pentaclass(code.code)}"
        size = by_root[(coding.type, code.code[:2])]
        rank = (len(code.code) != 3, -size, coding.mode is not None, code.code)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, code.code)
    return {key: code for key, (_, code) in best.items()}


def main_index(candidates: Sequence[EventCandidate], codes: Sequence[str | None]) -> int | None:
    """The main event as the lexicon alone picks it: the first coded candidate with a party,
    non-statements first; None when none is coded with a party."""
    coded = [
        index
        for index, (candidate, code) in enumerate(zip(candidates, codes, strict=True))
        if code is not None and not candidate.nominal and (candidate.actors or candidate.recipients)
    ]
    events = [index for index in coded if pentaclass(str(codes[index])) != 0] or coded
    return events[0] if events else None
