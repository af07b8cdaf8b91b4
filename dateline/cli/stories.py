"""``dateline cluster`` (stateless stories and duplicates) and ``dateline stories`` (stored)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from dateline.cli import render
from dateline.config import IngestConfig
from dateline.errors import DatelineError
from dateline.fuse.story_contract import cluster_lines
from dateline.ingest.published import parse_user_date
from dateline.store.duck import DEFAULT_PATH, Store
from dateline.store.stories import StoryFilter, StoryView, list_stories

_err = Console(stderr=True, markup=False, highlight=False)


def cluster_command(
    *,
    input_path: Annotated[
        Path | None, typer.Option("--input", "-i", help="Article JSONL (default: stdin).")
    ] = None,
    output_path: Annotated[
        Path | None, typer.Option("--output", "-o", help="Cluster JSONL (default: stdout).")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date (YYYY-MM-DD) for inputs that lack one."),
    ] = None,
) -> None:
    """Stateless: article JSONL in, one {"id", "story", "duplicate_of"} line out per line in."""
    config = _config(published)
    source = input_path.open("rb") if input_path else sys.stdin.buffer
    sink = output_path.open("wb") if output_path else sys.stdout.buffer
    try:
        for line in cluster_lines(source, config=config):
            sink.write(line + b"\n")
        sink.flush()
    finally:
        if input_path:
            source.close()
        if output_path:
            sink.close()


def stories_command(
    *,
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store file.")] = DEFAULT_PATH,
    fmt: Annotated[
        render.OutputFormat, typer.Option("--format", "-f", help="table, jsonl or csv.")
    ] = "table",
    actor: Annotated[str | None, typer.Option("--actor", help="An actor id or name.")] = None,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Story still running on or after.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Story begun on or before.")
    ] = None,
    q: Annotated[str | None, typer.Option("--q", help="Label or a title contains.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 100,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
) -> None:
    """Stories in the store (articles about one real-world story), latest first."""
    where = StoryFilter(
        actor=actor,
        since=since.date() if since else None,
        until=until.date() if until else None,
        q=q,
        limit=limit,
        offset=offset,
    )
    if not db.exists():
        _err.print(f"No store at {db}: ingest something first (dateline ingest PATH --db {db}).")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as store:
            found = list_stories(store, where=where)
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err
    stories_out(found, fmt=fmt)


def stories_out(
    stories: list[StoryView], *, fmt: render.OutputFormat, out: TextIO | None = None
) -> None:
    rows = [
        {
            "id": story.id,
            "first_date": story.first_date,
            "last_date": story.last_date,
            "articles": story.num_articles,
            "label": story.label,
            "article_ids": list(story.article_ids),
        }
        for story in stories
    ]
    render.rows_out(rows, fmt=fmt, out=out, title="Stories", skip=("article_ids",))


def _config(published: str | None) -> IngestConfig:
    try:
        return IngestConfig(published=parse_user_date(published) if published else None)
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err
