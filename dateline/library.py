"""dateline from Python (a notebook, a script): open a store, run the pipeline on files or on
records, and read what it found as Arrow tables, with the command line's filters.

    import dateline

    with dateline.open_store("news.duckdb") as news:
        news.run(["examples/seeds"])
        timeline = news.timeline(since="2021-08", type="CONSULT").to_pandas()

Every table is a ``pyarrow.Table`` (``.to_pandas()`` gives a DataFrame where pandas is
installed); its columns are those of ``dateline export``. ``run`` works with one process unless
``workers`` says more; with more, a script must run it under ``if __name__ == "__main__":``,
because worker processes are started afresh and import the script again (a notebook needs
nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any

import msgspec
import pyarrow as pa

from dateline.config import IngestConfig
from dateline.errors import Errors, Reason, config_error
from dateline.export.tables import keep_events
from dateline.ingest.items import RawDocument
from dateline.ingest.jsonl import parse_line
from dateline.ingest.published import parse_user_date
from dateline.ingest.run import ingest, ingest_items
from dateline.model import Record, Rejection
from dateline.store.duck import DEFAULT_PATH, Store
from dateline.store.places import DEFAULT_WITHIN_KM, Near, check_country, near_place
from dateline.store.rows import (
    DEFAULT_MIN_CONFIDENCE,
    EVENT_TYPES,
    MODALITIES,
    event_clauses,
    is_date_bound,
)


class RunSummary(Record, frozen=True, kw_only=True):
    """What one ``run`` did."""

    added: int  # articles new to the store
    already_present: int
    rejected: int  # inputs that became Rejections (``rejections()`` lists them)
    extracted: int  # articles extracted in this run
    fused_events: int  # real-world events in the store after fusion


def open_store(path: str | PathLike[str] = DEFAULT_PATH, *, read_only: bool = False) -> Dateline:
    """A store to run the pipeline into and read from (created when it does not exist)."""
    return Dateline(Path(path), read_only=read_only)


class Dateline:
    """One store, opened for Python use; close it (or use ``with``) to release its lock."""

    def __init__(self, path: Path, *, read_only: bool = False, store: Store | None = None) -> None:
        """``store``, when given, is ``path`` opened already (``dateline serve --watch`` hands its
        watcher a connection of its own to the store the server reads)."""
        self.path = path
        self.store = store or Store(path, read_only=read_only)

    def __enter__(self) -> Dateline:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def run(
        self,
        inputs: str
        | PathLike[str]
        | Mapping[str, Any]
        | Sequence[str | PathLike[str]]
        | Iterable[Mapping[str, Any]],
        *,
        published: str | None = None,
        workers: int = 1,
    ) -> RunSummary:
        """Ingest, extract, group stories and fuse: ``dateline run`` without the printing.

        ``inputs`` is file, folder and glob paths, or records with the fields of article JSONL
        (``text``, and ``id``, ``title``, ``published``, ``url``, ``source`` where known).
        ``published`` (YYYY-MM-DD) dates the inputs that carry no date."""
        from dateline.extract.run import extract_pending
        from dateline.store.dating import date_from_store
        from dateline.store.fusion import fuse_store
        from dateline.store.stories import update_stories

        config = IngestConfig(
            workers=workers, published=parse_user_date(published) if published else None
        )
        listed: list[Any]
        if isinstance(inputs, str | PathLike | Mapping):
            listed = [inputs]  # one path, or one record
        elif hasattr(inputs, "to_dict") and hasattr(inputs, "columns"):
            raise config_error(
                Errors.E004, detail="give a DataFrame as records: frame.to_dict('records')"
            )
        else:
            listed = list(inputs)
        paths = [isinstance(item, str | PathLike) for item in listed]
        if any(paths) and not all(paths):
            raise config_error(Errors.E004, detail="give paths or records (dicts), not both")
        if all(paths):
            report = ingest([str(item) for item in listed], store=self.store, config=config)
        else:
            report = ingest_items(
                (_record(item, number) for number, item in enumerate(listed, 1)),
                store=self.store,
                config=config,
                label=f"{len(listed)} records",
            )
        extracted = extract_pending(self.store, workers=workers)
        update_stories(self.store)
        if date_from_store(self.store):  # undated articles its stories date: extracted again
            extract_pending(self.store, workers=workers)
        fused = fuse_store(self.store)
        return RunSummary(
            added=report.added,
            already_present=report.already_present,
            rejected=report.rejected,
            extracted=extracted.articles,
            fused_events=fused.fused,
        )

    def timeline(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        type: str | None = None,
        modality: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        near: str | None = None,
        within: float = DEFAULT_WITHIN_KM,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ) -> pa.Table:
        """Real-world events, each fused from all its reports, earliest first (undated last):
        ``dateline timeline`` and ``export events``. ``since``/``until`` take YYYY, YYYY-MM or
        YYYY-MM-DD; ``actor`` matches either party by id or name; ``country`` (ISO alpha-3)
        keeps the events placed in it, ``near`` (a place name) those placed within ``within``
        km of it; statements are left out."""
        return self._events(
            "events", since=since, until=until, type=type, modality=modality, actor=actor,
            country=country, near=near, within=within, min_confidence=min_confidence,
        )  # fmt: skip

    def mentions(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        type: str | None = None,
        modality: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        near: str | None = None,
        within: float = DEFAULT_WITHIN_KM,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        include_statements: bool = False,
    ) -> pa.Table:
        """Events as each article reports them (before fusion): ``dateline events`` and
        ``export mentions``, with the same filters as ``timeline``."""
        return self._events(
            "mentions", since=since, until=until, type=type, modality=modality, actor=actor,
            country=country, near=near, within=within, min_confidence=min_confidence,
            include_statements=include_statements,
        )  # fmt: skip

    def countries(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        type: str | None = None,
        modality: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        near: str | None = None,
        within: float = DEFAULT_WITHIN_KM,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ) -> pa.Table:
        """How many real-world events each country (of the event's place) has each month, over
        the events ``timeline`` keeps with the same filters (``dateline countries``): columns
        country, name, month (YYYY-MM; null where the event's date names no month), events."""
        from dateline.store.countries import country_counts
        from dateline.store.fused import FusedFilter

        check_filters(since=since, until=until, type=type, modality=modality)
        where = FusedFilter(
            since=since, until=until, type=type.upper() if type else None,
            modality=modality.lower() if modality else None, actor=actor,
            country=check_country(country) if country else None,
            near=_near(near, within=within), min_confidence=min_confidence,
        )  # fmt: skip
        found = country_counts(self.store, where=where)
        rows = [
            {"country": c.country, "name": c.name, "month": m.month, "events": m.events}
            for c in found.countries
            for m in c.months
        ]
        return pa.Table.from_pylist(rows, schema=_COUNTS)

    def quotes(self) -> pa.Table:
        """Who said what: every stored quote with its speaker."""
        return self._table("quotes")

    def actors(self) -> pa.Table:
        """Every actor the store knows, most mentioned first."""
        return self._table("actors")

    def articles(self) -> pa.Table:
        """Every stored article, with its text and where it came from."""
        return self._table("articles")

    def rejections(self) -> pa.Table:
        """Every input that could not become an article, with the reason."""
        return self.store.con.sql(
            "SELECT origin, stage, reason, detail, sample FROM rejections ORDER BY origin"
        ).to_arrow_table()

    def _table(self, kind: str) -> pa.Table:
        from dateline.export.tables import query_table

        return query_table(self.store, kind)  # type: ignore[arg-type]

    def _events(
        self,
        kind: str,
        *,
        since: str | None,
        until: str | None,
        type: str | None,
        modality: str | None,
        actor: str | None,
        country: str | None,
        near: str | None,
        within: float,
        min_confidence: float,
        include_statements: bool = False,
    ) -> pa.Table:
        """The export table of ``kind``, keeping the rows whose event the CLI's filter keeps."""
        check_filters(since=since, until=until, type=type, modality=modality)
        is_fused = kind == "events"
        clauses = event_clauses(
            "x", actor=actor, type=type, modality=modality, since=since, until=until,
            include_statements=include_statements, min_confidence=min_confidence,
            country=check_country(country) if country else None,
            near=_near(near, within=within), is_fused=is_fused,
        )  # fmt: skip
        return keep_events(self.store, self._table(kind), clauses, is_fused=is_fused)


def check_filters(
    *, since: str | None, until: str | None, type: str | None, modality: str | None
) -> None:
    """The filters' values as the command line checks them; a ``DatelineError`` (E004) names
    what is wrong and what is allowed."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and not is_date_bound(value):
            raise config_error(
                Errors.E004, detail=f"{name}={value!r}: give YYYY-MM-DD, YYYY-MM or YYYY"
            )
    if type is not None and type.upper() not in EVENT_TYPES:
        raise config_error(Errors.E004, detail=f"type={type!r}: one of {', '.join(EVENT_TYPES)}")
    if modality is not None and modality.lower() not in MODALITIES:
        detail = f"modality={modality!r}: one of {', '.join(MODALITIES)}"
        raise config_error(Errors.E004, detail=detail)


def _near(name: str | None, *, within: float) -> Near | None:
    return near_place(name, within_km=within) if name is not None else None


def _record(item: Any, number: int) -> RawDocument | Rejection:
    """One record as the JSONL reader takes it (so it is checked the same way); a record that
    is no JSON object (a lone surrogate, a value JSON has no form for) is a Rejection."""
    origin = f"<records>:{number}"
    try:
        line = msgspec.json.encode(dict(item))
    except (TypeError, ValueError, UnicodeError, msgspec.EncodeError) as err:
        detail = f"not a record of JSON values: {type(err).__name__}: {err}"
        return Rejection(
            origin=origin, stage=RECORDS_STAGE, reason=Reason.INVALID_FIELD.value, detail=detail
        )
    return parse_line(line, origin=origin)


RECORDS_STAGE = "dateline.library.records.v1"
_COUNTS = pa.schema(
    [
        ("country", pa.string()),
        ("name", pa.string()),
        ("month", pa.string()),
        ("events", pa.int64()),
    ]
)
