"""``dateline serve`` and ``dateline report``: the web interface and the offline report.

Thin shells: ``serve`` hands the app from ``dateline.api`` to uvicorn, ``report`` writes what
``dateline.web.report`` builds. Imported by ``dateline.cli.main`` to register them on its app;
the web stack itself is imported only when one of them runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.main import (
    CountryOption,
    DbOption,
    NearOption,
    SinceOption,
    TypeOption,
    UntilOption,
    WithinOption,
    WorkersOption,
    _err,
    _store,
    app,
    near,
)
from dateline.cli.watch import (
    AllowPrivateOption,
    DelayOption,
    EveryOption,
    MaxMbOption,
    watch_settings,
)
from dateline.errors import DatelineError
from dateline.store.duck import DEFAULT_PATH
from dateline.store.places import DEFAULT_WITHIN_KM
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE
from dateline.watch import WatchConfig


@app.command("serve")
def serve_command(
    *,
    db: DbOption = DEFAULT_PATH,
    host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless sure.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    writable: Annotated[
        bool,
        typer.Option("--writable", help="Open the store for writing (upgrades an older schema)."),
    ] = False,
    query_seconds: Annotated[
        float, typer.Option(min=0.1, help="Stop any request's queries after this long.")
    ] = 10.0,
    watch: Annotated[
        list[str] | None,
        typer.Option(
            "--watch",
            metavar="SOURCE",
            help="Follow this feed or page (or the URLs a file lists) in this process, as "
            "dateline watch does, and show what it stores; repeat for more.",
        ),
    ] = None,
    every: EveryOption = "15m",
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    max_mb: MaxMbOption = 10.0,
    workers: WorkersOption = 1,
) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json) and the web pages over the store; with
    --watch, also follow feeds into it (the server is then the store's one writer)."""
    import uvicorn

    from dateline.api.app import Limits, StoreBusy, create_app
    from dateline.api.load import Capacity, protocol_for
    from dateline.cli.main import EXIT_ENVIRONMENT  # defined after this module is imported

    sources: list[str] = []
    config: WatchConfig | None = None
    if watch:
        sources, config = watch_settings(
            watch, every=every, allow_private=allow_private, delay=delay, max_mb=max_mb,
            workers=workers,
        )  # fmt: skip
    else:
        _require(db)
    capacity = Capacity()
    try:
        app = create_app(
            db,
            writable=writable,
            limits=Limits(query_seconds=query_seconds),
            allowed_hosts=served_names(host),
            capacity=capacity,
            watch=sources,
            watch_config=config,
        )
    except StoreBusy as err:  # only a writer (--watch, --writable) needs the store free
        _err.print(str(err))
        raise typer.Exit(EXIT_ENVIRONMENT) from err
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err
    mode = "writable" if writable else "read-only"
    if sources:
        mode = f"watching {len(sources)} sources"
    _err.print(f"Serving {db} on http://{host}:{port} ({mode})")
    if app.state.access.store is None:
        _err.print(
            f"The store {db} is being written by another process: requests are answered 503 "
            "(store_busy, with Retry-After) until it is done."
        )
    # Not uvicorn's limit_concurrency: it refuses every request while too many sockets are open.
    # The app queues requests and refuses only the excess; the protocol drops a client that has
    # not sent a whole request within capacity.header_seconds, and connections beyond the cap.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=protocol_for(capacity),
        timeout_keep_alive=5,
    )


def served_names(host: str) -> list[str] | None:
    """The Host header values a server bound to ``host`` answers: its loopback names for a
    loopback address, the address itself otherwise; any for a wildcard bind (0.0.0.0, ::),
    where the names it is reached by are not known."""
    if host in ("0.0.0.0", "::", ""):
        return None
    if host in ("127.0.0.1", "localhost", "::1"):
        return ["127.0.0.1", "localhost", "[::1]"]
    return [f"[{host}]" if ":" in host else host]  # an IPv6 address is bracketed in Host


@app.command("report")
def report_command(
    *,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    db: DbOption = DEFAULT_PATH,
    title: Annotated[str, typer.Option(help="The report's title.")] = "dateline report",
    actor: Annotated[str | None, typer.Option("--actor", help="Either party, name or id.")] = None,
    event_type: TypeOption = None,
    story: Annotated[str | None, typer.Option("--story", help="Only this story.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    near_name: NearOption = None,
    within: WithinOption = DEFAULT_WITHIN_KM,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Only events this sure or surer; 0 shows them all."),
    ] = DEFAULT_MIN_CONFIDENCE,
) -> None:
    """Write one self-contained HTML file (timeline, map, network, events) that opens offline."""
    from dateline.store.fused import MAX_LIMIT, FusedFilter
    from dateline.web.report import build_report

    where = FusedFilter(
        actor=actor,
        type=event_type,
        story=story,
        since=since,
        until=until,
        country=country,
        near=near(near_name, within=within),
        limit=MAX_LIMIT,
        min_confidence=min_confidence,
    )
    with _store(db, read_only=True) as store:
        html = build_report(store, where=where, title=title)
    output.write_text(html, encoding="utf-8")
    sys.stderr.write(f"Wrote {output} ({len(html.encode()) // 1024} KiB)\n")


def _require(db: Path) -> None:
    if not db.exists():
        _err.print(f"No store at {db}: ingest something first (dateline run PATH --db {db}).")
        raise typer.Exit(2)
