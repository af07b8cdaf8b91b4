"""``dateline watch``: a thin shell over ``dateline.watch.Watcher``; registered on the app by
``dateline.cli.main`` when imported."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dateline.cli.main import DbOption, QuietOption, WorkersOption, _err, _store, app
from dateline.errors import DatelineError
from dateline.store.duck import DEFAULT_PATH
from dateline.watch import (
    FetchConfig,
    PollReport,
    SourcePoll,
    WatchConfig,
    Watcher,
    last_polls,
    parse_every,
    read_sources,
)
from dateline.watch.fetch import MEGABYTE

# A cron job's poll gives up before the next one is due to start (every 15 minutes, say)
ONCE_BUSY_WAIT = 300.0

EveryOption = Annotated[
    str, typer.Option("--every", metavar="PERIOD", help="Poll every 15m, 1h, 90s ...")
]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Fetch private and loopback addresses too.")
]
DelayOption = Annotated[
    float, typer.Option(min=0.0, metavar="SECONDS", help="Between requests to one host.")
]
MaxMbOption = Annotated[
    float, typer.Option("--max-mb", min=0.01, help="Largest response read, in MB.")
]
BusyWaitOption = Annotated[
    float | None,
    typer.Option(
        "--busy-wait",
        min=0.0,
        metavar="SECONDS",
        help="How long a poll waits for a store another process is using before giving up "
        f"(E011, exit 3); {ONCE_BUSY_WAIT:.0f} with --once, no bound otherwise.",
    ),
]


@app.command("watch")
def watch_command(  # noqa: PLR0917 (typer passes options as they are declared)
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE", help="RSS/Atom feed or page URLs, or files listing one per line."
        ),
    ] = None,
    db: DbOption = DEFAULT_PATH,
    every: EveryOption = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron).")] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Show each source's last poll and exit.")
    ] = False,
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    max_mb: MaxMbOption = 10.0,
    busy_wait: BusyWaitOption = None,
    workers: WorkersOption = 1,
    quiet: QuietOption = False,
) -> None:
    """Follow feeds and pages over HTTP(S): fetch what is new, politely, run it into the store."""
    if status:
        with _store(db, read_only=True) as store:
            _polls_out(last_polls(store))
        return
    urls, config = watch_settings(
        sources or [], every=every, allow_private=allow_private, delay=delay, max_mb=max_mb,
        workers=workers, busy_limit=ONCE_BUSY_WAIT if busy_wait is None and once else busy_wait,
    )  # fmt: skip
    # the store is opened for each poll only, so a dateline serve can read it between polls
    watcher = Watcher(db, urls, config=config)
    try:
        failed = _watch(watcher, once=once, quiet=quiet)
    except DatelineError as err:
        if not str(err).startswith("E011"):
            raise
        from dateline.cli.main import EXIT_ENVIRONMENT  # defined after this module is imported

        _err.print(str(err))  # the store stayed in use by another process: not a bug
        raise typer.Exit(EXIT_ENVIRONMENT) from err
    finally:
        watcher.close()
    raise typer.Exit(1 if failed else 0)


def watch_settings(
    sources: Sequence[str],
    *,
    every: str,
    allow_private: bool,
    delay: float,
    max_mb: float,
    workers: int,
    busy_limit: float | None = None,
) -> tuple[list[str], WatchConfig]:
    """The URLs named and the watcher's settings from the options; exits 2 on a usage error."""
    try:
        urls = read_sources(sources)
        config = WatchConfig(
            every=parse_every(every),
            workers=workers,
            busy_limit=busy_limit,
            fetch=FetchConfig(
                allow_private=allow_private, delay=delay, max_bytes=int(max_mb * MEGABYTE)
            ),
        )
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err
    return urls, config


def _watch(watcher: Watcher, *, once: bool, quiet: bool) -> int:
    """Poll once (the failures of the poll), or for ever."""
    show = (lambda _: None) if quiet else _report_out
    if once:
        report = watcher.poll()
        show(report)
        return report.failed
    watcher.run(on_poll=show)
    return 0


def _report_out(report: PollReport) -> None:
    out = Console(file=sys.stdout, markup=False, highlight=False)
    out.print(
        f"Poll at {report.started_at:%Y-%m-%d %H:%M:%S} UTC: {report.fetched} pages fetched, "
        f"{report.failed} failed, {report.added} articles added, "
        f"{report.fused_events} events in the store."
    )
    _polls_out(report.sources, out=out)


def _polls_out(polls: Sequence[SourcePoll], *, out: Console | None = None) -> None:
    out = out or Console(file=sys.stdout, markup=False, highlight=False)
    if not polls:
        out.print("No polls yet: dateline watch SOURCE... --once")
        return
    table = Table("source", "last poll (UTC)", "status", "HTTP", "new", "failed", "why")
    for poll in polls:
        table.add_row(
            poll.source,
            f"{poll.started_at:%Y-%m-%d %H:%M:%S}",
            poll.status,
            str(poll.http_status or ""),
            str(poll.items_new),
            str(poll.items_failed),
            poll.detail,
        )
    out.print(table)
