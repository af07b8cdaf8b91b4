"""Render library results for the terminal: tables, JSONL, CSV, summaries.  Only the CLI prints.

Article text is untrusted: tables go through rich with markup off, so a title such as
``[bold]`` or an escape sequence is shown as the characters it is, never interpreted.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, TextIO

import msgspec
from rich.console import Console
from rich.table import Table

from dateline.export.cells import spreadsheet_cell
from dateline.extract.run import ExtractReport
from dateline.ingest.run import IngestReport
from dateline.model import Article, Rejection
from dateline.store.countries import CountryCounts
from dateline.store.events import StoredEvent
from dateline.store.extracted import ActorSummary, StoredQuote
from dateline.store.fused import FusedView
from dateline.store.fusion import FusionOutcome
from dateline.store.query import StoreCounts, article_json
from dateline.store.rows import date_text, known_date, month_and_day, published_text
from dateline.store.stories import StoryOutcome

OutputFormat = Literal["table", "jsonl", "csv"]
ProgressCallback = Callable[[int], None]
_CSV_FIELDS = (
    "id",
    "published",
    "published_basis",
    "source",
    "language",
    "title",
    "url",
    "duplicate_of",
    "duplicate_kind",
    "origin",
    "text",
)
_CONTROL = {code: "?" for code in range(32) if code not in (9, 10)} | {127: "?"}


def safe(text: str | None) -> str:
    """``text`` with terminal control characters neutralised (article text is untrusted)."""
    return (text or "").translate(_CONTROL)


def articles_out(
    articles: Sequence[Article], *, fmt: OutputFormat, out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    if fmt == "jsonl":
        for article in articles:
            out.write(article_json(article).decode() + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(_CSV_FIELDS)
        for article in articles:
            writer.writerow([_csv_cell(getattr(article, name)) for name in _CSV_FIELDS])
    else:
        _console(out).print(_articles_table(articles))


def article_detail(article: Article, *, out: TextIO | None = None) -> None:
    console = _console(out)
    console.print(safe(article.title) or "(no title)", style="bold", markup=False)
    for name in (
        "id",
        "url",
        "source",
        "published",
        "published_basis",
        "language",
        "origin",
        "format",
        "content_hash",
        "duplicate_of",
        "duplicate_kind",
    ):
        console.print(f"{name}: {safe(str(getattr(article, name)))}", markup=False)
    console.print("", markup=False)
    console.print(safe(article.text), markup=False)


def ingest_summary(report: IngestReport, counts: StoreCounts, *, out: TextIO | None = None) -> None:
    console = _console(out, stderr=True)
    skipped = (
        f" {report.skipped_files} input files already ingested were not read again."
        if report.skipped_files
        else ""
    )
    console.print(
        f"Added {report.added} articles ({report.already_present} already stored), "
        f"rejected {report.rejected} inputs, in {report.seconds:.1f} s.{skipped}",
        markup=False,
    )
    console.print(
        f"Store: {counts.articles} articles ({counts.exact_duplicates} exact and "
        f"{counts.near_duplicates} near duplicates), {counts.rejections} rejections.",
        markup=False,
    )
    console.print("Languages: " + _pairs(counts.by_language), markup=False)
    console.print("Publication dates by basis: " + _pairs(counts.by_basis), markup=False)
    if report.rejections:
        rejections_table(report.rejections, out=out)


def rejections_table(rejections: Iterable[Rejection], *, out: TextIO | None = None) -> None:
    table = Table("reason", "origin", "detail", title="Rejected inputs", title_justify="left")
    for rejection in rejections:
        table.add_row(rejection.reason, safe(rejection.origin), safe(rejection.detail))
    _console(out, stderr=True).print(table)


def _articles_table(articles: Sequence[Article]) -> Table:
    table = Table("id", "published", "source", "lang", "title", "duplicate of")
    for article in articles:
        published = published_text(article.published, article.published_precision) or "?"
        table.add_row(
            article.id,
            f"{published} ({article.published_basis})",
            safe(article.source),
            article.language or "?",
            safe(article.title),
            article.duplicate_of or "",
        )
    return table


def _console(out: TextIO | None, *, stderr: bool = False) -> Console:
    # Resolved at call time, not import time, so redirected streams (tests, pipes) are honoured.
    out = out or (sys.stderr if stderr else sys.stdout)
    return Console(file=out, markup=False, emoji=False, highlight=False, soft_wrap=False)


def _pairs(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{key} {number}" for key, number in pairs) or "none"


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _csv_cell(value: object) -> str:
    return "" if value is None else str(spreadsheet_cell(str(value)))


def extract_summary(report: ExtractReport, *, out: TextIO | None = None) -> None:
    _console(out, stderr=True).print(
        f"Extracted {report.articles} articles: {report.mentions} actor mentions, "
        f"{report.quotes} quotes, {report.timexes} time expressions, in {report.seconds:.1f} s."
    )


def actors_out(
    actors: Sequence[ActorSummary], *, fmt: OutputFormat, out: TextIO | None = None
) -> None:
    rows = [
        {
            "id": found.actor.id,
            "name": found.actor.name,
            "kind": found.actor.kind,
            "country": found.actor.country,
            "sector": found.actor.sector,
            "mentions": found.mentions,
            "articles": found.articles,
            "roles": msgspec.to_builtins(found.actor.roles),
        }
        for found in actors
    ]
    rows_out(rows, fmt=fmt, out=out, title="Actors", skip=("roles",))


def quotes_out(
    quotes: Sequence[StoredQuote], *, fmt: OutputFormat, out: TextIO | None = None
) -> None:
    rows = [
        {
            "article_id": found.quote.article_id,
            "published": found.published.date().isoformat() if found.published else None,
            "speaker": found.quote.speaker.text if found.quote.speaker else None,
            "actor": found.speaker_name,
            "kind": found.quote.kind,
            "cue": found.quote.cue.text if found.quote.cue else None,
            "text": found.quote.text,
            "start": found.quote.start,
            "end": found.quote.end,
        }
        for found in quotes
    ]
    rows_out(rows, fmt=fmt, out=out, title="Quotes", skip=("start", "end"))


def events_out(
    events: Sequence[StoredEvent], *, fmt: OutputFormat, out: TextIO | None = None
) -> None:
    # a day of unknown year: its month and day in JSONL, "08-23 (year unknown)" in the table
    shown = date_text if fmt == "table" else known_date
    rows = [
        {
            "date": shown(found.event.date),
            "type": found.event.type,
            "cameo": found.event.cameo,
            "modality": found.event.modality,
            "actor": found.actor_name
            or (found.event.actor_span.text if found.event.actor_span else None),
            "trigger": found.event.anchor.text,
            "recipient": found.recipient_name
            or (found.event.recipient_span.text if found.event.recipient_span else None),
            "location": found.event.location,
            "source": found.source,
            "article_id": found.event.article_id,
            "sentence": found.event.sentence.text,
            "event": msgspec.to_builtins(found.event) | _report_date(found.event.date),
        }
        for found in events
    ]
    rows_out(rows, fmt=fmt, out=out, title="Events", skip=("article_id", "sentence", "event"))


def _report_date(value: str | None) -> dict[str, object]:
    """An event's date as the API and exports give it: ISO or null, month, day and text."""
    month, day = month_and_day(value)
    return {
        "date": known_date(value),
        "date_month": month,
        "date_day": day,
        "date_text": date_text(value),
    }


def rows_out(
    rows: Sequence[Mapping[str, object]],
    *,
    fmt: OutputFormat,
    out: TextIO | None,
    title: str,
    skip: tuple[str, ...] = (),
) -> None:
    """Rows of plain values as JSONL (everything), CSV or a table (without ``skip``)."""
    stream = out or sys.stdout
    if fmt == "jsonl":
        for row in rows:
            stream.write(msgspec.json.encode(row).decode() + "\n")
        return
    columns = [name for name in (rows[0] if rows else {}) if name not in skip]
    if fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows([[_csv_cell(row[name]) for name in columns] for row in rows])
        return
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*(safe(_plain(row[name])) for name in columns))
    _console(out).print(table)


def countries_out(counts: CountryCounts, *, fmt: OutputFormat, out: TextIO | None = None) -> None:
    """Events per country and month: JSONL one country a line, CSV and the table one column
    per month (and "no month" for events whose date names none)."""
    if fmt == "jsonl":
        stream = out or sys.stdout
        for country in counts.countries:
            stream.write(to_json(country) + "\n")
        return
    rows = []
    for country in counts.countries:
        row: dict[str, object] = {"country": country.country, "name": country.name}
        row["events"] = country.events
        row |= {month: country.in_month(month) for month in counts.months}
        if counts.has_no_month():
            row["no month"] = country.in_month(None)
        rows.append(row)
    rows_out(rows, fmt=fmt, out=out, title="Events by country and month")
    if fmt == "table":
        _console(out, stderr=True).print(
            f"{sum(c.events for c in counts.countries)} events placed in "
            f"{len(counts.countries)} countries; {counts.unplaced} events have no place."
        )


def story_summary(outcome: StoryOutcome, *, out: TextIO | None = None) -> None:
    _console(out, stderr=True).print(
        f"Grouped {outcome.articles} articles into {outcome.stories} stories, "
        f"in {outcome.seconds:.1f} s."
    )


def fusion_summary(outcome: FusionOutcome, *, out: TextIO | None = None) -> None:
    _console(out, stderr=True).print(
        f"Fused {outcome.reports} event reports into {outcome.fused} events "
        f"({outcome.multi_source} reported by two or more outlets), in {outcome.seconds:.1f} s."
    )


def to_json(record: object) -> str:
    return msgspec.json.encode(record).decode()


def timeline_out(
    events: Sequence[FusedView],
    *,
    fmt: OutputFormat,
    out: TextIO | None = None,
    evidence: bool = False,
) -> None:
    if fmt == "jsonl":
        stream = out or sys.stdout
        for event in events:
            stream.write(to_json(event) + "\n")
        return
    if fmt == "csv":
        rows_out([_timeline_row(event) for event in events], fmt="csv", out=out, title="")
        return
    console = _console(out)
    # the evidence sentence where the terminal has room for it; narrow, it would wrap each row
    # into a dozen lines (``dateline timeline --format jsonl`` always has it)
    evidence = evidence and console.width >= _EVIDENCE_WIDTH
    table = Table(title="Timeline", title_justify="left")
    # an id is never cut: it is what ``dateline timeline``, the API and the pages take back
    table.add_column("id", no_wrap=True, min_width=max((len(e.id) for e in events), default=2))
    table.add_column("date", no_wrap=True)
    table.add_column("event")
    table.add_column("who → whom")
    table.add_column("sources")
    if evidence:
        table.add_column("evidence", ratio=2)
    for event in events:
        what = event.type if event.modality == "asserted" else f"{event.type} ({event.modality})"
        parties = f"{_name(event.actor) or '?'} → {_name(event.recipient) or '?'}"
        sources = f"{event.num_sources}: " + ", ".join(event.sources)
        said = (_clip(event.evidence),) if evidence else ()
        table.add_row(event.id, _when(event), what, safe(parties), safe(sources), *map(safe, said))
    console.print(table)


_EVIDENCE_WIDTH = 140  # terminal columns


def more_events(shown: int, total: int, *, db: object, out: TextIO | None = None) -> None:
    """Where the rest of a shortened timeline is."""
    if total > shown:
        _console(out).print(
            f"The {shown} latest of {total} events; all of them: dateline timeline --db {db}",
            markup=False,
        )


def _clip(text: str | None, width: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _timeline_row(event: FusedView) -> dict[str, object]:
    return {
        "id": event.id,
        "date": event.date,
        "date_month": event.date_month,
        "date_day": event.date_day,
        "date_text": event.date_text,
        "date_precision": event.date_precision,
        "date_basis": event.date_basis,
        "type": event.type,
        "cameo": event.cameo,
        "quad": event.quad,
        "modality": event.modality,
        "actor": _name(event.actor),
        "recipient": _name(event.recipient),
        "location": event.location,
        "num_mentions": event.num_mentions,
        "num_articles": event.num_articles,
        "num_sources": event.num_sources,
        "sources": "; ".join(event.sources),
        "story_id": event.story_id,
        "evidence": event.evidence,
    }


def _when(event: FusedView) -> str:
    if not event.date:  # undated, or a day of unknown year
        return event.date_text
    if event.date_basis == "publication" and event.date_precision in ("month", "year"):
        # an undated article's estimated month or year: the only publication date not a day
        return f"{event.date} (estimated)"
    marks = {"explicit": "", "publication": " (published)", "unknown": " ?"}
    precision = "" if event.date_precision in (None, "day") else f" ({event.date_precision})"
    return f"{event.date}{precision}{marks.get(event.date_basis, '')}"


def _name(party: object) -> str | None:
    return getattr(party, "name", None) or getattr(party, "id", None)
