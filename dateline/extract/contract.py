"""``dateline extract``: article JSONL in, extraction JSONL out (DESIGN §5), with no store.

Exactly one output line per input line, in order.  A line that cannot be processed yields an
``error`` object and empty lists; the run never stops early.  Spans are mapped back through the
cleaner's segments so that ``text[start:end] == span.text`` holds for the input as given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from dateline.config import IngestConfig
from dateline.errors import Reason
from dateline.extract.offsets import OffsetMap
from dateline.ingest.build import build_article
from dateline.ingest.jsonl import parse_line
from dateline.model import Actor, Article, Event, Location, Rejection, Span
from dateline.parallel import batched, ordered_map

if TYPE_CHECKING:
    from dateline.extract.article import Extraction
    from dateline.extract.dating import PublishedEstimate

_EMPTY: dict[str, list[Any]] = {"mentions": [], "timexes": [], "quotes": [], "events": []}
_BATCH = 16
_encoder = msgspec.json.Encoder()


def extract_lines(
    lines: Iterable[bytes], *, config: IngestConfig | None = None, workers: int = 1
) -> Iterator[bytes]:
    """One JSON line out (no newline) for every line in, in order."""
    config = config or IngestConfig()
    prepared = (_prepare(line, number=n, config=config) for n, line in enumerate(lines))
    for outputs in ordered_map(
        batched(prepared, size=_BATCH), factory=ContractWorker, workers=workers
    ):
        yield from (_encoder.encode(output) for output in outputs)


class ContractWorker:
    """Extracts the articles of a batch and renders every item as its output object."""

    def __init__(self) -> None:
        # imported here: the process that reads and cleans the input (the parent, with worker
        # processes) never loads spaCy, the encoder or the dictionaries
        from dateline.extract.article import new_extractor

        self.extractor = new_extractor()

    def __call__(self, batch: Sequence[Article | dict[str, Any]]) -> list[dict[str, Any]]:
        articles = [item for item in batch if isinstance(item, Article)]
        extractions = iter(self.extractor.extract_batch(articles))
        return [
            _extracted(item, next(extractions)) if isinstance(item, Article) else item
            for item in batch
        ]


def _extracted(article: Article, extraction: Extraction) -> dict[str, Any]:
    """The output line of one article: what was found, or why nothing could be."""
    if extraction.failure is not None:
        return _error(article.id, None, code=Reason.PROCESSING_FAILED, message=extraction.failure)
    return _output(article, extraction)


def _prepare(line: bytes, *, number: int, config: IngestConfig) -> Article | dict[str, Any]:
    raw = parse_line(line, origin=f"<input>:{number + 1}")
    if isinstance(raw, Rejection):
        return _error(_id_of(line), raw)
    if raw.id is None:
        return _error(None, None, code="missing_field", message="no 'id' field")
    exact = msgspec.structs.replace(raw, keep_text=True)
    built = build_article(exact, config=config, now=datetime.now(UTC))
    if isinstance(built, Rejection):
        return _error(raw.id, built)
    return built


def _id_of(line: bytes) -> str | None:
    """The id of a line that is JSON but not a valid article, so its error can name it."""
    try:
        obj = msgspec.json.decode(line)
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None
    identifier = obj.get("id") if isinstance(obj, dict) else None
    return str(identifier) if isinstance(identifier, str | int) else None


def _published(
    anchor: date | None, article: Article, estimate: PublishedEstimate | None
) -> dict[str, Any]:
    """The date relative expressions were read against: the article's own day; else the month
    or year its text allows ("2021-08", basis "estimated"); else none."""
    if anchor is not None:
        return {"published_used": anchor.isoformat(), "published_basis": article.published_basis,
                "published_precision": "day"}  # fmt: skip
    if estimate is not None:
        return {"published_used": estimate.value, "published_basis": "estimated",
                "published_precision": estimate.precision}  # fmt: skip
    return {"published_used": None, "published_basis": "unknown", "published_precision": None}


def _output(article: Article, extraction: Extraction) -> dict[str, Any]:
    from dateline.extract.article import anchor_date

    mapping = OffsetMap(article.segments, article.raw_text)
    actors = {actor.id: actor for actor in extraction.actors}
    anchor = anchor_date(article)
    estimate = extraction.published_estimate
    return {
        "id": article.id,
        **_published(anchor, article, estimate),
        "error": None,
        "mentions": _mentions(extraction, mapping, actors),
        "timexes": _timexes(extraction, mapping),
        "quotes": _quotes(extraction, mapping, actors),
        "events": _events(extraction, mapping, actors),
    }


def _mentions(
    extraction: Extraction, mapping: OffsetMap, actors: dict[str, Actor]
) -> list[dict[str, Any]]:
    found = []
    for mention in extraction.mentions:
        titled = mention.field == "title"
        span = mention if titled else mapping.nearest(mention.start, mention.end)
        if span is None:
            continue
        actor = actors.get(mention.actor_id) if mention.actor_id else None
        field = {"field": "title"} if titled else {}
        found.append({**_span(span), **field, "label": mention.label, "actor": _actor(actor)})
    return found


def _timexes(extraction: Extraction, mapping: OffsetMap) -> list[dict[str, Any]]:
    found = []
    for timex in extraction.timexes:
        span = mapping.nearest(timex.start, timex.end)
        if span is not None:
            found.append({**_span(span), "type": timex.type, "value": timex.value})
    return found


def _quotes(
    extraction: Extraction, mapping: OffsetMap, actors: dict[str, Actor]
) -> list[dict[str, Any]]:
    found = []
    for quote in extraction.quotes:
        span = mapping.nearest(quote.start, quote.end)
        if span is None:
            continue
        speaker_actor = actors.get(quote.speaker_actor_id) if quote.speaker_actor_id else None
        speaker = _mapped(quote.speaker, mapping)
        found.append(
            {
                **_span(span),
                "kind": quote.kind,
                "speaker": {**speaker, **(_actor(speaker_actor) or _NO_ACTOR)} if speaker else None,
                "cue": _mapped(quote.cue, mapping),
            }
        )
    return found


def _events(
    extraction: Extraction, mapping: OffsetMap, actors: dict[str, Actor]
) -> list[dict[str, Any]]:
    found = []
    for event in extraction.events:
        anchor = _mapped(event.anchor, mapping)
        sentence = _mapped(event.sentence, mapping)
        if anchor is None or sentence is None:
            continue
        found.append(
            {
                "type": event.type,
                "mode": event.mode,
                "context": list(event.context),
                "cameo": event.cameo,
                "quad": event.quad,
                "intensity": event.intensity,
                "modality": event.modality,
                "confidence": event.confidence,
                "main": event.main,
                "anchor": anchor,
                "sentence": {"start": sentence["start"], "end": sentence["end"]},
                "actor": _party(event.actor_span, event.actor_id, mapping, actors),
                "recipient": _party(event.recipient_span, event.recipient_id, mapping, actors),
                "date": event.date,
                "date_precision": event.date_precision,
                "date_basis": event.date_basis,
                "location": _location(event, mapping),
                "decided_by": event.decided_by,
            }
        )
    return found


def _location(event: Event, mapping: OffsetMap) -> dict[str, Any] | None:
    """The place phrase with where it is (DESIGN §2 Location): null coordinates and basis
    "unresolved" where the gazetteer does not hold it; the article's dateline city (its span,
    basis "dateline") for a local event whose clause names no place; else the country of the
    event's parties (null span, basis "actors")."""
    mapped = _mapped(event.location_span, mapping)
    if mapped is None:
        if event.place is None or event.place.basis != "actors":
            return None
        mapped = {"start": None, "end": None, "text": None}
    return {**mapped, **msgspec.structs.asdict(event.place or Location())}


def _party(
    span: Span | None, actor_id: str | None, mapping: OffsetMap, actors: dict[str, Actor]
) -> dict[str, Any] | None:
    mapped = _mapped(span, mapping)
    if mapped is None:
        return None
    actor = actors.get(actor_id) if actor_id else None
    return {**mapped, **(_actor(actor) or _NO_ACTOR)}


_NO_ACTOR = {"name": None, "country": None, "sector": None}


def _mapped(span: Span | None, mapping: OffsetMap) -> dict[str, Any] | None:
    if span is None:
        return None
    raw = mapping.nearest(span.start, span.end)
    return _span(raw) if raw is not None else None


def _span(span: Any) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "country": actor.country, "sector": actor.sector}


def _error(
    identifier: str | None,
    rejection: Rejection | None,
    *,
    code: str = "",
    message: str = "",
) -> dict[str, Any]:
    error = (
        {"code": rejection.reason, "message": rejection.detail}
        if rejection is not None
        else {"code": code, "message": message}
    )
    return {
        "id": identifier,
        "published_used": None,
        "published_basis": "unknown",
        "published_precision": None,
        "error": error,
        **_EMPTY,
    }
