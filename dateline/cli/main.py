"""The ``dateline`` command: thin shells that parse options, call the library, render the result.

Exit codes (DESIGN §4): 0 success, 1 some inputs were rejected, 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dateline import __version__
from dateline.cli import render
from dateline.cli.scale import DEFAULT_MASTER, Engine, run_spark
from dateline.config import IngestConfig
from dateline.errors import DatelineError
from dateline.eval.suites import run_suite, suite_names
from dateline.export.formats import ExportFormat, write
from dateline.export.network import graph_format, write_network
from dateline.export.tables import ExportKind, export_table
from dateline.extract.contract import extract_lines
from dateline.extract.run import ExtractReport, extract_pending
from dateline.ingest.published import parse_user_date
from dateline.ingest.run import IngestReport, ingest
from dateline.store.dating import date_from_store
from dateline.store.duck import DEFAULT_PATH, Store
from dateline.store.events import EventFilter, list_events
from dateline.store.extracted import list_actors, list_quotes
from dateline.store.fused import (
    MAX_LIMIT,
    FusedFilter,
    actor_network,
    count_fused,
    list_fused,
)
from dateline.store.fusion import FusionOutcome, fuse_store
from dateline.store.places import DEFAULT_WITHIN_KM, MAX_WITHIN_KM, Near, check_country, near_place
from dateline.store.query import ArticleFilter, counts, get_article, list_articles
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE, EVENT_TYPES, MODALITIES, is_date_bound
from dateline.store.stories import StoryOutcome, update_stories

app = typer.Typer(
    name="dateline",
    help="Turn news articles into sourced event data: who did what to whom, when and where.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Turn news articles into sourced event data: who did what to whom, when and where."""


articles_app = typer.Typer(help="List stored articles, or show one.", no_args_is_help=False)
app.add_typer(articles_app, name="articles")


def _event_date(value: str | None) -> str | None:
    """An event-date bound: YYYY, YYYY-MM or YYYY-MM-DD (a real date), else a usage error."""
    if value is None or is_date_bound(value):
        return value
    raise typer.BadParameter(f"{value!r} is not a date: give YYYY-MM-DD, YYYY-MM or YYYY.")


def _event_type(value: str | None) -> str | None:
    if value is None or value.upper() in EVENT_TYPES:
        return value
    raise typer.BadParameter(f"{value!r} is not a PLOVER type: one of {', '.join(EVENT_TYPES)}.")


def _modality(value: str | None) -> str | None:
    if value is None or value.lower() in MODALITIES:
        return value
    raise typer.BadParameter(f"{value!r} is not a modality: one of {', '.join(MODALITIES)}.")


def _country(value: str | None) -> str | None:
    try:
        return check_country(value) if value is not None else None
    except DatelineError as err:
        raise typer.BadParameter(f"{value!r} is no ISO 3166-1 alpha-3 country code.") from err


def near(name: str | None, *, within: float) -> Near | None:
    """The circle ``--near NAME --within KM`` draws; an unknown place is a usage error (2)."""
    if name is None:
        return None
    try:
        return near_place(name, within_km=within)
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dateline {__version__}")
        raise typer.Exit(0)


SinceOption = Annotated[
    str | None,
    typer.Option(
        callback=_event_date,
        metavar="DATE",
        help="Event date on or after: YYYY-MM-DD, YYYY-MM, YYYY.",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        callback=_event_date,
        metavar="DATE",
        help="Event date on or before: YYYY-MM-DD, YYYY-MM, YYYY.",
    ),
]
TypeOption = Annotated[
    str | None,
    typer.Option(
        "--type", callback=_event_type, help="PLOVER type: " + ", ".join(EVENT_TYPES) + "."
    ),
]
ModalityOption = Annotated[
    str | None, typer.Option(callback=_modality, help=", ".join(MODALITIES) + ".")
]
CountryOption = Annotated[
    str | None,
    typer.Option(
        callback=_country, metavar="ISO3", help="Events placed in this country (AFG, USA, ...)."
    ),
]
NearOption = Annotated[
    str | None,
    typer.Option(
        "--near", metavar="PLACE", help="Events placed near this city or country (see --within)."
    ),
]
WithinOption = Annotated[
    float,
    typer.Option(
        min=0.1, max=MAX_WITHIN_KM, metavar="KM", help="The radius of --near, in kilometres."
    ),
]
DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        metavar="PATH",
        help="The store: a DuckDB file, or the Parquet-dataset folder a Spark run wrote.",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary output.")]
WorkersOption = Annotated[
    int, typer.Option("--workers", "-w", min=1, metavar="N", help="Worker processes.")
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        help="Publication date for inputs that lack one.",
    ),
]
PathsArgument = Annotated[
    list[str],
    typer.Argument(metavar="PATH", help="Files, folders (recursive), globs, or - for stdin."),
]
FormatOption = Annotated[
    render.OutputFormat, typer.Option("--format", "-f", help="table, jsonl or csv.")
]
_err = Console(stderr=True, markup=False, highlight=False)


@app.command("ingest")
def ingest_command(
    paths: PathsArgument,
    db: DbOption = DEFAULT_PATH,
    published: PublishedOption = None,
    workers: WorkersOption = 1,
    quiet: QuietOption = False,
) -> None:
    """Read articles (text, HTML, JSONL, WARC, RSS/Atom) into the store, cleaned, deduplicated."""
    report = _ingest(paths, db=db, published=published, workers=workers, quiet=quiet)
    raise typer.Exit(1 if report.rejected else 0)


_RUN_EVENTS = 30  # the latest events ``run`` prints; ``dateline timeline`` lists them all


@app.command("run")
def run_command(
    paths: PathsArgument,
    db: DbOption = DEFAULT_PATH,
    published: PublishedOption = None,
    workers: WorkersOption = 1,
    quiet: QuietOption = False,
    engine: Annotated[
        Engine,
        typer.Option(help="local (a DuckDB file) or spark (a Parquet-dataset folder as --db)."),
    ] = "local",
    master: Annotated[
        str,
        typer.Option(metavar="URL", help="With --engine spark: local[N], spark://HOST:PORT, yarn."),
    ] = DEFAULT_MASTER,
) -> None:
    """The main job: ingest, extract actors, dates, quotes and events, fuse, print a timeline."""
    if engine == "spark":
        _something_to_read(paths)
        done = run_spark(paths, db=db, master=master, published=published, quiet=quiet).report
        if not quiet:
            _run_summary(db, done.ingest, done.extract, done.stories, done.fusion)
        raise typer.Exit(1 if done.ingest.rejected else 0)
    report = _ingest(paths, db=db, published=published, workers=workers, quiet=True)
    with _store(db, read_only=False) as store, _progress(quiet=quiet, what="Extracting") as step:
        extracted = extract_pending(store, workers=workers, on_progress=step)
        grouped = update_stories(store)
        if date_from_store(store):  # undated articles its stories date: extracted again
            extract_pending(store, workers=workers)
        fused = fuse_store(store)
    if not quiet:
        _run_summary(db, report, extracted, grouped, fused)
    raise typer.Exit(1 if report.rejected else 0)


def _run_summary(
    db: Path,
    report: IngestReport,
    extracted: ExtractReport,
    grouped: StoryOutcome,
    fused: FusionOutcome,
) -> None:
    with _store(db, read_only=True) as store:
        render.ingest_summary(report, counts(store), out=sys.stdout)
        render.extract_summary(extracted, out=sys.stdout)
        render.story_summary(grouped, out=sys.stdout)
        render.fusion_summary(fused, out=sys.stdout)
        render.actors_out(list_actors(store, limit=15), fmt="table", out=sys.stdout)
        timeline = list_fused(store, where=FusedFilter(limit=_RUN_EVENTS, latest_first=True))
        shown = count_fused(store, where=FusedFilter())
    render.timeline_out(timeline, fmt="table", out=sys.stdout, evidence=True)
    render.more_events(len(timeline), shown, db=db, out=sys.stdout)


@app.command("extract")
def extract_command(
    input_path: Annotated[
        Path | None,
        typer.Option(
            "--input",
            "-i",
            exists=True,
            dir_okay=False,
            readable=True,
            help="Article JSONL (default: stdin).",
        ),
    ] = None,
    output_path: Annotated[
        Path | None, typer.Option("--output", "-o", help="Extraction JSONL (default: stdout).")
    ] = None,
    published: PublishedOption = None,
    workers: WorkersOption = 1,
) -> None:
    """Stateless: article JSONL in, one extraction JSON line out per line in (no store)."""
    config = _config(published=published, workers=workers)
    source = input_path.open("rb") if input_path else sys.stdin.buffer
    sink = output_path.open("wb") if output_path else sys.stdout.buffer
    try:
        for line in extract_lines(source, config=config, workers=workers):
            sink.write(line + b"\n")
        sink.flush()
    finally:
        if input_path:
            source.close()
        if output_path:
            sink.close()


@app.command("actors")
def actors_command(
    db: DbOption = DEFAULT_PATH,
    fmt: FormatOption = "table",
    name: Annotated[str | None, typer.Option("--actor", help="Name or id contains.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 50,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="Write the actor network to FILE (.csv or .graphml)."),
    ] = None,
    media: Annotated[
        bool,
        typer.Option("--media", help="Include news media (mostly cited sources, not actors)."),
    ] = False,
) -> None:
    """Actors the store knows, most mentioned first, with the roles texts gave them."""
    with _store(db, read_only=True) as store:
        if graph is not None:
            where = FusedFilter(actor=name, limit=MAX_LIMIT)
            edges = actor_network(store, where=where, include_media=media)
            write_network(edges, graph, fmt=graph_format(graph))
            _err.print(f"Wrote {len(edges)} actor-to-recipient edges to {graph}.", markup=False)
            return
        found = list_actors(store, name=name, limit=limit, include_media=media)
        render.actors_out(found, fmt=fmt)


@app.command("quotes")
def quotes_command(
    db: DbOption = DEFAULT_PATH,
    fmt: FormatOption = "table",
    actor: Annotated[str | None, typer.Option("--actor", help="Speaker name or id.")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Only this article.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 200,
) -> None:
    """Who said what: stored quotes with their speakers."""
    with _store(db, read_only=True) as store:
        found = list_quotes(store, actor=actor, article_id=article, limit=limit)
    render.quotes_out(found, fmt=fmt)


@app.command("events")
def events_command(
    db: DbOption = DEFAULT_PATH,
    fmt: FormatOption = "table",
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
        typer.Option(min=0.0, max=1.0, help="Only events this sure or surer; 0 shows them all."),
    ] = DEFAULT_MIN_CONFIDENCE,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 500,
) -> None:
    """Events coded in the stored articles (one per article mention, before fusion)."""
    where = EventFilter(
        actor=actor,
        type=event_type,
        modality=modality,
        since=since,
        until=until,
        country=country,
        near=near(near_name, within=within),
        include_statements=statements,
        min_confidence=min_confidence,
        limit=limit,
    )
    with _store(db, read_only=True) as store:
        found = list_events(store, where=where)
    render.events_out(found, fmt=fmt)


@app.command("export")
def export_command(
    kind: Annotated[ExportKind, typer.Argument(help="articles, events, mentions, actors, quotes.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="jsonl, csv, parquet, gdelt, plover.")
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (a folder for parquet); default stdout."),
    ] = None,
    db: DbOption = DEFAULT_PATH,
    min_confidence: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="Events and mentions this sure or surer; 0 exports them all."
        ),
    ] = DEFAULT_MIN_CONFIDENCE,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for Excel: starts with a UTF-8 byte order mark so accents survive.",
        ),
    ] = False,
    country: CountryOption = None,
    near_name: NearOption = None,
    within: WithinOption = DEFAULT_WITHIN_KM,
) -> None:
    """Export the store; Parquet by publication date, CSV cells safe from spreadsheet formulas."""
    if excel and fmt != "csv":
        _err.print("--excel is for --format csv.")
        raise typer.Exit(2)
    if (country or near_name) and kind not in ("events", "mentions"):
        _err.print(f"--country and --near are for events and mentions, not {kind}.")
        raise typer.Exit(2)
    if fmt in ("gdelt", "plover") and kind not in ("events", "mentions"):
        _err.print(f"--format {fmt} is for events and mentions, not {kind}.")
        raise typer.Exit(2)
    if fmt == "parquet" and output is None:
        _err.print("--format parquet needs --output FOLDER.")
        raise typer.Exit(2)
    with _store(db, read_only=True) as store:
        table = export_table(
            store,
            kind,
            min_confidence=min_confidence,
            country=country,
            near=near(near_name, within=within),
        )
    write(table, fmt=fmt, out=output if output is not None else sys.stdout, excel=excel)


@app.command("eval")
def eval_command(
    suite: Annotated[str, typer.Argument(help="One of: " + ", ".join(suite_names()) + ".")],
    shared: Annotated[
        Path, typer.Option("--data", help="The folder with the gold data sets.")
    ] = Path("../shared"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score a capability on its gold data and print the figures."""
    try:
        result = run_suite(suite, shared=shared)
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err
    if as_json:
        sys.stdout.write(msgspec.json.encode(result.report).decode() + "\n")
    else:
        sys.stdout.write("\n".join(result.lines) + "\n")


@articles_app.callback(invoke_without_command=True)
def articles_command(
    ctx: typer.Context,
    db: DbOption = DEFAULT_PATH,
    fmt: FormatOption = "table",
    since: Annotated[datetime | None, typer.Option(help="Published on or after.")] = None,
    until: Annotated[datetime | None, typer.Option(help="Published on or before.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    no_duplicates: Annotated[bool, typer.Option("--no-duplicates", help="Hide copies.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
) -> None:
    """List stored articles (oldest first) as a table, JSONL (every field) or CSV."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "fmt": fmt}  # "articles --db X show ID": the store named first
        return
    where = ArticleFilter(
        since=since,
        until=until,
        source=source,
        language=language,
        include_duplicates=not no_duplicates,
        limit=limit,
    )
    with _store(db, read_only=True) as store:
        render.articles_out(list_articles(store, where=where), fmt=fmt)


@articles_app.command("show")
def article_show(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(help="The article id.")],
    db: Annotated[Path | None, typer.Option("--db", help="The DuckDB store file.")] = None,
    fmt: Annotated[
        render.OutputFormat | None, typer.Option("--format", "-f", help="table, jsonl or csv.")
    ] = None,
) -> None:
    """Show one stored article: metadata and cleaned text."""
    given = ctx.obj or {}
    db = db or given.get("db") or DEFAULT_PATH
    fmt = fmt or given.get("fmt") or "table"
    with _store(db, read_only=True) as store:
        article = get_article(store, article_id)
    if article is None:
        _err.print(f"No article with id {article_id!r} in {db}.")
        raise typer.Exit(2)
    if fmt == "table":
        render.article_detail(article)
    else:
        render.articles_out([article], fmt=fmt)


def _ingest(
    paths: list[str], *, db: Path, published: str | None, workers: int, quiet: bool
) -> IngestReport:
    config = _config(published=published, workers=workers)
    _something_to_read(paths)
    with _store(db, read_only=False) as store, _progress(quiet=quiet) as advance:
        report = ingest(paths, store=store, config=config, on_progress=advance)
        if not quiet:
            render.ingest_summary(report, counts(store))
    return report


def _something_to_read(paths: list[str]) -> None:
    """Exit 2 where every path names nothing: say so, and make no empty store."""
    missing = [path for path in paths if _names_nothing(path)]
    if missing and len(missing) == len(paths):
        _err.print(f"Nothing to read: no file or folder {', '.join(map(repr, missing))}.")
        raise typer.Exit(2)


def _names_nothing(path: str) -> bool:
    """A plain path (not stdin, a glob or a URL) that does not exist."""
    if path == "-" or "://" in path or any(mark in path for mark in "*?["):
        return False
    return not Path(path).exists()


def _config(*, published: str | None, workers: int) -> IngestConfig:
    try:
        return IngestConfig(
            published=parse_user_date(published) if published else None, workers=workers
        )
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err


@contextmanager
def _store(db: Path, *, read_only: bool) -> Iterator[Store]:
    if read_only and not db.exists():
        _err.print(f"No store at {db}: ingest something first (dateline ingest PATH --db {db}).")
        raise typer.Exit(2)
    try:
        store = Store(db, read_only=read_only)
    except DatelineError as err:
        _err.print(str(err))
        # a store locked by another process or unreadable is the environment's doing
        raise typer.Exit(EXIT_ENVIRONMENT if str(err).startswith("E006") else 2) from err
    with store:
        yield store


@contextmanager
def _progress(*, quiet: bool, what: str = "Ingesting") -> Iterator[render.ProgressCallback]:
    if quiet:
        yield lambda _: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} items"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_err, transient=True) as progress:
        task = progress.add_task(what, total=None)
        yield lambda done: progress.advance(task, done)


# The commands kept in their own modules register themselves on ``app`` when imported.
from dateline.cli import serve as _serve  # noqa: E402
from dateline.cli import timeline as _timeline  # noqa: E402
from dateline.cli import watch as _watch  # noqa: E402
from dateline.cli.stories import cluster_command, stories_command  # noqa: E402

assert _timeline
assert _serve
assert _watch
app.command("cluster")(cluster_command)
app.command("stories")(stories_command)


# Exit codes (DESIGN §4, README): 0 done; 1 done, some inputs rejected; 2 usage or configuration
# error; 3 the run could not finish, a bug or the environment (disk full, no permission, the
# store in use by another process), each with its own one-line message; 130 interrupted (Ctrl-C,
# the shell's convention). A store is resumable after any of them.
EXIT_INTERNAL = EXIT_ENVIRONMENT = 3
EXIT_INTERRUPTED = 130


def main(args: list[str] | None = None) -> None:
    """Entry point of the ``dateline`` script."""
    sys.exit(run_cli(sys.argv[1:] if args is None else args))


def run_cli(args: list[str]) -> int:
    """Run one command line and return its exit code. A failure that is no one input's fault is
    one line on stderr with its own code, not a traceback (``DATELINE_TRACEBACK=1`` shows it)."""
    import duckdb

    try:
        code = app(args=args, prog_name="dateline", standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        _err.print("dateline: interrupted; what was committed is kept, run again to resume")
        return EXIT_INTERRUPTED
    except typer.TyperException as err:  # a usage error: its message, and its code (2)
        show = getattr(err, "show", None)
        if show is not None:
            show()
        return int(getattr(err, "exit_code", 2))
    except (OSError, duckdb.IOException) as err:
        _show_traceback()
        _err.print(f"dateline: environment error: {_one_line(err)}")
        return EXIT_ENVIRONMENT
    except Exception as err:
        _show_traceback()
        _err.print(
            f"dateline: internal error ({type(err).__name__}: {_one_line(err)}); the store is "
            "resumable. Please report it; DATELINE_TRACEBACK=1 shows where it happened"
        )
        return EXIT_INTERNAL
    if code == EXIT_INTERRUPTED:  # Ctrl-C, as the command line library reports it
        _err.print("dateline: interrupted; what was committed is kept, run again to resume")
    return code if isinstance(code, int) else 0


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _show_traceback() -> None:
    import os
    import traceback

    if os.environ.get("DATELINE_TRACEBACK"):
        traceback.print_exc()


if __name__ == "__main__":
    main()
