"""The fused-event commands: ``dateline timeline`` and ``dateline fuse``.

Imported by ``dateline.cli.main`` after its app exists, to register these commands on it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from dateline.cli import render
from dateline.cli.main import (
    CountryOption,
    DbOption,
    FormatOption,
    ModalityOption,
    NearOption,
    QuietOption,
    SinceOption,
    TypeOption,
    UntilOption,
    WithinOption,
    _store,
    app,
    near,
)
from dateline.store.countries import country_counts
from dateline.store.duck import DEFAULT_PATH
from dateline.store.fused import FusedFilter, list_fused
from dateline.store.fusion import fuse_store
from dateline.store.places import DEFAULT_WITHIN_KM
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE


@app.command("timeline")
def timeline_command(
    db: DbOption = DEFAULT_PATH,
    fmt: FormatOption = "table",
    story: Annotated[str | None, typer.Option("--story", help="Only this story.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Either party, name or id.")] = None,
    event_type: TypeOption = None,
    modality: ModalityOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    near_name: NearOption = None,
    within: WithinOption = DEFAULT_WITHIN_KM,
    q: Annotated[str | None, typer.Option("--q", help="Words in a report's sentence.")] = None,
    statements: Annotated[bool, typer.Option("--statements", help="Include STATEMENT.")] = False,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Only events this sure or surer; 0 shows them all."),
    ] = DEFAULT_MIN_CONFIDENCE,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 200,
) -> None:
    """Dated real-world events (each fused from all its reports) with their sources."""
    where = FusedFilter(
        story=story,
        actor=actor,
        type=event_type,
        modality=modality,
        since=since,
        until=until,
        country=country,
        near=near(near_name, within=within),
        q=q,
        include_statements=statements,
        min_confidence=min_confidence,
        limit=limit,
    )
    with _store(db, read_only=True) as store:
        found = list_fused(store, where=where)
    render.timeline_out(found, fmt=fmt)


@app.command("countries")
def countries_command(
    db: DbOption = DEFAULT_PATH,
    fmt: FormatOption = "table",
    story: Annotated[str | None, typer.Option("--story", help="Only this story.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Either party, name or id.")] = None,
    event_type: TypeOption = None,
    modality: ModalityOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    near_name: NearOption = None,
    within: WithinOption = DEFAULT_WITHIN_KM,
    statements: Annotated[bool, typer.Option("--statements", help="Include STATEMENT.")] = False,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Only events this sure or surer; 0 counts them all."),
    ] = DEFAULT_MIN_CONFIDENCE,
) -> None:
    """Real-world events per country (of their place) and month, with the timeline's filters."""
    where = FusedFilter(
        story=story,
        actor=actor,
        type=event_type,
        modality=modality,
        since=since,
        until=until,
        country=country,
        near=near(near_name, within=within),
        include_statements=statements,
        min_confidence=min_confidence,
    )
    with _store(db, read_only=True) as store:
        found = country_counts(store, where=where)
    render.countries_out(found, fmt=fmt)


@app.command("fuse")
def fuse_command(db: DbOption = DEFAULT_PATH, quiet: QuietOption = False) -> None:
    """Rebuild the fused events from the stored per-article events (no NLP is re-run)."""
    with _store(db, read_only=False) as store:
        outcome = fuse_store(store, rebuild=True)
    if not quiet:
        render.fusion_summary(outcome)
