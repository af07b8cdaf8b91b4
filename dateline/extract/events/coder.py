"""Code a sentence's events: the encoder reads what the sentence reports, the parse and the
verb lexicon say which verb states it and code the sentence's other verbs.

Each sentence with events has exactly one main event (``main``): the encoder's class and
PLOVER type, its source and target phrases (the parse's phrases that name a known actor where
the encoder marks none), the actor each phrase resolves to (a person wins over the
organisation or country in the same phrase: "Taliban leader Mullah Abdul Ghani Baradar" is
Baradar). One event is made per recipient, and per further actor a co-ordinated phrase names
("spoke with Lavrov and Wang Yi" is two). Every event says what decided it (the encoder, the
lexicon line), so each code can be traced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from msgspec.structs import replace

from dateline.extract.actors import load_kb
from dateline.extract.actors.lookup import by_country
from dateline.extract.actors.records import ResolvedActor
from dateline.extract.actors.resolve import ResolvedMention
from dateline.extract.events.calibration import Calibration
from dateline.extract.events.encoder import (
    ENCODER_NAME,
    PLOVER_LABELS,
    EventEncoder,
    SentenceReading,
)
from dateline.extract.events.lexicon import (
    NounLexicon,
    VerbLexicon,
    VerbPattern,
    is_thing_noun,
    load_nouns,
)
from dateline.extract.events.ontology import pentaclass, plover_for
from dateline.extract.events.reading import (
    ACCEPTING,
    ASKING,
    HEAD_CUT,
    PRESS,
    STATEMENT_CODE,
    MainReading,
    class_codes,
    head_phrase,
    main_index,
    overlaps,
    read_main,
    trimmed,
    types_of_class,
)
from dateline.model import DateBasis, DatePrecision, Event, Modality, Record, Span, Timex
from dateline.nlp.events import EventCandidate, destination_verbs, place_nouns

_LABEL_RANK = {"PERSON": 0, "ORG": 1, "NORP": 2, "GPE": 3, "LOC": 4, "FAC": 5}
_SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$", re.IGNORECASE)
# "on the sidelines of the UN General Assembly": a gathering is where a meeting took place.
_GATHERING_BEFORE = re.compile(
    r"\bon the (?:sidelines|margins) of\s+(?:the\s+)?$|\bat the\s+$", re.IGNORECASE
)
_PRECISIONS: tuple[tuple[re.Pattern[str], DatePrecision], ...] = (
    # Checked in order; the match is the event date ("2021-08-25TEV" is the day 2021-08-25).
    (re.compile(r"^\d{4}-\d{2}-\d{2}"), "day"),
    # "On Aug. 23" in an undated article: the day is known, the year is not (fusion may give
    # it the year of the article's story).
    (re.compile(r"^XXXX-\d{2}-\d{2}"), "day"),
    (re.compile(r"^\d{4}-W\d{2}"), "week"),
    (re.compile(r"^\d{4}-\d{2}(?!\d)"), "month"),
    (re.compile(r"^\d{4}(?![\d-])"), "year"),
)


class CodedEvent(Record, frozen=True, kw_only=True):
    """An event with the mentions of its parties (for output with names and offsets)."""

    event: Event
    actor: ResolvedMention | None
    recipient: ResolvedMention | None


class EventCoder:
    """Codes one article's candidates, sentence by sentence.

    With the encoder, each sentence's main event is what the encoder reads in the whole sentence
    (``reading.read_main``): its class and PLOVER type, and its parties as the phrases the
    encoder marks; its confidence is the encoder's probability. The sentence's other verbs
    that the lexicon codes are kept as further events (``main`` false) at a lower confidence, so
    a user can see them without having them count as the sentence's event. Without the encoder
    (no model file) the lexicon alone codes every verb and picks the main one.
    """

    def __init__(
        self,
        lexicon: VerbLexicon,
        *,
        encoder: EventEncoder | None = None,
        nouns: NounLexicon | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.encoder = encoder
        self.nouns = nouns if nouns is not None else load_nouns()
        # turns the coder's scores into confidences learnt from judged events (with the encoder)
        self.calibration = calibration

    def code(
        self,
        article_id: str,
        candidates: Sequence[EventCandidate],
        *,
        resolved: Sequence[ResolvedMention],
        timexes: Sequence[Timex],
        day: date | None,
        speakers: Sequence[QuotedSpeaker] = (),
        published: tuple[str, DatePrecision] | None = None,
    ) -> list[CodedEvent]:
        """Every event the candidates report, in text order of their sentences. ``speakers``
        are the article's quotes with a resolved speaker: who "we" and "I" are inside them.
        ``published`` is the estimated date ("2021-08", month) of an article with no ``day``:
        an event its clause does not date falls back to it, as to a publication day."""
        groups = _by_sentence(candidates)
        decisions = [self.decide(candidate) for candidate in candidates]
        texts = [candidates[group[0]].sentence.text for group in groups]
        # a further verb's own clause is read apart ("a Taliban spokesman, who effectively
        # rejected Ankara's proposal")
        clauses = [
            i for i, candidate in enumerate(candidates)
            if _reads_apart(candidate, decisions[i], resolved)
        ] if self.encoder is not None else []  # fmt: skip
        readings: list[SentenceReading | None] = [None] * len(texts)
        clause_readings: dict[int, SentenceReading] = {}
        if self.encoder is not None:
            read = self.encoder.read(texts + [_clause_text(candidates[i]) for i in clauses])
            readings = list(read[: len(texts)])
            clause_readings = dict(zip(clauses, read[len(texts) :], strict=True))
        where = _Where(
            resolved=resolved, timexes=timexes, day=day, speakers=tuple(speakers),
            published=published,
        )  # fmt: skip
        coded: list[CodedEvent] = []
        pair: tuple[ResolvedMention, ResolvedMention] | None = None
        since = 0  # sentences since the one ``pair`` comes from
        for group, reading in zip(groups, readings, strict=True):
            sentence = [candidates[i] for i in group]
            recent = pair if since < _PAIR_REACH else None
            found = self._sentence(
                article_id, sentence, reading, replace(where, pair=recent),
                decisions=[decisions[i] for i in group],
                clause_readings={n: clause_readings[i] for n, i in enumerate(group)
                                 if i in clause_readings},
            )  # fmt: skip
            coded += found
            latest = _pair_of(found)
            pair, since = (latest, 0) if latest is not None else (pair, since + 1)
        return coded

    def _sentence(
        self,
        article_id: str,
        candidates: Sequence[EventCandidate],
        reading: SentenceReading | None,
        where: _Where,
        *,
        decisions: Sequence[tuple[str, str] | None],
        clause_readings: dict[int, SentenceReading],
    ) -> list[CodedEvent]:
        codes = [_code_of(decision) for decision in decisions]
        main = (
            read_main(candidates, codes, reading)
            if reading is not None
            else _lexicon_main(candidates, codes)
        )
        if reading is not None and _headline(candidates[0].sentence):
            main = _headline_main(candidates, codes, main, where.resolved) or main
        if reading is not None and (main is None or main.probability < _AGREEING):
            main = _agreeing_main(candidates, codes, reading, where.resolved) or main
        found: list[CodedEvent] = []
        if main is not None:
            lexical = decisions[main.index]
            found += _main_events(
                article_id, candidates, main, lexical=lexical, reading=reading, where=where
            )
            found += self._co_ordinated(article_id, candidates[main.index], found, where)
        for index, (candidate, decision) in enumerate(zip(candidates, decisions, strict=True)):
            if main is not None and index == main.index:
                if decision is not None and candidate.nominal:
                    # the noun's own reading, where it is the main event's
                    found += [
                        noun
                        for noun in _noun_events(article_id, candidate, decision, reading, where)
                        if any(_same_event(noun.event, coded.event) for coded in found)
                    ]
                continue
            clause = clause_readings.get(index)
            # a further verb's own clause, read apart; a reported refusal is read so even where
            # the lexicon codes no act ("they would not accept a U.S. military presence")
            apart = (
                _clause_events(article_id, candidate, decision, clause, where, candidates)
                if clause is not None
                else []
            )
            if apart or decision is None:
                found += apart
            elif candidate.nominal:
                found += _noun_events(article_id, candidate, decision, reading, where)
            else:
                found += _lexicon_events(article_id, candidate, decision, where)
        found = _one_main(_distinct(found))
        if reading is None or self.calibration is None:
            return found
        return [
            replace(
                coded,
                event=self.calibration.calibrated(
                    coded.event, reading, _known(coded.actor), _known(coded.recipient)
                ),
            )
            for coded in found
        ]

    def _co_ordinated(
        self,
        article_id: str,
        candidate: EventCandidate,
        mains: Sequence[CodedEvent],
        where: _Where,
    ) -> list[CodedEvent]:
        """One more event for each further actor co-ordinated with a party of the main event:
        named inside its phrase, or a party the parse co-ordinates with it ("spoke with Lavrov
        and Wang Yi": Wang Yi too); the further party's phrase is its name."""
        if not mains:
            return []
        first = mains[0]
        extra: list[CodedEvent] = []
        for role, parsed in (("actor", candidate.actors), ("recipient", candidate.recipients)):
            phrase = getattr(first.event, f"{role}_span")
            shown = getattr(first, role)
            other = first.recipient if role == "actor" else first.actor
            named = _co_ordinated_names(phrase, shown, where.resolved)
            named += _parse_partners(phrase, parsed, where.resolved, candidate.sentence)
            if _headline(candidate.sentence):  # "Blinken calls China, Russia": both called
                named += _listed_after(phrase, where.resolved, candidate.sentence)
            for mention in named:
                known = [shown, other, *(getattr(e, role) for e in extra)]
                if any(_same_actor(mention, party) for party in known):
                    continue
                event = replace(
                    first.event,
                    **{f"{role}_span": _mention_span(mention), f"{role}_id": _actor_id(mention)},
                    main=False,
                )
                extra.append(
                    CodedEvent(
                        event=event,
                        actor=mention if role == "actor" else first.actor,
                        recipient=mention if role == "recipient" else first.recipient,
                    )
                )
        return extra

    def decide(self, candidate: EventCandidate) -> tuple[str, str] | None:
        """The CAMEO code of a candidate and what decided it, or None when it is no event."""
        if candidate.nominal:
            noun = self.nouns.match(candidate.anchor.text, cues=candidate.following)
            return (noun[0], f"lexicon:{noun[1]}") if noun is not None else None
        pattern = self.lexicon.match(candidate.lemma, following=candidate.following)
        if _phoned(candidate):
            return _PHONE_CALL, "lexicon:phone-call"
        if candidate.is_speech and not _speech_act(candidate, pattern):
            return STATEMENT_CODE, f"reporting-verb:{candidate.lemma}"
        if pattern is None or pattern.cameo is None:
            return None
        return pattern.cameo, f"lexicon:{pattern.source}"


class _Where(Record, frozen=True, kw_only=True):
    """What an event's parties, date and place are read against: the article's resolved
    mentions, its time expressions and its publication day."""

    resolved: Sequence[ResolvedMention]
    timexes: Sequence[Timex]
    day: date | None
    # an undated article's estimated date and its precision ("2021-08", "month")
    published: tuple[str, DatePrecision] | None = None
    # the two parties of the main event of a sentence just before: what "the two" names
    pair: tuple[ResolvedMention, ResolvedMention] | None = None
    speakers: tuple[QuotedSpeaker, ...] = ()


class QuotedSpeaker(Record, frozen=True, kw_only=True):
    """A quote's characters and its speaker, resolved to an actor."""

    start: int
    end: int
    speaker: ResolvedMention
    direct: bool = True  # the speaker's own words, in quotation marks


# The share of the encoder's probability an event keeps by how many of its parties resolve to a
# known actor: an event between unnamed parties ("the minister", "a car bomb") keeps half, so
# only the surest of them reach the default view (0.5). Hiding them all (0.49) lost ten shown
# events of the labelled news, most of the right type ("A Danish man was wounded").
_NAMED_FACTOR = (0.5, 0.8, 1.0)
# Events of a sentence's other verbs: the lexicon's reading alone, below the main event.
_OTHER_VERB = 0.4


def _main_events(
    article_id: str,
    sentence: Sequence[EventCandidate],
    main: MainReading,
    *,
    lexical: tuple[str, str] | None,
    reading: SentenceReading | None,
    where: _Where,
) -> list[CodedEvent]:
    """The main event: the encoder's phrases for its parties, else the parse's phrases that
    name a known actor ("the Taliban called on Turkey": both); one event per recipient.
    ``lexical`` is the lexicon's decision for the anchor."""
    resolved = where.resolved
    candidate = sentence[main.index]
    actors, recipients = _main_parties(sentence, main, resolved)
    statement = main.code == STATEMENT_CODE
    if statement and not actors:
        return []  # a statement nobody is said to make
    code, modality, note = _negation(candidate, main, lexical)
    decided_by = _main_decided_by(lexical, main, reading) + note
    found: list[CodedEvent] = []
    parties = [
        (a, _party(a, resolved) if a else None, r, _party(r, resolved) if r else None)
        for a, r in _phrase_pairs(actors, recipients, code)
    ]
    both = (actors or candidate.actors)[:1]  # the parse's subject where the encoder reads none
    if where.pair is not None and both and _BOTH.fullmatch(both[0].text.strip()):
        parties = _both(both[0], where.pair, recipients, code, resolved)
    for number, (phrase, party, other_phrase, other) in enumerate(parties):
        speaker = (
            _speaking(phrase, candidate.anchor, where, passive=candidate.passive)
            if party is None and not (phrase is None and _third_person(candidate, code))
            else None
        )
        if speaker is not None:  # the phrase naming the speaker, where the sentence has none
            parties[number] = (phrase or _mention_span(speaker), speaker, other_phrase, other)
    # a sentence that says someone says it tells of an act, whatever its tense
    occasion = _occasion(candidate, said=any(other.is_speech for other in sentence))
    for actor_phrase, actor, other_phrase, other in parties:
        # no one acts on itself, nor agrees with or helps the state it speaks for ("a good
        # partnership between Poland and Germany," Szydlo said: not Szydlo with Poland)
        itself = _same_actor(actor, other) or (
            plover_for(code).type in _WITH_ANOTHER and _own_state(actor, other, other_phrase)
        )
        recipient, recipient_phrase = (None, None) if itself else (other, other_phrase)
        event = _event(
            article_id, candidate, code, actor_phrase=actor_phrase, actor=actor,
            recipient_phrase=recipient_phrase, recipient=recipient,
        )  # fmt: skip
        named = _known_or_private(actor, actor_phrase, resolved) + _known_or_private(
            recipient, recipient_phrase, resolved
        )
        confidence = main.probability * _NAMED_FACTOR[named] * occasion
        if _press(actor) and pentaclass(code) in (1, 3):
            # "The New York Times has referred to ...", "CNN's correspondent accused the White
            # House of ...": what the press says is reporting, not a political act
            confidence *= _HABIT_FACTOR
        event = replace(
            _with_when_where(event, candidate, where),
            confidence=round(confidence, 4),
            decided_by=decided_by,
            main=not found,
            modality=modality,
        )
        found.append(CodedEvent(event=event, actor=actor, recipient=recipient))
    return found


# Words that make an act a habit rather than an occasion ("has been repeatedly slamming the
# media", "weekly meetings", "for months, it has been saying"): an analyst counting events on a
# date cannot place it, so it falls below the default view (it is kept, and shown on request).
_HABITUAL = re.compile(
    r"\b(?:repeatedly|regularly|routinely|frequently|constantly|habitually|usually|often|"
    r"time and again|time after time|every (?:day|week|month|year|time)|each (?:day|week|month|"
    r"year|time)|daily|weekly|monthly|for (?:months|years|decades|weeks)|more than once|"
    # a running total is no occasion either ("In all, more than 150 individuals ... have been
    # blacklisted", "destroyed 4,608 facilities since the start of the year")
    r"in all(?=,)|in total|a total of|so far this year|since the (?:start|beginning) of "
    r"(?:the|this) year|as of|likes? to|liked to)\b",
    re.IGNORECASE,
)
_HABIT_REACH = 60  # characters either side of the anchor a habitual word is looked for in
_HABIT_FACTOR = 0.45  # below the default view whatever the probability


_PRESS_SECTORS = frozenset({"JRN", "MED"})


def _press(actor: ResolvedMention | None) -> bool:
    """Whether an actor is a news outlet or a journalist."""
    return actor is not None and actor.actor is not None and actor.actor.sector in _PRESS_SECTORS


def _outlet(phrase: Span, resolved: Sequence[ResolvedMention]) -> bool:
    """Whether a phrase names a news outlet or the press ("the BBC", "reporters")."""
    return _press(_party(phrase, resolved)) or bool(PRESS.search(phrase.text))


# sayings whose object is whom they are told to ("told the BBC"; "accused the media" is no such)
_TELLING = frozenset({"tell", "say", "speak", "talk", "explain", "write", "add", "announce"})


def _occasion(candidate: EventCandidate, *, said: bool = False) -> float:
    """1, or less where words near the event's verb make it a habit, not an occasion, where
    the sentence asks rather than tells ("Who's to blame for South Sudan's civil war?"), or
    where it tells in the present how things stand and no one is said to say so (``said``:
    "He said the US news media serve special interests" accuses)."""
    sentence = candidate.sentence
    if sentence.text.rstrip().endswith("?"):
        return _HABIT_FACTOR
    start = max(0, candidate.anchor.start - sentence.start - _HABIT_REACH)
    end = candidate.anchor.end - sentence.start + _HABIT_REACH
    if _HABITUAL.search(sentence.text[start:end]):
        return _HABIT_FACTOR
    if candidate.present and not said and not candidate.when:
        # "The sanctions are hurting Russia and the Kremlin needs them lifted": the present
        # tells of how things stand; a headline's present tells of the day's act
        return 1.0 if _headline(sentence) else _HABIT_FACTOR
    return 1.0


# a phrase naming two parties just named together ("The two agreed to continue consultations")
_BOTH = re.compile(
    r"(?:the two|both|the pair)(?: (?:sides|leaders|ministers|foreign ministers|men|officials"
    r"|countries|nations|diplomats|top diplomats|presidents|governments))?",
    re.IGNORECASE,
)
_PAIR_REACH = 2  # "the two" looks back this many sentences for the pair it names
_Parties = list[tuple[Span | None, ResolvedMention | None, Span | None, ResolvedMention | None]]


def _both(
    phrase: Span,
    pair: tuple[ResolvedMention, ResolvedMention],
    recipients: Sequence[Span],
    code: str,
    resolved: Sequence[ResolvedMention],
) -> _Parties:
    """The parties of an event whose actor phrase names the pair of a sentence before: of a
    symmetric act, the one with the other ("The two agreed": each the other's partner, both
    named by the phrase); else each of the two on the recipient read. "Both countries" are
    the states the two speak for."""
    if _STATES_WORD.search(phrase.text):
        states = tuple(_state_of(party, phrase) or party for party in pair)
        pair = (states[0], states[1])
    if plover_for(code).type in _SYMMETRIC:
        return [(phrase, pair[0], phrase, pair[1])]
    target = recipients[0] if recipients else None
    named = _party(target, resolved) if target is not None else None
    return [(phrase, party, target, named) for party in pair]


_STATES_WORD = re.compile(r"\b(?:countries|nations|states|governments)\b", re.IGNORECASE)


# who speaks in the first person: inside a quote, its speaker ("We have had diplomatic contact
# with the Taliban", Blinken said)
_FIRST_PERSON = frozenset({"we", "i", "us", "me", "our"})


# '"They launched a huge offensive," Lavrov said': a third person the speaker tells of acts
_THIRD_PERSON = frozenset({"he", "she", "it", "they", "him", "her", "them"})


def _third_person(candidate: EventCandidate, code: str) -> bool:
    """Whether the parse's subject of an active verb of a material act is a third-person pronoun
    (a verbal act keeps its speaker: "..., so they should withdraw," the spokesman said is his
    demand)."""
    return (
        pentaclass(code) in (2, 4)
        and not candidate.passive
        and bool(candidate.actors)
        and candidate.actors[0].text.lower() in _THIRD_PERSON
    )


def _speaking(
    phrase: Span | None, anchor: Span, where: _Where, *, passive: bool
) -> ResolvedMention | None:
    """The actor a party phrase that resolves to no one names by speaking: the speaker of a quote
    when the phrase is that quote's speaker ("he said"); the speaker of a direct quote when the
    phrase is a first-person pronoun inside it, or when no phrase is read and the event's active
    verb is inside it ("Two soldiers were killed," the ministry said: the ministry killed no
    one)."""
    for quoted in where.speakers:
        said_by = _mention_span(quoted.speaker)
        if phrase is not None and said_by is not None and overlaps(phrase, said_by):
            return quoted.speaker
    side = _own_side(phrase, where)
    if side is not None:
        return side
    words = phrase if phrase is not None and phrase.text.lower() in _FIRST_PERSON else None
    inside = words or (anchor if phrase is None and not passive else None)
    for quoted in where.speakers:
        if inside is not None and quoted.start <= inside.start and inside.end <= quoted.end:
            if not quoted.direct:
                return None
            if words is not None and words.text.lower() in _WE and quoted.speaker is not None:
                return _state_of(quoted.speaker, words) or quoted.speaker
            return quoted.speaker
    return None


# "his group", "their government" in what a speaker says: the speaker's own body or state
_OWN_SIDE = re.compile(
    r"(?:his|her|their)\s+(?:(group|movement|party|organi[sz]ation)|(government|country|"
    r"administration|state))",
    re.IGNORECASE,
)


def _own_side(phrase: Span | None, where: _Where) -> ResolvedMention | None:
    """ "The Taliban spokesman said his group is in contact with the Turkish state": inside what
    a known speaker says (quoted or reported), "his group" is the organisation the speaker is
    resolved to, "his government" or "his country" the state an official of it speaks for."""
    found = _OWN_SIDE.fullmatch(phrase.text.strip()) if phrase is not None else None
    if phrase is None or found is None:
        return None
    for quoted in where.speakers:
        if not (quoted.start <= phrase.start and phrase.end <= quoted.end):
            continue
        speaker = quoted.speaker.actor
        if speaker is None:
            return None
        # the words "his group" stand for the speaker's side
        words = replace(quoted.speaker, start=phrase.start, end=phrase.end, text=phrase.text)
        if found.group(1):  # a body: the speaker is resolved to it or names it
            if speaker.kind in ("organisation", "group"):
                return words  # "the Taliban spokesman" read as the Taliban
            return _body_named_in(quoted.speaker, phrase, where.resolved)
        if speaker.kind == "country":
            return words
        return _state_of(quoted.speaker, phrase)
    return None


def _body_named_in(
    speaker: ResolvedMention, phrase: Span, resolved: Sequence[ResolvedMention]
) -> ResolvedMention | None:
    """The organisation or group named inside a speaker's phrase ("the Taliban spokesman",
    read as the person Mohammad Naeem): what "his group" is, as a mention of those words."""
    for mention in resolved:
        inside = speaker.start <= mention.start and mention.end <= speaker.end
        if inside and mention.actor is not None and mention.actor.kind in ("organisation", "group"):
            return replace(mention, start=phrase.start, end=phrase.end, text=phrase.text)
    return None


_WE = frozenset({"we", "us", "our"})
# the sectors of people who say "we" for their state: "We have had diplomatic contact with
# the Taliban", the Secretary of State said (the United States has)
_OF_THE_STATE = frozenset({"GOV", "MIL", "SPY", "COP", "JUD", "LEG"})


def _state_of(speaker: ResolvedMention, words: Span) -> ResolvedMention | None:
    """The state a person who speaks for it means by "we", as a mention of the words "we"."""
    person = speaker.actor
    if person is None or person.kind != "person" or person.sector not in _OF_THE_STATE:
        return None
    kb = load_kb()
    country = kb.country_by_code(person.country) if person.country else None
    state = by_country(kb, country.name, person.on) if country is not None else None
    if state is None:
        return None
    return ResolvedMention(
        start=words.start,
        end=words.end,
        text=words.text,
        label="GPE",
        actor=replace(state, sector=person.sector),  # the state as its official acts for it
    )


def _pair_of(found: Sequence[CodedEvent]) -> tuple[ResolvedMention, ResolvedMention] | None:
    """The actor and recipient of a sentence's main event when both name known actors."""
    main = next((coded for coded in found if coded.event.main), None)
    if main is None or main.actor is None or main.recipient is None:
        return None
    if main.event.modality != "asserted" or _same_actor(main.actor, main.recipient):
        return None
    return main.actor, main.recipient


def _main_decided_by(
    lexical: tuple[str, str] | None, main: MainReading, reading: SentenceReading | None
) -> str:
    if reading is None:
        return lexical[1] if lexical else ""
    decided = f"encoder:{ENCODER_NAME}"
    if main.lexicon_agrees and lexical is not None:
        decided += f"+{lexical[1]}"
    elif lexical is not None:
        decided += f" over {lexical[1]} ({lexical[0]})"
    decided += main.note
    if reading.truncated:
        decided += "+truncated"  # the sentence was longer than the encoder reads
    return decided


def _negation(
    candidate: EventCandidate, main: MainReading, lexical: tuple[str, str] | None
) -> tuple[str, Modality, str]:
    """The main event's code, modality and a note for ``decided_by`` where the anchor verb is
    negated and the encoder read the sentence as another type than the verb's: a refusal of a
    verb that is no conflict ("would accept no extensions", "have not signed") is a REJECT that
    happened; a conflict act read as REJECT ("did not attack") is that act, negated."""
    if main.note == "+demand" and not candidate.is_speech:
        # "..., so they should withdraw": the demand is made; only what it asks is to come
        return main.code, "asserted", ""
    if candidate.modality != "negated":
        return main.code, candidate.modality, ""
    if _NORM.search(candidate.sentence.text[: candidate.anchor.start - candidate.sentence.start]):
        # "Cheating must not be permitted": a rule stated, not a refusal made
        return main.code, "negated", ""
    kind = plover_for(main.code).type
    if candidate.lemma in ACCEPTING and kind in ("AGREE", "SUPPORT", "CONCEDE", "REJECT"):
        # "would accept no extensions", "refused to recognise": not accepting is rejecting
        return class_codes()["REJECT:3"], "asserted", "+refusal"
    if main.lexicon_agrees:
        return main.code, candidate.modality, ""
    verb_class = pentaclass(lexical[0]) if lexical is not None else None
    if plover_for(main.code).type == "REJECT" and verb_class in (None, 0, 1, 2):
        return main.code, "asserted", "+refusal"
    if lexical is not None and verb_class in (3, 4) and pentaclass(main.code) in (3, 4):
        return lexical[0], "negated", "+negated-act"
    return main.code, candidate.modality, ""


# a norm on the verb just before it ("must not be permitted", "should never be allowed")
_NORM = re.compile(
    r"\b(?:must|should|ought to)(?:\s+(?:not|never)|n['’]t)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)


def _lexicon_main(
    candidates: Sequence[EventCandidate], codes: Sequence[str | None]
) -> MainReading | None:
    """Without the encoder: the lexicon's main pick, with the parse's phrases."""
    index = main_index(candidates, codes)
    if index is None:
        return None
    return MainReading(
        index=index,
        code=str(codes[index]),
        probability=1.0,
        actors=(),
        recipients=(),
        lexicon_agrees=True,
    )


def _lexicon_events(
    article_id: str, candidate: EventCandidate, decision: tuple[str, str], where: _Where
) -> list[CodedEvent]:
    """A further verb of the sentence as the lexicon codes it, with the parse's parties."""
    code, decided_by = decision
    found = []
    for actor, named in _pairs(candidate, where.resolved, code):
        recipient = None if _same_actor(actor, named) else named
        if actor is None and recipient is None:
            continue  # no party named: nothing a user can count
        event = _event(
            article_id, candidate, code, actor_phrase=_mention_span(actor), actor=actor,
            recipient_phrase=_mention_span(recipient), recipient=recipient,
        )  # fmt: skip
        parties = (actor is not None) + (recipient is not None)
        confidence = round(_OTHER_VERB * (0.5 + 0.25 * parties), 4)
        event = replace(
            _with_when_where(event, candidate, where),
            confidence=confidence,
            decided_by=decided_by,
        )
        found.append(CodedEvent(event=event, actor=actor, recipient=recipient))
    return found


# A further verb's own clause, read apart by the encoder, is an event of its own where the verb
# names a known actor on each side, the encoder is this sure of the clause's class and type, and
# that type is on the lexicon's side for the verb (cooperation or conflict): "a Taliban
# spokesman, who effectively rejected Ankara's proposal" is REJECT, Taliban -> Turkey. Its
# confidence is the encoder's times this factor: a clause read out of its sentence is less sure
# than the sentence's own reading. Read by hand on 400 news-2017 articles outside the
# hand-read's: where one known party was enough and reporting verbs counted, 64 such events
# were shown and about a quarter were right in type and both parties; of the 13 with a known
# actor on each side and no reporting verb, about half, so only those are read.
_CLAUSE_SURE = 0.9
_CLAUSE_FACTOR = 0.85


def _side(klass: int) -> int:
    """Cooperation (1, 2) or conflict (3, 4): the encoder's type is taken over the lexicon's
    only on the same side (the lexicon's "blackmail" is COERCE, the encoder's THREATEN)."""
    return 0 if klass == 0 else 1 if klass in (1, 2) else 2


def _reads_apart(
    candidate: EventCandidate,
    decision: tuple[str, str] | None,
    resolved: Sequence[ResolvedMention],
) -> bool:
    """A further verb whose own clause the encoder reads: an act in the lexicon (no reporting
    verb), in a clause short of the whole sentence, with a known actor on each side, or a
    reported refusal with a known party refused ("the Taliban underscored they would not
    accept a U.S. military presence")."""
    if candidate.nominal or candidate.own_clause is None or candidate.is_speech:
        return False
    if not _named(candidate.recipients, resolved):
        return False
    if _reported_refusal(candidate):
        return True
    if decision is None or decision[0] == STATEMENT_CODE:
        return False
    return bool(_named(candidate.actors, resolved))


def _reported_refusal(candidate: EventCandidate) -> bool:
    """Not accepting, in a clause a verb reports: a refusal that happened (see ``_negation``)."""
    return (
        candidate.modality == "negated"
        and candidate.lemma in ACCEPTING
        and candidate.clause == "ccomp"
    )


def _reporter_of(
    candidate: EventCandidate,
    sentence: Sequence[EventCandidate],
    resolved: Sequence[ResolvedMention],
) -> ResolvedMention | None:
    """The known subject of the verb whose clause holds ``candidate`` (the nearest before it):
    who "they" are in "the Taliban underscored they would not accept"."""
    holding = [
        other
        for other in sentence
        if not other.nominal
        and other.anchor.start < candidate.anchor.start
        and (other.own_clause or other.sentence).end >= candidate.anchor.end
        and (other.own_clause or other.sentence).start <= other.anchor.start
    ]
    if not holding:
        return None
    nearest = max(holding, key=lambda other: other.anchor.start)
    named = _named(nearest.actors, resolved)
    return _party(named[0], resolved) if named else None


def _clause_text(candidate: EventCandidate) -> str:
    return candidate.own_clause.text if candidate.own_clause is not None else ""


def _clause_events(  # noqa: PLR0917
    article_id: str,
    candidate: EventCandidate,
    decision: tuple[str, str] | None,
    reading: SentenceReading,
    where: _Where,
    sentence: Sequence[EventCandidate],
) -> list[CodedEvent]:
    """A further verb's event as the encoder reads its own clause, with the phrases it marks
    there; none where the encoder is unsure, reads a statement or the other side than the
    lexicon's, or where the event does not name both parties."""
    clause = candidate.own_clause
    klass = reading.klass
    if clause is None or klass == 0:
        return []
    _, within = reading.type_in(types_of_class(klass))
    if reading.penta[klass] * within < _CLAUSE_SURE:
        return []
    refusal = _reported_refusal(candidate)
    code = decision[0] if decision is not None else class_codes()["REJECT:3"]
    side = _side(3) if refusal else _side(pentaclass(code))  # not accepting is a refusal
    if side != _side(klass):
        return []  # the lexicon reads cooperation where the encoder reads conflict, or back
    shift = clause.start - candidate.sentence.start
    in_sentence = replace(
        reading,
        sources=tuple((a + shift, b + shift) for a, b in reading.sources),
        targets=tuple((a + shift, b + shift) for a, b in reading.targets),
    )
    main = read_main([candidate], [code], in_sentence)
    if main is None or main.code == STATEMENT_CODE:
        return []
    main = replace(main, note=f"{main.note}+clause")
    found = _main_events(
        article_id, [candidate], main, lexical=decision, reading=in_sentence, where=where
    )
    if refusal:
        # "they would not accept": the refuser is who reports it, where the clause names no
        # known actor of its own
        reporter = _reporter_of(candidate, sentence, where.resolved)
        found = [
            replace(
                coded,
                actor=reporter,
                event=replace(
                    coded.event,
                    # the words "they" stay the phrase, resolved to whom they stand for
                    actor_span=coded.event.actor_span or _mention_span(reporter),
                    actor_id=_actor_id(reporter),
                ),
            )
            if coded.actor is None and reporter is not None
            else coded
            for coded in found
        ]
    return [
        replace(
            coded,
            event=replace(
                coded.event,
                main=False,
                confidence=round(coded.event.confidence * _CLAUSE_FACTOR, 4),
            ),
        )
        for coded in found
        if coded.actor is not None and coded.recipient is not None
    ]


# how an event noun's holder must be found for it to be an event of its own (see
# EventCandidate.noun_role): the subject of a verb that merely mentions it is not who acts
_NOUN_HOLDERS = frozenset({"between", "owner", "light", "adjunct", "received"})
# An event noun that is not the sentence's main event ("Biden insisted after virtual talks with
# G7 leaders"): its confidence with both parties named, times the encoder's probability that the
# sentence reports some political event.
_NOUN_EVENT = 0.65
_NOUN_ALONE = 0.6
# The encoder reads the sentence's main event; an event noun beside it ("hopes seemed to fail
# in talks on Monday between Biden and Erdogan") may be all the sentence says happened. Talks
# "between" two known political actors, said to have happened, are taken at this much at least
# (a visit to a city, meetings with an official's "Russian officials", a hypothetical strike
# are not: on real-news development sentences these were no events).
_KNOWN_PAIR = 0.8
_NOT_POLITICAL = _PRESS_SECTORS | {"BUS", "EDU", "REL", "SPT"}


def _noun_events(
    article_id: str,
    candidate: EventCandidate,
    decision: tuple[str, str],
    reading: SentenceReading | None,
    where: _Where,
) -> list[CodedEvent]:
    """The event an event noun names, besides the sentence's main event: "talks between Biden
    and Erdogan", "the Taliban's rejection of the Turkish plan", "insisted after talks with G7
    leaders" (the insisting subject held them). Only where its holder is read from the noun
    itself, a verb that holds it, or the clause it is a circumstance of (``_distinct`` drops it
    where another event of the sentence states the same act)."""
    code, decided_by = decision
    if candidate.noun_role not in _NOUN_HOLDERS:
        candidate = replace(candidate, actors=())  # "criticised the talks with Iran"
    political = 1.0 - reading.no_event if reading is not None else 1.0
    events = []
    for parsed, named in _pairs(candidate, where.resolved, code):
        actor = parsed
        if actor is None and candidate.actors:  # "our talks with the Taliban", Blinken said
            actor = _speaking(candidate.actors[0], candidate.anchor, where, passive=False)
        recipient = None if _same_actor(actor, named) else named
        if actor is None:
            continue  # "in contact with every American": who is, the noun does not say
        event = _event(
            article_id, candidate, code, actor_phrase=_mention_span(actor), actor=actor,
            recipient_phrase=_mention_span(recipient), recipient=recipient,
        )  # fmt: skip
        # with one party named, below the default view: "Biden held talks" says little
        share = 1.0 if recipient is not None else _NOUN_ALONE
        known = (
            candidate.noun_role == "between"
            and candidate.modality == "asserted"
            and _political(actor)
            and _political(recipient)
        )
        confidence = round(_NOUN_EVENT * share * max(political, _KNOWN_PAIR * known), 4)
        event = replace(
            _with_when_where(event, candidate, where),
            confidence=confidence,
            decided_by=f"{decided_by}+noun",
        )
        events.append(CodedEvent(event=event, actor=actor, recipient=recipient))
    return events


def _political(party: ResolvedMention | None) -> bool:
    """Whether a party is a known actor of political life: a state, a government, a group, a
    person the knowledge base holds with a political role (not the press or a company)."""
    if party is None or party.actor is None:
        return False
    return party.actor.sector not in _NOT_POLITICAL


def _distinct(found: list[CodedEvent]) -> list[CodedEvent]:
    """A sentence's events without repeats: of two events of one type between the same parties
    ("held talks with X": the verb and the noun), the main one, else the more confident."""
    kept: list[CodedEvent] = []
    for coded in found:
        same = next((i for i, k in enumerate(kept) if _same_event(coded.event, k.event)), None)
        if same is None:
            kept.append(coded)
            continue
        first, second = kept[same], coded
        if second.event.main or (
            not first.event.main and second.event.confidence > first.event.confidence
        ):
            first, second = second, first  # the main one, else the more confident
        if second.event.confidence > first.event.confidence:
            # the same act read twice ("talks between X and Y", the main event and the noun's
            # own): the main keeps its place with the surer of the two readings
            first = replace(first, event=_surer(first.event, second.event))
        kept[same] = first
    return kept


def _surer(event: Event, other: Event) -> Event:
    return replace(
        event,
        confidence=other.confidence,
        decided_by=f"{event.decided_by}; {other.decided_by}",
    )


def _same_event(one: Event, other: Event) -> bool:
    """The same type between the same two parties (either way round); a party no actor names
    is its phrase."""
    if one.type != other.type:
        return False
    return {_who(one, "actor"), _who(one, "recipient")} == {
        _who(other, "actor"),
        _who(other, "recipient"),
    }


def _who(event: Event, role: str) -> str:
    known = getattr(event, f"{role}_id")
    phrase = getattr(event, f"{role}_span")
    return known or (phrase.text.lower() if phrase is not None else "")


# A headline: one line of at most this many words with no closing full stop, between line
# breaks or at the text's edge ("Blinken calls China, Russia on Afghan collapse").
_HEADLINE_WORDS = 14
_HEADLINE_END = re.compile(r"[.!?:;,\"\u201d\u2019')\]]$")
# The confidence of a headline's event that the lexicon reads where the encoder, trained on
# sentences, reads none (headlines drop articles and use the present for the past).
_HEADLINE = 0.6


def _headline(sentence: Span) -> bool:
    text = sentence.text.strip()
    if not text or "\n" in text or _HEADLINE_END.search(text) or not text[0].isupper():
        return False
    return len(text.split()) <= _HEADLINE_WORDS


def _headline_main(
    candidates: Sequence[EventCandidate],
    codes: Sequence[str | None],
    main: MainReading | None,
    resolved: Sequence[ResolvedMention],
) -> MainReading | None:
    """A headline's main event where the encoder reads no event of its own or only a statement:
    the lexicon's act of the headline's verb, when that verb names an actor on each side."""
    if main is not None and main.probability >= _HEADLINE and main.code != STATEMENT_CODE:
        return None
    for index, (candidate, code) in enumerate(zip(candidates, codes, strict=True)):
        if code is None or pentaclass(code) == 0 or candidate.nominal:
            continue
        actors = _named(candidate.actors, resolved)
        recipients = _named(candidate.recipients, resolved)
        if plover_for(code).type in _SYMMETRIC and not recipients and actors:
            # "Çavuşoğlu, Blinken discuss latest developments": the pair acts together
            split = _split_co_ordinated(_prefix(candidate.sentence, actors[-1].end), resolved)
            actors, recipients = ((split[0],), (split[1],)) if split else (actors, ())
        if actors and recipients:
            return MainReading(
                index=index, code=code, probability=_HEADLINE, actors=actors[:1],
                recipients=recipients, lexicon_agrees=True, note="+headline",
            )  # fmt: skip
    return None


# Where the encoder's class reads no event but its type head is this sure of one type, a verb
# the lexicon codes as that type between two named parties is the sentence's event ("Qureshi
# even asked Blinken not to repeat the mistakes of the past": REQUEST), at this confidence.
_TYPE_SURE = 0.9
_AGREEING = 0.6


def _agreeing_main(
    candidates: Sequence[EventCandidate],
    codes: Sequence[str | None],
    reading: SentenceReading,
    resolved: Sequence[ResolvedMention],
) -> MainReading | None:
    top = max(range(len(PLOVER_LABELS)), key=lambda i: reading.plover[i])
    if reading.plover[top] < _TYPE_SURE:
        return None
    for index, (candidate, code) in enumerate(zip(candidates, codes, strict=True)):
        if code is None or candidate.nominal or pentaclass(code) == 0:
            continue
        if plover_for(code).type != PLOVER_LABELS[top] or candidate.modality != "asserted":
            continue
        actors = _named(candidate.actors, resolved)
        recipients = _named(candidate.recipients, resolved)
        if (
            actors
            and recipients
            and not _same_actor(_party(actors[0], resolved), _party(recipients[0], resolved))
        ):
            return MainReading(
                index=index, code=code, probability=_AGREEING * reading.plover[top],
                actors=actors[:1], recipients=recipients, lexicon_agrees=True,
                note="+type-agrees",
            )  # fmt: skip
    return None


def _known(party: ResolvedMention | None) -> ResolvedActor | None:
    return party.actor if party is not None else None


def _one_main(found: list[CodedEvent]) -> list[CodedEvent]:
    """Exactly one main event in a sentence that has events: the main reading's, else the most
    confident of the others."""
    if not found or any(coded.event.main for coded in found):
        return found
    best = max(range(len(found)), key=lambda i: (found[i].event.confidence, -i))
    found[best] = replace(found[best], event=replace(found[best].event, main=True))
    return found


def _main_parties(
    sentence: Sequence[EventCandidate], main: MainReading, resolved: Sequence[ResolvedMention]
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The main event's actor and recipient phrases: the encoder's (widened to whole names, or
    to the parse's phrase of a person they title), else the parse's phrases that name an actor;
    the reporter of an act is not its actor; two parties of a symmetric act ("X and Y
    discussed Afghanistan") act on each other, the topic is no party."""
    candidate = sentence[main.index]
    spans = (*candidate.actors, *candidate.recipients)
    verbs = [c.anchor for c in sentence if not c.nominal]
    actors = tuple(
        _fuller(_before_verb(p, verbs), candidate.actors, resolved, others=spans)
        for p in main.actors
    )
    material = pentaclass(main.code) == 4
    # "Farage said Mr Bercow had abused his position": what the subject did is the content of
    # the speaker's accusation; the speaker accuses, the subject is accused
    actors, accused, blamed = _speaker_and_accused(actors, candidate, sentence, main, resolved)
    actors = _holding_speaker(actors, candidate, sentence)
    if _according_to(actors, candidate) or (
        not accused
        and _reporter(actors, candidate, sentence)
        and (
            _named(candidate.actors, resolved)
            or (material and (candidate.passive or _other_subject(candidate, sentence)))
        )
    ):
        # "The State Department said Blinken spoke with Lavrov": Blinken speaks; "The White
        # House said one man was arrested": by whom, the sentence does not say (a verbal act
        # is the speaker's own: "the embassy said Russia was painted as ..." accuses; so may a
        # step of the speaker's government be: "Hamidi said the arrangement will be scrapped")
        actors = ()
    if candidate.nominal and candidate.noun_role not in _NOUN_HOLDERS:
        # "Trump has used terror attacks to justify his ban": the subject of a verb that only
        # mentions an event noun did not do the act it names
        actors = tuple(a for a in actors if not any(overlaps(a, p) for p in candidate.actors))
        candidate = replace(candidate, actors=())
    if main.note == "+demand" and not candidate.is_speech:
        # "..., so they should withdraw": whom a quoted demand is made of never makes it
        candidate = replace(candidate, actors=())
    actors = (
        actors
        or _named(candidate.actors, resolved)
        or _entity_phrases(candidate.actors, resolved)
        or _agent_phrases(candidate.actors)
    )
    owners = _named(candidate.actors, resolved) if candidate.noun_role == "owner" else ()
    if owners and not any(overlaps(a, o) for a in actors for o in owners):
        # "We are following the Taliban's consultations with X": the Taliban consult
        actors = tuple(_trim(owner) for owner in owners)
    recipients = (
        accused
        if blamed
        else (
            tuple(
                part
                for p in main.recipients
                for part in _parts(
                    _fuller(_before_verb(p, verbs), candidate.recipients, resolved, others=spans),
                    resolved,
                )
            )
            or accused
        )
    )
    # a phrase is one party: the encoder may mark one phrase for both roles; the parse says
    # which ("The attack targeted Supreme Court employees": the object is the recipient)
    both = [a for a in actors if any(overlaps(a, r) for r in recipients)]
    if both and not candidate.passive and _object_only(both[0], candidate):
        actors = tuple(a for a in actors if a not in both) or _named(candidate.actors, resolved)
    recipients = tuple(r for r in recipients if not any(overlaps(r, a) for a in actors))
    recipients = (
        recipients
        or _named(candidate.recipients, resolved)
        or _entity_phrases(candidate.recipients, resolved)
    )
    undergoing = [r for r in candidate.recipients if actors and overlaps(actors[0], r)]
    if candidate.passive and undergoing:
        # "A Japanese man was shot": who undergoes a passive verb is no actor; the agent is
        # ("Samsung" read in "Samsung's heir Lee was placed under arrest": the parse's phrase)
        whole = undergoing[0].start <= actors[0].start and actors[0].end <= undergoing[0].end
        patient = undergoing[0] if whole or _party(undergoing[0], resolved) else actors[0]
        recipients = (patient, *(r for r in recipients if not overlaps(r, patient)))
        actors = _named(candidate.actors, resolved) or _entity_phrases(candidate.actors, resolved)
    # "shot dead in northern Bangladesh": a place is where, not who
    actors = tuple(a for a in actors if not _place_phrase(a, candidate.sentence, resolved))
    recipients = tuple(
        r
        for r in recipients
        if not _place_phrase(r, candidate.sentence, resolved)
        and not _site(r, resolved)
        and not _destination(r, candidate, resolved)
    )
    # a phrase is one party: the parse may offer the speaker as both
    recipients = tuple(r for r in recipients if not any(overlaps(r, a) for a in actors))
    # "Her visit comes ahead of a meeting with NATO": an event is no party to another
    actors = tuple(a for a in actors if not _no_party(a, resolved))
    recipients = tuple(r for r in recipients if not _no_party(r, resolved))
    # "we call on all countries, particularly Turkey, to help": the one singled out
    recipients = tuple(_singled_out(r, candidate.sentence, resolved) for r in recipients)
    # "banned Muslim dress", "defended the order": what an act is about is no party to it;
    # "rejected King's remarks": whose the thing is, is the party
    recipients = tuple(
        r for r in (_owner_of_thing(p, resolved) for p in recipients) if not _thing(r, resolved)
    )
    # "attacks the White House says were inspired by the Islamic State": who tells of an act
    # is not who suffers it
    if not candidate.is_speech:
        recipients = tuple(r for r in recipients if not _telling_of(r, candidate, sentence))
    # "According to US media reports, Blinken added: ...": where a report comes from is no
    # party to what it reports
    recipients = tuple(r for r in recipients if not _according_to((r,), candidate))
    # "told the BBC's Newsnight programme Mr Bercow's interjection had been ...": the outlet a
    # saying is told to is its channel, not a party to what is said
    if candidate.is_speech and candidate.lemma in _TELLING:
        recipients = tuple(
            r for r in recipients
            if not (any(overlaps(r, t) for t in candidate.recipients) and _outlet(r, resolved))
        )  # fmt: skip
    if not actors or plover_for(main.code).type not in _SYMMETRIC:
        return actors, recipients
    if candidate.lemma in _TOPIC_VERBS:  # "discussed Afghanistan": a partner only after "with"
        recipients = tuple(r for r in recipients if _after_with(r, candidate.sentence)) or tuple(
            r
            for r in _named(candidate.recipients, resolved)
            if _after_with(r, candidate.sentence) and not any(overlaps(r, a) for a in actors)
        )
    if recipients:
        return actors, recipients
    split = _split_co_ordinated(actors[0], resolved)
    if split is not None:  # "Turkish Foreign Minister X and U.S. Secretary of State Y": X with Y
        return (split[0],), (split[1],)
    # "X and Y discussed", the parse's co-ordinated Y: a known actor, else a phrase naming a
    # party all the same ("Trump and some House conservatives agreed")
    others = [
        s
        for found in (_named, _entity_phrases, lambda spans, _: _agent_phrases(spans))
        for s in found(candidate.actors, resolved)
        if not overlaps(s, actors[0])
    ]
    return actors, tuple(others[:1])


_LETTERS = re.compile(r"[^\W\d_]")


def _no_party(phrase: Span, resolved: Sequence[ResolvedMention]) -> bool:
    """A phrase that names no party: no letter in it (a stray mark of scraping, "�["), or an
    event that names no actor ("her visit", "the talks"; "an Israeli airstrike" names Israel)."""
    if not _LETTERS.search(phrase.text):
        return True
    return load_nouns().names_event(_head_word(phrase.text)) and not _named_inside(phrase, resolved)


def _thing(phrase: Span, resolved: Sequence[ResolvedMention]) -> bool:
    """A phrase that names a thing: its head noun can only name one (WordNet has no person,
    group or place among its senses: "the mantra", "Muslim dress", "the revised order" is a
    group too and stays), and it names no actor, person, organisation or place. A faith's or
    people's adjective of no state before the head ("Muslim dress") makes no party of a thing;
    a state's does ("the Turkish plan" is Turkey's)."""
    party = _party(phrase, resolved)
    adjective = (
        party is not None
        and party.label == "NORP"
        and party.end < phrase.end
        and (party.actor is None or party.actor.country is None)
    )
    if party is not None and not adjective:
        return False
    if any(
        m.label in _NAMED_LABELS and phrase.start <= m.start and m.end <= phrase.end
        for m in resolved
    ):
        return False
    # a common noun as written: "He", "Trump", "MPs" and "Seven" are not WordNet's helium, card,
    # military police or number; "44-year-old" is no "old"
    head = _common_head(phrase.text)
    if not head or head in _NUMBER_WORDS:
        return False
    return is_thing_noun(head)


_OWNER_AND_OWNED = re.compile(r"^(?P<owner>.*?[^\W\d_])(?:'s|’s|'|’)\s+(?P<owned>\S.*)$", re.DOTALL)


def _owner_of_thing(phrase: Span, resolved: Sequence[ResolvedMention]) -> Span:
    """The owner's phrase where a phrase names the thing of a party no known actor names:
    "King's tweet" is King, "the chairman's remarks" the chairman. A phrase that resolves to a
    known actor stays whole, with that actor beside it ("the U.S. State Department's decision",
    as ConfliBERT's gold marks such phrases); so does one whose owned noun may be a party
    ("Russia's foreign minister") or whose owner names a thing ("the plan's critics")."""
    found = _OWNER_AND_OWNED.match(phrase.text)
    if found is None:
        return phrase
    owned, owner = _common_head(found["owned"]), found["owner"]
    if not owned or not is_thing_noun(owned) or owned in _NUMBER_WORDS:
        return phrase
    owner_head = _common_head(owner)
    if owner_head and is_thing_noun(owner_head):
        return phrase
    party = _party(phrase, resolved)
    if (
        party is not None
        and party.actor is not None
        and (party.actor.actor_id or party.actor.country)
    ):
        return phrase
    return _prefix(phrase, phrase.start + len(owner))


def _common_head(text: str) -> str:
    """The head noun of a phrase where it is a common noun as written, else ""."""
    words = HEAD_CUT.split(trimmed(text), maxsplit=1)[0].split()
    head = words[-1].strip(".,;:'\"“”‘’()") if words else ""
    return head if _COMMON_NOUN.fullmatch(head) else ""


# entities that make a phrase a party's name even where its head noun names a thing
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
_COMMON_NOUN = re.compile(r"[a-z]{3,}(?:-[a-z]+)*")
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "dozen", "dozens", "half", "rest", "others", "all",
    "both", "each", "none", "some", "many", "most", "several", "few",
})  # fmt: skip


def _object_only(phrase: Span, candidate: EventCandidate) -> bool:
    """Whether the parse has a phrase only among the anchor's objects, never its subjects."""
    return any(overlaps(phrase, r) for r in candidate.recipients) and not any(
        overlaps(phrase, a) for a in candidate.actors
    )


def _before_verb(phrase: Span, verbs: Sequence[Span]) -> Span:
    """A phrase cut before a verb of the sentence inside it: a party's phrase never runs on
    into the clause ("the UN accused Myanmar's security forces" is the UN)."""
    inside = [v.start for v in verbs if phrase.start < v.start and v.end <= phrase.end]
    if not inside:
        return phrase
    text = phrase.text[: min(inside) - phrase.start].rstrip(" ,")
    return _prefix(phrase, phrase.start + len(text)) if text else phrase


def _trim(phrase: Span) -> Span:
    """A phrase without the possessive it ends in ("the Taliban's")."""
    return _prefix(phrase, phrase.start + len(trimmed(phrase.text)))


def _prefix(span: Span, end: int) -> Span:
    """The part of ``span`` before character ``end`` (an offset of the same text)."""
    return Span(start=span.start, end=end, text=span.text[: end - span.start])


def _place_phrase(phrase: Span, sentence: Span, resolved: Sequence[ResolvedMention]) -> bool:
    """A phrase after "in", "at", "near" ("in the Saudi capital", "in northern Bangladesh")
    that names a place or nothing known: the event's place, not a party."""
    before = sentence.text[: phrase.start - sentence.start]
    if not _PLACE_PHRASE_BEFORE.search(before):
        return False
    party = _party(phrase, resolved)
    # "attacks in the Indonesian capital": a place named by a people's adjective is a place
    if party is None or party.label in _PLACE_LABELS:
        return True
    head = _head_word(phrase.text)
    return head in place_nouns() or head.removesuffix("s") in place_nouns()


def _destination(
    phrase: Span, candidate: EventCandidate, resolved: Sequence[ResolvedMention]
) -> bool:
    """A place a movement goes to ("The cruiser has returned to Russia", "fled into Pakistan"):
    where the act ends, not a party to it."""
    if candidate.lemma not in destination_verbs():
        return False
    before = candidate.sentence.text[: phrase.start - candidate.sentence.start]
    if not _TO_PLACE.search(before):
        return False
    if any(candidate.anchor.end <= r.start and r.end < phrase.start for r in candidate.recipients):
        return False  # "returned two paintings to the government of Brazil": given back to
    party = _party(phrase, resolved)
    return party is None or party.label in _PLACE_LABELS


_TO_PLACE = re.compile(r"\b(?:to|into|towards?)\s+(?:the\s+)?$", re.IGNORECASE)


def _singled_out(phrase: Span, sentence: Span, resolved: Sequence[ResolvedMention]) -> Span:
    """The party a phrase that names no one singles out just after it ("all countries,
    particularly Turkey"), else the phrase."""
    if _party(phrase, resolved) is not None:
        return phrase
    after = _SINGLING.match(sentence.text, phrase.end - sentence.start)
    if after is None:
        return phrase
    start = sentence.start + after.end()
    named = [m for m in resolved if m.start == start and m.actor is not None]
    if not named:
        return phrase
    return Span(start=named[0].start, end=named[0].end, text=named[0].text)


_SINGLING = re.compile(
    r"\s*,?\s*(?:particularly|especially|notably|above all|in particular|chiefly)\s+",
    re.IGNORECASE,
)


def _site(phrase: Span, resolved: Sequence[ResolvedMention]) -> bool:
    """A phrase headed by a noun of a site ("the strategic Syrian city of Jarablus", "the
    Supreme Court building"): where an act was done, not to whom. Bodies that a place noun also
    names ("the embassy", "parliament") and a country by that word stay parties."""
    head = _head_word(phrase.text)
    if head not in _SITES and head.removesuffix("s") not in _SITES:
        return False
    return not any(m.label == "PERSON" for m in _named_inside(phrase, resolved))


# the place nouns (``data/places/words.tsv``) that name a site and never a body
_SITES = frozenset(
    {"city", "town", "village", "capital", "province", "region", "district", "neighbourhood",
     "neighborhood", "suburb", "peninsula", "island", "coast", "valley", "desert", "border",
     "square", "street", "road", "highway", "bridge", "building", "compound", "market", "mall",
     "station", "airport", "airfield", "port", "harbour", "harbor", "checkpoint"}
)  # fmt: skip


_PLACE_PHRASE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE
)


_ACCORDING_TO = re.compile(r"\baccording to\s+$", re.IGNORECASE)


def _according_to(actors: Sequence[Span], candidate: EventCandidate) -> bool:
    """ "According to Medvedev, the measures were criticised": the source of a report."""
    if not actors:
        return False
    before = candidate.sentence.text[: actors[0].start - candidate.sentence.start]
    return _ACCORDING_TO.search(before) is not None


def _accused_by_speaker(
    actors: Sequence[Span],
    candidate: EventCandidate,
    sentence: Sequence[EventCandidate],
    main: MainReading,
    resolved: Sequence[ResolvedMention],
) -> tuple[Span, ...]:
    """The reported clause's subject, where a verbal conflict read in "X said Y had abused his
    position" is X's act on Y: the encoder's source is the speaker (the anchor's own verb is
    not a saying), and its target is that subject, or it reads none while the subject names a
    known actor and the anchor acts on no known party ("X said Y accused Z" is Y's act)."""
    if pentaclass(main.code) != 3 or candidate.passive or not candidate.actors:
        return ()
    if not _reporter(actors, candidate, sentence):
        return ()
    subject = candidate.actors[0]
    if any(overlaps(r, subject) for r in main.recipients):
        return (subject,)
    if main.recipients or plover_for(main.code).type != "ACCUSE":
        return ()
    named = _named(candidate.actors, resolved)
    return () if not named or _named(candidate.recipients, resolved) else named[:1]


def _reporter(
    actors: Sequence[Span], candidate: EventCandidate, sentence: Sequence[EventCandidate]
) -> bool:
    """Whether the encoder's source is who reports the main event rather than who acts: the
    subject of a reporting verb, where the event's own verb is another."""
    if not actors or candidate.is_speech:
        return False
    speakers = [span for c in sentence if c.is_speech for span in c.actors]
    return any(overlaps(actors[0], span) for span in speakers) and not any(
        overlaps(actors[0], span) for span in candidate.actors
    )


def _other_subject(candidate: EventCandidate, sentence: Sequence[EventCandidate]) -> bool:
    """Whether the verb, in what someone only reports, has a subject of its own that is no
    pronoun: "said combat operations were taking place", not "said it had launched airstrikes"
    (whom "it" stands for the speaker may be) nor "declared a state of siege to begin" (a
    declaration is itself the act)."""
    if not candidate.actors or candidate.actors[0].text.lower() in _PRONOUNS:
        return False
    return bool(_reporting_before(candidate, sentence))


_PRONOUNS = frozenset(
    {"i", "we", "us", "you", "he", "she", "it", "they", "him", "her", "them", "this", "that",
     "who", "which"}
)  # fmt: skip
# verbs that only pass on what others did, unlike "declared", "announced", "ordered"
_REPORTING = frozenset(
    {"say", "tell", "add", "report", "claim", "note", "write", "explain", "reply", "insist",
     "stress", "argue", "allege", "recall", "state"}
)  # fmt: skip


def _speaker_and_accused(
    actors: tuple[Span, ...],
    candidate: EventCandidate,
    sentence: Sequence[EventCandidate],
    main: MainReading,
    resolved: Sequence[ResolvedMention],
) -> tuple[tuple[Span, ...], tuple[Span, ...], bool]:
    """The main event's actors, whom a speaker accuses in what they report, and whether that
    accusation replaces the encoder's reading of the clause's subject as its source ("Farage
    said Mr Bercow had abused his position": the speaker accuses, the subject is accused)."""
    blamed = _blamed_by_speaker(actors, candidate, sentence, main)
    if blamed is not None:
        return blamed[0], blamed[1], True
    return actors, _accused_by_speaker(actors, candidate, sentence, main, resolved), False


def _blamed_by_speaker(
    actors: Sequence[Span],
    candidate: EventCandidate,
    sentence: Sequence[EventCandidate],
    main: MainReading,
) -> tuple[tuple[Span, ...], tuple[Span, ...]] | None:
    """The speaker and the subject of a reported clause, where an accusation is read with that
    subject as its source while the clause's own verb is no accusation ("Farage said Mr Bercow
    had abused his position"; "Russia said Ukraine accused it" stays Ukraine's)."""
    if plover_for(main.code).type != "ACCUSE" or main.lexicon_agrees or main.note:
        return None
    if candidate.is_speech or candidate.nominal or candidate.passive or not candidate.actors:
        return None
    subject = candidate.actors[0]
    if not actors or not overlaps(actors[0], subject) or subject.text.lower() in _PRONOUNS:
        return None
    for other in _reporting_before(candidate, sentence):
        if other.actors and _holds(other, candidate):
            return tuple(other.actors[:1]), (subject,)
    return None


def _holding_speaker(
    actors: tuple[Span, ...], candidate: EventCandidate, sentence: Sequence[EventCandidate]
) -> tuple[Span, ...]:
    """The speaker whose saying holds a clause with a pronoun subject, where the encoder reads
    the speaker of another saying as its source ("Russia has said it sees ..., while China
    said on Monday it wanted friendly relations": China wants them)."""
    if not actors or not candidate.actors or candidate.actors[0].text.lower() not in _PRONOUNS:
        return actors
    holding = [
        other
        for other in sentence
        if other.is_speech
        and other.actors
        and other.actors[0].text.lower() not in _PRONOUNS
        and other.anchor.start < candidate.anchor.start
        and other.own_clause is not None
        and other.own_clause.start <= other.anchor.start
        and _holds(other, candidate)
    ]
    others = [
        other
        for other in sentence
        if other.is_speech and any(overlaps(actors[0], a) for a in other.actors)
    ]
    if not holding or not others or any(h in others for h in holding):
        return actors
    nearest = max(holding, key=lambda other: other.anchor.start)
    return tuple(nearest.actors[:1])


def _telling_of(
    phrase: Span, candidate: EventCandidate, sentence: Sequence[EventCandidate]
) -> bool:
    """Whether ``phrase`` is the subject of a saying whose clause holds the candidate's verb:
    "the White House says were executed" (not "Trump, who said the ban was legal, was
    attacked", whose saying ends before the attack)."""
    return any(
        _holds(other, candidate) and any(overlaps(phrase, a) for a in other.actors)
        for other in _reporting_before(candidate, sentence)
    )


def _reporting_before(
    candidate: EventCandidate, sentence: Sequence[EventCandidate]
) -> list[EventCandidate]:
    """The sentence's sayings that only pass on what others did ("said", "told", "added"),
    before the candidate's verb."""
    return [
        other
        for other in sentence
        if other.is_speech
        and other.lemma in _REPORTING
        and other.anchor.start < candidate.anchor.start
    ]


def _holds(saying: EventCandidate, candidate: EventCandidate) -> bool:
    """Whether the saying's clause runs on over the candidate's verb."""
    return (saying.own_clause or saying.sentence).end >= candidate.anchor.end


def _fuller(
    phrase: Span,
    parsed: Sequence[Span],
    resolved: Sequence[ResolvedMention],
    *,
    others: Sequence[Span] = (),
) -> Span:
    """The encoder's phrase with whole names, or the parse's phrase for the same role that holds
    it and names a person it leaves out ("Taliban" in "met with Taliban leader Abdul Ghani
    Baradar" is Baradar's title, not the party)."""
    phrase = _whole_names(phrase, resolved)
    named = _named_inside(phrase, resolved)
    if named and named[-1].label == "NORP" and named[-1].end >= phrase.end:
        # "A Danish": the encoder cut the phrase after the nationality; the parse's phrase has
        # the noun it qualifies ("A Danish man"), which decides who the party is
        for span in (*parsed, *others):
            if span.start <= phrase.start and phrase.end < span.end:
                text = span.text[phrase.start - span.start :]  # "the role of Russian diplomats"
                return Span(start=phrase.start, end=span.end, text=text)
    party = _party(phrase, resolved)
    for span in parsed:
        if span.start <= phrase.start and phrase.end <= span.end and span != phrase:
            wider = _party(span, resolved)
            if (
                wider is not None
                and wider.label == "PERSON"
                and not _same_actor(wider, party)
                and not phrase.start <= wider.start < phrase.end  # the person is named already
            ):
                return span
    return phrase


def _whole_names(phrase: Span, resolved: Sequence[ResolvedMention]) -> Span:
    """The phrase widened to the whole of any name it cuts ("... Secretary of State Antony" is
    "... Antony Blinken"): a party phrase never ends or starts inside a name."""
    start, end = phrase.start, phrase.end
    for mention in resolved:
        if mention.start < start < mention.end:
            start = mention.start
        name_end = mention.start + len(trimmed(mention.text))  # "Xi Jinping's": to "Jinping"
        if mention.start < end < name_end:
            end = name_end
    if (start, end) == (phrase.start, phrase.end):
        return phrase
    text = phrase.text
    text = _gap_text(resolved, start, phrase.start) + text + _gap_text(resolved, phrase.end, end)
    return Span(start=start, end=end, text=text)


def _gap_text(resolved: Sequence[ResolvedMention], start: int, end: int) -> str:
    """The characters [start, end) read from the mention that holds them."""
    if start >= end:
        return ""
    holder = next(m for m in resolved if m.start <= start and end <= m.end)
    return holder.text[start - holder.start : end - holder.start]


def _named(spans: Sequence[Span], resolved: Sequence[ResolvedMention]) -> tuple[Span, ...]:
    return tuple(span for span in spans if _party(span, resolved) is not None)


_PARTY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


# nouns for private persons: with a nationality only, they name people, not their state
_PRIVATE_PERSONS = frozenset({
    "man", "men", "woman", "women", "boy", "boys", "girl", "girls", "teenager", "teenagers",
    "citizen", "citizens", "national", "nationals", "resident", "residents", "student",
    "students", "tourist", "tourists", "worker", "workers", "person", "people", "family",
    "families", "child", "children", "couple", "mother", "father", "son", "daughter", "farmer",
    "farmers", "migrant", "migrants", "refugee", "refugees", "passenger", "passengers",
    "user", "users", "fan", "fans", "viewer", "viewers", "reader", "readers", "customer",
    "customers", "consumer", "consumers", "investor", "investors", "player", "players",
    "athlete", "athletes", "driver", "drivers", "suspect", "suspects", "victim", "victims",
    "hostage", "hostages", "captive", "captives", "detainee", "detainees", "prisoner",
    "prisoners", "pilgrim", "pilgrims", "survivor", "survivors", "immigrant", "immigrants",
})  # fmt: skip
_WORD = re.compile(r"[a-z]+")


def _entity_phrases(spans: Sequence[Span], resolved: Sequence[ResolvedMention]) -> tuple[Span, ...]:
    """The parse's phrases that name a person, group, organisation or people the knowledge base
    does not know ("Judge Robart", "about 800 IS suspects"): a party all the same. A phrase
    naming only a date, an amount or a thing is none."""
    return tuple(
        span
        for span in spans
        if any(
            m.label in _PARTY_LABELS and span.start <= m.start and m.end <= span.end
            for m in resolved
        )
    )


def _agent_phrases(spans: Sequence[Span]) -> tuple[Span, ...]:
    """The parse's phrases whose head noun names a kind of party ("the dishonest press" is no
    name, but "the media", "a policeman", "terrorists", "the court" are parties): the phrase
    stands, resolved to no actor."""
    kb = load_kb()
    return tuple(head_phrase(span) for span in spans if kb.agent(_head_word(span.text)))


def _head_word(text: str) -> str:
    """The last word before a phrase's complements: "the media of deliberately ..." → media."""
    words = _WORD.findall(HEAD_CUT.split(trimmed(text).lower(), maxsplit=1)[0])
    return words[-1] if words else ""


def _phrase_pairs(
    actors: Sequence[Span], recipients: Sequence[Span], code: str
) -> list[tuple[Span | None, Span | None]]:
    """Who acts on whom among the phrases: the first source on the first target; two sources
    of a symmetric act with no target act on each other ("X and Y discussed")."""
    if len(actors) >= 2 and not recipients and plover_for(code).type in _SYMMETRIC:
        return [(actors[0], actors[1])]
    return [(actors[0] if actors else None, recipients[0] if recipients else None)]


_CO_ORDINATION = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:the\s+)?$", re.IGNORECASE)


def _co_ordinated_names(
    phrase: Span | None, shown: ResolvedMention | None, resolved: Sequence[ResolvedMention]
) -> list[ResolvedMention]:
    """The other actors a phrase names beside ``shown``, joined to it by "and" or commas."""
    if phrase is None or shown is None:
        return []
    inside = [m for m in _named_inside(phrase, resolved) if m.label == shown.label]
    found: list[ResolvedMention] = []
    for before, after in pairwise(inside):
        between = phrase.text[before.end - phrase.start : after.start - phrase.start]
        if not _CO_ORDINATION.match(between):
            break
        if not _same_actor(after, shown) and all(not _same_actor(after, m) for m in found):
            found.append(after)
    return found


def _listed_after(
    phrase: Span | None, resolved: Sequence[ResolvedMention], sentence: Span
) -> list[ResolvedMention]:
    """The named parties a headline lists right after ``phrase``, joined by commas or "and"
    (headlines list without "and": "Blinken calls China, Russia on Afghan collapse")."""
    if phrase is None:
        return []
    found: list[ResolvedMention] = []
    end = phrase.end
    for mention in sorted(resolved, key=lambda m: m.start):
        if mention.start < end or not sentence.start <= mention.start < sentence.end:
            continue
        between = sentence.text[end - sentence.start : mention.start - sentence.start]
        if not _CO_ORDINATION.match(between) or mention.actor is None:
            break
        found.append(mention)
        end = mention.end
    return found


_CONJUNCTION = re.compile(r",?\s+and\s+|\s*,\s*|\s*&\s*")


def _parts(phrase: Span, resolved: Sequence[ResolvedMention]) -> tuple[Span, ...]:
    """A phrase naming several actors joined by "and" or commas as one phrase each ("Russian
    Foreign Minister Sergei Lavrov and Chinese Foreign Minister Wang Yi": two recipients)."""
    split = _split_co_ordinated(phrase, resolved)
    return (phrase,) if split is None else (split[0], *_parts(split[1], resolved))


def _split_co_ordinated(
    phrase: Span, resolved: Sequence[ResolvedMention]
) -> tuple[Span, Span] | None:
    """A phrase naming two actors joined by "and" or a comma, cut in two at the first
    conjunction between two names of different actors; None where there is none."""
    for first, second in pairwise(_named_inside(phrase, resolved)):
        if _same_actor(first, second):
            continue
        between = phrase.text[first.end - phrase.start : second.start - phrase.start]
        joint = _CONJUNCTION.search(between)
        if joint is None:
            continue  # "Turkish Foreign Minister X": one party's words
        cut, resume = first.end + joint.start(), first.end + joint.end()
        if _apposition(phrase.text[: cut - phrase.start], joint.group(), second):
            continue  # "The EU commissioner for migration, Dimitris Avramopoulos": one person
        return (
            Span(start=phrase.start, end=cut, text=phrase.text[: cut - phrase.start]),
            Span(start=resume, end=phrase.end, text=phrase.text[resume - phrase.start :]),
        )
    return None


def _apposition(before: str, joint: str, second: ResolvedMention) -> bool:
    """A person named after a comma that follows a description of one ("The EU commissioner
    for migration, Dimitris Avramopoulos"): a phrase whose head is a common noun, as written."""
    words = HEAD_CUT.split(trimmed(before), maxsplit=1)[0].split()
    head = words[-1] if words else ""
    return joint.strip() == "," and second.label == "PERSON" and head.islower() and head.isalpha()


def _parse_partners(
    phrase: Span | None,
    parsed: Sequence[Span],
    resolved: Sequence[ResolvedMention],
    sentence: Span,
) -> list[ResolvedMention]:
    """The actors of the parse's other phrases for a role that a list joins to the main
    event's phrase ("spoke with Lavrov and Wang Yi")."""
    if phrase is None or len(parsed) < 2 or not any(overlaps(phrase, s) for s in parsed):
        return []
    spans = sorted(parsed, key=lambda span: span.start)
    at = next(i for i, span in enumerate(spans) if overlaps(phrase, span))
    joined = _joined(spans[at:], sentence) + _joined(spans[at::-1], sentence)
    found = [_party(span, resolved) for span in joined if not overlaps(phrase, span)]
    return [mention for mention in found if mention is not None]


def _joined(spans: Sequence[Span], sentence: Span) -> list[Span]:
    """The spans after the first one (in the order given, forwards or backwards) that a list
    joins to it: each gap "and", or a run of commas that an "and" closes ("Lavrov, Wang Yi and
    Qureshi"; in "China and Russia, frequent U.S. adversaries" the comma opens an aside)."""
    gaps = []
    for one, two in pairwise(spans):
        first, second = (one, two) if one.start <= two.start else (two, one)
        between = sentence.text[first.end - sentence.start : second.start - sentence.start]
        gaps.append(_gap_kind(between))
    found: list[Span] = []
    for number, gap in enumerate(gaps):
        later = gaps[number + 1 :]
        listed = "and" in later and all(g == "comma" for g in later[: later.index("and")])
        if gap != "and" and not (gap == "comma" and listed):
            break
        found.append(spans[number + 1])
    return found


def _gap_kind(between: str) -> str:
    """What joins two phrases: "and" (with or without a comma), "comma", or "other"."""
    if re.fullmatch(r"\s*,?\s*(?:and|&)\s+(?:the\s+)?", between, re.IGNORECASE):
        return "and"
    return "comma" if re.fullmatch(r"\s*,\s*", between) else "other"


def _actor_id(mention: ResolvedMention | None) -> str | None:
    return mention.actor.actor_id if mention is not None and mention.actor else None


def _speech_act(candidate: EventCandidate, pattern: VerbPattern | None) -> bool:
    """A reporting verb that is itself an event: "warned" (THREATEN), "accused", "urged",
    "called on Turkey to help" (REQUEST). Plain reporting ("said", "added") is a statement."""
    if candidate.lemma in _PLAIN_REPORTING or pattern is None or pattern.cameo is None:
        return False
    if candidate.lemma in _APPEAL_VERBS:
        return candidate.following[:1] in _APPEALS
    if candidate.lemma in ASKING and _question(candidate):
        return False  # "When asked if ...", "asked whether the Taliban rejected": a question
    return not pattern.cameo.startswith("01")


_PHONE_CALL = "040"
# what follows "called X" when the call is a naming, not a telephone call ("called Putin a
# killer", "called Trump's remarks racist")
_NAMING_AFTER = re.compile(r"^\s+(?:a|an|the|his|her|their|its|one|\w+ly|[\"\u201c'])\b", re.I)


def _phoned(candidate: EventCandidate) -> bool:
    """ "Blinken called Lavrov on Tuesday", "Blinken calls China, Russia on Afghan collapse": a
    call whose object, right after the verb, is a party (not "called on", "called for", "called
    X a liar", "called it", "called the meeting")."""
    if candidate.lemma != "call" or candidate.nominal or candidate.passive:
        return False
    if not candidate.recipients:
        return False
    party = candidate.recipients[0]
    gap = candidate.sentence.text[candidate.anchor.end - candidate.sentence.start :]
    gap = gap[: party.start - candidate.anchor.end]
    if gap.strip() or not party.text[:1].isupper() or trimmed(party.text) != party.text:
        return False  # "called President Trump's executive order lawful": the order
    owned = _OWNED.search(party.text)
    if owned and not load_kb().agent(_head_word(party.text[owned.end() :])):
        return False  # "called President Trump's executive order": the order, not Trump
    after = candidate.sentence.text[party.end - candidate.sentence.start :]
    return not _NAMING_AFTER.match(after)


# what makes asking a question rather than a request: "asked (the minister) whether/if",
# "asked about", "asked why"; "When asked ...", "Asked in a text message ...": a reporter's
_QUESTION_AFTER = re.compile(
    r"^(?:\s+(?!to\b)[\w\u2019'-]+){0,6}?\s+(?:if|whether|about|why|what|how|who|where|which)\b",
    re.IGNORECASE,
)
_QUESTION_BEFORE = re.compile(r"(?:^|\bwhen\s+|\bbeing\s+)$", re.IGNORECASE)


def _question(candidate: EventCandidate) -> bool:
    sentence = candidate.sentence
    before = sentence.text[: candidate.anchor.start - sentence.start].strip(' "\u201c(')
    after = sentence.text[candidate.anchor.end - sentence.start :][:80]
    if _QUESTION_AFTER.match(after):
        return True
    opening = _QUESTION_BEFORE.search(before + " " if before else "")
    return not candidate.actors and opening is not None


# "called on Turkey to help": an appeal, coded by the lexicon (REQUEST); "called" alone reports.
_APPEAL_VERBS = frozenset({"call"})
_APPEALS = frozenset({("on",), ("upon",), ("for",)})
# Verbs that only report, whatever code PETRARCH's dictionary gives them ("add" 060, "claim" 110,
# "insist" 100 describe the speaking, not an act between the parties).
_PLAIN_REPORTING = frozenset(
    {
        "say",
        "tell",
        "add",
        "claim",
        "insist",
        "state",
        "note",
        "reiterate",
        "stress",
        "announce",
        "explain",
        "write",
        "report",
        "describe",
        "comment",
        "reply",
        "respond",
        "answer",
        "continue",
        "remark",
        "confirm",
        "acknowledge",
        "declare",
        "argue",
        "suggest",
        "believe",
        "think",
        "know",
        "recall",
        "mention",
        "emphasize",
        "emphasise",
        "point",
    }
)


def _code_of(decision: tuple[str, str] | None) -> str | None:
    return decision[0] if decision is not None else None


# acts of cooperation, and appeals, made with or to another party than one's own state
_WITH_ANOTHER = frozenset({"AGREE", "SUPPORT", "CONSULT", "COOPERATE", "AID", "CONCEDE", "REQUEST"})


def _own_state(
    actor: ResolvedMention | None, other: ResolvedMention | None, phrase: Span | None
) -> bool:
    """Whether ``other`` is the country a person or body named as ``actor`` belongs to, named
    by itself ("Poland"; "US strategy in Afghanistan" is a thing of it that may be defended)."""
    if actor is None or other is None or actor.actor is None or other.actor is None:
        return False
    if phrase is None or phrase.text.strip() != other.text:
        return False
    if actor.actor.kind not in ("person", "organisation") or other.actor.kind != "country":
        return False
    if other.actor.matched_by != "country":  # "Russian diplomats", "Japan's prime minister"
        return False
    return actor.actor.country is not None and actor.actor.country == other.actor.country


def _same_actor(first: ResolvedMention | None, second: ResolvedMention | None) -> bool:
    if first is None or second is None or first.actor is None or second.actor is None:
        return False
    return first.actor.actor_id == second.actor.actor_id


def _by_sentence(candidates: Sequence[EventCandidate]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        groups.setdefault(candidate.sentence.start, []).append(index)
    return list(groups.values())


def _pairs(
    candidate: EventCandidate, resolved: Sequence[ResolvedMention], code: str
) -> list[tuple[ResolvedMention | None, ResolvedMention | None]]:
    actors = [_party(span, resolved) for span in candidate.actors]
    recipients = [_party(span, resolved) for span in candidate.recipients]
    found_actors = [actor for actor in actors if actor is not None]
    found_recipients = [party for party in recipients if party is not None]
    partners = [
        r
        for r, span in zip(recipients, candidate.recipients, strict=True)
        if r is not None and _after_with(span, candidate.sentence)
    ]
    if len(found_actors) >= 2 and plover_for(code).type in _SYMMETRIC and not partners:
        # "X and Y discussed Afghanistan": they consult each other; the object is the topic.
        # "X and Y engaged with Z" has a partner: each of them deals with Z.
        return [(found_actors[0], found_actors[1])]
    if len(found_actors) >= 2 and partners:
        return [(actor, partner) for actor in found_actors for partner in partners]
    first_actor = found_actors[0] if found_actors else None
    if candidate.lemma in _TOPIC_VERBS:  # "discussed Afghanistan with Lavrov": the partner only
        found_recipients = partners
    if not found_recipients:
        return [(first_actor, None)]
    return [(first_actor, recipient) for recipient in found_recipients]


# Verbs whose object is what is talked about, never whom: "discussed Afghanistan".
_TOPIC_VERBS = frozenset({"discuss", "debate", "consider", "review", "address", "study"})


def _after_with(span: Span, sentence: Span) -> bool:
    """Whether the words just before ``span`` are "with" ("talks with X", "engage with X")."""
    before = sentence.text[: span.start - sentence.start].rstrip().lower()
    return before.endswith(" with") or before == "with"


def _named_inside(span: Span, resolved: Sequence[ResolvedMention]) -> list[ResolvedMention]:
    """The resolved mentions inside ``span`` that name an actor, in text order."""
    return sorted(
        (
            m
            for m in resolved
            if m.actor is not None
            and span.start <= m.start < span.end
            and m.start + len(trimmed(m.text)) <= span.end  # "Moody's": "Moody" names it
        ),
        key=lambda m: m.start,
    )


def _party(span: Span, resolved: Sequence[ResolvedMention]) -> ResolvedMention | None:
    """The best resolved mention inside a role span: a person before an organisation, etc.
    A private person named by nationality alone ("a Syrian man", "One Italian citizen") is no
    state: the phrase stays, resolved to no actor."""
    inside = [
        m
        for m in _named_inside(span, resolved)
        # "three people in Copenhagen": a place after "in" says where the party is, not who
        if not (
            (m.label in _PLACE_LABELS or (m.actor is not None and m.actor.matched_by == "capital"))
            and m.start > span.start
            and _PLACE_BEFORE.search(span.text[: m.start - span.start])
            # "Police in India": the police of the place, unless someone else's ("AI's General
            # Secretary in Germany" is Amnesty's)
            and not (
                load_kb().agent(_head_word(span.text[: m.start - span.start]))
                and not _OWNED.search(span.text[: m.start - span.start])
            )
        )
    ]
    # "Washington state": a state named like a capital is not the capital's country
    inside = [m for m in inside if not _state_of_capital(m, span)]
    # "President Donald Trump's pick for education secretary": someone the named one chose
    inside = [m for m in inside if not _RELATED.match(span.text[m.end - span.start :])]
    # "Trump's Attorney General Jeff Sessions", "Obama's Labor Department": the one named after
    # a person who owns it, or a person named after an owner, is the party ("Germany's Foreign
    # Office" is the office of Germany: ``_owning_country``)
    inside = [
        m
        for m in inside
        if not (
            _POSSESSIVE.match(span.text[m.end - span.start :])
            and any(other.start >= m.end and "PERSON" in (m.label, other.label) for other in inside)
        )
    ]
    if not inside:
        return None
    if _private(span, inside):
        return None
    # the first of the best kind: the head of "the withdrawal of US troops from Afghanistan"
    best = min(inside, key=lambda mention: (_LABEL_RANK.get(mention.label, 9), mention.start))
    return _owning_country(best, inside) or _leaders_state(best, span) or best


# what a leader's name before it makes the leader's state's: "the Trump administration",
# "Assad's government", "Putin's forces"
_LEADS = re.compile(
    r"^(?:['’]s)?\s+(?:administration|government|regime|cabinet|forces|troops|army|military)\b",
    re.IGNORECASE,
)


def _leaders_state(best: ResolvedMention, span: Span) -> ResolvedMention | None:
    """The state a person leads where the phrase names its government or forces by them."""
    if best.label != "PERSON" or not _LEADS.match(span.text[best.end - span.start :]):
        return None
    words = _mention_span(best)
    return _state_of(best, words) if words is not None else None


def _owning_country(
    best: ResolvedMention, inside: Sequence[ResolvedMention]
) -> ResolvedMention | None:
    """The country named before a body that the knowledge base knows as another country's:
    "Germany's Foreign Office" is Germany's, not the British one of that name."""
    body = best.actor
    if best.label != "ORG" or body is None or body.country is None:
        return None
    if load_kb().country_by_code(body.country) is None:
        return None  # a body of no one state ("Turkey's NATO allies")
    owners = [
        m
        for m in inside
        if m.end <= best.start
        and m.actor is not None
        and m.actor.kind == "country"
        and m.actor.country not in (None, body.country)
    ]
    return owners[-1] if owners else None


_ONE = re.compile(r"(?:an?|one)\s+$", re.IGNORECASE)
# the kinds of people no state acts through (the knowledge base's sectors of its agent words):
# civilians, journalists, criminals and prisoners, education, health, labour, refugees,
# farmers ("the US media" and "Ukraine's industries" are things, not people: not here)
_PRIVATE_SECTORS = frozenset({"CVL", "JRN", "CRM", "EDU", "HLH", "LAB", "REF", "AGR"})
# a group counted before its kind: "a group of former Palestinian prisoners" is prisoners
_COUNTED_OF = re.compile(
    r"^(?:(?:an?\s+|the\s+)?(?:group|groups|number|dozens|hundreds|thousands|millions|crowd|"
    r"team|members|handful|couple|tens)\s+of\s+)+",
    re.IGNORECASE,
)
_OWNED = re.compile(r"\w['’]s\s")
_POSSESSIVE = re.compile(r"['’]s?\s")
# a person named by whom they belong to or were chosen by: not that one ("Trump's pick")
_RELATED = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:pick|nominee|choice|candidate|wife|husband|son|daughter|brother|"
    r"sister|mother|father|son-in-law|daughter-in-law|children|lawyers?|aides?|"
    r"advis[eo]rs?|friends?|bodyguards?|killers?|attackers?|assassins?)\b",
    re.IGNORECASE,
)


def _state_of_capital(mention: ResolvedMention, span: Span) -> bool:
    if mention.actor is None or mention.actor.matched_by != "capital":
        return False
    after = span.text[mention.end - span.start :].lower()
    return after.startswith((" state", " province"))


_COUNTED = re.compile(
    r"^(?:(?:more than|over|at least|about|around|nearly|almost|up to)\s+)?"
    r"(?:[\d,.]+|one|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of|"
    r"thousands of|several|some|many|few|a few|a group of)\s",
    re.IGNORECASE,
)
# "every American in Afghanistan", "each Syrian": one by one, people, not their state
_EACH = re.compile(r"^(?:every|each)\s$", re.IGNORECASE)


def _known_or_private(
    party: ResolvedMention | None, phrase: Span | None, resolved: Sequence[ResolvedMention]
) -> bool:
    """Whether a party is named: a known actor, or private people named by their country
    ("a Turkish journalist": no state, but no less named than one)."""
    if party is not None:
        return True
    if phrase is None:
        return False
    inside = _named_inside(phrase, resolved)
    return bool(inside) and _private(phrase, inside)


def _private(span: Span, inside: Sequence[ResolvedMention]) -> bool:
    """Whether a phrase names private people by their nationality or country ("a Syrian man",
    "One Italian citizen", "Two US citizens", "a Croatian scientist", "two Australians", "more
    than 4,000 Americans", "every American"): no state is the party."""
    if not all(m.label in ("NORP", "GPE") for m in inside):
        return False
    head = _head_word(_COUNTED_OF.sub("", trimmed(span.text)))
    if head in _PRIVATE_PERSONS:
        return True
    agent = load_kb().agent(head) if head else None
    if agent is not None and agent.sector in _PRIVATE_SECTORS and inside[-1].end < span.end:
        # a private kind of person the country only qualifies ("a Turkish journalist", "a
        # journalist for Germany's Die Welt", "former Palestinian prisoners")
        return True
    # a counted plural of a people: "two Australians", "more than 4,000 Americans"
    last = inside[-1]
    before = span.text[: last.start - span.start].strip() + " "
    if last.label != "NORP":
        return False
    if _EACH.match(before):
        return True
    if _ONE.match(before) and span.text.rstrip().endswith(last.text):
        return True  # "An Australian born in Iran killed ...": one person of a people
    return last.text.endswith("s") and _COUNTED.match(before) is not None


def _event(
    article_id: str,
    candidate: EventCandidate,
    code: str,
    *,
    actor_phrase: Span | None,
    actor: ResolvedMention | None,
    recipient_phrase: Span | None,
    recipient: ResolvedMention | None,
) -> Event:
    """The event of ``code`` anchored on ``candidate``; each party is the phrase naming it and
    the actor it resolves to (None where the phrase names no known actor)."""
    coding = plover_for(code)
    return Event(
        article_id=article_id,
        sentence=candidate.sentence,
        anchor=candidate.anchor,
        type=coding.type,
        mode=coding.mode,
        context=coding.context,
        cameo=coding.cameo,
        quad=coding.quad,
        intensity=coding.intensity,
        actor_id=_actor_id(actor),
        recipient_id=_actor_id(recipient),
        actor_span=actor_phrase,
        recipient_span=recipient_phrase,
        modality=candidate.modality,
    )


def _mention_span(mention: ResolvedMention | None) -> Span | None:
    if mention is None:
        return None
    return Span(start=mention.start, end=mention.end, text=mention.text)


def _with_when_where(event: Event, candidate: EventCandidate, where: _Where) -> Event:
    when, precision, basis = _date(candidate, where.timexes, where.day, where.published)
    place = _place(candidate, where.resolved, material=event.quad in (2, 4))
    return replace(
        event, date=when, date_precision=precision, date_basis=basis,
        location=place.text if place else None,
        location_span=Span(start=place.start, end=place.end, text=place.text) if place else None,
    )  # fmt: skip


def _date(
    candidate: EventCandidate,
    timexes: Sequence[Timex],
    day: date | None,
    published: tuple[str, DatePrecision] | None = None,
) -> tuple[str | None, DatePrecision | None, DateBasis]:
    """The time expression of the trigger's own clause nearest it, else that of the reporting
    clause it is said in, else the publication day (or the month or year an undated article
    was estimated to)."""
    own = _dated_in(candidate.when, timexes, near=candidate.anchor.start)
    # "said on Aug. 25 that they discussed": reported that day, so done by then
    found = own or _dated_in(candidate.reported_when, timexes, near=candidate.anchor.start)
    if found is not None:
        return found[0], found[1], "explicit"
    if day is not None:
        return day.isoformat(), "day", "publication"
    if published is not None:
        return published[0], published[1], "publication"
    return None, None, "unknown"


def _dated_in(
    spans: Sequence[Span], timexes: Sequence[Timex], *, near: int
) -> tuple[str, DatePrecision] | None:
    """The calendar date of the DATE expression inside ``spans`` nearest ``near``, if any."""
    dated = [
        (abs(timex.start - near), part)
        for timex in timexes
        if timex.type == "DATE"
        and any(when.start < timex.end and timex.start < when.end for when in spans)
        for part in [_date_part(timex.value)]
        if part is not None
    ]
    return min(dated)[1] if dated else None


def _date_part(value: str) -> tuple[str, DatePrecision] | None:
    """The calendar part of a TIMEX3 value and its precision; None for durations, decades, refs."""
    for pattern, precision in _PRECISIONS:
        found = pattern.match(value)
        if found:
            return found.group(), precision
    return None


def _place(
    candidate: EventCandidate, resolved: Sequence[ResolvedMention], *, material: bool
) -> ResolvedMention | None:
    """The named place of the trigger's own clause ("met in Doha", "attacked the airport in
    Kabul" for a material act), nearest the trigger; a place the clause is about ("discussed
    the situation in Afghanistan") or another clause's is none."""
    sentence, anchor = candidate.sentence, candidate.anchor
    spans = [*candidate.where, *(candidate.object_where if material else ())]
    places = [
        (abs(mention.start - anchor.start), mention.start, mention)
        for mention in resolved
        if sentence.start <= mention.start < sentence.end
        and any(span.start <= mention.start and mention.end <= span.end for span in spans)
        and _is_place(mention, sentence.text[: mention.start - sentence.start])
    ]
    return min(places, key=lambda found: found[:2])[2] if places else None


def _is_place(mention: ResolvedMention, before: str) -> bool:
    if mention.label in _PLACE_LABELS:
        return _PLACE_BEFORE.search(before) is not None
    return mention.label in ("ORG", "EVENT") and _GATHERING_BEFORE.search(before) is not None
