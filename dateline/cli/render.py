"""Render library results for the terminal: tables, JSONL, CSV, summaries.  Only the CLI prints.

Article text is untrusted: tables go through rich with markup off, so a title such as
``[bold]`` or an escape sequence is shown as the characters it is, never interpreted.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TextIO

from rich.console import Console
from rich.table import Table

from dateline.ingest.run import IngestReport
from dateline.model import Article, Rejection
from dateline.store.query import StoreCounts, article_json

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
    console.print(
        f"Added {report.added} articles ({report.already_present} already stored), "
        f"rejected {report.rejected} inputs, in {report.seconds:.1f} s.",
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


def articles_header(articles: Sequence[Article]) -> str:
    return f"{len(articles)} articles"


def _articles_table(articles: Sequence[Article]) -> Table:
    table = Table("id", "published", "source", "lang", "title", "duplicate of")
    for article in articles:
        published = article.published.date().isoformat() if article.published else "?"
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


def _csv_cell(value: object) -> str:
    return "" if value is None else str(value)
