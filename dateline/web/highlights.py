"""Which spans a page highlights: the parts of an event's sentence, everything in an article."""

from __future__ import annotations

from dateline.api.views import ArticlePage
from dateline.model import Span
from dateline.store.fused import FusedMentionView
from dateline.store.rows import date_text
from dateline.web.render import Mark, path_part


def mention_marks(mention: FusedMentionView, date_span: Span | None) -> list[Mark]:
    """Actor, recipient, trigger and date of one report, for highlighting in its sentence."""
    event = mention.event
    named = (
        ("actor", event.actor_span, "actor"),
        ("recipient", event.recipient_span, "recipient"),
        ("trigger", event.anchor, f"trigger ({event.type})"),
        ("date", date_span, f"date {mention.date_text}"),
    )
    return [
        Mark(start=span.start, end=span.end, kind=kind, title=title)
        for kind, span, title in named
        if span is not None
    ]


def article_marks(page: ArticlePage) -> list[Mark]:
    """Mentions, time expressions, quotes and event triggers of one article's text."""
    marks = [
        Mark(
            start=mention.start,
            end=mention.end,
            kind="mention",
            title=mention.label,
            href=f"/actors/{path_part(mention.actor_id)}" if mention.actor_id else None,
        )
        for mention in page.mentions
    ]
    marks += [
        Mark(
            start=timex.start,
            end=timex.end,
            kind="timex",
            title=f"{timex.type} {date_text(timex.value) if timex.value else ''}".rstrip(),
        )
        for timex in page.timexes
    ]
    marks += [
        Mark(
            start=found.quote.start,
            end=found.quote.end,
            kind="quote",
            title=f"quote ({found.quote.kind}) by {found.speaker_name or 'unknown'}",
        )
        for found in page.quotes
    ]
    marks += [
        Mark(
            start=event.anchor.start,
            end=event.anchor.end,
            kind=f"trigger q{event.quad}",
            title=f"{event.type} ({event.modality})",
            href=f"/events/{path_part(event.fused_id)}" if event.fused_id else None,
            anchor=f"ev-{event.seq}",
        )
        for event in page.events
    ]
    return marks
