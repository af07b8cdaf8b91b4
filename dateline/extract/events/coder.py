"""Code event candidates into events: type from the verb lexicon, parties from resolved mentions.

A candidate becomes an event when the lexicon knows its verb phrase.  Its parties are the
resolved actor mentions inside the parse's role spans (a person wins over the organisation or
country in the same phrase: "Taliban leader Mullah Abdul Ghani Baradar" is Baradar).  One event
is made per recipient ("spoke with Lavrov and Wang Yi" is two), and two co-ordinated actors of
a symmetric verb ("X and Y discussed") act on each other.  For each sentence's main event the
span model (``span_model``) picks the actor and recipient phrases; where it abstains, the
parse's phrases that name a resolved actor stand.  Each event says which lexicon entry
decided it, so every code can be traced to a reviewable line of data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from msgspec.structs import replace

from dateline.extract.actors.resolve import ResolvedMention
from dateline.extract.events.lexicon import VerbLexicon, VerbPattern
from dateline.extract.events.ontology import STATEMENT, pentaclass, plover_for
from dateline.extract.events.span_model import Party, SpanModel
from dateline.extract.events.typing_model import MODEL_FILE, TypingModel, main_index
from dateline.model import DateBasis, DatePrecision, Event, Record, Span, Timex
from dateline.nlp.events import EventCandidate

_MODEL_NAME = MODEL_FILE.rsplit("/", 1)[-1]
# The code of a main event that the typing model puts in a class which neither its verb's lexicon
# entries nor the sentence's other verbs reach: the class's "not specified below" root.
_CLASS_ROOTS = {0: "010", 1: "040", 2: "060", 3: "110", 4: "190"}
# A reporting verb reports a statement, whatever else the verb can mean ("added" is not aid).
_STATEMENT_CODE = "010"
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
    """Codes one article's candidates against the lexicon and its resolved mentions.

    With a typing model, each sentence's main event is typed by the model (``type_main``) and
    gets its probability for that class as a factor of its confidence: an event the model is
    unsure of is kept but marked unsure, so a user can filter on confidence instead of losing it.
    """

    def __init__(
        self,
        lexicon: VerbLexicon,
        *,
        model: TypingModel | None = None,
        spans: SpanModel | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.model = model
        self.spans = spans

    def code(
        self,
        article_id: str,
        candidates: Sequence[EventCandidate],
        *,
        resolved: Sequence[ResolvedMention],
        timexes: Sequence[Timex],
        day: date | None,
    ) -> list[CodedEvent]:
        """Every event the candidates report, in text order."""
        coded = []
        lexical = [self.decide(candidate) for candidate in candidates]
        decisions, checked = self._typed(candidates, lexical)
        mains = set(checked) if self.spans is not None else set()  # each sentence's main event
        parties = parties_of(resolved)
        for index, (candidate, decision) in enumerate(zip(candidates, decisions, strict=True)):
            if decision is None:
                continue
            code, decided_by = decision
            # the span model was trained on the lexicon's codes: it reads the lexicon's
            roles = (
                self._with_roles(candidate, _code_of(lexical[index]) or code, parties)
                if index in mains
                else candidate
            )
            for actor, found in _pairs(roles, resolved, code):
                recipient = None if _same_actor(actor, found) else found  # no one acts on itself
                if actor is None and recipient is None:
                    continue  # no party named: nothing a user can count
                event = _event(article_id, candidate, code, actor, recipient)
                event = _with_when_where(event, candidate, resolved, timexes, day)
                event = replace(event, decided_by=decided_by)
                if index in checked:
                    event = replace(event, confidence=round(event.confidence * checked[index], 4))
                coded.append(CodedEvent(event=event, actor=actor, recipient=recipient))
        return coded

    def needs_roles(self, sentence: Sequence[EventCandidate]) -> set[int]:
        """Which of one sentence's candidates the span model will read: its main event."""
        if self.spans is None:
            return set()
        return _mains(sentence, [self.decide(candidate) for candidate in sentence])

    def _typed(
        self,
        candidates: Sequence[EventCandidate],
        decisions: Sequence[tuple[str, str] | None],
    ) -> tuple[list[tuple[str, str] | None], dict[int, float]]:
        """The decisions with each sentence's main event typed by the model, and the model's
        probability for the main event's final class, by candidate index."""
        typed = list(decisions)
        checked: dict[int, float] = {}
        for indexes in _by_sentence(candidates):
            found = self.type_main(
                [candidates[i] for i in indexes], [decisions[i] for i in indexes]
            )
            if found is not None:
                main, decision, probability = found
                typed[indexes[main]] = decision
                checked[indexes[main]] = probability
        return typed, checked

    def type_main(
        self,
        candidates: Sequence[EventCandidate],
        decisions: Sequence[tuple[str, str] | None],
    ) -> tuple[int, tuple[str, str], float] | None:
        """One sentence's main event: its index, its code and what decided it, and the typing
        model's probability for that code's class (1.0 without a model, or where the parse's
        reading stands); None when no coded candidate has a party.

        The model reads the whole sentence (every verb's lexicon code, modality and parties, a
        few verb cues and the main verb's phrase), so where it types the main event in another
        class than the lexicon's entry for its verb, its class wins: the code becomes the verb's
        default in that class, else another verb of the sentence coded in it, else the class's
        unspecified root code (``_CLASS_ROOTS``); the lexicon's code stays in ``decided_by``.
        Three readings of the parse stand whatever the model says (``_read_by_the_parse``): an
        appeal ("called on Turkey to help" is a REQUEST), an act with a "with" partner ("spoke
        with Lavrov" is CONSULT) and co-ordinated parties of a symmetric verb ("X and Y
        discussed"), marked ``+parse-reading`` and with no model factor in their confidence.
        ConfliBERT's gold often labels these as statements (the saying around them); dateline
        codes what the act is.
        """
        codes = [_code_of(decision) for decision in decisions]
        main = main_index(candidates, codes)
        if main is None:
            return None
        code, decided_by = decisions[main] or ("", "")
        if self.model is None:
            return main, (code, decided_by), 1.0
        klass, probabilities = self.model.predict(candidates, codes)
        kept = pentaclass(code)
        if klass != kept and _read_by_the_parse(candidates[main], code):
            # the model disagrees with a reading it cannot see: its probability says nothing
            return main, (code, f"{decided_by}+parse-reading"), 1.0
        if klass == kept:
            return main, (code, f"{decided_by}+model:{_MODEL_NAME}"), probabilities[kept]
        retyped = self._code_in(klass, candidates[main].lemma, codes)
        return (
            main,
            (retyped, f"model:{_MODEL_NAME} over {decided_by} ({code})"),
            probabilities[klass],
        )

    def _code_in(self, klass: int, lemma: str, codes: Sequence[str | None]) -> str:
        """A CAMEO code of class ``klass`` for a verb: its default code in the lexicon when it is
        of that class, else the first code of that class among the sentence's verbs, else the
        class's root code. (A pattern's code is never borrowed: its words are not there.)"""
        entry = self.lexicon.verb(lemma)
        for found in (entry.cameo if entry is not None else None, *codes):
            if found is not None and pentaclass(found) == klass:
                return found
        return _CLASS_ROOTS[klass]

    def role_spans(
        self, candidate: EventCandidate, code: str | None, parties: Sequence[Party]
    ) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
        """The actor and recipient phrases of a sentence's main event: the span model's choice
        for each role, the parse's phrases that name an actor where it abstains, the parse
        rules' where there is no model."""
        if self.spans is None:
            return candidate.actors, candidate.recipients
        choice = self.spans.choose(candidate, code=code, parties=parties)
        sentence = candidate.sentence
        # "X said Blinken met Z": the model may take the speaker (ConfliBERT's gold often codes
        # the saying); a named actor that is the verb's own subject is who acts.
        named = any(_holds(span, parties) for span in candidate.actors)
        if choice.source_reporter and named:
            actors = candidate.actors
        else:
            actors = _chosen(
                choice.source, candidate.actors, other=candidate.recipients, sentence=sentence,
                parties=parties,
            )  # fmt: skip
        recipients = _chosen(
            choice.target, candidate.recipients, other=candidate.actors, sentence=sentence,
            parties=parties,
        )  # fmt: skip
        return actors, recipients

    def _with_roles(
        self, candidate: EventCandidate, code: str, parties: Sequence[Party]
    ) -> EventCandidate:
        actors, recipients = self.role_spans(candidate, code, parties)
        # text order, as the parse gives co-ordinated parties ("X and Y discussed": X acts on Y)
        return replace(candidate, actors=_in_order(actors), recipients=_in_order(recipients))

    def code_of(self, candidate: EventCandidate) -> str | None:
        """The CAMEO code of a candidate, or None when it is no event."""
        return _code_of(self.decide(candidate))

    def decide(self, candidate: EventCandidate) -> tuple[str, str] | None:
        """The CAMEO code of a candidate and what decided it, or None when it is no event."""
        pattern = self.lexicon.match(candidate.lemma, following=candidate.following)
        if candidate.is_speech and not _speech_act(candidate, pattern):
            return _STATEMENT_CODE, f"reporting-verb:{candidate.lemma}"
        if pattern is None or pattern.cameo is None:
            return None
        return pattern.cameo, f"lexicon:{pattern.source}"


def _read_by_the_parse(candidate: EventCandidate, code: str) -> bool:
    """An appeal ("called on Turkey to help"), an act with a "with" partner ("spoke with
    Lavrov", "has not cut ties with al-Qaeda") or co-ordinated parties of a symmetric verb ("X
    and Y discussed"): the parse says what the event is and between whom."""
    if candidate.lemma in _APPEAL_VERBS and candidate.following[:1] in _APPEALS:
        return True
    if len(candidate.actors) >= 2 and plover_for(code).type in _SYMMETRIC:
        return True
    return any(_after_with(span, candidate.sentence) for span in candidate.recipients)


def _speech_act(candidate: EventCandidate, pattern: VerbPattern | None) -> bool:
    """A reporting verb that is itself an event: "warned" (THREATEN), "accused", "urged",
    "called on Turkey to help" (REQUEST). Plain reporting ("said", "added") is a statement."""
    if candidate.lemma in _PLAIN_REPORTING or pattern is None or pattern.cameo is None:
        return False
    if candidate.lemma in _APPEAL_VERBS:
        return candidate.following[:1] in _APPEALS
    return not pattern.cameo.startswith("01")


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


def parties_of(resolved: Sequence[ResolvedMention]) -> list[Party]:
    """The resolved mentions that name an actor, as the span model reads them."""
    return [
        Party(start=mention.start, end=mention.end, label=mention.label)
        for mention in resolved
        if mention.actor is not None
    ]


def _mains(
    candidates: Sequence[EventCandidate], decisions: Sequence[tuple[str, str] | None]
) -> set[int]:
    """The index of each sentence's main candidate (as the typing model picks it)."""
    found = set()
    for indexes in _by_sentence(candidates):
        main = main_index(
            [candidates[i] for i in indexes], [_code_of(decisions[i]) for i in indexes]
        )
        if main is not None:
            found.add(indexes[main])
    return found


def _chosen(
    span: Span | None,
    parsed: tuple[Span, ...],
    *,
    other: tuple[Span, ...],
    sentence: Span,
    parties: Sequence[Party] = (),
) -> tuple[Span, ...]:
    """The model's phrase for a role, the parse's where the parse reads the sentence better.

    Where the model abstains, or takes a phrase that names no actor where the parse's names one,
    only the parse's phrases that name a resolved actor stand (on held-out gold the parse's
    other phrases score worse there than nothing). The parse's phrases stand when the model took
    one of the parties the parse co-ordinates in the other role ("China and Russia engage with
    the Taliban": both act); or when it took a place though the parse has a "with" partner ("met
    with Baradar in Kabul"). Co-ordinated parties of the role stay separate ("with Lavrov and
    Wang Yi": two events), the model's first.
    """
    named = tuple(s for s in parsed if _holds(s, parties))
    if span is None or (named and not _holds(span, parties)):
        return named  # "The development ..., with Blinken promising": Blinken promises
    if len(other) >= 2 and any(s.start <= span.start and span.end <= s.end for s in other):
        return parsed or (span,)
    before = sentence.text[: span.start - sentence.start]
    if _PLACE_BEFORE.search(before) and any(_after_with(s, sentence) for s in parsed):
        return parsed
    if len(parsed) >= 2 and any(_overlaps(span, s) for s in parsed):
        return (span, *(s for s in parsed if not _overlaps(span, s)))
    return (span,)


def _same_actor(first: ResolvedMention | None, second: ResolvedMention | None) -> bool:
    if first is None or second is None or first.actor is None or second.actor is None:
        return False
    return first.actor.actor_id == second.actor.actor_id


def _holds(span: Span, parties: Sequence[Party]) -> bool:
    return any(span.start <= party.start and party.end <= span.end for party in parties)


def _in_order(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    return tuple(sorted(spans, key=lambda span: span.start))


def _overlaps(first: Span, second: Span) -> bool:
    return first.start < second.end and second.start < first.end


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


def _party(span: Span, resolved: Sequence[ResolvedMention]) -> ResolvedMention | None:
    """The best resolved mention inside a role span: a person before an organisation, etc."""
    inside = [
        mention
        for mention in resolved
        if mention.actor is not None and span.start <= mention.start and mention.end <= span.end
    ]
    if not inside:
        return None
    # the first of the best kind: the head of "the withdrawal of US troops from Afghanistan"
    return min(inside, key=lambda mention: (_LABEL_RANK.get(mention.label, 9), mention.start))


def _event(
    article_id: str,
    candidate: EventCandidate,
    code: str,
    actor: ResolvedMention | None,
    recipient: ResolvedMention | None,
) -> Event:
    coding = plover_for(code)
    parties = (actor is not None) + (recipient is not None)
    confidence = 1.0 if coding.type == STATEMENT else 0.5 + 0.25 * parties
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
        actor_id=actor.actor.actor_id if actor and actor.actor else None,
        recipient_id=recipient.actor.actor_id if recipient and recipient.actor else None,
        actor_span=_mention_span(actor),
        recipient_span=_mention_span(recipient),
        modality=candidate.modality,
        confidence=confidence,
    )


def _mention_span(mention: ResolvedMention | None) -> Span | None:
    if mention is None:
        return None
    return Span(start=mention.start, end=mention.end, text=mention.text)


def _with_when_where(
    event: Event,
    candidate: EventCandidate,
    resolved: Sequence[ResolvedMention],
    timexes: Sequence[Timex],
    day: date | None,
) -> Event:
    when, precision, basis = _date(candidate, timexes, day)
    place = _place(candidate, resolved)
    return replace(event, date=when, date_precision=precision, date_basis=basis, location=place)


def _date(
    candidate: EventCandidate, timexes: Sequence[Timex], day: date | None
) -> tuple[str | None, DatePrecision | None, DateBasis]:
    """The time expression of the trigger's own clause nearest it, else the publication day."""
    anchor = candidate.anchor
    dated = [
        (abs(timex.start - anchor.start), part)
        for timex in timexes
        if timex.type == "DATE"
        and any(when.start < timex.end and timex.start < when.end for when in candidate.when)
        for part in [_date_part(timex.value)]
        if part is not None
    ]
    if dated:
        _, (value, precision) = min(dated)
        return value, precision, "explicit"
    if day is not None:
        return day.isoformat(), "day", "publication"
    return None, None, "unknown"


def _date_part(value: str) -> tuple[str, DatePrecision] | None:
    """The calendar part of a TIMEX3 value and its precision; None for durations, decades, refs."""
    for pattern, precision in _PRECISIONS:
        found = pattern.match(value)
        if found:
            return found.group(), precision
    return None


def _place(candidate: EventCandidate, resolved: Sequence[ResolvedMention]) -> str | None:
    """A named place introduced by "in"/"at" in the trigger's sentence, nearest the trigger."""
    sentence, anchor = candidate.sentence, candidate.anchor
    places = [
        (abs(mention.start - anchor.start), mention.text)
        for mention in resolved
        if sentence.start <= mention.start < sentence.end
        and _is_place(mention, sentence.text[: mention.start - sentence.start])
    ]
    return min(places)[1] if places else None


def _is_place(mention: ResolvedMention, before: str) -> bool:
    if mention.label in _PLACE_LABELS:
        return _PLACE_BEFORE.search(before) is not None
    return mention.label in ("ORG", "EVENT") and _GATHERING_BEFORE.search(before) is not None
