"""Extract from one clean article: actor mentions resolved to actors, time expressions, quotes.

This is the per-article extraction stage.  It sees no spaCy Doc: the NLP layer
(``dateline.nlp.analyse``) hands it mentions and quotes as records with offsets.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import ClassVar, Literal

import msgspec

from dateline.extract.actors import load_kb
from dateline.extract.actors.records import ResolvedActor
from dateline.extract.actors.registry import Registry
from dateline.extract.actors.resolve import ArticleResolver, ResolvedMention
from dateline.extract.datelines import find_dateline, resolve_dateline
from dateline.extract.dating import (
    PublishedEstimate,
    estimate_article,
    estimated_value,
    with_year,
)
from dateline.extract.events import load_lexicon
from dateline.extract.events.calibration import load_calibration
from dateline.extract.events.coder import CodedEvent, EventCoder, QuotedSpeaker
from dateline.extract.events.encoder import load_encoder
from dateline.extract.places import actors_country, clause_place, is_local, load_gazetteer
from dateline.extract.timex import find_timexes
from dateline.model import (
    Actor,
    Article,
    Event,
    Location,
    Mention,
    Quote,
    Record,
    Role,
    Span,
    Timex,
)
from dateline.nlp.analyse import Analysis, analyse
from dateline.nlp.events import EventCandidate
from dateline.nlp.load import load_nlp
from dateline.nlp.quotes import QuoteSpan

# v2 adds events; v3 types each sentence's main event with the typing model and reads verb
# phrases whole ("lifted the state of emergency"); v4 reads each sentence with the event
# encoder, marks its main event and gives each party as the phrase that names it; v5 dates
# undated articles by estimate and puts each event's place on the map; v6 places an event
# whose clause names no place in the one country of its parties; v7 places such an event in
# the article's dateline city where it is local to it; v12 reads a quoted demand with no saying
# in its sentence, an appeal's addressee and a passive joined to another, chooses an event's
# class and type as one, and places an event by the place phrases of its own clause; v14
# calibrates the confidence of the acts the encoder decides on judged events; v15 ends a
# sentence at a dash glued to its full stop and reads parties more closely (whose thing a party
# is, a leader's state, another country's body, who receives an act, appositions, family names
# that come first). Stores extracted by an older version are extracted again on the next run.
log = logging.getLogger(__name__)

EXTRACTOR = "dateline.extract.article.v15"
_ANCHOR_BASES = frozenset({"metadata", "user", "text"})


class Extraction(Record, frozen=True, kw_only=True):
    """What one article says: who is mentioned (and who they are), when, and who said what."""

    article_id: str
    published_used: date | None
    mentions: tuple[Mention, ...] = ()
    actors: tuple[Actor, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    # when an undated article was written, as far as its text tells (None for a dated one)
    published_estimate: PublishedEstimate | None = None
    # why this article could not be extracted ("ValueError: ..."), with nothing else found: the
    # article is done all the same, so that it never blocks a later run
    failure: str | None = None


class Placed(Record, frozen=True, kw_only=True):
    """A place phrase of the article (its dateline's city) and where it is on the map."""

    span: Span
    place: Location


class Extractor:
    """Loads the pipeline and knowledge base once; extracts article after article."""

    name: ClassVar[str] = EXTRACTOR

    def __init__(self, *, registry: Registry | None = None) -> None:
        self.nlp = load_nlp()
        self.kb = load_kb()
        self.registry = registry or Registry()
        encoder = load_encoder()
        self.coder = EventCoder(
            load_lexicon(),
            encoder=encoder,
            calibration=load_calibration() if encoder is not None else None,
        )

    def setup(self) -> None:
        """Index the knowledge base now so the first article does not pay for it."""
        self.kb.warm()

    def __call__(self, articles: Sequence[Article]) -> list[Extraction]:
        return self.extract_batch(articles)

    def extract_batch(self, articles: Sequence[Article]) -> list[Extraction]:
        """One Extraction per article, in order; spaCy runs over the batch at once. An article
        that makes extraction fail gets an Extraction that says why, and its batch goes on: the
        batch is done again article by article, so only the failing one is lost."""
        try:
            return self._extract_all(articles)
        except Exception as error:  # a bug on odd text: contained to the article, never the run
            if len(articles) == 1:
                return [self._failed(articles[0], error)]
            return [one for article in articles for one in self.extract_batch([article])]

    def _failed(self, article: Article, error: Exception) -> Extraction:
        log.warning("extraction failed for article %s", article.id, exc_info=True)
        return Extraction(
            article_id=article.id,
            published_used=anchor_date(article),
            failure=f"{type(error).__name__}: {error}"[:300],
        )

    def _extract_all(self, articles: Sequence[Article]) -> list[Extraction]:
        estimates = [self.estimate(article) for article in articles]
        years = [
            day.year if (day := anchor_date(article)) else (guess.year if guess else None)
            for article, guess in zip(articles, estimates, strict=True)
        ]
        bodies = analyse(
            self.nlp,
            (article.text for article in articles),
            anchor_years=years,
        )
        titles = analyse(self.nlp, (article.title or "" for article in articles), is_body=False)
        return [
            self._extract(article, body, title, estimate)
            for article, body, title, estimate in zip(
                articles, bodies, titles, estimates, strict=True
            )
        ]

    def _placed(
        self,
        coded: CodedEvent,
        countries: tuple[str, ...],
        *,
        dateline: Placed | None = None,
        phrases: Sequence[Span] = (),
        named: Sequence[ResolvedMention] = (),
    ) -> Event:
        """The event with where it happened: its place phrase on the map, where the gazetteer
        holds it (a city in a country the article names wins over its namesakes); where the
        coder found no named place, one of the place ``phrases`` the parse gives its clause
        ("in the Saudi capital", "took the city"); with no phrase, the article's dateline city
        where the event is local to it (basis "dateline", the dateline's words as its phrase),
        else the one country its parties belong to (basis "actors")."""
        event = coded.event
        gazetteer = load_gazetteer(self.kb)
        if event.location is not None:
            return msgspec.structs.replace(
                event, place=gazetteer.resolve(event.location, countries=countries)
            )
        found = clause_place(
            gazetteer, phrases, anchor=event.anchor, named=named, countries=countries
        )
        if found is not None:
            return msgspec.structs.replace(
                event, location=found[0].text, location_span=found[0], place=found[1]
            )
        parties = [
            p.actor.country if p and p.actor else None for p in (coded.actor, coded.recipient)
        ]
        if dateline is not None and is_local(
            event.quad, parties, dateline_country=dateline.place.country
        ):
            return msgspec.structs.replace(
                event,
                location=dateline.span.text,
                location_span=dateline.span,
                place=dateline.place,
            )
        home = actors_country(event.quad, parties)
        place = gazetteer.country(home) if home else None
        return msgspec.structs.replace(event, place=place) if place else event

    def _dateline(self, article: Article, countries: tuple[str, ...]) -> Placed | None:
        """The article's dateline city on the map, or None where it opens with none the
        gazetteer holds."""
        found = find_dateline(article.text, title=article.title)
        if found is None:
            return None
        place = resolve_dateline(found, load_gazetteer(self.kb), self.kb, countries=countries)
        return Placed(span=found.city, place=place) if place is not None else None

    def estimate(self, article: Article) -> PublishedEstimate | None:
        """When an article with no date of its own was written: the estimate the store gave it
        (from its text and the other articles of its story), else its text's own; None for an
        article that has a date, or whose text does not tell."""
        if anchor_date(article) is not None:
            return None
        if article.published is not None and article.published_precision is not None:
            return PublishedEstimate(
                value=estimated_value(article.published, article.published_precision),
                precision=article.published_precision,
                cues=tuple(filter(None, (article.published_cues or "").split("; "))),
            )
        return estimate_article(self.kb, article.text, article.title)

    def _extract(
        self,
        article: Article,
        body: Analysis,
        title: Analysis,
        estimate: PublishedEstimate | None = None,
    ) -> Extraction:
        day = anchor_date(article)
        resolver = ArticleResolver(self.kb, on=day, registry=self.registry)
        resolved = resolver.described(article.text, resolver.resolve(body.mentions))
        titled = resolver.described(article.title or "", resolver.resolve_title(title.mentions))
        quotes = [_quote(article.id, quote, resolver, resolved) for quote in body.quotes]
        timexes = _timexes(article, day, estimate)
        speakers = [
            QuotedSpeaker(
                start=quote.start,
                end=quote.end,
                direct=quote.kind != "indirect",
                speaker=ResolvedMention(
                    start=quote.speaker.start,
                    end=quote.speaker.end,
                    text=quote.speaker.text,
                    label="PERSON" if actor.kind == "person" else "ORG",
                    actor=actor,
                ),
            )
            for quote, actor in quotes
            if actor is not None and quote.speaker is not None
        ]
        events = self.coder.code(
            article.id, body.events, resolved=resolved, timexes=timexes, day=day,
            speakers=speakers,
            published=(estimate.value, estimate.precision) if estimate else None,
        )  # fmt: skip
        countries = tuple({f.actor.country for f in resolved if f.actor and f.actor.country})
        dateline = self._dateline(article, countries)
        candidates = {(c.anchor.start, c.anchor.end): c for c in body.events}
        placed = [
            self._placed(
                coded, countries, dateline=dateline, named=resolved,
                phrases=_place_phrases(coded.event, candidates.get(
                    (coded.event.anchor.start, coded.event.anchor.end))),
            )
            for coded in events
        ]  # fmt: skip
        mentions = [_mention(article.id, found) for found in resolved]
        mentions += [_mention(article.id, found, field="title") for found in titled]
        return Extraction(
            article_id=article.id,
            published_used=day,
            published_estimate=estimate,
            mentions=tuple(mentions),
            actors=_actors(article.id, resolved, titled, quotes, events),
            timexes=tuple(timexes),
            quotes=tuple(quote for quote, _ in quotes),
            events=tuple(placed),
        )


def _place_phrases(event: Event, candidate: EventCandidate | None) -> tuple[Span, ...]:
    """The place phrases of the event's clause: those on its verb, and those on its object
    for a material act ("attacked the airport in Kabul"), not for talk ("discussed the
    situation in Kabul")."""
    if candidate is None:
        return ()
    return (*candidate.where, *(candidate.object_where if event.quad in (2, 4) else ()))


def new_extractor(registry: Registry | None = None) -> Extractor:
    """A set-up extractor: the factory each worker process calls once."""
    extractor = Extractor(registry=registry)
    extractor.setup()
    return extractor


def anchor_date(article: Article) -> date | None:
    """The publication day that relative dates ("on Monday") are resolved against.

    An estimated date (the latest date the text mentions, a crawl date) is only a bound on the
    real one; anchoring "Monday" to it would give confident wrong dates, so it is not used and
    such expressions stay underspecified (XXXX-WXX-1).
    """
    if article.published is None or article.published_basis not in _ANCHOR_BASES:
        return None
    return article.published.date()


def _mention(
    article_id: str, found: ResolvedMention, *, field: Literal["text", "title"] = "text"
) -> Mention:
    actor_id = found.actor.actor_id if found.actor else None
    return Mention(
        article_id=article_id,
        start=found.start,
        end=found.end,
        text=found.text,
        label=found.label,
        actor_id=actor_id,
        field=field,
    )


def _timexes(
    article: Article, day: date | None, estimate: PublishedEstimate | None = None
) -> list[Timex]:
    """The article's time expressions; in an article dated by estimate, a day of the month
    takes the estimated year ("Aug. 25" in an article of 2021-08 is 2021-08-25)."""
    return [
        Timex(
            article_id=article.id,
            start=span.start,
            end=span.end,
            text=span.text,
            type=span.type,
            value=with_year(span.value, estimate) if estimate else span.value,
        )
        for span in find_timexes(article.text, anchor=day)
    ]


def _quote(
    article_id: str,
    quote: QuoteSpan,
    resolver: ArticleResolver,
    resolved: Sequence[ResolvedMention],
) -> tuple[Quote, ResolvedActor | None]:
    speaker = _speaker_actor(quote, resolver, resolved)
    record = Quote(
        article_id=article_id,
        start=quote.start,
        end=quote.end,
        text=quote.text,
        kind=quote.kind,
        speaker=quote.speaker,
        speaker_actor_id=speaker.actor_id if speaker else None,
        cue=quote.cue,
    )
    return record, speaker


def _speaker_actor(
    quote: QuoteSpan, resolver: ArticleResolver, resolved: Sequence[ResolvedMention]
) -> ResolvedActor | None:
    found = _speaker_of(quote, resolver, resolved)
    if found is not None and found.kind == "person" and _is_it(quote):
        return None  # "it has been saying ...": a group or a state, never a person
    return found


def _is_it(quote: QuoteSpan) -> bool:
    return quote.speaker is not None and quote.speaker.text.strip().lower() == "it"


def _speaker_of(
    quote: QuoteSpan, resolver: ArticleResolver, resolved: Sequence[ResolvedMention]
) -> ResolvedActor | None:
    head = quote.speaker_head or quote.speaker
    if head is None:
        return None
    inside = [
        found
        for found in resolved
        if found.actor is not None and found.start < head.end and head.start < found.end
    ]
    if any(found.label == "PERSON" for found in inside):
        return next(found.actor for found in inside if found.label == "PERSON")
    # "The Taliban spokesman said": a person described, not the Taliban speaking.
    described = resolver.nominal(head.text, before=head.start)
    if described is not None:
        return described
    if inside:
        return inside[0].actor
    return resolver.person_like(head.text)


def _actors(
    article_id: str,
    resolved: Sequence[ResolvedMention],
    titled: Sequence[ResolvedMention],
    quotes: Sequence[tuple[Quote, ResolvedActor | None]],
    events: Sequence[CodedEvent] = (),
) -> tuple[Actor, ...]:
    """Each distinct actor once, with the roles this article gives evidence for: those named,
    those quoted, and those an event's party stands for ("we", said by a secretary of state)."""
    by_id: dict[str, Actor] = {}
    found_actors = [(found.actor, found.evidence) for found in resolved]
    found_actors += [(found.actor, None) for found in titled]
    found_actors += [(speaker, None) for _, speaker in quotes]
    found_actors += [
        (party.actor, None)
        for coded in events
        for party in (coded.actor, coded.recipient)
        if party is not None
    ]
    for actor, evidence in found_actors:
        if actor is None or actor.actor_id is None:
            continue
        known = by_id.get(actor.actor_id)
        role = _role(article_id, actor, evidence)
        if known is None:
            by_id[actor.actor_id] = _actor(actor, role)
        elif role is not None and role not in known.roles:
            by_id[actor.actor_id] = Actor(
                id=known.id,
                name=known.name,
                kind=known.kind,
                country=known.country,
                sector=known.sector,
                roles=(*known.roles, role),
            )
    return tuple(by_id.values())


def _actor(actor: ResolvedActor, role: Role | None) -> Actor:
    return Actor(
        id=actor.actor_id or actor.name,
        name=actor.name,
        kind=actor.kind,
        country=actor.country,
        sector=actor.sector,
        roles=(role,) if role else (),
    )


def _role(article_id: str, actor: ResolvedActor, evidence: Span | None) -> Role | None:
    """The role the article itself states (a title or appositive), dated by the article."""
    if evidence is None:
        return None
    return Role(
        title=actor.title,
        country=actor.country,
        sector=actor.sector,
        valid_from=actor.on,
        valid_to=actor.on,
        evidence_article_id=article_id,
        evidence=evidence,
    )
